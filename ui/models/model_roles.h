#pragma once

#include <Qt>

// Item data roles shared by every model of ui/models, beyond Qt's own. Views and tests use these instead of
// parsing display text. Qt::DisplayRole is always readable text (a state cell: its word); state is also given by
// Qt::DecorationRole (the state's icon, shaped differently per state), Qt::ForegroundRole (a QColor) and
// Qt::ToolTipRole, so it never relies on colour alone.
namespace mirror::models::ModelRole {

inline constexpr int Collection = Qt::UserRole + 1;    // QString
inline constexpr int ObservationId = Qt::UserRole + 2; // QString (observationID)
inline constexpr int State = Qt::UserRole + 3;         // QString: store::ObservationState value, "" if unknown
inline constexpr int NodeKind = Qt::UserRole + 4;      // int: store::NodeKind of a tree row
inline constexpr int EntityPath = Qt::UserRole + 5;    // QStringList: identity labels below the observation
inline constexpr int RowStatus = Qt::UserRole + 6;     // int: models::RowStatus of the row
inline constexpr int RawValue = Qt::UserRole + 7;      // the unformatted value (qint64 count, ms time...)
inline constexpr int Source = Qt::UserRole + 8;        // QString: partner source name
inline constexpr int Mismatch = Qt::UserRole + 9;      // bool: stored and computed checksum differ
inline constexpr int Absent = Qt::UserRole + 10;       // bool: a detail field that is not set
inline constexpr int CopyText = Qt::UserRole + 11;     // QString: what "Copy" puts on the clipboard
inline constexpr int FullText = Qt::UserRole + 12;     // QString: the cell's whole text, never cut (for "Copy row")

} // namespace mirror::models::ModelRole

namespace mirror::models {

// What a row of a lazily loaded model currently is.
enum class RowStatus {
    Ready,   // real data
    Loading, // a placeholder shown while the data is being read ("Loading…")
    Error,   // a placeholder carrying the error message of a failed read
};

} // namespace mirror::models
