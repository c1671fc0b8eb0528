#pragma once

#include "store/observation_store.h"

#include <QList>
#include <QString>
#include <QStringList>

// Names one entity of one stored observation: the observation by (collection, observationID) and the entity
// below it by identity (productID, artifact URI, part name, chunk id), the way EntityTreeModel's rows carry
// it (ModelRole::EntityPath) and EntityDetailModel selects what it lists.
namespace mirror::models {

struct EntityRef {
    QString collection;
    QString observationID;
    QStringList path; // 0 entries: the observation; 1: a plane; 2: an artifact; 3: a part; 4: a chunk

    store::NodeKind kind() const { return static_cast<store::NodeKind>(qMin(path.size(), 4)); }
    bool isValid() const { return !collection.isEmpty() && !observationID.isEmpty() && path.size() <= 4; }
    friend bool operator==(const EntityRef &, const EntityRef &) = default;
};

// Human name of a node kind: "Observation", "Plane", "Artifact", "Part", "Chunk".
QString nodeKindName(store::NodeKind kind);

} // namespace mirror::models
