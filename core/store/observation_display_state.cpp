#include "store/observation_display_state.h"

#include "store/harvest_state_store.h"
#include "store/sql_values.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlQuery>

#include <map>
#include <tuple>
#include <unordered_map>

namespace store {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ObservationDisplayState", text);
}

QString whenText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

QString partnerText(const QString &source)
{
    return source.isEmpty() ? tr("the partner") : source;
}

// "MAST › HST"
QString targetText(const QString &source, const QString &collection)
{
    return partnerText(source) + QStringLiteral(" \u203a ") + collection;
}

const Discrepancy *newer(const Discrepancy *a, const Discrepancy *b)
{
    if (!a)
        return b;
    return b->detectedAt > a->detectedAt ? b : a;
}

// A discrepancy our copy no longer has: the remote checksum it reported is ours now (a repair or a later
// harvest fetched the partner's version), or it said we lacked an observation we now hold.
bool settledSince(const Discrepancy &d, const QString &ourChecksum)
{
    if (d.cls == DiscrepancyClass::MissingLocally)
        return true;
    if (d.cls != DiscrepancyClass::ChecksumDiffers && d.cls != DiscrepancyClass::Pending)
        return false;
    return !d.remoteChecksum.isEmpty() && d.remoteChecksum == ourChecksum;
}

constexpr int maxBindsPerQuery = 400;
constexpr int maxSkipRecordsCounted = 20000;

constexpr const char *discrepancyColumns = "observation_id, discrepancy_key, source, collection, class, local_checksum,"
                                           " remote_checksum, local_modified, remote_modified, detected_at,"
                                           " acknowledged, run_key";

// Reads the discrepancy columns starting at `first` (see discrepancyColumns, without observation_id).
std::optional<Discrepancy> discrepancyFrom(const QSqlQuery &q, const QString &observationID, int first)
{
    const std::optional<DiscrepancyClass> cls = discrepancyClassFromName(q.value(first + 3).toString());
    if (!cls)
        return std::nullopt; // a class this version does not know: not something it can judge
    Discrepancy d;
    d.observationID = observationID;
    d.key = q.value(first).toLongLong();
    d.source = q.value(first + 1).toString();
    d.collection = q.value(first + 2).toString();
    d.cls = *cls;
    d.localChecksum = q.value(first + 4).toString();
    d.remoteChecksum = q.value(first + 5).toString();
    d.localModified = sql::integerOrNull(q.value(first + 6));
    d.remoteModified = sql::integerOrNull(q.value(first + 7));
    d.detectedAt = q.value(first + 8).toLongLong();
    d.acknowledged = q.value(first + 9).toInt() != 0;
    d.runKey = sql::integerOrNull(q.value(first + 10));
    return d;
}

QString skipIdOf(const QString &collection, const QString &observationID)
{
    return QStringLiteral("caom:") + collection + QLatin1Char('/') + observationID;
}

QString placeholders(qsizetype n)
{
    QStringList marks;
    marks.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        marks << QStringLiteral("?");
    return marks.join(QLatin1Char(','));
}

} // namespace

int displaySeverity(const QString &state)
{
    if (state == ObservationState::ok)
        return 0;
    if (state == ObservationState::stale)
        return 2;
    if (state == ObservationState::differs)
        return 3;
    return 1; // pending, or unknown: not shown to be ok
}

DisplayState observationDisplayState(const DisplayEvidence &evidence)
{
    DisplayState out;
    out.ourChecksum = evidence.accMetaChecksum;
    const Discrepancy *differs = nullptr;
    const Discrepancy *pending = nullptr;
    const Discrepancy *timestampOnly = nullptr;
    for (const Discrepancy &d : evidence.discrepancies) {
        if (d.acknowledged || settledSince(d, evidence.accMetaChecksum))
            continue;
        switch (d.cls) {
        case DiscrepancyClass::ChecksumDiffers:
        case DiscrepancyClass::MissingRemotely: differs = newer(differs, &d); break;
        case DiscrepancyClass::Pending: pending = newer(pending, &d); break;
        case DiscrepancyClass::TimestampDiffers: timestampOnly = newer(timestampOnly, &d); break;
        case DiscrepancyClass::MissingLocally: break;
        // Artifact findings are about files, keyed by artifact URI: not an observation's metadata state.
        case DiscrepancyClass::ArtifactMissing:
        case DiscrepancyClass::ArtifactCorrupt:
        case DiscrepancyClass::ArtifactUnexpected:
        case DiscrepancyClass::ArtifactStale: break;
        }
    }

    if (differs) {
        const Discrepancy &d = *differs;
        out.state = ObservationState::differs;
        out.partner = d.source;
        out.discrepancy = d.cls;
        out.since = d.detectedAt;
        out.partnerChecksum = d.remoteChecksum;
        if (d.cls == DiscrepancyClass::ChecksumDiffers) {
            out.summary = tr("Its checksum differs from %1's.").arg(partnerText(d.source));
            out.detail = tr("Validate found it on %1: %2 has a different version than this mirror.")
                             .arg(whenText(d.detectedAt), partnerText(d.source));
            out.nextStep = tr("Run validate with repair for %1, or fetch this observation again.")
                               .arg(targetText(d.source, d.collection));
        } else {
            out.summary = tr("%1 no longer lists it; this mirror still has it.").arg(partnerText(d.source));
            out.detail = tr("Validate found it on %1.").arg(whenText(d.detectedAt));
            out.nextStep = tr("Ask %1 whether it was withdrawn; validate with repair and prune for %2 removes it "
                              "here once %1 confirms it is gone.")
                               .arg(partnerText(d.source), targetText(d.source, d.collection));
        }
        return out;
    }
    if (evidence.rowState == ObservationState::differs) {
        out.state = ObservationState::differs;
        out.summary = tr("A comparison found it differs from a partner.");
        out.nextStep = tr("Run validate for the partner it came from to see how it differs.");
        return out;
    }
    if (evidence.rowState == ObservationState::stale || !evidence.skips.empty()) {
        out.state = ObservationState::stale;
        out.summary = tr("Its last refresh failed; the good copy from before is kept.");
        const SkipRecord *latest = nullptr;
        for (const SkipRecord &r : evidence.skips)
            if (!latest || r.lastModified > latest->lastModified)
                latest = &r;
        if (latest) {
            out.since = latest->firstFailure ? latest->firstFailure : latest->lastModified;
            const QString attempts = latest->attempts == 1
                ? tr("1 failed attempt")
                : tr("%1 failed attempts").arg(std::max(latest->attempts, 1));
            out.detail = out.since ? tr("%1 since %2: %3").arg(attempts, whenText(*out.since), latest->errorMessage)
                                   : tr("%1: %2").arg(attempts, latest->errorMessage);
        }
        out.nextStep = tr("Run a harvest in retry mode for its partner, or fetch this observation again.");
        return out;
    }
    if (pending) {
        const Discrepancy &d = *pending;
        out.state = ObservationState::pending;
        out.partner = d.source;
        out.discrepancy = d.cls;
        out.since = d.detectedAt;
        out.partnerChecksum = d.remoteChecksum;
        out.summary =
            tr("%1 changed it moments before validate looked; it is not judged yet.").arg(partnerText(d.source));
        out.nextStep = tr("Run validate for %1 again later, or harvest to fetch the new version.")
                           .arg(targetText(d.source, d.collection));
        return out;
    }
    out.state = evidence.rowState;
    if (evidence.rowState == ObservationState::ok)
        out.summary = tr("Verified and current.");
    else
        out.summary = tr("Not compared with a partner yet.");
    if (timestampOnly) {
        out.partner = timestampOnly->source;
        out.discrepancy = timestampOnly->cls;
        out.since = timestampOnly->detectedAt;
        out.partnerChecksum = timestampOnly->remoteChecksum;
        out.detail =
            tr("Its content matches %1's; only the modification time differs.").arg(partnerText(timestampOnly->source));
    }
    return out;
}

ObservationDisplayStore::ObservationDisplayStore(std::shared_ptr<Store> store) : m_store(std::move(store)) {}

mirror::Result<std::vector<DisplayState>>
ObservationDisplayStore::states(const std::vector<ObservationSummary> &rows) const
{
    // Evidence per row index, gathered per collection in slices of bound values.
    std::vector<DisplayEvidence> evidence(rows.size());
    std::map<QString, std::unordered_map<QString, std::vector<std::size_t>>> byCollection;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        evidence[i].rowState = rows[i].state;
        evidence[i].accMetaChecksum = rows[i].accMetaChecksum;
        byCollection[rows[i].collection][rows[i].observationID].push_back(i);
    }
    QSqlDatabase db = m_store->database();
    for (const auto &[collection, ids] : byCollection) {
        QStringList all;
        for (const auto &[id, indexes] : ids)
            all << id;
        for (qsizetype from = 0; from < all.size(); from += maxBindsPerQuery) {
            const QStringList slice = all.mid(from, maxBindsPerQuery);
            const QString what = QStringLiteral("cannot read the discrepancies of %1").arg(collection);
            QSqlQuery query(db);
            query.setForwardOnly(true);
            if (auto ok =
                    sql::prepare(query,
                                 QStringLiteral("SELECT %1 FROM discrepancy WHERE collection = ? AND acknowledged "
                                                "= 0 AND observation_id IN (%2)")
                                     .arg(QLatin1String(discrepancyColumns), placeholders(slice.size())),
                                 what);
                !ok)
                return ok.error();
            query.addBindValue(collection);
            for (const QString &id : slice)
                query.addBindValue(id);
            if (auto ok = sql::exec(query, what); !ok)
                return ok.error();
            while (query.next()) {
                const QString id = query.value(0).toString();
                const auto found = ids.find(id);
                if (found == ids.end())
                    continue;
                if (auto d = discrepancyFrom(query, id, 1))
                    for (std::size_t i : found->second)
                        evidence[i].discrepancies.push_back(*d);
            }

            const QString skipWhat = QStringLiteral("cannot read the skip records of %1").arg(collection);
            QSqlQuery skips(db);
            skips.setForwardOnly(true);
            if (auto ok =
                    sql::prepare(skips,
                                 QStringLiteral("SELECT %1 FROM HarvestSkipURI WHERE cname = ? AND skipID IN (%2)")
                                     .arg(QLatin1String(skipRecordColumns), placeholders(slice.size())),
                                 skipWhat);
                !ok)
                return ok.error();
            skips.addBindValue(HarvestEntity::observation);
            for (const QString &id : slice)
                skips.addBindValue(skipIdOf(collection, id));
            if (auto ok = sql::exec(skips, skipWhat); !ok)
                return ok.error();
            const QString prefix = skipIdOf(collection, QString());
            while (skips.next()) {
                SkipRecord record = skipRecordFromRow(skips);
                const auto found = ids.find(record.skipID.mid(prefix.size()));
                if (found == ids.end())
                    continue;
                for (std::size_t i : found->second)
                    evidence[i].skips.push_back(record);
            }
        }
    }
    std::vector<DisplayState> states;
    states.reserve(rows.size());
    for (const DisplayEvidence &e : evidence)
        states.push_back(observationDisplayState(e));
    return states;
}

mirror::Result<std::optional<std::pair<ObservationSummary, DisplayState>>>
ObservationDisplayStore::state(const QString &collection, const QString &observationID) const
{
    auto summary = ObservationStore(m_store).summary(collection, observationID);
    if (!summary)
        return summary.error();
    if (!summary.value())
        return std::optional<std::pair<ObservationSummary, DisplayState>>();
    auto shown = states({*summary.value()});
    if (!shown)
        return shown.error();
    return std::optional<std::pair<ObservationSummary, DisplayState>>(
        std::make_pair(*summary.value(), shown.value().front()));
}

mirror::Result<std::vector<CollectionCount>> ObservationDisplayStore::counts() const
{
    auto base = ObservationStore(m_store).counts();
    if (!base)
        return base.error();
    using Key = std::tuple<QString, QString, QString>; // source, collection, state
    std::map<Key, qint64> counts;
    for (const CollectionCount &c : base.value())
        counts[{c.source, c.collection, c.state}] += c.count;

    // Every observation with evidence beyond its row, by row key.
    struct Held {
        QString source;
        QString collection;
        DisplayEvidence evidence;
    };
    std::unordered_map<qint64, Held> held;
    QSqlDatabase db = m_store->database();
    {
        const QString what = QStringLiteral("cannot count the observations with discrepancies");
        QSqlQuery query(db);
        query.setForwardOnly(true);
        QString columns;
        for (const QString &column : QString::fromLatin1(discrepancyColumns).split(QLatin1Char(',')))
            columns += (columns.isEmpty() ? QString() : QStringLiteral(", ")) + QStringLiteral("d.") + column.trimmed();
        if (auto ok = sql::prepare(query,
                                   QStringLiteral("SELECT o.obs_key, o.source, o.state, o.acc_meta_checksum, %1 FROM "
                                                  "discrepancy d JOIN observation o ON o.collection = d.collection AND "
                                                  "o.observation_id = d.observation_id WHERE d.acknowledged = 0")
                                       .arg(columns),
                                   what);
            !ok)
            return ok.error();
        if (auto ok = sql::exec(query, what); !ok)
            return ok.error();
        while (query.next()) {
            const qint64 key = query.value(0).toLongLong();
            const QString id = query.value(4).toString();
            auto d = discrepancyFrom(query, id, 5);
            if (!d)
                continue;
            Held &h = held[key];
            h.source = query.value(1).toString();
            h.collection = d->collection;
            h.evidence.rowState = query.value(2).toString();
            h.evidence.accMetaChecksum = query.value(3).toString();
            h.evidence.discrepancies.push_back(*d);
        }
    }
    {
        const QString what = QStringLiteral("cannot count the observations with skip records");
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (auto ok = sql::prepare(query,
                                   QStringLiteral("SELECT %1 FROM HarvestSkipURI WHERE cname = ? LIMIT %2")
                                       .arg(QLatin1String(skipRecordColumns))
                                       .arg(maxSkipRecordsCounted),
                                   what);
            !ok)
            return ok.error();
        query.addBindValue(HarvestEntity::observation);
        if (auto ok = sql::exec(query, what); !ok)
            return ok.error();
        std::vector<SkipRecord> records;
        while (query.next())
            records.push_back(skipRecordFromRow(query));
        query.finish();
        QSqlQuery row(db);
        if (auto ok = sql::prepare(row,
                                   QStringLiteral("SELECT obs_key, source, state, acc_meta_checksum FROM observation "
                                                  "WHERE collection = ? AND observation_id = ?"),
                                   what);
            !ok)
            return ok.error();
        for (SkipRecord &record : records) {
            if (!record.skipID.startsWith(QLatin1String("caom:")))
                continue;
            const QString rest = record.skipID.mid(5);
            const qsizetype slash = rest.indexOf(QLatin1Char('/'));
            if (slash <= 0)
                continue;
            const QString collection = rest.left(slash);
            row.addBindValue(collection);
            row.addBindValue(rest.mid(slash + 1));
            if (auto ok = sql::exec(row, what); !ok)
                return ok.error();
            if (!row.next()) {
                row.finish();
                continue; // never stored here: nothing of it is shown
            }
            const qint64 key = row.value(0).toLongLong();
            Held &h = held[key];
            h.source = row.value(1).toString();
            h.collection = collection;
            h.evidence.rowState = row.value(2).toString();
            h.evidence.accMetaChecksum = row.value(3).toString();
            h.evidence.skips.push_back(std::move(record));
            row.finish();
        }
    }

    for (const auto &[key, h] : held) {
        const QString shown = observationDisplayState(h.evidence).state;
        if (shown == h.evidence.rowState)
            continue;
        qint64 &from = counts[{h.source, h.collection, h.evidence.rowState}];
        if (from <= 0)
            continue; // the counters and the rows disagree for a moment (a write in between): keep the counters
        --from;
        ++counts[{h.source, h.collection, shown}];
    }
    std::vector<CollectionCount> result;
    for (const auto &[key, count] : counts)
        if (count > 0)
            result.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), count});
    return result;
}

} // namespace store
