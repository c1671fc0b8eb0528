#pragma once

#include "caom2/entities.h"
#include "models/model_roles.h"

#include <QString>

#include <vector>

// The rows EntityDetailModel shows, built once per selected entity: a flat arena of nodes, node 0 the invisible
// root. Building walks caom2::Fields<T> (fields.h) and formats values with caom2::valueText (diff_format.h).
namespace mirror::models {

struct DetailNode {
    QString name;
    QString value;     // as shown: a long compound value is cut with "…"
    QString fullValue; // the whole value when `value` was cut, else ""
    QString tooltip;
    int parent = -1;
    int row = 0; // position among its parent's children
    std::vector<int> children;
    bool absent = false;   // an optional field that is not set
    bool mismatch = false; // a checksum whose stored and computed values differ
    RowStatus status = RowStatus::Ready;
};

struct DetailTree {
    std::vector<DetailNode> nodes{DetailNode{}}; // nodes[0] is the root
    bool mismatch = false;                       // any checksum mismatch

    int add(int parent, QString name, QString value = {});
    // Adds a row whose shown value is `text` cut to a readable length; the whole text stays for copying.
    int addSummarised(int parent, QString name, const std::string &text);
};

// The field rows of each kind of entity, grouped (see entity_detail_model.h).
DetailTree buildDetail(const caom2::Observation &observation);
DetailTree buildDetail(const caom2::Plane &plane);
DetailTree buildDetail(const caom2::Artifact &artifact);
DetailTree buildDetail(const caom2::Part &part);
DetailTree buildDetail(const caom2::Chunk &chunk);

// "targetPosition" → "Target position", "positionAxis1" → "Position axis 1".
QString humanFieldName(const char *name);

} // namespace mirror::models
