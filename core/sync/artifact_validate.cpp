// Validate and diff (spec caom2-sync.md §3.5, Ours). Validate compares the local metadata with the files at
// three depths (1: present with the metadata's length; 2: checksum recomputed; 3: also against the partner's
// current metadata), queues missing and corrupt files for download and records every finding as a
// discrepancy. Diff compares the partner's artifacts with the files and changes nothing.
#include "artifact/artifact_path.h"
#include "caom2/xml_reader.h"
#include "net/repository_client.h"
#include "store/artifact_copy_store.h"
#include "store/artifact_index.h"
#include "store/discrepancy_store.h"
#include "store/skip_record_store.h"
#include "sync/artifact_fetch.h"
#include "sync/artifact_passes.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

#include <map>
#include <set>

namespace harvest::detail {

namespace {

struct PartnerArtifact {
    QString observationID;
    QString checksum;
    std::optional<qint64> length;
};

// Every artifact the partner's repository describes for the collection today: its listing, then each
// observation's document.
mirror::Result<std::map<QString, PartnerArtifact>> partnerArtifacts(ArtifactContext &c)
{
    const ArtifactRequest &r = c.request;
    net::RepositoryClient client(r.target.endpoints, r.target.http);
    const std::string collection = r.target.collection.toStdString();
    std::vector<std::string> ids;
    std::set<std::string> seen;
    std::optional<std::int64_t> start;
    const int page = 10000;
    while (true) {
        net::ListingQuery query;
        query.collection = collection;
        query.start = start;
        query.maxRecords = page;
        query.extraQuery = r.target.listingFilter.toStdString();
        std::int64_t rows = 0;
        std::optional<std::int64_t> last;
        auto listed = client.listObservations(
            query,
            [&](const net::StateRow &row) {
                ++rows;
                last = row.maxLastModified;
                if (seen.insert(row.observationID).second)
                    ids.push_back(row.observationID);
                return true;
            },
            c.control.cancelFlag());
        if (!listed)
            return listed.error();
        if (rows < page || !last)
            break;
        if (start && *last == *start)
            return mirror::Error{mirror::ErrorCategory::Fatal,
                                 "the partner lists more than " + std::to_string(page)
                                     + " observations with one timestamp: cannot page through them"};
        start = last;
    }
    std::map<QString, PartnerArtifact> artifacts;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (!c.control.checkpoint())
            return cancelledError();
        auto document = client.getObservation(collection, ids[i], c.control.cancelFlag());
        if (!document)
            return document.error();
        if (!*document)
            continue; // deleted since it was listed
        const caom2::ReadResult read =
            caom2::readObservation((*document)->xml, client.observationUrl(collection, ids[i]));
        if (!read.ok)
            return mirror::Error{mirror::ErrorCategory::Parse, read.error.toString()};
        for (const auto &plane : read.document.observation.planes)
            for (const auto &a : plane.artifacts)
                artifacts[QString::fromStdString(a.uri.text)] = {
                    QString::fromStdString(ids[i]),
                    a.contentChecksum ? QString::fromStdString(a.contentChecksum->text) : QString(), a.contentLength};
        if (c.progress)
            c.progress({QStringLiteral("reading the partner's metadata"),
                        static_cast<qint64>(i + 1),
                        static_cast<qint64>(ids.size()),
                        0,
                        std::nullopt,
                        0,
                        {},
                        {}});
    }
    return artifacts;
}

// The files (and links) in the directories that hold a collection's files, relative to the root: what an
// "unexpected file" can be, without walking other collections' trees.
QStringList filesIn(const artifact::ArtifactRoot &root, const QSet<QString> &directories, QStringList *links)
{
    QStringList files;
    if (root.isNull())
        return files;
    for (const QString &dir : directories) {
        if (!root.locate(dir + QStringLiteral("/x")).ok()) // a directory on the way is a link: reported elsewhere
            continue;
        const QFileInfoList entries =
            QDir(root.path() + QLatin1Char('/') + dir)
                .entryInfoList(QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
        for (const QFileInfo &entry : entries) {
            const QString relative = dir + QLatin1Char('/') + entry.fileName();
            if (entry.isSymLink())
                *links << relative;
            else if (!artifact::ArtifactRoot::isPartialName(entry.fileName()))
                files << relative;
        }
    }
    return files;
}

QString parentOf(const QString &relative)
{
    return relative.left(relative.lastIndexOf(QLatin1Char('/')));
}

store::DiscrepancyClass discrepancyClassOf(ArtifactFindingClass cls)
{
    switch (cls) {
    case ArtifactFindingClass::Missing: return store::DiscrepancyClass::ArtifactMissing;
    case ArtifactFindingClass::Corrupt: return store::DiscrepancyClass::ArtifactCorrupt;
    case ArtifactFindingClass::Stale: return store::DiscrepancyClass::ArtifactStale;
    case ArtifactFindingClass::Unexpected:
    case ArtifactFindingClass::NotInPartner: break;
    }
    return store::DiscrepancyClass::ArtifactUnexpected;
}

} // namespace

mirror::Result<void> validateArtifacts(ArtifactContext &c)
{
    const ArtifactRequest &r = c.request;
    if (r.depth < 1 || r.depth > 3)
        return mirror::Error{mirror::ErrorCategory::Fatal, "the validate depth is 1, 2 or 3"};
    auto opened = openRoot(r, false);
    const artifact::ArtifactRoot root = opened ? *opened : artifact::ArtifactRoot();
    store::ArtifactIndex index(c.store);
    store::ArtifactCopyStore copies(c.store, c.clock);
    store::SkipRecordStore skips(c.store, c.clock);
    auto all = index.collectionArtifacts(r.target.collection);
    if (!all)
        return all.error();
    const qint64 now = c.clock();
    std::optional<std::map<QString, PartnerArtifact>> partner;
    if (r.depth >= 3) {
        auto read = partnerArtifacts(c);
        if (!read)
            return read.error();
        partner = std::move(*read);
    }

    std::vector<ArtifactFinding> findings;
    QSet<QString> expectedPaths;
    QSet<QString> directories;
    qint64 done = 0;
    const qint64 total = static_cast<qint64>(all->size());
    for (const store::IndexedArtifact &a : *all) {
        if (!c.control.checkpoint())
            return cancelledError();
        if (c.progress)
            c.progress({QStringLiteral("validating"), done++, total, 0, std::nullopt, 0, {}, {}});
        auto relative = artifact::relativePathFor(a.uri);
        if (relative) {
            expectedPaths.insert(*relative);
            directories.insert(parentOf(*relative));
        }
        if (!a.releaseDate || *a.releaseDate > now)
            continue; // not expected here (yet)
        ++c.report.counts.examined;
        if (!relative) {
            ++c.report.counts.failed;
            c.report.failures << QString::fromStdString(relative.error().message);
            continue;
        }
        ArtifactFinding f{ArtifactFindingClass::Missing, a.uri, *relative, a.observationID, {}, a.checksum, {}};
        auto located = root.isNull() ? mirror::Result<QString>(QString()) : root.locate(*relative);
        const QFileInfo file(located ? *located : QString());
        bool bad = true;
        if (!located) {
            f.cls = ArtifactFindingClass::Corrupt;
            f.detail = QString::fromStdString(located.error().message);
        } else if (root.isNull() || !file.isFile()) {
            f.detail = QStringLiteral("no file at %1").arg(*relative);
        } else if (a.contentLength && file.size() != *a.contentLength) {
            f.cls = ArtifactFindingClass::Corrupt;
            f.detail = QStringLiteral("%1 bytes on disk, the metadata says %2").arg(file.size()).arg(*a.contentLength);
        } else if (r.depth >= 2 && parseChecksum(a.checksum)) {
            const auto spec = parseChecksum(a.checksum);
            auto hashed = hashFile(*located, spec->algorithm, c.control.cancelFlag());
            if (!hashed)
                return hashed.error();
            f.actualChecksum = spec->algorithm + QLatin1Char(':') + QString::fromLatin1(*hashed);
            if (*hashed != spec->hex) {
                f.cls = ArtifactFindingClass::Corrupt;
                f.detail = QStringLiteral("the file's bytes hash to %1, the metadata says %2")
                               .arg(f.actualChecksum, a.checksum);
            } else {
                bad = false;
            }
        } else {
            bad = false;
        }
        if (!bad) {
            if (r.depth >= 2) { // the bytes were read and match: the copy is verified as of now
                store::ArtifactCopy copy{a.uri,      *located, a.contentLength,
                                         a.checksum, now,      store::ArtifactCopyState::verified};
                if (auto ok = copies.upsert(copy); !ok)
                    return ok;
            }
            if (partner) {
                const auto remote = partner->find(a.uri);
                if (remote != partner->end() && !remote->second.checksum.isEmpty()
                    && remote->second.checksum != a.checksum) {
                    findings.push_back({ArtifactFindingClass::Stale, a.uri, *relative, a.observationID,
                                        QStringLiteral("the partner now describes this file as %1; the harvested "
                                                       "metadata (and the file) say %2")
                                            .arg(remote->second.checksum, a.checksum),
                                        remote->second.checksum, a.checksum});
                }
            }
            continue;
        }
        findings.push_back(f);
        // Missing and corrupt files go (back) on the download queue; a corrupt file stays until a verified
        // copy replaces it.
        store::ArtifactCopy copy{a.uri,
                                 located ? *located : QString(),
                                 a.contentLength,
                                 a.checksum,
                                 std::nullopt,
                                 f.cls == ArtifactFindingClass::Missing ? store::ArtifactCopyState::missing
                                                                        : store::ArtifactCopyState::corrupt};
        if (auto ok = copies.upsert(copy); !ok)
            return ok;
        auto queued = skips.get(r.target.harvestSource, store::HarvestEntity::artifact, a.uri);
        if (!queued)
            return queued.error();
        if (!*queued) {
            store::SkipFailure row{r.target.harvestSource,
                                   store::HarvestEntity::artifact,
                                   a.uri,
                                   now,
                                   QStringLiteral("Public (%1 file)").arg(artifactFindingName(f.cls)),
                                   mirror::ErrorCategory::PerItem};
            if (auto recorded = skips.record(row); !recorded)
                return recorded.error();
            ++c.report.counts.queued;
        }
    }
    // Files in the collection's directories that no artifact names.
    QStringList links;
    for (const QString &path : filesIn(root, directories, &links))
        if (!expectedPaths.contains(path))
            findings.push_back({ArtifactFindingClass::Unexpected,
                                {},
                                path,
                                {},
                                QStringLiteral("no artifact of %1 names this file").arg(r.target.collection),
                                {},
                                {}});
    for (const QString &path : links)
        findings.push_back({ArtifactFindingClass::Unexpected,
                            {},
                            path,
                            {},
                            QStringLiteral("a symbolic link inside the artifact root"),
                            {},
                            {}});

    // The findings replace the previous artifact validate's, in one transaction.
    std::vector<store::Discrepancy> discrepancies;
    for (const ArtifactFinding &f : findings) {
        store::Discrepancy d;
        d.source = r.target.sourceName;
        d.collection = r.target.collection;
        d.observationID = f.uri.isEmpty() ? f.path : f.uri;
        d.cls = discrepancyClassOf(f.cls);
        d.localChecksum = f.actualChecksum;
        d.remoteChecksum = f.expectedChecksum;
        d.runKey = c.report.runKey;
        discrepancies.push_back(d);
    }
    store::DiscrepancyStore recorded(c.store, c.clock);
    QSqlDatabase db = c.store->database();
    store::Transaction transaction(db);
    if (auto cleared = recorded.clearArtifactFindings(db, r.target.sourceName, r.target.collection); !cleared)
        return cleared.error();
    if (auto added = recorded.add(db, discrepancies); !added)
        return added;
    if (auto committed = transaction.commit(); !committed)
        return committed;
    c.report.counts.findings = static_cast<qint64>(findings.size());
    c.report.findings = std::move(findings);
    return {};
}

mirror::Result<void> diffArtifacts(ArtifactContext &c)
{
    const ArtifactRequest &r = c.request;
    auto opened = openRoot(r, false);
    const artifact::ArtifactRoot root = opened ? *opened : artifact::ArtifactRoot();
    auto partner = partnerArtifacts(c);
    if (!partner)
        return partner.error();
    store::ArtifactCopyStore copies(c.store, c.clock);
    QSet<QString> expectedPaths;
    QSet<QString> directories;
    std::vector<ArtifactFinding> findings;
    for (const auto &[uri, remote] : *partner) {
        if (!c.control.checkpoint())
            return cancelledError();
        ++c.report.counts.examined;
        auto relative = artifact::relativePathFor(uri);
        if (!relative) {
            ++c.report.counts.failed;
            c.report.failures << QString::fromStdString(relative.error().message);
            continue;
        }
        expectedPaths.insert(*relative);
        directories.insert(parentOf(*relative));
        auto located = root.isNull() ? mirror::Result<QString>(QString()) : root.locate(*relative);
        const QFileInfo file(located ? *located : QString());
        if (!located || root.isNull() || !file.isFile()) {
            findings.push_back({ArtifactFindingClass::Missing,
                                uri,
                                *relative,
                                remote.observationID,
                                QStringLiteral("missing from storage"),
                                remote.checksum,
                                {}});
            continue;
        }
        if (remote.length && file.size() != *remote.length) {
            findings.push_back(
                {ArtifactFindingClass::Corrupt,
                 uri,
                 *relative,
                 remote.observationID,
                 QStringLiteral("%1 bytes here, the partner says %2").arg(file.size()).arg(*remote.length),
                 remote.checksum,
                 {}});
            continue;
        }
        auto copy = copies.get(uri);
        if (!copy)
            return copy.error();
        if (*copy && !remote.checksum.isEmpty() && !(*copy)->contentChecksum.isEmpty()
            && (*copy)->contentChecksum != remote.checksum)
            findings.push_back({ArtifactFindingClass::Stale, uri, *relative, remote.observationID,
                                QStringLiteral("the copy here was verified as %1, the partner now says %2")
                                    .arg((*copy)->contentChecksum, remote.checksum),
                                remote.checksum, (*copy)->contentChecksum});
    }
    QStringList links;
    for (const QString &path : filesIn(root, directories, &links))
        if (!expectedPaths.contains(path))
            findings.push_back({ArtifactFindingClass::NotInPartner,
                                {},
                                path,
                                {},
                                QStringLiteral("the partner has no artifact for this file"),
                                {},
                                {}});
    c.report.counts.findings = static_cast<qint64>(findings.size());
    c.report.findings = std::move(findings);
    return {};
}

} // namespace harvest::detail
