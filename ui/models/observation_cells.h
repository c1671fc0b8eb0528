#pragma once

#include "models/model_roles.h"
#include "store/observation_store.h"

#include <QVariant>

// Cell data shared by the observation table and the entity tree: one place decides how an observation's
// summary and the "Loading…"/error placeholders read, so both views look the same.
namespace mirror::models {

enum class ObservationCell { ObservationId, State, Instrument, MaxLastModified, AccMetaChecksum, MetaChecksum };

// The data of one cell of an observation row for `role` (Display, ToolTip, Foreground, Decoration and the
// ModelRole values).
QVariant observationCell(const store::ObservationSummary &row, ObservationCell cell, int role);

// "yyyy-MM-dd HH:mm:ss" in UTC, "" when absent.
QString utcText(const std::optional<qint64> &msSinceEpoch);

// The data of a placeholder row: "Loading…" or the error message (in the first column only; the other columns
// are empty), greyed or in the error colour, with ModelRole::RowStatus.
QVariant placeholderData(RowStatus status, const QString &message, bool firstColumn, int role);

// The text "Loading…" every model shows for rows on their way.
QString loadingText();

} // namespace mirror::models
