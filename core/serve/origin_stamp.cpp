#include "serve/origin_stamp.h"

#include "caom2/checksum.h"

#include <QHash>
#include <QString>

#include <functional>

namespace serve {
namespace {

struct Stored {
    std::optional<std::string> metaChecksum;
    std::optional<std::string> accMetaChecksum;
    std::optional<caom2::Date> lastModified;
    std::optional<caom2::Date> maxLastModified;
};

// Every entity, observation first, then depth first.
void forEachEntity(caom2::Observation &o, const std::function<void(caom2::EntityBase &)> &visit)
{
    visit(o);
    for (auto &plane : o.planes) {
        visit(plane);
        for (auto &artifact : plane.artifacts) {
            visit(artifact);
            for (auto &part : artifact.parts) {
                visit(part);
                for (auto &chunk : part.chunks)
                    visit(chunk);
            }
        }
    }
}

QString key(const caom2::Uuid &id)
{
    return QString::fromStdString(id.toString());
}

} // namespace

void stampOriginWrite(caom2::Observation &incoming, const caom2::Observation *current, std::int64_t nowMs)
{
    QHash<QString, Stored> before;
    if (current) {
        // The stored values are recomputed rather than trusted: they are what the next comparison must match.
        caom2::Observation copy = *current;
        caom2::assignChecksums(copy);
        forEachEntity(copy, [&](caom2::EntityBase &e) {
            before.insert(key(e.id), {e.metaChecksum, e.accMetaChecksum, e.lastModified, e.maxLastModified});
        });
    }
    caom2::assignChecksums(incoming);
    const caom2::Date now{nowMs};
    forEachEntity(incoming, [&](caom2::EntityBase &e) {
        const auto it = before.constFind(key(e.id));
        const bool known = it != before.constEnd();
        if (!known || it->metaChecksum != e.metaChecksum || !it->lastModified)
            e.lastModified = now;
        else
            e.lastModified = it->lastModified;
        if (!known || it->accMetaChecksum != e.accMetaChecksum || !it->maxLastModified)
            e.maxLastModified = now;
        else
            e.maxLastModified = it->maxLastModified;
    });
}

} // namespace serve
