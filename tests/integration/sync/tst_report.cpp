// The report for the partners' meetings, on both engines: report.html is well-formed XHTML with its charts as
// inline SVG (nothing fetched from anywhere), says the period, the partners and the status; the CSV files hold
// exactly the store's runs, discrepancies and skip records; `caom-sync report` writes the same headless, with
// the usual exit codes. Expected values come from what the test wrote into the store.
#include "test_stores.h"

#include "caom2/generator.h"
#include "cli_runner.h"
#include "store/discrepancy_store.h"
#include "store/harvest_state_store.h"
#include "store/observation_store.h"
#include "store/run_record_store.h"
#include "store/skip_record_store.h"
#include "store/source_listing_store.h"
#include "sync/harvest_target.h"
#include "sync/report_writer.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace testsupport;

namespace {

constexpr qint64 hour = 3600 * 1000LL;
const qint64 now = QDateTime::currentMSecsSinceEpoch();
const QString mast = QStringLiteral("MAST");
const QString cadc = QStringLiteral("CADC");
const QString hst = QStringLiteral("HST");
const QString endpoint = QStringLiteral("ivo://mast.stsci.edu/caom2repo");

// A CSV file read back by a reader written here from RFC 4180, independent of the writer.
QList<QStringList> readCsv(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(file.readAll());
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\r')) {
            continue;
        } else if (c == QLatin1Char('\n')) {
            row << field;
            rows << row;
            row.clear();
            field.clear();
        } else {
            field += c;
        }
    }
    return rows;
}

// A store with HST from MAST: 6 observations, two runs in the period and one before it, discrepancies (one
// message with a comma and quotes), two skip records, and MAST's and CADC's listings.
void fill(const std::shared_ptr<store::Store> &s)
{
    caom2::GeneratorOptions options;
    options.collection = "HST";
    std::vector<store::UpsertItem> items;
    std::vector<store::ListingRow> listed;
    for (int i = 0; i < 6; ++i) {
        items.emplace_back(caom2::generateObservation(options, static_cast<std::uint64_t>(i)), mast);
        listed.push_back({QString::fromStdString(items.back().observation.observationID),
                          QString::fromStdString(*items.back().observation.accMetaChecksum), std::nullopt, 0});
    }
    QVERIFY(store::ObservationStore(s).upsert(items));
    QVERIFY(store::SourceListingStore(s).record(mast, hst, listed));
    listed[2].accMetaChecksum = QStringLiteral("md5:cadc");
    listed.pop_back();
    QVERIFY(store::SourceListingStore(s).record(cadc, hst, listed));

    const auto run = [&](qint64 start, store::RunOutcome outcome, qint64 ok, const QString &error) {
        qint64 clock = start;
        store::RunRecordStore runs(s, [&clock] { return clock; });
        auto key = runs.start(QStringLiteral("incremental"), QStringLiteral("incremental"), mast, hst);
        QVERIFY(key);
        clock += 60000;
        store::RunCounts counts;
        counts.itemsOk = ok;
        QVERIFY(runs.finish(*key, outcome, counts, error));
    };
    run(now - 30 * 24 * hour, store::RunOutcome::Succeeded, 1000, {}); // before the period
    run(now - 5 * hour, store::RunOutcome::Succeeded, 6, {});
    run(now - 2 * hour, store::RunOutcome::Partial, 4, QStringLiteral("2 failed, \"timeout\" at the source"));

    std::vector<store::Discrepancy> found(2);
    for (std::size_t i = 0; i < found.size(); ++i) {
        found[i].source = mast;
        found[i].collection = hst;
        found[i].observationID = listed[i].observationID;
        found[i].cls = i == 0 ? store::DiscrepancyClass::ChecksumDiffers : store::DiscrepancyClass::TimestampDiffers;
        found[i].localChecksum = QStringLiteral("md5:local");
        found[i].remoteChecksum = QStringLiteral("md5:remote");
    }
    QVERIFY(store::DiscrepancyStore(s).add(found));
    for (const QString &id : {QStringLiteral("gone-1"), QStringLiteral("gone,2")}) {
        store::SkipFailure failure;
        failure.source = harvest::harvestSourceKey(endpoint, hst);
        failure.cname = store::HarvestEntity::observation;
        failure.skipID = QStringLiteral("caom:HST/") + id;
        failure.errorMessage = QStringLiteral("HTTP 503, \"busy\"\nretry later");
        QVERIFY(store::SkipRecordStore(s).record(failure));
    }
}

std::vector<mirror::PartnerSource> configured()
{
    mirror::PartnerSource source;
    source.name = mast;
    source.endpointKind = mirror::EndpointKind::RegistryResource;
    source.endpoint = endpoint;
    source.collections = {hst};
    return {source};
}

struct Parsed {
    QString error;
    int svgs = 0;
    int tables = 0;
    QStringList text; // every text node, in order
    QStringList links;
};

Parsed parseHtml(const QString &path)
{
    Parsed parsed;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {QStringLiteral("cannot open"), 0, 0, {}, {}};
    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            if (xml.qualifiedName() == QLatin1String("svg")
                && xml.namespaceUri() == QLatin1String("http://www.w3.org/2000/svg"))
                ++parsed.svgs;
            if (xml.name() == QLatin1String("table"))
                ++parsed.tables;
            for (const char *attribute : {"href", "src"})
                if (xml.attributes().hasAttribute(QLatin1String(attribute)))
                    parsed.links << xml.attributes().value(QLatin1String(attribute)).toString();
        } else if (xml.isCharacters() && !xml.isWhitespace()) {
            parsed.text << xml.text().toString();
        }
    }
    if (xml.hasError())
        parsed.error = xml.errorString() + QStringLiteral(" at line %1").arg(xml.lineNumber());
    return parsed;
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT

private slots:
    void csvFieldQuotesWhatNeedsIt()
    {
        QCOMPARE(harvest::csvField(QStringLiteral("plain")), QStringLiteral("plain"));
        QCOMPARE(harvest::csvField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
        QCOMPARE(harvest::csvField(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
        QCOMPARE(harvest::csvField(QStringLiteral("two\nlines")), QStringLiteral("\"two\nlines\""));
    }

    void writesHtmlAndCsv_data() { addEngineColumn(); }
    void writesHtmlAndCsv()
    {
        QFETCH(QString, engine);
        TestStore fixture(engine);
        auto s = fixture.openOrDie();
        fill(s);
        QTemporaryDir out;
        harvest::ReportRequest request;
        request.outDir = out.filePath(QStringLiteral("weekly/report"));
        request.now = now;
        request.storeName = QStringLiteral("test store");
        auto files = harvest::writeReport(s, configured(), request);
        QVERIFY2(files, files ? "" : files.error().message.c_str());

        const Parsed html = parseHtml(files->html);
        QVERIFY2(html.error.isEmpty(), qPrintable(html.error));
        QCOMPARE(html.svgs, 3); // states, partners side by side (HST), throughput
        QVERIFY(html.tables >= 4);
        const QString all = html.text.join(QLatin1Char('\n'));
        QVERIFY(all.contains(QStringLiteral("Period: ")));
        QVERIFY(all.contains(QStringLiteral("Partners: MAST")));
        // A partial run and skip records wait: not good, said with a glyph as well as the page's colours.
        QVERIFY2(all.contains(QStringLiteral("\u26a0 1 of 1 partner collection(s) need attention")), qPrintable(all));
        QVERIFY(!all.contains(QStringLiteral("nothing waits for you")));
        QVERIFY(all.contains(QStringLiteral("6 observations: 4 agree everywhere, 1 differ, 1 are missing somewhere")));
        // Self-contained: the only links are the CSV files beside it.
        QCOMPARE(html.links,
                 (QStringList{QStringLiteral("runs.csv"), QStringLiteral("discrepancies.csv"),
                              QStringLiteral("skipped.csv")}));

        // runs.csv: the two runs of the period, newest first, equal to the store's records.
        const auto runs = readCsv(files->runsCsv);
        auto stored = store::RunRecordStore(s).startedSince(now - 7 * 24 * hour, 100);
        QCOMPARE(runs.size(), qsizetype(1 + 2));
        QCOMPARE(stored->size(), std::size_t(2));
        QCOMPARE(files->runs, qint64(2));
        for (std::size_t i = 0; i < stored->size(); ++i) {
            const QStringList &row = runs[static_cast<qsizetype>(i) + 1];
            const store::RunRecord &r = (*stored)[i];
            QCOMPARE(row.size(), 14);
            QCOMPARE(row[0].toLongLong(), r.key);
            QCOMPARE(row[3], r.source);
            QCOMPARE(row[7], store::runOutcomeName(r.outcome));
            QCOMPARE(row[8].toLongLong(), r.counts.itemsOk);
            QCOMPARE(QDateTime::fromString(row[5], Qt::ISODateWithMs).toMSecsSinceEpoch(), r.startedAt);
            QCOMPARE(row[13], r.errorSummary);
        }

        const auto discrepancies = readCsv(files->discrepanciesCsv);
        auto listed = store::DiscrepancyStore(s).list(mast, hst, 100);
        QCOMPARE(discrepancies.size(), qsizetype(1 + listed->size()));
        for (std::size_t i = 0; i < listed->size(); ++i) {
            const QStringList &row = discrepancies[static_cast<qsizetype>(i) + 1];
            QCOMPARE(row[2], (*listed)[i].observationID);
            QCOMPARE(row[3], store::discrepancyClassName((*listed)[i].cls));
            QCOMPARE(row[4], (*listed)[i].localChecksum);
        }

        const auto skips = readCsv(files->skipsCsv);
        store::SkipQuery query;
        query.source = harvest::harvestSourceKey(endpoint, hst);
        auto records = store::SkipRecordStore(s).list(query);
        QCOMPARE(skips.size(), qsizetype(1 + records->size()));
        QCOMPARE(records->size(), std::size_t(2));
        QStringList csvIds;
        for (qsizetype i = 1; i < skips.size(); ++i) {
            csvIds << skips[i][3];
            QCOMPARE(skips[i][9], QStringLiteral("HTTP 503, \"busy\"\nretry later"));
        }
        QStringList storedIds;
        for (const auto &r : *records)
            storedIds << r.skipID;
        QCOMPARE(csvIds, storedIds);
    }

    // Another partner and collection filtered out leave nothing of theirs in the files.
    void filtersBySourceAndCollection()
    {
        TestStore fixture(QStringLiteral("sqlite"));
        auto s = fixture.openOrDie();
        fill(s);
        QTemporaryDir out;
        harvest::ReportRequest request;
        request.outDir = out.path();
        request.now = now;
        request.collections = {QStringLiteral("JWST")};
        auto files = harvest::writeReport(s, configured(), request);
        QVERIFY(files);
        QCOMPARE(files->runs, qint64(0));
        QCOMPARE(files->discrepancies, qint64(0));
        QCOMPARE(files->skips, qint64(0));
        QCOMPARE(readCsv(files->runsCsv).size(), qsizetype(1)); // the header only
        QCOMPARE(parseHtml(files->html).svgs, 1);               // throughput only: no bars, no comparison
    }

    void commandLine()
    {
        TestStore fixture(QStringLiteral("sqlite"));
        fill(fixture.openOrDie());
        QTemporaryDir out;
        const QString dir = out.filePath(QStringLiteral("r"));
        auto run = runCaomSync({QStringLiteral("report"), QStringLiteral("--store"), fixture.argument(),
                                QStringLiteral("--out"), dir, QStringLiteral("--since"),
                                QDateTime::fromMSecsSinceEpoch(now - 3 * hour, Qt::UTC).date().toString(Qt::ISODate),
                                QStringLiteral("--source"), QStringLiteral("mast")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.out.contains("report.html"));
        QVERIFY(parseHtml(dir + QStringLiteral("/report.html")).error.isEmpty());
        QVERIFY(QFile::exists(dir + QStringLiteral("/skipped.csv")));

        auto missing = runCaomSync({QStringLiteral("report"), QStringLiteral("--store"), fixture.argument()});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("--out"));
        auto badDate =
            runCaomSync({QStringLiteral("report"), QStringLiteral("--store"), fixture.argument(),
                         QStringLiteral("--out"), dir, QStringLiteral("--since"), QStringLiteral("last week")});
        QCOMPARE(badDate.exitCode, 2);
        QVERIFY(badDate.err.contains("last week"));
    }
};

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
