#include "sync/report_writer.h"

#include "store/discrepancy_store.h"
#include "store/harvest_state_store.h"
#include "store/partner_comparison.h"
#include "store/run_record_store.h"
#include "store/skip_record_store.h"
#include "sync/dashboard_snapshot.h"
#include "sync/report_svg.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QSaveFile>
#include <QXmlStreamWriter>

#include <algorithm>
#include <array>
#include <limits>

namespace harvest {
namespace {

constexpr qint64 week = 7 * 24 * 3600 * 1000LL;
constexpr int pageRows = 5000;
constexpr int runsInHtml = 200; // the CSV has them all

const QString xhtmlNs = QStringLiteral("http://www.w3.org/1999/xhtml");

QString isoTime(std::optional<qint64> ms)
{
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC).toString(Qt::ISODateWithMs) : QString();
}

QString shownTime(std::optional<qint64> ms)
{
    return ms ? QDateTime::fromMSecsSinceEpoch(*ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
              : QStringLiteral("never");
}

mirror::Error fileError(const QString &path, const QString &cause)
{
    return mirror::Error{
        mirror::ErrorCategory::Io,
        QStringLiteral("cannot write %1: %2").arg(QDir::toNativeSeparators(path), cause).toStdString()};
}

// The filter of the request: partners case-insensitively, collections exactly.
struct Scope {
    QStringList sources;
    QStringList collections;
    bool wants(const QString &source, const QString &collection) const
    {
        const bool sourceOk = sources.isEmpty() || std::any_of(sources.begin(), sources.end(), [&](const QString &s) {
                                  return s.compare(source, Qt::CaseInsensitive) == 0;
                              });
        return sourceOk && (collections.isEmpty() || collections.contains(collection));
    }
};

class CsvFile {
public:
    explicit CsvFile(const QString &path) : m_file(path) {}
    bool open() { return m_file.open(QIODevice::WriteOnly | QIODevice::Text); }
    void row(const QStringList &fields)
    {
        QStringList quoted;
        for (const QString &f : fields)
            quoted << csvField(f);
        m_file.write(quoted.join(QLatin1Char(',')).toUtf8());
        m_file.write("\r\n");
    }
    mirror::Result<void> commit()
    {
        if (!m_file.commit())
            return fileError(m_file.fileName(), m_file.errorString());
        return {};
    }
    QString errorString() const { return m_file.errorString(); }

private:
    QSaveFile m_file;
};

struct Gathered {
    DashboardSnapshot snapshot;
    std::vector<store::RunRecord> runs;
    std::vector<store::PartnerComparison> comparisons;
    qint64 since = 0;
};

mirror::Result<Gathered> gather(const std::shared_ptr<store::Store> &s,
                                const std::vector<mirror::PartnerSource> &configured, const ReportRequest &request,
                                const Scope &scope)
{
    Gathered g;
    g.since = request.since.value_or(request.now - week);
    DashboardOptions options;
    options.now = request.now;
    options.period = std::max<qint64>(request.now - g.since, 3600 * 1000LL);
    // Hour buckets for up to two weeks, day buckets beyond, so the chart stays readable.
    options.bucket = options.period > 2 * week ? 24 * 3600 * 1000LL : 3600 * 1000LL;
    options.recentRuns = 0;
    auto snapshot = collectDashboard(s, configured, options);
    if (!snapshot)
        return snapshot.error();
    g.snapshot = std::move(*snapshot);
    std::erase_if(g.snapshot.bars, [&](const StateBar &b) { return !scope.wants(b.source, b.collection); });
    std::erase_if(g.snapshot.targets, [&](const TargetHealth &t) { return !scope.wants(t.source, t.collection); });
    auto runs = store::RunRecordStore(s).startedSince(g.since, std::numeric_limits<int>::max());
    if (!runs)
        return runs.error();
    for (store::RunRecord &run : *runs)
        if (scope.wants(run.source, run.collection))
            g.runs.push_back(std::move(run));
    // The throughput of the runs in scope only.
    g.snapshot.throughput = throughputOf(g.runs, g.snapshot.periodStart, request.now, options.bucket);
    auto comparable = store::comparableCollections(s);
    if (!comparable)
        return comparable.error();
    for (const QString &collection : *comparable) {
        if (!scope.collections.isEmpty() && !scope.collections.contains(collection))
            continue;
        store::ComparisonRequest compare;
        compare.collection = collection;
        compare.sources = scope.sources; // empty: every partner listing it
        compare.rowLimit = 0;
        auto compared = store::comparePartners(s, compare);
        if (!compared)
            return compared.error();
        if (compared->parties.size() >= 2)
            g.comparisons.push_back(std::move(*compared));
    }
    return g;
}

mirror::Result<qint64> writeRunsCsv(const QString &path, const std::vector<store::RunRecord> &runs)
{
    CsvFile csv(path);
    if (!csv.open())
        return fileError(path, csv.errorString());
    csv.row({QStringLiteral("run"), QStringLiteral("kind"), QStringLiteral("mode"), QStringLiteral("source"),
             QStringLiteral("collection"), QStringLiteral("started"), QStringLiteral("ended"),
             QStringLiteral("outcome"), QStringLiteral("items_ok"), QStringLiteral("items_skipped"),
             QStringLiteral("items_failed"), QStringLiteral("deletions"), QStringLiteral("bytes"),
             QStringLiteral("error")});
    for (const store::RunRecord &r : runs)
        csv.row({QString::number(r.key), r.kind, r.mode, r.source, r.collection, isoTime(r.startedAt),
                 isoTime(r.endedAt), store::runOutcomeName(r.outcome), QString::number(r.counts.itemsOk),
                 QString::number(r.counts.itemsSkipped), QString::number(r.counts.itemsFailed),
                 QString::number(r.counts.deletions), QString::number(r.counts.bytes), r.errorSummary});
    if (auto ok = csv.commit(); !ok)
        return ok.error();
    return static_cast<qint64>(runs.size());
}

mirror::Result<qint64> writeDiscrepanciesCsv(const std::shared_ptr<store::Store> &s, const QString &path,
                                             const std::vector<TargetHealth> &targets)
{
    CsvFile csv(path);
    if (!csv.open())
        return fileError(path, csv.errorString());
    csv.row({QStringLiteral("source"), QStringLiteral("collection"), QStringLiteral("observation_id"),
             QStringLiteral("class"), QStringLiteral("local_checksum"), QStringLiteral("remote_checksum"),
             QStringLiteral("local_modified"), QStringLiteral("remote_modified"), QStringLiteral("detected"),
             QStringLiteral("acknowledged")});
    qint64 rows = 0;
    store::DiscrepancyStore discrepancies(s);
    for (const TargetHealth &t : targets) {
        if (t.source.isEmpty())
            continue;
        for (qint64 offset = 0;; offset += pageRows) {
            auto page = discrepancies.list(t.source, t.collection, pageRows, offset);
            if (!page)
                return page.error();
            for (const store::Discrepancy &d : *page)
                csv.row({d.source, d.collection, d.observationID, store::discrepancyClassName(d.cls), d.localChecksum,
                         d.remoteChecksum, isoTime(d.localModified), isoTime(d.remoteModified), isoTime(d.detectedAt),
                         d.acknowledged ? QStringLiteral("yes") : QStringLiteral("no")});
            rows += static_cast<qint64>(page->size());
            if (static_cast<int>(page->size()) < pageRows)
                break;
        }
    }
    if (auto ok = csv.commit(); !ok)
        return ok.error();
    return rows;
}

mirror::Result<qint64> writeSkipsCsv(const std::shared_ptr<store::Store> &s, const QString &path,
                                     const std::vector<TargetStatus> &statuses, const Scope &scope)
{
    CsvFile csv(path);
    if (!csv.open())
        return fileError(path, csv.errorString());
    csv.row({QStringLiteral("source"), QStringLiteral("collection"), QStringLiteral("harvest_key"),
             QStringLiteral("skip_id"), QStringLiteral("reason"), QStringLiteral("attempts"),
             QStringLiteral("first_failure"), QStringLiteral("last_failure"), QStringLiteral("try_after"),
             QStringLiteral("message")});
    qint64 rows = 0;
    store::SkipRecordStore skips(s);
    for (const TargetStatus &t : statuses) {
        if (t.harvestKey.isEmpty() || !scope.wants(t.source, t.collection))
            continue;
        store::SkipQuery query;
        query.source = t.harvestKey;
        query.cname = store::HarvestEntity::observation;
        query.limit = std::numeric_limits<int>::max();
        auto records = skips.list(query);
        if (!records)
            return records.error();
        for (const store::SkipRecord &r : *records)
            csv.row({t.source, t.collection, t.harvestKey, r.skipID, r.reasonClass, QString::number(r.attempts),
                     isoTime(r.firstFailure), isoTime(r.lastModified), isoTime(r.tryAfter), r.errorMessage});
        rows += static_cast<qint64>(records->size());
    }
    if (auto ok = csv.commit(); !ok)
        return ok.error();
    return rows;
}

// The HTML page. Written with QXmlStreamWriter as XHTML, so it is well-formed by construction.
class HtmlReport {
public:
    explicit HtmlReport(QIODevice *device) : m_xml(device) { m_xml.setAutoFormatting(false); }

    void write(const Gathered &g, const ReportRequest &request, const ReportFiles &files)
    {
        m_xml.writeStartDocument();
        m_xml.writeDTD(QStringLiteral("<!DOCTYPE html>"));
        m_xml.writeDefaultNamespace(xhtmlNs);
        m_xml.writeStartElement(xhtmlNs, QStringLiteral("html"));
        m_xml.writeAttribute(QStringLiteral("lang"), QStringLiteral("en"));
        m_xml.writeStartElement(xhtmlNs, QStringLiteral("head"));
        element(QStringLiteral("meta"), {}, {{QStringLiteral("charset"), QStringLiteral("utf-8")}});
        element(QStringLiteral("title"),
                QStringLiteral("CAOM mirror report, %1 to %2").arg(shownTime(g.since), shownTime(request.now)));
        element(QStringLiteral("style"), style());
        m_xml.writeEndElement(); // head
        m_xml.writeStartElement(xhtmlNs, QStringLiteral("body"));
        header(g, request);
        states(g);
        freshness(g);
        partners(g);
        throughput(g);
        runs(g, files);
        filesSection(files);
        m_xml.writeEndElement(); // body
        m_xml.writeEndElement(); // html
        m_xml.writeEndDocument();
    }

private:
    static QString style()
    {
        return QStringLiteral(
            "body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}"
            "h1{margin-bottom:0.2em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}"
            "table{border-collapse:collapse;margin:0.5em 0}th,td{border:1px solid #ccc;padding:3px 8px;"
            "text-align:left}td.n{text-align:right}th{background:#f0f0f0}"
            ".good{background:#e8f5e9;border-left:6px solid #2e7d32;padding:0.6em}"
            ".attention{background:#fff3e0;border-left:6px solid #e65100;padding:0.6em}"
            ".meta{color:#555}");
    }

    void element(const QString &name, const QString &content,
                 const std::vector<std::pair<QString, QString>> &attributes = {})
    {
        m_xml.writeStartElement(xhtmlNs, name);
        for (const auto &[key, value] : attributes)
            m_xml.writeAttribute(key, value);
        if (!content.isEmpty())
            m_xml.writeCharacters(content);
        m_xml.writeEndElement();
    }

    void tableHead(const QStringList &columns)
    {
        m_xml.writeStartElement(xhtmlNs, QStringLiteral("table"));
        m_xml.writeStartElement(xhtmlNs, QStringLiteral("tr"));
        for (const QString &c : columns)
            element(QStringLiteral("th"), c);
        m_xml.writeEndElement();
    }

    // A row; cells starting with '#' are numbers (right-aligned, the '#' dropped).
    void tableRow(const QStringList &cells)
    {
        m_xml.writeStartElement(xhtmlNs, QStringLiteral("tr"));
        for (const QString &c : cells) {
            if (c.startsWith(QLatin1Char('#')))
                element(QStringLiteral("td"), c.mid(1), {{QStringLiteral("class"), QStringLiteral("n")}});
            else
                element(QStringLiteral("td"), c);
        }
        m_xml.writeEndElement();
    }

    QString n(qint64 value) const { return QLatin1Char('#') + m_locale.toString(value); }

    void header(const Gathered &g, const ReportRequest &request)
    {
        element(QStringLiteral("h1"), QStringLiteral("CAOM mirror report"));
        QStringList partners;
        for (const TargetHealth &t : g.snapshot.targets)
            if (!t.source.isEmpty() && !partners.contains(t.source))
                partners << t.source;
        element(QStringLiteral("p"),
                QStringLiteral("Period: %1 to %2. Partners: %3. Collections: %4. Store: %5.")
                    .arg(shownTime(g.since), shownTime(request.now),
                         partners.isEmpty() ? QStringLiteral("none") : partners.join(QStringLiteral(", ")),
                         request.collections.isEmpty() ? QStringLiteral("all")
                                                       : request.collections.join(QStringLiteral(", ")),
                         request.storeName.isEmpty() ? QStringLiteral("(not named)") : request.storeName),
                {{QStringLiteral("class"), QStringLiteral("meta")}});
        bool good = false;
        const QString sentence = statusSentence(g.snapshot, &good);
        // The glyph says it too, for a page printed in black and white.
        element(QStringLiteral("p"), (good ? QStringLiteral("\u2713 ") : QStringLiteral("\u26a0 ")) + sentence,
                {{QStringLiteral("class"), good ? QStringLiteral("good") : QStringLiteral("attention")}});
    }

    void states(const Gathered &g)
    {
        element(QStringLiteral("h2"), QStringLiteral("Observations by state"));
        if (g.snapshot.bars.empty()) {
            element(QStringLiteral("p"), QStringLiteral("No partner's observations are held in this store yet."));
            return;
        }
        writeStateBarsSvg(m_xml, g.snapshot.bars);
        QStringList columns{QStringLiteral("Partner"), QStringLiteral("Collection")};
        for (const BarStateLook &look : barStateLooks())
            columns << look.glyph + QLatin1Char(' ') + look.label;
        columns << QStringLiteral("Total");
        tableHead(columns);
        for (const StateBar &bar : g.snapshot.bars) {
            QStringList cells{bar.source, bar.collection};
            for (const BarStateLook &look : barStateLooks())
                cells << n(bar.counts[static_cast<std::size_t>(look.state)]);
            cells << n(bar.total());
            tableRow(cells);
        }
        m_xml.writeEndElement(); // table
    }

    void freshness(const Gathered &g)
    {
        element(QStringLiteral("h2"), QStringLiteral("Last successful sync"));
        tableHead({QStringLiteral("Partner"), QStringLiteral("Collection"), QStringLiteral("Last successful sync"),
                   QStringLiteral("Freshness"), QStringLiteral("Needs attention")});
        for (const TargetHealth &t : g.snapshot.targets)
            tableRow({t.source, t.collection, shownTime(t.lastSuccess), freshnessName(t.freshness),
                      t.problems.isEmpty() ? QStringLiteral("nothing") : t.problems.join(QStringLiteral("; "))});
        m_xml.writeEndElement();
    }

    void partners(const Gathered &g)
    {
        element(QStringLiteral("h2"), QStringLiteral("Partners side by side"));
        if (g.comparisons.empty()) {
            element(QStringLiteral("p"),
                    QStringLiteral("No collection is held by two partners (or by a partner and "
                                   "this mirror) with listings kept in this store."));
            return;
        }
        for (const store::PartnerComparison &c : g.comparisons) {
            element(QStringLiteral("h3"), c.collection);
            element(QStringLiteral("p"),
                    QStringLiteral("%1 observations: %2 agree everywhere, %3 differ, %4 are missing somewhere.")
                        .arg(m_locale.toString(c.observations), m_locale.toString(c.agree), m_locale.toString(c.differ),
                             m_locale.toString(c.missing)));
            writePartyBarsSvg(m_xml, c);
            tableHead({QStringLiteral("Copy"), QStringLiteral("Holds"), QStringLiteral("Differs from another"),
                       QStringLiteral("Missing")});
            for (const store::ComparisonParty &p : c.parties)
                tableRow(
                    {p.local ? QStringLiteral("here (local copy)") : p.source, n(p.holds), n(p.differs), n(p.lacks)});
            m_xml.writeEndElement();
        }
    }

    void throughput(const Gathered &g)
    {
        element(QStringLiteral("h2"), QStringLiteral("Harvest throughput"));
        qint64 observations = 0;
        qint64 runs = 0;
        for (const ThroughputPoint &p : g.snapshot.throughput) {
            observations += p.observations;
            runs += p.runs;
        }
        element(QStringLiteral("p"),
                QStringLiteral("%1 observations processed in %2 harvest runs.")
                    .arg(m_locale.toString(observations), m_locale.toString(runs)));
        const qint64 bucket = g.snapshot.throughput.size() > 1
            ? g.snapshot.throughput[1].bucketStart - g.snapshot.throughput[0].bucketStart
            : 3600 * 1000LL;
        writeThroughputSvg(m_xml, g.snapshot.throughput, bucket);
    }

    void runs(const Gathered &g, const ReportFiles &files)
    {
        element(QStringLiteral("h2"), QStringLiteral("Runs in the period"));
        if (g.runs.size() > static_cast<std::size_t>(runsInHtml))
            element(QStringLiteral("p"),
                    QStringLiteral("The newest %1 of %2 runs; %3 lists them all.")
                        .arg(runsInHtml)
                        .arg(g.runs.size())
                        .arg(QFileInfo(files.runsCsv).fileName()));
        tableHead({QStringLiteral("Started"), QStringLiteral("Partner"), QStringLiteral("Collection"),
                   QStringLiteral("Kind"), QStringLiteral("Outcome"), QStringLiteral("Observations"),
                   QStringLiteral("Failed"), QStringLiteral("Message")});
        int shown = 0;
        for (const store::RunRecord &r : g.runs) {
            if (shown++ >= runsInHtml)
                break;
            tableRow({shownTime(r.startedAt), r.source, r.collection, r.kind, store::runOutcomeName(r.outcome),
                      n(r.counts.itemsOk), n(r.counts.itemsFailed), r.errorSummary});
        }
        m_xml.writeEndElement();
    }

    void filesSection(const ReportFiles &files)
    {
        element(QStringLiteral("h2"), QStringLiteral("Data"));
        m_xml.writeStartElement(xhtmlNs, QStringLiteral("ul"));
        const std::array<std::pair<QString, qint64>, 3> csvs{{{files.runsCsv, files.runs},
                                                              {files.discrepanciesCsv, files.discrepancies},
                                                              {files.skipsCsv, files.skips}}};
        for (const auto &[path, rows] : csvs) {
            m_xml.writeStartElement(xhtmlNs, QStringLiteral("li"));
            element(QStringLiteral("a"), QFileInfo(path).fileName(),
                    {{QStringLiteral("href"), QFileInfo(path).fileName()}});
            m_xml.writeCharacters(QStringLiteral(" (%1 rows)").arg(m_locale.toString(rows)));
            m_xml.writeEndElement();
        }
        m_xml.writeEndElement();
    }

    QXmlStreamWriter m_xml;
    QLocale m_locale{QLocale::English};
};

} // namespace

QString csvField(const QString &value)
{
    if (!value.contains(QLatin1Char(',')) && !value.contains(QLatin1Char('"')) && !value.contains(QLatin1Char('\n'))
        && !value.contains(QLatin1Char('\r')))
        return value;
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

mirror::Result<ReportFiles> writeReport(const std::shared_ptr<store::Store> &s,
                                        const std::vector<mirror::PartnerSource> &configured,
                                        const ReportRequest &request)
{
    QDir dir(request.outDir);
    if (!dir.mkpath(QStringLiteral(".")))
        return fileError(request.outDir, QStringLiteral("the directory cannot be created"));
    const Scope scope{request.sources, request.collections};
    auto gathered = gather(s, configured, request, scope);
    if (!gathered)
        return gathered.error();
    auto statuses = collectStatus(s, configured);
    if (!statuses)
        return statuses.error();

    ReportFiles files;
    files.html = dir.filePath(QStringLiteral("report.html"));
    files.runsCsv = dir.filePath(QStringLiteral("runs.csv"));
    files.discrepanciesCsv = dir.filePath(QStringLiteral("discrepancies.csv"));
    files.skipsCsv = dir.filePath(QStringLiteral("skipped.csv"));
    auto runs = writeRunsCsv(files.runsCsv, gathered->runs);
    if (!runs)
        return runs.error();
    files.runs = *runs;
    auto discrepancies = writeDiscrepanciesCsv(s, files.discrepanciesCsv, gathered->snapshot.targets);
    if (!discrepancies)
        return discrepancies.error();
    files.discrepancies = *discrepancies;
    auto skips = writeSkipsCsv(s, files.skipsCsv, *statuses, scope);
    if (!skips)
        return skips.error();
    files.skips = *skips;

    QSaveFile html(files.html);
    if (!html.open(QIODevice::WriteOnly))
        return fileError(files.html, html.errorString());
    HtmlReport(&html).write(*gathered, request, files);
    if (!html.commit())
        return fileError(files.html, html.errorString());
    return files;
}

} // namespace harvest
