#pragma once

#include "models/observation_window_cache.h"
#include "store/store_reader.h"

#include <QAbstractTableModel>

// The observations of one collection under an ObservationFilter, as a flat table for lists of any size.
//
// The first window is read before the count and its rows show as soon as they arrive; the rest are added when the
// store's count arrives (a first window that is not full is the count: none is read). Rows are read in windows
// of 200 through the StoreReader when the view first asks for them: data() of a row not in memory returns "Loading…"
// (ModelRole::RowStatus = Loading) and requests its window, and a ranged dataChanged follows when it arrives. Only a
// few windows stay in memory (LRU), so memory is bounded by what is on screen plus a window. setFilter() resets the
// model; answers to requests made under the old filter are dropped by their tokens.
//
// Columns: observationID, state (glyph + word + colour, see state_look.h), instrument, maxLastModified (UTC,
// ISO 8601; RawValue = ms), accMetaChecksum. Every cell offers ModelRole::Collection / ObservationId / State.
namespace mirror::models {

class ObservationTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { ObservationIdColumn, StateColumn, InstrumentColumn, ModifiedColumn, ChecksumColumn, ColumnCount };

    // reader: not owned; must outlive the model or be replaced with setReader() first.
    explicit ObservationTableModel(store::StoreReader *reader, QObject *parent = nullptr);
    ObservationTableModel(store::StoreReader *reader, ObservationWindowCache::Options options,
                          QObject *parent = nullptr);

    void setReader(store::StoreReader *reader); // resets to empty
    // Shows the observations matching `filter` (filter.collection is required); resets the model.
    void setFilter(const store::ObservationFilter &filter);
    // Shows exactly these observations (no windowing); resets the model.
    void setObservations(store::SummaryRows rows);
    // Re-reads the current filter from the store (after a harvest or an import).
    void refresh();
    void clear();

    const store::ObservationFilter &filter() const { return m_cache.filter(); }
    // The row's summary when in memory (no request is made), else nullptr.
    const store::ObservationSummary *summaryAt(int row) const;
    bool isLoading() const { return m_cache.loading(); }
    // Whether rowCount() is the exact number of matches (else: the first rows, shown while the count runs).
    bool countKnown() const { return m_cache.countKnown(); }
    bool countFailed() const { return m_cache.countFailed(); }
    int windowsInMemory() const { return m_cache.windowsInMemory(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    // The exact row count for the current filter is known (the count arrived, or a first window that was not
    // full told it).
    void countLoaded(qint64 count);
    // The first window of rows for the current filter is readable, maybe before the count (for time-to-first-rows
    // measurements, and for "200 shown, counting…").
    void firstRowsLoaded();
    // A read failed; the message names the cause (show it inline in the pane).
    void loadFailed(const QString &message);

private:
    void onCountLoaded(quint64 token, qint64 count);
    void onWindowLoaded(quint64 token, qint64 firstRow, const store::SummaryRows &rows);
    void onFailed(quint64 token, const QString &message);
    void connectReader();
    // Inserts or removes rows at the end so that `rows` are shown; exact: that is the count.
    void resizeRows(qint64 rows, bool exact);
    void announceFirstRows();

    mutable ObservationWindowCache m_cache; // data() requests windows: the cache is a lazy view of the store
    QMetaObject::Connection m_connections[3];
    bool m_firstRowsAnnounced = false;
};

} // namespace mirror::models
