#include "store/document_tree.h"

#include "caom2/checksum.h"

#include <QStringList>

#include <algorithm>

namespace store {

namespace {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

TreeNode nodeOf(NodeKind kind, qint64 number, qint64 obsKey, const caom2::EntityBase &entity, const caom2::Digest &meta,
                const caom2::Digest &acc)
{
    TreeNode node;
    node.kind = kind;
    node.key = number;
    node.obsKey = obsKey;
    node.id = fromStd(entity.id.toString());
    node.metaChecksum = fromStd(caom2::toChecksumUri(meta));
    node.accMetaChecksum = fromStd(caom2::toChecksumUri(acc));
    return node;
}

// The parts of an artifact whose first part is numbered `firstNo`, by name as the part rows were listed (byte
// order; equal names in document order).
std::vector<TreeNode> partNodes(const caom2::Artifact &artifact, qint64 firstNo, qint64 obsKey)
{
    std::vector<TreeNode> nodes;
    qint64 number = firstNo;
    for (const caom2::Part &part : artifact.parts) {
        TreeNode node = nodeOf(NodeKind::Part, number, obsKey, part, caom2::metaDigest(part), caom2::accDigest(part));
        node.label = fromStd(part.name);
        node.childCount = static_cast<int>(part.chunks.size());
        node.detail = part.productType ? fromStd(part.productType->term) : QString();
        nodes.push_back(std::move(node));
        number += 1 + static_cast<qint64>(part.chunks.size());
    }
    std::stable_sort(nodes.begin(), nodes.end(), [](const TreeNode &a, const TreeNode &b) {
        return a.label.toUtf8() < b.label.toUtf8(); // the byte order both engines sorted the rows in
    });
    return nodes;
}

std::vector<TreeNode> chunkNodes(const caom2::Part &part, qint64 firstNo, qint64 obsKey)
{
    std::vector<TreeNode> nodes;
    qint64 number = firstNo;
    for (const caom2::Chunk &chunk : part.chunks) {
        TreeNode node =
            nodeOf(NodeKind::Chunk, number++, obsKey, chunk, caom2::metaDigest(chunk), caom2::accDigest(chunk));
        node.label = node.id; // a chunk is named by its id
        const QString axes = chunkAxes(chunk);
        node.detail = axes.isEmpty() ? QStringLiteral("no WCS") : axes;
        nodes.push_back(std::move(node));
    }
    return nodes;
}

qint64 sizeOf(const caom2::Artifact &artifact)
{
    qint64 size = 1;
    for (const caom2::Part &part : artifact.parts)
        size += 1 + static_cast<qint64>(part.chunks.size());
    return size;
}

} // namespace

int partsFromDocumentsSchemaVersion()
{
    return 11;
}

QString chunkAxes(const caom2::Chunk &chunk)
{
    QStringList axes;
    if (chunk.position)
        axes << QStringLiteral("position");
    if (chunk.energy)
        axes << QStringLiteral("energy");
    if (chunk.time)
        axes << QStringLiteral("time");
    if (chunk.polarization)
        axes << QStringLiteral("polarization");
    if (chunk.observable)
        axes << QStringLiteral("observable");
    if (chunk.custom)
        axes << QStringLiteral("custom");
    return axes.join(QLatin1Char(','));
}

std::optional<std::vector<TreeNode>> documentChildren(const caom2::Observation &observation, NodeKind parentKind,
                                                      qint64 parentNo, const QString &artifactUri, qint64 obsKey)
{
    if (parentKind != NodeKind::Artifact && parentKind != NodeKind::Part)
        return std::nullopt;
    const std::string uri = artifactUri.toStdString();
    const caom2::Artifact *byUri = nullptr;
    qint64 byUriNo = 0;
    qint64 number = 1; // the observation is 0
    for (const caom2::Plane &plane : observation.planes) {
        ++number;
        for (const caom2::Artifact &artifact : plane.artifacts) {
            const qint64 artifactNo = number;
            if (parentKind == NodeKind::Artifact) {
                if (artifactNo == parentNo && artifact.uri.text == uri)
                    return partNodes(artifact, artifactNo + 1, obsKey);
                if (!byUri && !uri.empty() && artifact.uri.text == uri) {
                    byUri = &artifact;
                    byUriNo = artifactNo;
                }
            } else if (parentNo > artifactNo && parentNo < artifactNo + sizeOf(artifact)) {
                qint64 partNo = artifactNo + 1;
                for (const caom2::Part &part : artifact.parts) {
                    if (partNo == parentNo)
                        return chunkNodes(part, partNo + 1, obsKey);
                    partNo += 1 + static_cast<qint64>(part.chunks.size());
                }
                return std::nullopt; // the number falls on a chunk
            }
            number += sizeOf(artifact);
        }
    }
    if (byUri)
        return partNodes(*byUri, byUriNo + 1, obsKey);
    return std::nullopt;
}

} // namespace store
