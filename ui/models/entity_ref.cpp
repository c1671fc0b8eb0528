#include "models/entity_ref.h"

#include <QCoreApplication>

namespace mirror::models {

QString nodeKindName(store::NodeKind kind)
{
    switch (kind) {
    case store::NodeKind::Observation: return QCoreApplication::translate("EntityRef", "Observation");
    case store::NodeKind::Plane: return QCoreApplication::translate("EntityRef", "Plane");
    case store::NodeKind::Artifact: return QCoreApplication::translate("EntityRef", "Artifact");
    case store::NodeKind::Part: return QCoreApplication::translate("EntityRef", "Part");
    case store::NodeKind::Chunk: return QCoreApplication::translate("EntityRef", "Chunk");
    }
    return {};
}

} // namespace mirror::models
