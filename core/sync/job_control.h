#pragma once

#include "sync/harvest_counts.h"

#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

// What a running job and its owner share: cancel and pause requests going in, counters and the current
// phase coming out. Every worker checks in at least every 200 ms, so cancel takes effect within a second.
namespace harvest {

struct ProgressSnapshot {
    QString phase;                    // "listing deletions", "harvesting", "validating"...
    qint64 done = 0;                  // items finished in this phase
    std::optional<qint64> total;      // when known
    double ratePerSecond = 0;         // over the last ~10 s
    std::optional<qint64> etaSeconds; // only once the rate has settled and a total is known
    HarvestCounts counts;
    bool paused = false;
    // Jobs that move files: bytes received, of the total when known, and bytes per second over the last seconds.
    std::optional<qint64> bytesDone;
    std::optional<qint64> bytesTotal;
    double bytesPerSecond = 0;
};

class JobControl {
public:
    void cancel();
    void pause();
    void resume();
    bool cancelled() const { return m_cancelled.load(); }
    bool paused() const { return m_paused.load(); }
    // For libcurl transfers: they poll it and abort.
    const std::atomic<bool> *cancelFlag() const { return &m_cancelled; }

    // Blocks while paused; false once cancelled (the caller stops at the next consistent point).
    bool checkpoint();

    // Progress, written by the job, read by whoever reports it.
    void setPhase(const QString &phase, std::optional<qint64> total = std::nullopt);
    void addDone(qint64 items = 1);
    void updateCounts(const HarvestCounts &counts);
    // A job that measures its own progress (artifact transfers: files, bytes, their rate and ETA) hands it over
    // whole; snapshot() returns it from then on, with `paused` filled in.
    void setMeasured(const ProgressSnapshot &measured);
    ProgressSnapshot snapshot();

private:
    std::atomic<bool> m_cancelled{false};
    std::atomic<bool> m_paused{false};
    std::mutex m_pauseMutex;
    std::condition_variable m_pauseChanged;

    std::mutex m_progressMutex;
    QString m_phase;
    qint64 m_done = 0;
    std::optional<qint64> m_total;
    HarvestCounts m_counts;
    std::optional<ProgressSnapshot> m_measured;
    std::chrono::steady_clock::time_point m_phaseStarted = std::chrono::steady_clock::now();
    std::deque<std::pair<std::chrono::steady_clock::time_point, qint64>> m_samples; // (when, done) for the rate
};

} // namespace harvest
