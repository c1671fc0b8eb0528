#include "store/partner_comparison.h"

#include "store/source_listing_store.h"
#include "store/sql_values.h"

#include <QSqlQuery>

#include <algorithm>
#include <map>
#include <set>

namespace store {

namespace {

// Classifies one observation's checksums (one slot per party) and counts it.
void tally(PartnerComparison &result, ComparedObservation &row, int rowLimit)
{
    std::optional<QString> first;
    bool differ = false;
    bool lacking = false;
    for (const auto &checksum : row.checksums) {
        if (!checksum) {
            lacking = true;
            continue;
        }
        if (checksum->isEmpty())
            continue;
        if (!first)
            first = checksum;
        else if (*first != *checksum)
            differ = true;
    }
    ++result.observations;
    row.agreement = differ ? Agreement::Differ : lacking ? Agreement::Missing : Agreement::Agree;
    for (std::size_t i = 0; i < row.checksums.size(); ++i) {
        ComparisonParty &party = result.parties[i];
        const auto &checksum = row.checksums[i];
        if (!checksum) {
            ++party.lacks;
            continue;
        }
        ++party.holds;
        if (differ && !checksum->isEmpty()) {
            // This party disagrees with someone if another non-empty checksum differs from its own.
            const bool disagrees = std::any_of(row.checksums.begin(), row.checksums.end(), [&](const auto &other) {
                return other && !other->isEmpty() && *other != *checksum;
            });
            if (disagrees)
                ++party.differs;
        }
    }
    switch (row.agreement) {
    case Agreement::Agree: ++result.agree; return;
    case Agreement::Differ: ++result.differ; break;
    case Agreement::Missing: ++result.missing; break;
    }
    if (static_cast<int>(result.disagreements.size()) < rowLimit)
        result.disagreements.push_back(std::move(row));
    else
        result.disagreementsTruncated = true;
}

} // namespace

mirror::Result<PartnerComparison> comparePartners(const std::shared_ptr<Store> &store, const ComparisonRequest &request)
{
    PartnerComparison result;
    result.collection = request.collection;
    QStringList sources = request.sources;
    if (sources.isEmpty()) {
        auto holdings = SourceListingStore(store).holdings(request.collection);
        if (!holdings)
            return holdings.error();
        for (const SourceHolding &h : *holdings)
            sources << h.source;
    }
    sources.removeDuplicates();
    for (const QString &source : sources)
        result.parties.push_back({source, false, 0, 0, 0});
    if (request.includeLocal)
        result.parties.push_back({QString(), true, 0, 0, 0});
    if (result.parties.empty())
        return result;

    // One stream of (observationID, party, checksum) in observationID order; equal IDs arrive together.
    QString sql = QStringLiteral("SELECT observation_id, source, acc_meta_checksum, 0 FROM source_listing"
                                 " WHERE collection = ? AND source IN (%1)")
                      .arg(sources.isEmpty() ? QStringLiteral("NULL")
                                             : QStringList(sources.size(), QStringLiteral("?")).join(QLatin1Char(',')));
    QVariantList values{request.collection};
    for (const QString &source : sources)
        values << source;
    if (request.includeLocal) {
        sql += QStringLiteral(" UNION ALL SELECT observation_id, '', acc_meta_checksum, 1 FROM observation"
                              " WHERE collection = ?");
        values << request.collection;
    }
    sql += QStringLiteral(" ORDER BY 1");
    QSqlQuery query(store->database());
    query.setForwardOnly(true);
    if (auto ok =
            sql::run(query, sql, values, QStringLiteral("cannot compare the partners holding ") + request.collection);
        !ok)
        return ok.error();

    const std::size_t partyCount = result.parties.size();
    std::optional<ComparedObservation> current;
    while (query.next()) {
        const QString id = query.value(0).toString();
        if (!current || current->observationID != id) {
            if (current)
                tally(result, *current, request.rowLimit);
            current = ComparedObservation{id, Agreement::Agree, std::vector<std::optional<QString>>(partyCount)};
        }
        const bool local = query.value(3).toInt() == 1;
        const auto slot = local ? static_cast<qsizetype>(partyCount - 1) : sources.indexOf(query.value(1).toString());
        if (slot >= 0)
            current->checksums[static_cast<std::size_t>(slot)] = query.value(2).toString();
    }
    if (current)
        tally(result, *current, request.rowLimit);
    return result;
}

mirror::Result<QStringList> comparableCollections(const std::shared_ptr<Store> &store)
{
    auto holdings = SourceListingStore(store).holdings();
    if (!holdings)
        return holdings.error();
    QSqlQuery query(store->database());
    query.setForwardOnly(true);
    if (auto ok = sql::run(
            query, QStringLiteral("SELECT DISTINCT collection FROM collection_stats WHERE observation_count > 0"), {},
            QStringLiteral("cannot list the local collections"));
        !ok)
        return ok.error();
    std::set<QString> local;
    while (query.next())
        local.insert(query.value(0).toString());
    std::map<QString, int> parties;
    for (const SourceHolding &h : *holdings)
        ++parties[h.collection];
    QStringList comparable;
    for (const auto &[collection, count] : parties)
        if (count + (local.count(collection) ? 1 : 0) >= 2)
            comparable << collection;
    return comparable;
}

} // namespace store
