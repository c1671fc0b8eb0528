#pragma once

#include "common/result.h"
#include "store/clock.h"
#include "store/store.h"

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

// Proposals, the publications that came out of them, and the links between the two (the value ESA's HST and
// JWST archives add on top of CAOM, "PP synchronization"). Observations join in through CAOM's
// Observation.proposal.id (observation.proposal_id), so a publication reaches every observation of its
// proposals, and a proposal whose observations have not arrived yet is kept until they do.
namespace store {

struct ProposalRecord {
    QString id;
    QString pi;
    QString title;
    QString cycle; // a cycle or a year, as the partner gives it
    QStringList keywords;
    QString abstract;

    bool operator==(const ProposalRecord &) const = default;
};

struct PublicationRecord {
    QString bibcode; // the ADS bibliographic code: the publication's identity
    QString doi;
    QString title;
    QStringList authors;
    std::optional<int> year;
    QString journal;

    bool operator==(const PublicationRecord &) const = default;
};

// One proposal -> publication link as a feed carries it. A deletion names only the two identities.
struct PublicationLink {
    ProposalRecord proposal;
    PublicationRecord publication;
    qint64 lastModified = 0; // ms since 1970, UTC
    bool deleted = false;
    QString source; // the partner it came from ("" for a local import)

    bool operator==(const PublicationLink &) const = default;
};

// What applying a link did.
enum class LinkChange {
    Added,     // a link the store did not hold
    Updated,   // a held link rewritten by a newer record
    Unchanged, // the store holds this record already (a re-read page)
    Removed,   // a deletion record removed a live link
    Older,     // the store holds a newer record of this link: nothing written
};

// Where a feed page starts: after this (lastModified, proposal, bibcode), keyset paging on the feed index.
struct FeedPosition {
    qint64 lastModified = 0;
    QString proposalId;
    QString bibcode;
};

struct FeedQuery {
    std::optional<qint64> start;       // inclusive
    std::optional<qint64> end;         // inclusive
    std::optional<FeedPosition> after; // only records after this one (start is then ignored)
    int limit = 1000;
};

// A publication as lists show it.
struct PublicationSummary {
    PublicationRecord publication;
    QStringList proposals;   // the live links' proposals, sorted
    qint64 observations = 0; // observations of those proposals held now
};

struct PublicationFilter {
    QString search;     // case-insensitive part of bibcode, DOI, title, authors or journal; "" = all
    QString proposalId; // only publications of this proposal; "" = all
    int limit = 200;
    int offset = 0;
};

struct ObservationRef {
    QString collection;
    QString observationID;
    QString source; // the partner it was harvested from ("" for an imported one): where the browser shows it
};

// The proposal of one observation and the publications that used it.
struct ObservationPublications {
    QString proposalId;                     // from the observation's document; "" when it names none
    std::optional<ProposalRecord> proposal; // when a feed described it
    std::vector<PublicationRecord> publications;
};

struct PublicationYearCount {
    QString collection;
    std::optional<int> year;
    qint64 publications = 0;
};

class PublicationStore {
public:
    explicit PublicationStore(std::shared_ptr<Store> store, Clock clock = systemClock());

    // Applies one feed record in its own transaction, or inside the caller's on `db` (a feed page together
    // with the cursor that produced it). A record older than the link held is ignored (Older).
    mirror::Result<LinkChange> apply(const PublicationLink &link);
    mirror::Result<LinkChange> apply(const QSqlDatabase &db, const PublicationLink &link);

    // Links in feed order (lastModified, proposal, bibcode), removed ones included, with their proposal and
    // publication details: what `serve` publishes.
    mirror::Result<std::vector<PublicationLink>> feed(const FeedQuery &query) const;

    // Publications with at least one live link, newest year first, then by bibcode.
    mirror::Result<std::vector<PublicationSummary>> publications(const PublicationFilter &filter) const;
    mirror::Result<qint64> countPublications(const PublicationFilter &filter) const;

    mirror::Result<std::optional<ProposalRecord>> proposal(const QString &id) const;
    // The live publications of a proposal, by year then bibcode.
    mirror::Result<std::vector<PublicationRecord>> publicationsOfProposal(const QString &proposalId) const;
    // The observations a publication used (those of its proposals held now), by collection and observationID.
    mirror::Result<std::vector<ObservationRef>> observationsOfPublication(const QString &bibcode,
                                                                          int limit = 10000) const;
    // Nullopt when the store does not hold the observation.
    mirror::Result<std::optional<ObservationPublications>> forObservation(const QString &collection,
                                                                          const QString &observationID) const;
    // Distinct publications per collection and publication year (through the observations they used).
    mirror::Result<std::vector<PublicationYearCount>> perCollectionAndYear() const;

private:
    std::shared_ptr<Store> m_store;
    Clock m_clock;
};

QString linkChangeName(LinkChange change); // added | updated | unchanged | removed | older

} // namespace store
