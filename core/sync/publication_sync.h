#pragma once

#include "common/error.h"
#include "common/partner_source.h"
#include "store/clock.h"
#include "store/run_record_store.h"
#include "store/store.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>

// Proposal -> publication links from a partner's feed (docs/publications.md) or a local file into the store.
// A sync reads the feed a page at a time from the cursor, with the HTTP client's retries, and commits each
// page's links together with the cursor that follows them; a line that cannot be read becomes a skip record
// naming the line and the cause, and the lines around it are kept. Each run leaves a run record (kind
// "publications"), like the harvest jobs.
namespace harvest {

// The cursor's and skip records' cname (HarvestState, HarvestSkipURI).
inline const QString publicationEntity = QStringLiteral("Publication");
// The run records' kind.
inline const QString publicationRunKind = QStringLiteral("publications");

struct PublicationCounts {
    qint64 lines = 0; // lines read (records and malformed ones)
    qint64 added = 0;
    qint64 updated = 0;
    qint64 unchanged = 0;
    qint64 removed = 0;
    qint64 older = 0;
    qint64 malformed = 0;
    qint64 pages = 0;
};

struct PublicationRun {
    QString origin; // the source's name, or the file
    QString feedUrl;
    PublicationCounts counts;
    QStringList problems; // one line per malformed record: where and why (the first 100)
    store::RunOutcome outcome = store::RunOutcome::Running;
    std::optional<mirror::Error> error; // why the run failed or stopped
    qint64 runKey = 0;

    // 0 success, 1 malformed lines skipped, 2 failed, 3 cancelled: caom-sync's exit codes.
    int exitCode() const;
};

struct PublicationSyncOptions {
    int pageSize = 1000;
    bool full = false; // forget the cursor and the source's feed skip records first: read the whole feed
};

// Blocking: run it off the GUI thread. `cancelled` is polled between pages and by every transfer.
PublicationRun syncPublications(const std::shared_ptr<store::Store> &store, const mirror::PartnerSource &source,
                                const PublicationSyncOptions &options, const std::atomic<bool> *cancelled = nullptr,
                                const store::Clock &clock = store::systemClock());

// Reads a feed file (the same lines) for bootstrapping a store. Nothing of a file that cannot be opened is
// written; a malformed line is a skip record named after the file and its line number.
PublicationRun importPublications(const std::shared_ptr<store::Store> &store, const QString &path,
                                  const std::atomic<bool> *cancelled = nullptr,
                                  const store::Clock &clock = store::systemClock());

// The key under which a source's feed cursor and skip records are kept.
QString publicationFeedKey(const mirror::PartnerSource &source);

} // namespace harvest
