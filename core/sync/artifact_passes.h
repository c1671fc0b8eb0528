#pragma once

#include "artifact/artifact_root.h"
#include "sync/artifact_job.h"

// The passes behind runArtifactJob, one file each; not for use outside core/sync.
namespace harvest::detail {

struct ArtifactContext {
    const ArtifactRequest &request;
    std::shared_ptr<store::Store> store;
    JobControl &control;
    const ArtifactProgressSink &progress;
    store::Clock clock;
    ArtifactReport &report;
};

mirror::Result<void> discoverArtifacts(ArtifactContext &c);
mirror::Result<void> downloadArtifacts(ArtifactContext &c);
mirror::Result<void> validateArtifacts(ArtifactContext &c);
mirror::Result<void> diffArtifacts(ArtifactContext &c);

// The artifact root of the request: created for a download, only opened otherwise (a missing root is an
// empty one for validate and diff: every file is missing).
mirror::Result<artifact::ArtifactRoot> openRoot(const ArtifactRequest &request, bool create);

mirror::Error cancelledError();

} // namespace harvest::detail
