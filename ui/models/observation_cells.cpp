#include "models/observation_cells.h"

#include "models/icon_set.h"
#include "models/state_look.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFont>

namespace mirror::models {

QString loadingText()
{
    return QCoreApplication::translate("ObservationCells", "Loading\u2026");
}

QString utcText(const std::optional<qint64> &msSinceEpoch)
{
    if (!msSinceEpoch)
        return {};
    return QDateTime::fromMSecsSinceEpoch(*msSinceEpoch, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QVariant observationCell(const store::ObservationSummary &row, ObservationCell cell, int role)
{
    switch (role) {
    case ModelRole::Collection: return row.collection;
    case ModelRole::ObservationId: return row.observationID;
    case ModelRole::State: return row.state;
    case ModelRole::Source: return row.source;
    case ModelRole::RowStatus: return static_cast<int>(RowStatus::Ready);
    case ModelRole::NodeKind: return static_cast<int>(store::NodeKind::Observation);
    case ModelRole::EntityPath: return QStringList();
    default: break;
    }
    switch (cell) {
    case ObservationCell::ObservationId:
        if (role == Qt::DisplayRole || role == ModelRole::CopyText)
            return row.observationID;
        if (role == Qt::ToolTipRole)
            return row.uri;
        return {};
    case ObservationCell::State: {
        const StateLook look = stateLook(row.state);
        switch (role) {
        case Qt::DisplayRole: return look.label; // the icon beside it carries the glyph
        case ModelRole::CopyText: return row.state;
        case Qt::ToolTipRole: return look.tooltip;
        case Qt::ForegroundRole: return look.colour;
        case Qt::DecorationRole: return icon(stateIconName(row.state));
        default: return {};
        }
    }
    case ObservationCell::Instrument:
        return role == Qt::DisplayRole || role == ModelRole::CopyText ? QVariant(row.instrument) : QVariant();
    case ObservationCell::MaxLastModified:
        if (role == Qt::DisplayRole || role == ModelRole::CopyText)
            return utcText(row.maxLastModified);
        if (role == ModelRole::RawValue)
            return row.maxLastModified ? QVariant(*row.maxLastModified) : QVariant();
        return {};
    case ObservationCell::AccMetaChecksum:
        if (role == Qt::DisplayRole || role == ModelRole::CopyText)
            return row.accMetaChecksum;
        if (role == Qt::FontRole) {
            QFont font;
            font.setFamily(QStringLiteral("monospace"));
            font.setStyleHint(QFont::Monospace);
            return font;
        }
        return {};
    case ObservationCell::MetaChecksum:
        if (role == Qt::DisplayRole || role == ModelRole::CopyText)
            return row.metaChecksum;
        return {};
    }
    return {};
}

QVariant placeholderData(RowStatus status, const QString &message, bool firstColumn, int role)
{
    switch (role) {
    case ModelRole::RowStatus: return static_cast<int>(status);
    case Qt::DisplayRole:
        if (!firstColumn)
            return QString();
        return status == RowStatus::Error ? QCoreApplication::translate("ObservationCells", "\u26a0 %1").arg(message)
                                          : loadingText();
    case Qt::ToolTipRole: return status == RowStatus::Error ? QVariant(message) : QVariant();
    case ModelRole::CopyText: return status == RowStatus::Error && firstColumn ? QVariant(message) : QVariant();
    case Qt::ForegroundRole:
        return stateLook(status == RowStatus::Error ? store::ObservationState::differs : QString()).colour;
    case Qt::FontRole: {
        QFont font;
        font.setItalic(true);
        return font;
    }
    default: return {};
    }
}

} // namespace mirror::models
