#include "models/observation_window_cache.h"

#include <algorithm>
#include <vector>

namespace mirror::models {

ObservationWindowCache::ObservationWindowCache(Options options) : m_options(options)
{
    m_options.windowSize = std::max(1, m_options.windowSize);
    m_options.maxWindows = std::max(2, m_options.maxWindows);
}

void ObservationWindowCache::setReader(store::StoreReader *reader)
{
    clear();
    m_reader = reader;
}

void ObservationWindowCache::cancelAll()
{
    if (m_reader)
        for (const auto &[token, pending] : m_pending)
            m_reader->cancel(token);
    m_pending.clear();
    m_pendingWindows.clear();
}

void ObservationWindowCache::clear()
{
    cancelAll();
    m_windows.clear();
    m_lru.clear();
    m_failedWindows.clear();
    m_fixedRows.clear();
    m_filter = {};
    m_active = false;
    m_fixed = false;
    m_countKnown = false;
    m_countFailed = false;
    m_count = 0;
    m_lastError.clear();
}

void ObservationWindowCache::setFilter(const store::ObservationFilter &filter)
{
    clear();
    m_filter = filter;
    m_active = true;
    if (!m_reader)
        return;
    // The window first: its rows can show while the count still runs (or make the count needless, see
    // acceptWindow()).
    requestWindow(0);
    const quint64 token = m_reader->newToken();
    m_pending.emplace(token, Pending{Request::Count, 0});
    m_reader->requestCount(token, m_filter);
}

void ObservationWindowCache::cancelCount()
{
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (it->second.what == Request::Count) {
            if (m_reader)
                m_reader->cancel(it->first); // skipped if not started; an answer already on its way is dropped
            it = m_pending.erase(it);
        } else {
            ++it;
        }
    }
}

bool ObservationWindowCache::reload()
{
    if (!m_reader || !m_active || m_fixed)
        return false;
    // Windows asked for but not arrived are asked for again (their rows show "Loading…" and the view will not
    // ask again by itself), after those in memory.
    std::vector<qint64> awaited;
    for (const auto &[windowIndex, token] : m_pendingWindows)
        if (!m_windows.contains(windowIndex))
            awaited.push_back(windowIndex);
    cancelAll();
    m_failedWindows.clear();
    m_countFailed = false;
    const quint64 token = m_reader->newToken();
    m_pending.emplace(token, Pending{Request::Count, 0});
    m_reader->requestCount(token, m_filter);
    // Most recently used first, so what is on screen comes back first.
    const std::list<qint64> windows = m_lru;
    for (qint64 windowIndex : windows)
        requestWindow(windowIndex, true);
    for (qint64 windowIndex : awaited)
        requestWindow(windowIndex, true);
    return true;
}

void ObservationWindowCache::setRows(store::SummaryRows rows)
{
    clear();
    m_active = true;
    m_fixed = true;
    m_fixedRows = std::move(rows);
    m_count = static_cast<qint64>(m_fixedRows.size());
    m_countKnown = true;
}

void ObservationWindowCache::requestWindow(qint64 windowIndex, bool exact)
{
    if (!m_reader || !m_active || m_fixed || m_pendingWindows.contains(windowIndex))
        return;
    // Past the end of a known count there is nothing to read.
    if (m_countKnown && windowIndex * m_options.windowSize >= m_count && windowIndex > 0)
        return;
    // A person scrolling fast leaves windows behind: keep at most maxWindows requests in flight, cancelling the
    // oldest (lowest token) so the reader spends its time on what is on screen now.
    while (static_cast<int>(m_pendingWindows.size()) >= m_options.maxWindows) {
        auto oldest = std::min_element(m_pendingWindows.begin(), m_pendingWindows.end(),
                                       [](const auto &a, const auto &b) { return a.second < b.second; });
        m_reader->cancel(oldest->second);
        m_pending.erase(oldest->second);
        m_pendingWindows.erase(oldest);
    }
    const qint64 firstRow = windowIndex * m_options.windowSize;
    QString after;
    if (auto previous = m_windows.find(windowIndex - 1);
        !exact && previous != m_windows.end() && static_cast<int>(previous->second.rows.size()) == m_options.windowSize)
        after = previous->second.rows.back().observationID;
    const quint64 token = m_reader->newToken();
    m_pending.emplace(token, Pending{Request::Window, windowIndex});
    m_pendingWindows.emplace(windowIndex, token);
    m_reader->requestWindow(token, m_filter, firstRow, m_options.windowSize, after);
}

void ObservationWindowCache::prefetch(qint64 windowIndex)
{
    if (windowIndex < 0 || m_windows.contains(windowIndex) || m_failedWindows.contains(windowIndex))
        return;
    // While the count runs, the window right after the rows shown is read ahead as well (the first window was
    // full, so it most likely exists): it is answered after the count, ready when the rows are added.
    const qint64 end = m_countKnown ? m_count : m_count + m_options.windowSize;
    if (windowIndex * m_options.windowSize >= end)
        return;
    requestWindow(windowIndex);
}

void ObservationWindowCache::touch(Window &window, qint64 windowIndex)
{
    if (window.lru != m_lru.begin()) {
        m_lru.erase(window.lru);
        m_lru.push_front(windowIndex);
        window.lru = m_lru.begin();
    }
}

void ObservationWindowCache::evict()
{
    while (static_cast<int>(m_windows.size()) > m_options.maxWindows) {
        const qint64 oldest = m_lru.back();
        m_lru.pop_back();
        m_windows.erase(oldest);
    }
}

const store::ObservationSummary *ObservationWindowCache::rowAt(qint64 row)
{
    if (row < 0 || !m_active)
        return nullptr;
    if (m_fixed)
        return peek(row);
    const qint64 windowIndex = row / m_options.windowSize;
    auto it = m_windows.find(windowIndex);
    if (it == m_windows.end()) {
        if (!m_failedWindows.contains(windowIndex))
            requestWindow(windowIndex);
        return nullptr;
    }
    touch(it->second, windowIndex);
    const auto offset = static_cast<std::size_t>(row - windowIndex * m_options.windowSize);
    // Read ahead: near the end of a window (or its start, scrolling up) the neighbour is asked for before
    // the view reaches it, so steady scrolling never waits for the store.
    const auto quarter = static_cast<std::size_t>(m_options.windowSize / 4);
    if (offset >= static_cast<std::size_t>(m_options.windowSize) - quarter)
        prefetch(windowIndex + 1);
    else if (offset < quarter && windowIndex > 0)
        prefetch(windowIndex - 1);
    auto current = m_windows.find(windowIndex); // prefetch never evicts, but keep the lookup honest
    return offset < current->second.rows.size() ? &current->second.rows[offset] : nullptr;
}

const store::ObservationSummary *ObservationWindowCache::peek(qint64 row) const
{
    if (row < 0 || !m_active)
        return nullptr;
    if (m_fixed)
        return row < static_cast<qint64>(m_fixedRows.size()) ? &m_fixedRows[static_cast<std::size_t>(row)] : nullptr;
    const qint64 windowIndex = row / m_options.windowSize;
    auto it = m_windows.find(windowIndex);
    if (it == m_windows.end())
        return nullptr;
    const auto offset = static_cast<std::size_t>(row - windowIndex * m_options.windowSize);
    return offset < it->second.rows.size() ? &it->second.rows[offset] : nullptr;
}

QString ObservationWindowCache::rowError(qint64 row) const
{
    if (m_fixed || row < 0)
        return {};
    auto it = m_failedWindows.find(row / m_options.windowSize);
    return it == m_failedWindows.end() ? QString() : it->second;
}

std::optional<qint64> ObservationWindowCache::acceptCount(quint64 token, qint64 count)
{
    auto it = m_pending.find(token);
    if (it == m_pending.end() || it->second.what != Request::Count)
        return std::nullopt;
    m_pending.erase(it);
    return std::max<qint64>(0, count);
}

void ObservationWindowCache::applyCount(qint64 count, bool exact)
{
    m_count = std::max<qint64>(0, count);
    m_countKnown = exact;
}

std::optional<ObservationWindowCache::WindowAnswer> ObservationWindowCache::acceptWindow(quint64 token, qint64 firstRow,
                                                                                         store::SummaryRows rows)
{
    auto it = m_pending.find(token);
    if (it == m_pending.end() || it->second.what != Request::Window)
        return std::nullopt;
    const qint64 windowIndex = it->second.windowIndex;
    m_pending.erase(it);
    m_pendingWindows.erase(windowIndex);
    if (firstRow != windowIndex * m_options.windowSize)
        return std::nullopt; // not what was asked for: never happens with a well-behaved reader
    const auto received = static_cast<qint64>(rows.size());
    if (auto old = m_windows.find(windowIndex); old != m_windows.end()) {
        m_lru.erase(old->second.lru);
        m_windows.erase(old);
    }
    m_lru.push_front(windowIndex);
    m_windows.emplace(windowIndex, Window{std::move(rows), m_lru.begin()});
    evict();
    WindowAnswer answer;
    if (!m_countKnown && windowIndex == 0 && m_count == 0) {
        // The first rows, before the count: shown now. A window that is not full holds every match, so it is the
        // count, and the count's request (made after this window's, not started yet on a reader that answers in
        // order, unless the thread moved on already) is cancelled.
        answer.show = received;
        answer.exact = received < m_options.windowSize;
        if (answer.exact)
            cancelCount();
        answer.readable = Range{0, received - 1};
        return answer;
    }
    // Before anything is shown (no count, no first window yet) this is empty: the rows are kept for later.
    answer.readable = Range{firstRow, std::min(firstRow + received, m_count) - 1};
    return answer;
}

std::optional<ObservationWindowCache::Range> ObservationWindowCache::acceptFailure(quint64 token,
                                                                                   const QString &message)
{
    auto it = m_pending.find(token);
    if (it == m_pending.end())
        return std::nullopt;
    const Pending pending = it->second;
    m_pending.erase(it);
    m_lastError = message;
    if (pending.what == Request::Count) {
        // The rows shown so far (a first window that came before the count) stay; keep the message for the view.
        m_countFailed = true;
        return Range{0, -1};
    }
    m_pendingWindows.erase(pending.windowIndex);
    m_failedWindows[pending.windowIndex] = message;
    const qint64 first = pending.windowIndex * m_options.windowSize;
    const qint64 last = std::min(first + m_options.windowSize, rowCount()) - 1;
    return Range{first, last};
}

} // namespace mirror::models
