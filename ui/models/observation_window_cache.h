#pragma once

#include "store/observation_store.h"
#include "store/store_reader.h"

#include <QPointer>
#include <QString>

#include <list>
#include <optional>
#include <unordered_map>

// The rows of one filtered collection, held as a bounded number of windows (200 rows each by default) that are
// read through a StoreReader when first asked for and forgotten least-recently-used first: memory stays at
// what is on screen plus a few windows, whatever the collection's size. Not a model itself; the observation
// table and the tree's top level both use one and turn what it accepts into model signals.
//
// The first window is read before the count, and its rows are shown as soon as they arrive: counting the matches
// of a common text reads every one of them (seconds on a million rows), while their first window takes
// milliseconds. A first window with fewer rows than a window holds is the count itself, and the count is not
// read at all; a full one is shown at once, and the rest of the rows are added when the exact count arrives.
//
// It can also hold a fixed set of rows given by the caller (no reading, no eviction): a search result or the
// observations of one discrepancy list.
namespace mirror::models {

class ObservationWindowCache {
public:
    struct Options {
        int windowSize = 200;
        int maxWindows = 8; // windows kept in memory (LRU); pending requests beyond it are cancelled
    };
    struct Range {
        qint64 first = 0;
        qint64 last = 0; // inclusive
    };

    ObservationWindowCache() : ObservationWindowCache(Options{}) {}
    explicit ObservationWindowCache(Options options);

    // The reader used for requests (not owned). Changing it starts over as clear() does.
    void setReader(store::StoreReader *reader);
    store::StoreReader *reader() const { return m_reader; }

    // Starts over for a filter: forgets every row and pending request (their answers become stale), then
    // requests the first window and, after it, the count (the reader answers in order, so the window comes first).
    void setFilter(const store::ObservationFilter &filter);
    // Starts over with a fixed set of rows (the count is known at once; nothing is read).
    void setRows(store::SummaryRows rows);
    // Forgets everything: no filter, no rows.
    void clear();
    // Reads the same filter again without forgetting what is shown (the store changed under it): the count and
    // every window in memory are requested anew, and the old rows stay readable until the new ones arrive. False
    // when there is nothing to read again (no filter, fixed rows, no reader).
    bool reload();

    const store::ObservationFilter &filter() const { return m_filter; }
    bool isFixed() const { return m_fixed; }
    // Whether rowCount() is the exact number of matching rows. Before it is, rowCount() is the rows of the first
    // window when it arrived first (0 before that).
    bool countKnown() const { return m_countKnown; }
    qint64 rowCount() const { return m_count; }
    // The count's read failed (since the last setFilter/reload): rowCount() stays what was shown before it.
    bool countFailed() const { return m_countFailed; }
    const Options &options() const { return m_options; }

    // The row if its window is in memory (marking that window recently used); otherwise requests its window
    // (once; the caller shows "Loading…") and returns nullptr. A row in the last (first) quarter of its window
    // also requests the next (previous) window ahead of need. Callable from const model methods.
    const store::ObservationSummary *rowAt(qint64 row);
    // The row if in memory, without requesting or touching the LRU order.
    const store::ObservationSummary *peek(qint64 row) const;
    // The message of a failed read of this row's window, "" when none.
    QString rowError(qint64 row) const;
    // Whether any request is in flight.
    bool loading() const { return !m_pending.empty(); }
    int windowsInMemory() const { return static_cast<int>(m_windows.size()); }

    // Answers from the reader. Each returns nothing for a token it does not wait for (a stale answer, or one
    // meant for another user of the same reader).
    // countLoaded: the new row count, not applied yet: the model inserts (or, when rows were shown before it or
    // after reload(), removes) the rows between rowCount() and it, calling applyCount(count) between begin and end.
    std::optional<qint64> acceptCount(quint64 token, qint64 count);
    // exact: the count itself; false for the rows of a first window that arrived before the count.
    void applyCount(qint64 count, bool exact = true);
    // windowLoaded: the rows now readable (the model emits dataChanged over them). Rows beyond rowCount() are kept
    // but not reported. When the first window arrives before the count, `show` is how many rows to show now (the
    // model inserts them, calling applyCount(show, exact) between begin and end); `exact` when that is the count
    // (the window was not full: the count's request is cancelled and no countLoaded answer will come).
    struct WindowAnswer {
        Range readable;
        std::optional<qint64> show;
        bool exact = false;
    };
    std::optional<WindowAnswer> acceptWindow(quint64 token, qint64 firstRow, store::SummaryRows rows);
    // failed: the rows whose read failed (the whole known range when the count failed; empty range [0, -1] when
    // nothing is visible yet). The message is kept for rowError() and lastError().
    std::optional<Range> acceptFailure(quint64 token, const QString &message);
    QString lastError() const { return m_lastError; }

private:
    struct Window {
        store::SummaryRows rows;
        std::list<qint64>::iterator lru;
    };
    enum class Request { Count, Window };
    struct Pending {
        Request what = Request::Window;
        qint64 windowIndex = 0;
    };

    // exact: by row offset, not after the previous window's last row (which may have moved since it was read).
    void requestWindow(qint64 windowIndex, bool exact = false);
    void prefetch(qint64 windowIndex);
    void touch(Window &window, qint64 windowIndex);
    void evict();
    void cancelAll();
    void cancelCount(); // the count's request, when a short first window made it needless

    Options m_options;
    QPointer<store::StoreReader> m_reader; // null again if the reader goes first
    store::ObservationFilter m_filter;
    bool m_active = false; // a filter or fixed rows are set
    bool m_fixed = false;
    bool m_countKnown = false;
    bool m_countFailed = false;
    qint64 m_count = 0; // the rows shown: the exact count once known, else the first window's rows (or 0)
    store::SummaryRows m_fixedRows;
    std::unordered_map<qint64, Window> m_windows;         // by window index
    std::list<qint64> m_lru;                              // window indexes, most recent first
    std::unordered_map<quint64, Pending> m_pending;       // by token
    std::unordered_map<qint64, quint64> m_pendingWindows; // window index → token
    std::unordered_map<qint64, QString> m_failedWindows;  // window index → message
    QString m_lastError;
};

} // namespace mirror::models
