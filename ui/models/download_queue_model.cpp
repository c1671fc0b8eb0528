#include "models/download_queue_model.h"

#include "models/model_roles.h"
#include "sync/artifact_report_format.h"

#include <QColor>
#include <QLocale>

namespace mirror::models {

namespace {

const QColor warnColour(0x8a, 0x4b, 0x00);
const QColor failColour(0xb0, 0x1c, 0x1c);

// "12 (3.4 MiB)", "—" for none.
QString filesAndBytes(qint64 files, qint64 bytes)
{
    if (files == 0)
        return QStringLiteral("\u2014");
    return QStringLiteral("%1 (%2)").arg(QLocale().toString(files), harvest::byteSizeText(double(bytes)));
}

} // namespace

DownloadQueueModel::DownloadQueueModel(QObject *parent) : QAbstractTableModel(parent) {}

void DownloadQueueModel::setTargets(const std::vector<harvest::TargetHealth> &targets)
{
    std::vector<harvest::TargetHealth> rows;
    for (const harvest::TargetHealth &t : targets)
        if (t.downloads.files() > 0 || t.downloadingNow)
            rows.push_back(t);
    const bool sameRows = rows.size() == m_rows.size()
        && std::equal(rows.begin(), rows.end(), m_rows.begin(), [](const auto &a, const auto &b) {
                              return a.source == b.source && a.collection == b.collection;
                          });
    if (sameRows) {
        m_rows = std::move(rows);
        if (!m_rows.empty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int DownloadQueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int DownloadQueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DownloadQueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const harvest::TargetHealth &t = m_rows[static_cast<std::size_t>(index.row())];
    const store::DownloadQueueCounts &q = t.downloads;
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Partner: return t.source;
        case Collection: return t.collection;
        case Due: return filesAndBytes(q.dueFiles, q.dueBytes);
        case WaitingForRelease: return filesAndBytes(q.releaseFiles, q.releaseBytes);
        case Failed:
            return q.failedFiles == 0 ? filesAndBytes(0, 0)
                                      : tr("\u2716 %1, %2 due for another try")
                                            .arg(filesAndBytes(q.failedFiles, q.failedBytes))
                                            .arg(q.failedDueFiles);
        case DownloadingNow:
            return t.downloadingNow ? tr("\u21e3 %1").arg(harvest::downloadingNowText(*t.downloadingNow))
                                    : tr("not running");
        default: return {};
        }
    case Qt::ForegroundRole:
        if (column == Failed && q.failedFiles > 0)
            return failColour;
        if (column == Due && q.dueFiles > 0)
            return warnColour;
        return {};
    case Qt::ToolTipRole:
        switch (column) {
        case Due: return tr("Files a download job will fetch now");
        case WaitingForRelease: return tr("Files not yet public: they are fetched once their release date has come");
        case Failed:
            return q.failedFiles > 0 ? tr("Files whose download failed; each is tried again when its wait is over. "
                                          "The reasons are in the last download job's report.")
                                     : QVariant();
        case DownloadingNow:
            return t.downloadingNow ? tr("Files installed and bytes received by the download running "
                                         "now")
                                    : QVariant();
        default: return {};
        }
    case Qt::TextAlignmentRole:
        return column == Partner || column == Collection ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case ModelRole::Source: return t.source;
    case ModelRole::Collection: return t.collection;
    case ModelRole::RawValue:
        switch (column) {
        case Due: return q.dueFiles;
        case WaitingForRelease: return q.releaseFiles;
        case Failed: return q.failedFiles;
        case DownloadingNow: return t.downloadingNow ? QVariant(t.downloadingNow->counts.itemsOk) : QVariant();
        default: return {};
        }
    default: return {};
    }
}

QVariant DownloadQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const titles[] = {QT_TR_NOOP("Partner"), QT_TR_NOOP("Collection"),
                                         QT_TR_NOOP("Due now"), QT_TR_NOOP("Waiting for release"),
                                         QT_TR_NOOP("Failed"),  QT_TR_NOOP("Downloading now")};
    return tr(titles[section]);
}

} // namespace mirror::models
