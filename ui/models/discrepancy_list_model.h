#pragma once

#include "store/discrepancy_reader.h"

#include <QAbstractTableModel>
#include <QPointer>

#include <list>
#include <map>
#include <optional>
#include <set>

// The discrepancies matching a filter, in windows of rows read through a DiscrepancyReader when first shown
// and forgotten least-recently-used first, so hundreds of thousands of findings cost what is on screen.
// Sorting (by observation, class, partner or time found) is done by the store. A row not yet read shows
// "Loading…"; every class is shown as text and a glyph, never colour alone.
namespace mirror::models {

class DiscrepancyListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Observation, Class, Partner, Collection, Found, Checksums, Acknowledged, ColumnCount };
    static constexpr int KeyRole = Qt::UserRole + 40;   // qint64: the discrepancy's key
    static constexpr int ClassRole = Qt::UserRole + 41; // QString: class name ("checksum-differs")

    explicit DiscrepancyListModel(QObject *parent = nullptr);

    void setReader(store::DiscrepancyReader *reader);
    // Starts over with this filter (counts and first window requested together).
    void setFilter(const store::DiscrepancyFilter &filter);
    const store::DiscrepancyFilter &filter() const { return m_filter; }
    // Reads the same filter again (after an acknowledgement, a new validate run).
    void reload();

    // The row if read, else nullptr (and its window is requested).
    const store::DiscrepancyRow *rowAt(int row) const;
    bool countKnown() const { return m_countKnown; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void sort(int column, Qt::SortOrder order) override;

    // "Checksum differs" and friends, as operators read them.
    static QString classLabel(const QString &className);
    static QString classGlyph(const QString &className);

signals:
    void countChanged(qint64 count);
    void loadFailed(const QString &message);

private:
    static constexpr int kWindow = 200;
    static constexpr std::size_t kMaxWindows = 12;

    void requestWindow(qint64 window) const;
    void onWindow(quint64 token, qint64 offset, const store::DiscrepancyRows &rows);
    void onCount(quint64 token, qint64 count);
    void onFailed(quint64 token, const QString &message);

    QPointer<store::DiscrepancyReader> m_reader;
    store::DiscrepancyFilter m_filter;
    store::DiscrepancySort m_sort = store::DiscrepancySort::Detected;
    bool m_descending = true;
    qint64 m_count = 0;
    bool m_countKnown = false;
    quint64 m_countToken = 0;
    // Windows in memory by index, with the LRU order; requests in flight by token.
    mutable std::map<qint64, store::DiscrepancyRows> m_windows;
    mutable std::list<qint64> m_recent;
    mutable std::map<quint64, qint64> m_pending;
    mutable std::set<qint64> m_requested;
};

} // namespace mirror::models
