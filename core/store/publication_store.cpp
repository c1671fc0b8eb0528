#include "store/publication_store.h"

#include "store/sql_values.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace store {

namespace {

// Lists (keywords, authors) are kept one item a line: no author or keyword holds a line break (the feed
// reader turns any into spaces), and a part of a name is still found by LIKE.
QString joinList(const QStringList &items)
{
    return items.join(QLatin1Char('\n'));
}

QStringList splitList(const QVariant &value)
{
    const QString text = value.toString();
    return text.isEmpty() ? QStringList() : text.split(QLatin1Char('\n'));
}

QVariant nullableYear(const std::optional<int> &year)
{
    return year ? QVariant(*year) : QVariant(QMetaType::fromType<int>());
}

std::optional<int> yearOrNull(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<int>(value.toInt());
}

// The columns of a publication row as publicationFrom() reads them, after `prefix` columns.
const char *const publicationColumns = "pub.bibcode, pub.doi, pub.title, pub.authors, pub.year, pub.journal";

PublicationRecord publicationFrom(const QSqlQuery &row, int first)
{
    PublicationRecord p;
    p.bibcode = row.value(first).toString();
    p.doi = row.value(first + 1).toString();
    p.title = row.value(first + 2).toString();
    p.authors = splitList(row.value(first + 3));
    p.year = yearOrNull(row.value(first + 4));
    p.journal = row.value(first + 5).toString();
    return p;
}

const char *const proposalColumns = "pr.proposal_id, pr.pi, pr.title, pr.cycle, pr.keywords, pr.abstract";

ProposalRecord proposalFrom(const QSqlQuery &row, int first)
{
    ProposalRecord p;
    p.id = row.value(first).toString();
    p.pi = row.value(first + 1).toString();
    p.title = row.value(first + 2).toString();
    p.cycle = row.value(first + 3).toString();
    p.keywords = splitList(row.value(first + 4));
    p.abstract = row.value(first + 5).toString();
    return p;
}

// The WHERE of the publication list: live links only, the search and the proposal.
QString publicationWhere(const PublicationFilter &filter, QVariantList &values)
{
    QString where = QStringLiteral(" WHERE EXISTS (SELECT 1 FROM proposal_publication l WHERE l.bibcode = pub.bibcode"
                                   " AND l.deleted = 0");
    if (!filter.proposalId.isEmpty()) {
        where += QStringLiteral(" AND l.proposal_id = ?");
        values << filter.proposalId;
    }
    where += QLatin1Char(')');
    if (!filter.search.isEmpty()) {
        const QString pattern = QLatin1Char('%') + filter.search.toLower() + QLatin1Char('%');
        where += QStringLiteral(" AND (LOWER(pub.bibcode) LIKE ? OR LOWER(COALESCE(pub.doi, '')) LIKE ?"
                                " OR LOWER(COALESCE(pub.title, '')) LIKE ? OR LOWER(COALESCE(pub.authors, '')) LIKE ?"
                                " OR LOWER(COALESCE(pub.journal, '')) LIKE ?)");
        for (int i = 0; i < 5; ++i)
            values << pattern;
    }
    return where;
}

} // namespace

QString linkChangeName(LinkChange change)
{
    switch (change) {
    case LinkChange::Added: return QStringLiteral("added");
    case LinkChange::Updated: return QStringLiteral("updated");
    case LinkChange::Unchanged: return QStringLiteral("unchanged");
    case LinkChange::Removed: return QStringLiteral("removed");
    case LinkChange::Older: return QStringLiteral("older");
    }
    return {};
}

PublicationStore::PublicationStore(std::shared_ptr<Store> store, Clock clock)
    : m_store(std::move(store)),
      m_clock(std::move(clock))
{}

mirror::Result<LinkChange> PublicationStore::apply(const PublicationLink &link)
{
    QSqlDatabase db = m_store->database();
    Transaction transaction(db);
    auto change = apply(db, link);
    if (!change)
        return change;
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return change;
}

mirror::Result<LinkChange> PublicationStore::apply(const QSqlDatabase &db, const PublicationLink &link)
{
    if (link.proposal.id.isEmpty() || link.publication.bibcode.isEmpty())
        return mirror::Error{mirror::ErrorCategory::PerItem, "a link needs a proposal id and a bibcode"};
    QSqlQuery query(db);
    if (auto ran = sql::run(query,
                            QStringLiteral("SELECT last_modified, deleted FROM proposal_publication"
                                           " WHERE proposal_id = ? AND bibcode = ?"),
                            {link.proposal.id, link.publication.bibcode}, QStringLiteral("cannot read a link"));
        !ran)
        return ran.error();
    std::optional<qint64> heldModified;
    bool heldDeleted = false;
    if (query.next()) {
        heldModified = query.value(0).toLongLong();
        heldDeleted = query.value(1).toInt() != 0;
    }
    query.finish();
    if (heldModified && *heldModified > link.lastModified)
        return LinkChange::Older;
    if (heldModified && *heldModified == link.lastModified && heldDeleted == link.deleted)
        return LinkChange::Unchanged;

    const qint64 now = m_clock();
    if (!link.deleted) {
        // The feed is authoritative for the details it carries: the newest record's details are the ones kept.
        const ProposalRecord &p = link.proposal;
        if (auto ran =
                sql::run(query,
                         QStringLiteral("INSERT INTO proposal (proposal_id, pi, title, cycle, keywords, abstract,"
                                        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (proposal_id) DO"
                                        " UPDATE SET pi = excluded.pi, title = excluded.title, cycle ="
                                        " excluded.cycle, keywords = excluded.keywords, abstract ="
                                        " excluded.abstract, updated_at = excluded.updated_at"),
                         {p.id, sql::nullableText(p.pi), sql::nullableText(p.title), sql::nullableText(p.cycle),
                          sql::nullableText(joinList(p.keywords)), sql::nullableText(p.abstract), now},
                         QStringLiteral("cannot write proposal %1").arg(p.id));
            !ran)
            return ran.error();
        const PublicationRecord &b = link.publication;
        if (auto ran = sql::run(query,
                                QStringLiteral("INSERT INTO publication (bibcode, doi, title, authors, year, journal,"
                                               " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (bibcode) DO"
                                               " UPDATE SET doi = excluded.doi, title = excluded.title, authors ="
                                               " excluded.authors, year = excluded.year, journal = excluded.journal,"
                                               " updated_at = excluded.updated_at"),
                                {b.bibcode, sql::nullableText(b.doi), sql::nullableText(b.title),
                                 sql::nullableText(joinList(b.authors)), nullableYear(b.year),
                                 sql::nullableText(b.journal), now},
                                QStringLiteral("cannot write publication %1").arg(b.bibcode));
            !ran)
            return ran.error();
    }
    // A deletion of a link never held is kept as a tombstone too, so the mirrors reading our feed hear of it.
    if (auto ran = sql::run(
            query,
            QStringLiteral("INSERT INTO proposal_publication (proposal_id, bibcode, last_modified,"
                           " deleted, source) VALUES (?, ?, ?, ?, ?) ON CONFLICT (proposal_id, bibcode)"
                           " DO UPDATE SET last_modified = excluded.last_modified, deleted ="
                           " excluded.deleted, source = excluded.source"),
            {link.proposal.id, link.publication.bibcode, link.lastModified, link.deleted ? 1 : 0,
             link.source.isNull() ? QStringLiteral("") : link.source},
            QStringLiteral("cannot write the link of %1 to %2").arg(link.proposal.id, link.publication.bibcode));
        !ran)
        return ran.error();
    if (link.deleted)
        return heldModified && !heldDeleted ? LinkChange::Removed : LinkChange::Unchanged;
    return !heldModified || heldDeleted ? LinkChange::Added : LinkChange::Updated;
}

mirror::Result<std::vector<PublicationLink>> PublicationStore::feed(const FeedQuery &q) const
{
    QVariantList values;
    QStringList conditions;
    if (q.after) {
        conditions << QStringLiteral("(l.last_modified > ? OR (l.last_modified = ? AND (l.proposal_id > ?"
                                     " OR (l.proposal_id = ? AND l.bibcode > ?))))");
        values << q.after->lastModified << q.after->lastModified << q.after->proposalId << q.after->proposalId
               << q.after->bibcode;
    } else if (q.start) {
        conditions << QStringLiteral("l.last_modified >= ?");
        values << *q.start;
    }
    if (q.end) {
        conditions << QStringLiteral("l.last_modified <= ?");
        values << *q.end;
    }
    const QString sqlText =
        QStringLiteral("SELECT l.last_modified, l.deleted, l.source, l.proposal_id, l.bibcode, %1, %2"
                       " FROM proposal_publication l"
                       " LEFT JOIN proposal pr ON pr.proposal_id = l.proposal_id"
                       " LEFT JOIN publication pub ON pub.bibcode = l.bibcode%3"
                       " ORDER BY l.last_modified, l.proposal_id, l.bibcode LIMIT %4")
            .arg(QLatin1String(proposalColumns), QLatin1String(publicationColumns),
                 conditions.isEmpty() ? QString()
                                      : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND ")))
            .arg(q.limit);
    QSqlQuery query(m_store->database());
    if (auto ran = sql::run(query, sqlText, values, QStringLiteral("cannot read the publications feed")); !ran)
        return ran.error();
    std::vector<PublicationLink> links;
    while (query.next()) {
        PublicationLink link;
        link.lastModified = query.value(0).toLongLong();
        link.deleted = query.value(1).toInt() != 0;
        link.source = query.value(2).toString();
        if (!link.deleted) {
            link.proposal = proposalFrom(query, 5);
            link.publication = publicationFrom(query, 11);
        }
        link.proposal.id = query.value(3).toString();
        link.publication.bibcode = query.value(4).toString();
        links.push_back(std::move(link));
    }
    return links;
}

mirror::Result<std::vector<PublicationSummary>> PublicationStore::publications(const PublicationFilter &filter) const
{
    QVariantList values;
    const QString where = publicationWhere(filter, values);
    const QString sqlText =
        QStringLiteral("SELECT %1,"
                       " (SELECT COUNT(*) FROM proposal_publication l JOIN observation o ON o.proposal_id ="
                       " l.proposal_id WHERE l.bibcode = pub.bibcode AND l.deleted = 0)"
                       " FROM publication pub%2 ORDER BY CASE WHEN pub.year IS NULL THEN 1 ELSE 0 END, pub.year DESC,"
                       " pub.bibcode LIMIT %3 OFFSET %4")
            .arg(QLatin1String(publicationColumns), where)
            .arg(filter.limit)
            .arg(filter.offset);
    QSqlDatabase db = m_store->database();
    QSqlQuery query(db);
    if (auto ran = sql::run(query, sqlText, values, QStringLiteral("cannot list publications")); !ran)
        return ran.error();
    std::vector<PublicationSummary> out;
    while (query.next()) {
        PublicationSummary summary;
        summary.publication = publicationFrom(query, 0);
        summary.observations = query.value(6).toLongLong();
        out.push_back(std::move(summary));
    }
    query.finish();
    QSqlQuery links(db);
    if (auto prepared = sql::prepare(links,
                                     QStringLiteral("SELECT proposal_id FROM proposal_publication WHERE bibcode = ?"
                                                    " AND deleted = 0 ORDER BY proposal_id"),
                                     QStringLiteral("cannot list the proposals of a publication"));
        !prepared)
        return prepared.error();
    for (PublicationSummary &summary : out) {
        links.addBindValue(summary.publication.bibcode);
        if (auto ran = sql::exec(links, QStringLiteral("cannot list the proposals of a publication")); !ran)
            return ran.error();
        while (links.next())
            summary.proposals << links.value(0).toString();
    }
    return out;
}

mirror::Result<qint64> PublicationStore::countPublications(const PublicationFilter &filter) const
{
    QVariantList values;
    const QString where = publicationWhere(filter, values);
    QSqlQuery query(m_store->database());
    if (auto ran = sql::run(query, QStringLiteral("SELECT COUNT(*) FROM publication pub") + where, values,
                            QStringLiteral("cannot count publications"));
        !ran)
        return ran.error();
    return query.next() ? query.value(0).toLongLong() : 0;
}

mirror::Result<std::optional<ProposalRecord>> PublicationStore::proposal(const QString &id) const
{
    QSqlQuery query(m_store->database());
    if (auto ran = sql::run(
            query,
            QStringLiteral("SELECT %1 FROM proposal pr WHERE pr.proposal_id = ?").arg(QLatin1String(proposalColumns)),
            {id}, QStringLiteral("cannot read proposal %1").arg(id));
        !ran)
        return ran.error();
    if (!query.next())
        return std::optional<ProposalRecord>();
    return std::optional<ProposalRecord>(proposalFrom(query, 0));
}

mirror::Result<std::vector<PublicationRecord>> PublicationStore::publicationsOfProposal(const QString &proposalId) const
{
    QSqlQuery query(m_store->database());
    if (auto ran =
            sql::run(query,
                     QStringLiteral("SELECT %1 FROM proposal_publication l JOIN publication pub ON pub.bibcode ="
                                    " l.bibcode WHERE l.proposal_id = ? AND l.deleted = 0"
                                    " ORDER BY CASE WHEN pub.year IS NULL THEN 1 ELSE 0 END, pub.year, pub.bibcode")
                         .arg(QLatin1String(publicationColumns)),
                     {proposalId}, QStringLiteral("cannot list the publications of proposal %1").arg(proposalId));
        !ran)
        return ran.error();
    std::vector<PublicationRecord> out;
    while (query.next())
        out.push_back(publicationFrom(query, 0));
    return out;
}

mirror::Result<std::vector<ObservationRef>> PublicationStore::observationsOfPublication(const QString &bibcode,
                                                                                        int limit) const
{
    QSqlQuery query(m_store->database());
    if (auto ran = sql::run(query,
                            QStringLiteral("SELECT o.collection, o.observation_id, o.source FROM proposal_publication l"
                                           " JOIN observation o ON o.proposal_id = l.proposal_id"
                                           " WHERE l.bibcode = ? AND l.deleted = 0"
                                           " ORDER BY o.collection, o.observation_id LIMIT %1")
                                .arg(limit),
                            {bibcode}, QStringLiteral("cannot list the observations of %1").arg(bibcode));
        !ran)
        return ran.error();
    std::vector<ObservationRef> out;
    while (query.next())
        out.push_back({query.value(0).toString(), query.value(1).toString(), query.value(2).toString()});
    return out;
}

mirror::Result<std::optional<ObservationPublications>>
PublicationStore::forObservation(const QString &collection, const QString &observationID) const
{
    QSqlQuery query(m_store->database());
    if (auto ran = sql::run(query,
                            QStringLiteral("SELECT proposal_id FROM observation WHERE collection = ? AND"
                                           " observation_id = ?"),
                            {collection, observationID},
                            QStringLiteral("cannot read the proposal of %1/%2").arg(collection, observationID));
        !ran)
        return ran.error();
    if (!query.next())
        return std::optional<ObservationPublications>();
    ObservationPublications out;
    out.proposalId = query.value(0).toString();
    query.finish();
    if (out.proposalId.isEmpty())
        return std::optional<ObservationPublications>(std::move(out));
    auto proposalRow = proposal(out.proposalId);
    if (!proposalRow)
        return proposalRow.error();
    out.proposal = std::move(*proposalRow);
    auto publications = publicationsOfProposal(out.proposalId);
    if (!publications)
        return publications.error();
    out.publications = std::move(*publications);
    return std::optional<ObservationPublications>(std::move(out));
}

mirror::Result<std::vector<PublicationYearCount>> PublicationStore::perCollectionAndYear() const
{
    QSqlQuery query(m_store->database());
    if (auto ran = sql::run(query,
                            QStringLiteral("SELECT o.collection, pub.year, COUNT(DISTINCT pub.bibcode)"
                                           " FROM observation o JOIN proposal_publication l ON l.proposal_id ="
                                           " o.proposal_id AND l.deleted = 0 JOIN publication pub ON pub.bibcode ="
                                           " l.bibcode GROUP BY o.collection, pub.year ORDER BY o.collection,"
                                           " CASE WHEN pub.year IS NULL THEN 1 ELSE 0 END, pub.year"),
                            {}, QStringLiteral("cannot count publications per collection and year"));
        !ran)
        return ran.error();
    std::vector<PublicationYearCount> out;
    while (query.next())
        out.push_back({query.value(0).toString(), yearOrNull(query.value(1)), query.value(2).toLongLong()});
    return out;
}

} // namespace store
