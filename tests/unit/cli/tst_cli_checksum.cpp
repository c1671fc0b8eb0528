// caom-sync checksum as a script sees it: JSON shape and values against the golden files, exit codes,
// and error messages that name the file and the cause.
#include "cli_runner.h"

#include <algorithm>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

QStringList allSamples()
{
    return QDir(QStringLiteral(MIRROR_TEST_DATA_DIR)).entryList({QStringLiteral("*.xml")}, QDir::Files, QDir::Name);
}

} // namespace

class TestCliChecksum : public QObject {
    Q_OBJECT

private slots:
    // The "done when" of the foundation issue: every entity's computed values equal expected/.
    void jsonOfEverySampleEqualsGolden()
    {
        const QStringList files = allSamples();
        QVERIFY(files.size() >= 31);
        const testsupport::CliRun run =
            testsupport::runCaomSync(QStringList{QStringLiteral("checksum"), QStringLiteral("--json")} + files);
        QCOMPARE(run.exitCode, 1); // several samples carry stale stored values
        const QJsonArray results = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(results.size(), files.size());
        int entities = 0;
        for (const QJsonValue &value : results) {
            const QJsonObject result = value.toObject();
            const QString file = result.value(QStringLiteral("file")).toString();
            QFile goldenFile(QStringLiteral(MIRROR_TEST_DATA_DIR "/expected/") + QFileInfo(file).completeBaseName()
                             + QStringLiteral(".json"));
            QVERIFY2(goldenFile.open(QIODevice::ReadOnly), qPrintable(file));
            const QJsonObject golden = QJsonDocument::fromJson(goldenFile.readAll()).object();
            QCOMPARE(result.value(QStringLiteral("caomVersion")), golden.value(QStringLiteral("caomVersion")));
            QCOMPARE(result.value(QStringLiteral("observationType")), golden.value(QStringLiteral("observationType")));
            const QJsonArray ours = result.value(QStringLiteral("entities")).toArray();
            const QJsonArray theirs = golden.value(QStringLiteral("entities")).toArray();
            QCOMPARE(ours.size(), theirs.size());
            for (qsizetype i = 0; i < ours.size(); ++i) {
                const QJsonObject a = ours.at(i).toObject();
                const QJsonObject b = theirs.at(i).toObject();
                for (const char *key :
                     {"kind", "id", "metaChecksum", "accMetaChecksum", "storedMetaChecksum", "storedAccMetaChecksum"}) {
                    const QString k = QString::fromLatin1(key);
                    QVERIFY2(a.value(k) == b.value(k),
                             qPrintable(QStringLiteral("%1 entity %2 %3").arg(file).arg(i).arg(k)));
                }
                ++entities;
            }
        }
        QVERIFY(entities > 1200);
    }

    // Files are checked on every core, yet reports come out in the order the files were given, each whole:
    // the samples three times over, in reverse name order, with an unreadable file in the middle.
    void reportsFollowTheOrderOfTheFiles()
    {
        QStringList files;
        for (int round = 0; round < 3; ++round) {
            QStringList samples = allSamples();
            std::reverse(samples.begin(), samples.end());
            files += samples;
        }
        files.insert(40, QStringLiteral("no-such-file.xml"));
        const testsupport::CliRun json =
            testsupport::runCaomSync(QStringList{QStringLiteral("checksum"), QStringLiteral("--json")} + files);
        QCOMPARE(json.exitCode, 2); // the unreadable file
        QVERIFY(json.err.contains("no-such-file.xml"));
        const QJsonArray results = QJsonDocument::fromJson(json.out).array();
        QStringList readable = files;
        readable.removeAt(40);
        QCOMPARE(results.size(), readable.size());
        for (qsizetype i = 0; i < results.size(); ++i)
            QCOMPARE(results.at(i).toObject().value(QStringLiteral("file")).toString(), readable[i]);
        const testsupport::CliRun text = testsupport::runCaomSync(QStringList{QStringLiteral("checksum")} + readable);
        QStringList reported;
        for (const QByteArray &line : text.out.split('\n'))
            if (!line.startsWith(' ') && line.contains(": CAOM 2."))
                reported << QString::fromUtf8(line.left(line.indexOf(": CAOM 2.")));
        QCOMPARE(reported, readable);
    }

    void exitCodes()
    {
        QCOMPARE(testsupport::runCaomSync({QStringLiteral("checksum"), QStringLiteral("sample-derived-caom24.xml")})
                     .exitCode,
                 0);
        QCOMPARE(testsupport::runCaomSync({QStringLiteral("checksum"), QStringLiteral("double_uris.xml")}).exitCode, 1);
        // Legacy order reproduces the pre-2019 values.
        QCOMPARE(
            testsupport::runCaomSync({QStringLiteral("checksum"), QStringLiteral("--order"), QStringLiteral("legacy"),
                                      QStringLiteral("sample-derived-caom24-compareTo-sorted.xml")})
                .exitCode,
            0);
        const testsupport::CliRun missing =
            testsupport::runCaomSync({QStringLiteral("checksum"), QStringLiteral("sample-derived-caom24.xml"),
                                      QStringLiteral("no-such-file.xml")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("no-such-file.xml"));
        QVERIFY(missing.err.contains("No such file"));
        QCOMPARE(testsupport::runCaomSync({QStringLiteral("checksum"), QStringLiteral("--order"),
                                           QStringLiteral("random"), QStringLiteral("double_uris.xml")})
                     .exitCode,
                 2);
    }

    void malformedDocumentIsNamed()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("broken.xml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "<?xml version=\"1.0\"?>\n<caom2:Observation xmlns:caom2=\"http://www.opencadc.org/caom2/xml/v2.4\">\n"
            "  <caom2:collection>X</caom2:collection>\n  <oops>\n</caom2:Observation>\n");
        file.close();
        const testsupport::CliRun run = testsupport::runCaomSync({QStringLiteral("checksum"), file.fileName()});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(QByteArray(file.fileName().toUtf8() + ":5:")), run.err.constData()); // file:line
        QVERIFY(run.err.contains("not well-formed"));
    }

    void humanReportNamesRootCause()
    {
        const testsupport::CliRun run =
            testsupport::runCaomSync({QStringLiteral("checksum"), QStringLiteral("double_uris.xml")});
        QVERIFY(run.out.contains("first disagreement: plane 00000000-0000-0000-0678-016616e53a7c"));
        QVERIFY(run.out.contains("DIFFERS from stored"));
    }

    // The reports are rendered on the worker threads and written in large pieces: a run over several files prints
    // exactly what runs over each file alone print, one after another.
    void aRunPrintsWhatEachFileAlonePrints()
    {
        const QStringList files{QStringLiteral("sample-composite-caom24.xml"), QStringLiteral("double_uris.xml"),
                                QStringLiteral("sample-derived-caom24.xml"), QStringLiteral("double_uris.xml")};
        QByteArray alone;
        for (const QString &file : files)
            alone += testsupport::runCaomSync({QStringLiteral("checksum"), file}).out;
        const testsupport::CliRun together = testsupport::runCaomSync(QStringList{QStringLiteral("checksum")} + files);
        QCOMPARE(together.exitCode, 1); // double_uris.xml carries stale values
        QVERIFY(alone.count('\n') > 100);
        QCOMPARE(together.out, alone);
    }

    // The JSON array is written as it grows, each element rendered apart; it must still be Qt's indented form
    // of itself, and an array with nothing readable in it is still an array.
    void jsonIsIndentedAsOneDocument()
    {
        const testsupport::CliRun run = testsupport::runCaomSync(
            {QStringLiteral("checksum"), QStringLiteral("--json"), QStringLiteral("sample-derived-caom24.xml"),
             QStringLiteral("no-such-file.xml"), QStringLiteral("double_uris.xml")});
        QCOMPARE(run.exitCode, 2);
        const QJsonDocument parsed = QJsonDocument::fromJson(run.out);
        QCOMPARE(parsed.array().size(), 2);
        QCOMPARE(run.out, parsed.toJson(QJsonDocument::Indented));
        const testsupport::CliRun none = testsupport::runCaomSync(
            {QStringLiteral("checksum"), QStringLiteral("--json"), QStringLiteral("no-such-file.xml")});
        QCOMPARE(none.exitCode, 2);
        QCOMPARE(none.out, QByteArray("[\n]\n"));
    }

    // With --json, the traces come first and the array after them.
    void traceWithJsonPrintsTheArrayLast()
    {
        const testsupport::CliRun run =
            testsupport::runCaomSync({QStringLiteral("checksum"), QStringLiteral("--json"), QStringLiteral("--trace"),
                                      QStringLiteral("sample-derived-caom24.xml"), QStringLiteral("double_uris.xml")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.out.startsWith("  observation "));
        const qsizetype arrayAt = run.out.indexOf("\n[\n");
        QVERIFY(arrayAt > 0);
        QCOMPARE(run.out.count("  observation "), 2); // one trace per file, both before the array
        QVERIFY(run.out.lastIndexOf("  observation ") < arrayAt);
        QCOMPARE(QJsonDocument::fromJson(run.out.mid(arrayAt + 1)).array().size(), 2);
    }

    // Reports were once built by substituting into a template one value at a time, so a "%1" in a file name was
    // itself replaced by the next value.
    void fileNameIsPrintedAsGiven()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("run %1 of %2.xml"));
        QVERIFY(QFile::copy(QStringLiteral(MIRROR_TEST_DATA_DIR "/sample-derived-caom24.xml"), file));
        const testsupport::CliRun run = testsupport::runCaomSync({QStringLiteral("checksum"), file});
        QCOMPARE(run.exitCode, 0);
        const QByteArray header = file.toUtf8()
            + ": CAOM 2.4 DerivedObservation TEST/observationID, 31 entities, 62 stored values, all reproduced\n";
        QVERIFY2(run.out.startsWith(header), run.out.left(300).constData());
    }

    void traceFeedsReferenceFieldOrder()
    {
        const testsupport::CliRun run = testsupport::runCaomSync(
            {QStringLiteral("checksum"), QStringLiteral("--trace"), QStringLiteral("sample-derived-caom24.xml")});
        // The part of spec §4.5: id, metaProducer, name "x0", productType "science".
        const QByteArray part = "  part 033d7f7b-4876-46bc-ab5e-99215bec6252\n"
                                "    Part.id = 033d7f7b487646bcab5e99215bec6252\n"
                                "    Part.metaProducer = 746573743a706172742f726f756e747269702d312e30\n"
                                "    Part.name = 7830\n"
                                "    Part.productType = 736369656e6365\n"
                                "    => md5:c847ee0a1c143b68953c6c7fe23325d0\n";
        QVERIFY2(run.out.contains(part), run.out.left(2000).constData());
    }

    void helpOnEverySubcommand_data()
    {
        QTest::addColumn<QString>("command");
        for (const char *c : {"checksum", "diff", "convert", "validate"})
            QTest::newRow(c) << QString::fromLatin1(c);
    }

    void helpOnEverySubcommand()
    {
        QFETCH(QString, command);
        const testsupport::CliRun run = testsupport::runCaomSync({command, QStringLiteral("--help")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.startsWith(QByteArray("Usage: caom-sync " + command.toUtf8())), run.out.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliChecksum)
#include "tst_cli_checksum.moc"
