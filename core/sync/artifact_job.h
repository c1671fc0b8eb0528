#pragma once

#include "common/error.h"
#include "store/clock.h"
#include "store/run_record_store.h"
#include "store/store.h"
#include "sync/harvest_target.h"
#include "sync/job_control.h"

#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

// Artifact sync for one (source, collection) (spec caom2-sync.md §3): discover what to copy from the harvested
// metadata, download it into the artifact root verified, validate the local files at three depths, diff the
// partner's artifacts against them. The same function runs under caom-sync and the console's engine; it blocks
// its calling thread and is steered through JobControl.
namespace harvest {

enum class ArtifactMode { Discover, Download, Validate, Diff };
QString artifactModeName(ArtifactMode mode); // discover | download | validate | diff
std::optional<ArtifactMode> artifactModeFromName(const QString &name);
// The sync_run kind of a mode: discover, download, artifact-validate, artifact-diff.
QString artifactRunKind(ArtifactMode mode);

struct ArtifactRequest {
    HarvestTarget target; // sourceName, harvestSource (the queue's and cursor's key), collection, endpoints, http
    ArtifactMode mode = ArtifactMode::Discover;
    QString artifactRoot; // the directory (artifact/artifact_root.h)
    // Where files come from: "" = the partner's file endpoint beside its observations endpoint
    // (".../observations" -> ".../files"), followed by the file's relative path; http(s) URIs as they are.
    QString filesUrl;
    int depth = 1;                      // validate: 1 present with its length, 2 checksum recomputed, 3 + partner
    int transfersPerHost = 4;           // download: parallel transfers to the source
    qint64 bandwidthBytesPerSecond = 0; // download: all transfers together; 0 = no limit
    qint64 headAbove = 1 << 20;         // download: files at least this big (or of unknown length) are HEAD-checked
                                        // before their body is asked for; smaller ones by their GET's headers
    int attemptsPerRun = 3;             // download: tries of one file in a run when the transfer breaks off
    std::chrono::milliseconds retryPause{500};                      // ...doubled between them
    std::chrono::milliseconds backoffBase{std::chrono::minutes(5)}; // failed files wait base * 2^(attempts-1)
    std::chrono::milliseconds backoffCap{std::chrono::hours(24)};   // ...at most this
    std::chrono::milliseconds settle{std::chrono::seconds(30)};     // discover: while a harvest holds the lease,
                                                                    // observations stored this recently wait
    int pageSize = 500; // discover: observations per transaction with the cursor
};

// One difference between the metadata and the files, as validate and diff report it.
enum class ArtifactFindingClass { Missing, Corrupt, Unexpected, Stale, NotInPartner };
QString artifactFindingName(ArtifactFindingClass cls); // missing | corrupt | unexpected | stale | not-in-partner

struct ArtifactFinding {
    ArtifactFindingClass cls = ArtifactFindingClass::Missing;
    QString uri;  // the artifact ("" for an unexpected file)
    QString path; // the file, relative to the artifact root
    QString observationID;
    QString detail; // what differs, in words
    QString expectedChecksum;
    QString actualChecksum;
};

struct ArtifactCounts {
    qint64 examined = 0;      // artifacts (discover, validate, diff) or queue rows (download) looked at
    qint64 queued = 0;        // discover/validate: new download queue rows
    qint64 proprietary = 0;   // ...of which wait for their release date
    qint64 neverReleased = 0; // discover: artifacts without a release date: not queued
    qint64 present = 0;       // already here and verified: nothing to do
    qint64 downloaded = 0;    // files installed verified
    qint64 bytes = 0;         // bytes received
    qint64 obsolete = 0;      // queue rows of artifacts the metadata no longer has: removed
    qint64 failed = 0;        // files that failed this run (a queue row with reason and next try)
    qint64 notDue = 0;        // download: queue rows waiting for a later time
    qint64 findings = 0;      // validate/diff: differences reported
    qint64 retries = 0;       // download: requests tried again (HTTP retries, transfers resumed after a break)
};

struct ArtifactProgress {
    QString phase; // "discovering", "downloading", "validating", "comparing"
    qint64 filesDone = 0;
    std::optional<qint64> filesTotal;
    qint64 bytesDone = 0;
    std::optional<qint64> bytesTotal;
    double bytesPerSecond = 0;        // over the last seconds
    std::optional<qint64> etaSeconds; // once the rate has settled and the total is known
    ArtifactCounts counts;            // the run's counters so far (filled in by runArtifactJob)
};

struct ArtifactReport {
    qint64 runKey = 0;
    ArtifactMode mode = ArtifactMode::Discover;
    QString source;
    QString collection;
    store::RunOutcome outcome = store::RunOutcome::Failed;
    ArtifactCounts counts;
    std::vector<ArtifactFinding> findings;
    QStringList failures; // "uri: reason" of the files that failed, first 100
    QString error;        // what ended the run, "" when nothing did
    std::optional<mirror::ErrorCategory> errorCategory;
    qint64 elapsedMs = 0;

    // 0 success, 1 finished with failed files or differences, 2 failed, 3 cancelled (as harvest).
    int exitCode() const;
};

using ArtifactProgressSink = std::function<void(const ArtifactProgress &)>;

ArtifactReport runArtifactJob(const ArtifactRequest &request, std::shared_ptr<store::Store> store, JobControl &control,
                              const ArtifactProgressSink &progress = {}, store::Clock clock = store::systemClock());

// The URL the file of `uri` is fetched from (see ArtifactRequest::filesUrl); an Error for a URI that cannot
// name a file under the root.
mirror::Result<std::string> artifactSourceUrl(const ArtifactRequest &request, const QString &uri);

// How long a file that failed `attempts` times waits before the next try.
std::chrono::milliseconds artifactBackoff(const ArtifactRequest &request, int attempts);

} // namespace harvest
