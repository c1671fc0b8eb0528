// caom-sync checksum: recompute every entity's metaChecksum and accMetaChecksum and compare them with the
// values stored in the documents.
#include "command.h"

#include "checksum_report.h"

#include "caom2/checksum.h"
#include "caom2/xml_reader.h"
#include "common/ordered_parallel.h"

#include <cstdio>
#include <string>
#include <string_view>

namespace cli {

namespace {

std::optional<caom2::ChildOrder> parseOrder(const QString &text)
{
    if (text == QStringLiteral("java"))
        return caom2::ChildOrder::Java;
    if (text == QStringLiteral("python"))
        return caom2::ChildOrder::Python;
    if (text == QStringLiteral("legacy"))
        return caom2::ChildOrder::JavaLegacy;
    return std::nullopt;
}

// Reports rendered by the workers are written in large pieces: one write per document would be thousands of
// system calls a second.
class OrderedOutput {
public:
    ~OrderedOutput() { flush(); }
    void append(std::string_view bytes)
    {
        pending_.append(bytes);
        if (pending_.size() >= flushBytes)
            flush();
    }
    // Errors go to stderr; what came before them on stdout is written first, so the two read in file order.
    void error(std::string_view bytes)
    {
        flush();
        std::fflush(stdout);
        std::fwrite(bytes.data(), 1, bytes.size(), stderr);
    }
    void flush()
    {
        std::fwrite(pending_.data(), 1, pending_.size(), stdout);
        pending_.clear();
    }

private:
    static constexpr std::size_t flushBytes = 1u << 20;
    std::string pending_;
};

} // namespace

int runChecksum(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Recompute the metaChecksum and accMetaChecksum of every entity of CAOM 2.2-2.4 documents and "
                       "compare them with the stored values.\n\nExit status: 0 when every stored value is "
                       "reproduced, 1 when any differs, 2 when a file cannot be read."));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Print one JSON array with an object per file."));
    const QCommandLineOption orderOption(
        QStringLiteral("order"),
        QStringLiteral("Child order for accMetaChecksum: java (canonical), python (caom2tools), legacy (Java before "
                       "2019-07-17, for old stored values)."),
        QStringLiteral("order"), QStringLiteral("java"));
    const QCommandLineOption traceOption(QStringLiteral("trace"),
                                         QStringLiteral("Print every field fed into each metaChecksum, as hex."));
    parser.addOptions({jsonOption, orderOption, traceOption});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("CAOM observation documents."),
                                 QStringLiteral("FILE..."));
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    const auto order = parseOrder(parser.value(orderOption));
    if (!order) {
        printErr(QStringLiteral("caom-sync checksum: --order must be java, python or legacy\n"));
        return Failed;
    }
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printErr(QStringLiteral("caom-sync checksum: no FILE given\n\n")
                 + helpText(parser, QStringLiteral("checksum")));
        return Failed;
    }

    const bool json = parser.isSet(jsonOption);
    const bool trace = parser.isSet(traceOption);
    // Each file's report is rendered on the thread that read and verified it, and the document freed there too:
    // the calling thread only writes finished bytes, in the order the files were given.
    struct Checked {
        std::string report; // text, or one element of the JSON array
        std::string trace;
        std::string error; // the whole line for stderr when the file could not be read
        bool differs = false;
    };
    bool anyDiffers = false;
    bool anyUnreadable = false;
    OrderedOutput output;
    // With --trace, the JSON array follows every trace, as it always has; without, it is written as it grows.
    std::string heldJson;
    bool firstJson = true;
    auto writeJson = [&](std::string_view bytes) {
        if (trace)
            heldJson.append(bytes);
        else
            output.append(bytes);
    };
    if (json)
        writeJson("[\n");
    mirror::orderedParallel<Checked>(
        std::size_t(files.size()), mirror::defaultWorkerThreads(), 64,
        [&](std::size_t i) {
            Checked checked;
            const QString &file = files[qsizetype(i)];
            const caom2::ReadResult read = caom2::readObservationFile(file.toStdString());
            if (!read.ok) {
                checked.error =
                    QStringLiteral("caom-sync checksum: %1\n").arg(fromStd(read.error.toString())).toStdString();
                return checked;
            }
            const caom2::Verification verification = caom2::verifyChecksums(read.document.observation, *order);
            checked.differs = !verification.ok();
            if (json) {
                appendJsonReport(checked.report, file, read.document, verification);
            } else {
                const QByteArray name = file.toUtf8();
                appendTextReport(checked.report, std::string_view(name.constData(), std::size_t(name.size())),
                                 read.document, verification);
            }
            if (trace)
                appendTrace(checked.trace, read.document.observation);
            return checked;
        },
        [&](std::size_t, Checked &&checked) {
            if (!checked.error.empty()) {
                output.error(checked.error);
                anyUnreadable = true;
                return;
            }
            anyDiffers = anyDiffers || checked.differs;
            if (json) {
                if (!firstJson)
                    writeJson(",\n");
                firstJson = false;
                writeJson(checked.report);
            } else {
                output.append(checked.report);
            }
            output.append(checked.trace);
        });
    if (json) {
        if (!firstJson)
            writeJson("\n");
        writeJson("]\n");
        output.append(heldJson);
    }
    return anyUnreadable ? Failed : anyDiffers ? ItemFailures : Success;
}

} // namespace cli
