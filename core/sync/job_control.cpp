#include "sync/job_control.h"

namespace harvest {
namespace {

constexpr auto rateWindow = std::chrono::seconds(10);
constexpr auto settleTime = std::chrono::seconds(5); // no ETA before the rate has this much history

} // namespace

void JobControl::cancel()
{
    m_cancelled.store(true);
    std::lock_guard lock(m_pauseMutex);
    m_pauseChanged.notify_all();
}

void JobControl::pause()
{
    m_paused.store(true);
}

void JobControl::resume()
{
    m_paused.store(false);
    std::lock_guard lock(m_pauseMutex);
    m_pauseChanged.notify_all();
}

bool JobControl::checkpoint()
{
    if (m_paused.load()) {
        std::unique_lock lock(m_pauseMutex);
        m_pauseChanged.wait(lock, [this] { return !m_paused.load() || m_cancelled.load(); });
    }
    return !m_cancelled.load();
}

void JobControl::setPhase(const QString &phase, std::optional<qint64> total)
{
    std::lock_guard lock(m_progressMutex);
    m_phase = phase;
    m_total = total;
    m_done = 0;
    m_samples.clear();
    m_phaseStarted = std::chrono::steady_clock::now();
}

void JobControl::addDone(qint64 items)
{
    std::lock_guard lock(m_progressMutex);
    m_done += items;
}

void JobControl::updateCounts(const HarvestCounts &counts)
{
    std::lock_guard lock(m_progressMutex);
    m_counts = counts;
}

void JobControl::setMeasured(const ProgressSnapshot &measured)
{
    std::lock_guard lock(m_progressMutex);
    m_measured = measured;
}

ProgressSnapshot JobControl::snapshot()
{
    std::lock_guard lock(m_progressMutex);
    if (m_measured) {
        ProgressSnapshot measured = *m_measured;
        measured.paused = m_paused.load();
        return measured;
    }
    const auto now = std::chrono::steady_clock::now();
    m_samples.emplace_back(now, m_done);
    while (m_samples.size() > 2 && now - m_samples.front().first > rateWindow)
        m_samples.pop_front();

    ProgressSnapshot snapshot;
    snapshot.phase = m_phase;
    snapshot.done = m_done;
    snapshot.total = m_total;
    snapshot.counts = m_counts;
    snapshot.paused = m_paused.load();
    const auto &[firstTime, firstDone] = m_samples.front();
    const double seconds = std::chrono::duration<double>(now - firstTime).count();
    if (seconds > 0.5)
        snapshot.ratePerSecond = double(m_done - firstDone) / seconds;
    if (m_total && snapshot.ratePerSecond > 0 && now - m_phaseStarted >= settleTime)
        snapshot.etaSeconds = qint64(double(std::max<qint64>(0, *m_total - m_done)) / snapshot.ratePerSecond);
    return snapshot;
}

} // namespace harvest
