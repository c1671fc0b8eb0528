#include "models/artifact_states_model.h"

#include "models/model_roles.h"
#include "sync/artifact_report_format.h"

#include <QColor>
#include <QLocale>

namespace mirror::models {

namespace {

const QColor okColour(0x1b, 0x6e, 0x2a);
const QColor warnColour(0x8a, 0x4b, 0x00);
const QColor failColour(0xb0, 0x1c, 0x1c);

qint64 valueOf(const store::ArtifactStateCount &row, int column)
{
    switch (column) {
    case ArtifactStatesModel::DescribedColumn: return row.described;
    case ArtifactStatesModel::VerifiedColumn: return row.verified;
    case ArtifactStatesModel::QueuedColumn: return row.queued;
    case ArtifactStatesModel::CorruptColumn: return row.corrupt;
    case ArtifactStatesModel::MissingColumn: return row.missing;
    case ArtifactStatesModel::VerifiedBytesColumn: return row.verifiedBytes;
    case ArtifactStatesModel::DescribedBytesColumn: return row.describedBytes;
    default: return 0;
    }
}

} // namespace

ArtifactStatesModel::ArtifactStatesModel(QObject *parent) : QAbstractTableModel(parent) {}

void ArtifactStatesModel::setRows(std::vector<store::ArtifactStateCount> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int ArtifactStatesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ArtifactStatesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ArtifactStatesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::ArtifactStateCount &row = m_rows[static_cast<std::size_t>(index.row())];
    const int column = index.column();
    const qint64 value = valueOf(row, column);
    const bool problem = (column == CorruptColumn || column == MissingColumn) && value > 0;
    const bool complete = column == VerifiedColumn && row.described > 0 && row.verified == row.described;
    switch (role) {
    case Qt::DisplayRole:
        if (column == CollectionColumn)
            return row.collection;
        if (column == VerifiedBytesColumn || column == DescribedBytesColumn)
            return harvest::byteSizeText(double(value));
        if (problem)
            return tr("\u2716 %1").arg(QLocale().toString(value));
        if (complete)
            return tr("\u2714 %1 (all)").arg(QLocale().toString(value));
        if (column == QueuedColumn && value > 0)
            return tr("\u23f3 %1").arg(QLocale().toString(value));
        return QLocale().toString(value);
    case Qt::ForegroundRole:
        if (problem)
            return failColour;
        if (complete)
            return okColour;
        if (column == QueuedColumn && value > 0)
            return warnColour;
        return {};
    case Qt::ToolTipRole:
        if (column == CorruptColumn && value > 0)
            return tr("Files on disk whose bytes do not match their metadata; they are queued for download again.");
        if (column == MissingColumn && value > 0)
            return tr("Files recorded here once and gone from disk; they are queued for download again.");
        if (column == QueuedColumn && value > 0)
            return tr("Waiting for a download job (files not yet public wait until their release date).");
        return {};
    case Qt::TextAlignmentRole:
        return column == CollectionColumn ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case ModelRole::Collection: return row.collection;
    case ModelRole::RawValue: return column == CollectionColumn ? QVariant() : QVariant(value);
    default: return {};
    }
}

QVariant ArtifactStatesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[] = {
        QT_TR_NOOP("Collection"), QT_TR_NOOP("Files"),   QT_TR_NOOP("Here, verified"), QT_TR_NOOP("Queued"),
        QT_TR_NOOP("Corrupt"),    QT_TR_NOOP("Missing"), QT_TR_NOOP("Size here"),      QT_TR_NOOP("Size in all")};
    static const char *const tips[] = {QT_TR_NOOP("The collection"),
                                       QT_TR_NOOP("Files the stored observations describe"),
                                       QT_TR_NOOP("Files in the artifact root whose length and checksum were checked"),
                                       QT_TR_NOOP("Files waiting for a download job"),
                                       QT_TR_NOOP("Files found with the wrong bytes by the last check"),
                                       QT_TR_NOOP("Files found gone from disk by the last check"),
                                       QT_TR_NOOP("Bytes of the verified files"),
                                       QT_TR_NOOP("Bytes of every file the metadata describes")};
    if (role == Qt::DisplayRole)
        return tr(titles[section]);
    if (role == Qt::ToolTipRole)
        return tr(tips[section]);
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace mirror::models
