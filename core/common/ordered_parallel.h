#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

// Work on items [0, count) on every core, results handed back in input order: `work(i)` runs on up to
// `threads` threads, `deliver(i, result)` on the calling thread, for i = 0, 1, 2, ... as soon as that result
// is ready. At most `window` results are held at once (the workers never run further ahead of delivery than
// that), so memory stays bounded however many items there are, and output is the same as a loop's.
namespace mirror {

inline int defaultWorkerThreads()
{
    return int(std::max(1u, std::thread::hardware_concurrency()));
}

template <class Result>
void orderedParallel(std::size_t count, int threads, std::size_t window, const std::function<Result(std::size_t)> &work,
                     const std::function<void(std::size_t, Result &&)> &deliver)
{
    threads = std::max(1, std::min<int>(threads, int(count)));
    if (threads <= 1) {
        for (std::size_t i = 0; i < count; ++i)
            deliver(i, work(i));
        return;
    }
    window = std::max<std::size_t>(window, std::size_t(threads));
    // Waking a sleeping thread costs a few microseconds of system time, as much as the work on a small item: the
    // deliverer is woken once per `batch` results in order (or when no more can come without it), not per result,
    // takes all that are ready at once, and wakes the workers only if one waits for room in the window.
    constexpr std::size_t batch = 8;
    std::mutex mutex;
    std::condition_variable resultsReady; // the calling thread waits here
    std::condition_variable windowFreed;  // workers wait here
    std::vector<std::optional<Result>> ready(window);
    std::size_t claimed = 0;   // next index a worker takes
    std::size_t readyUpTo = 0; // every result before this index is ready (or taken)
    std::size_t taken = 0;     // next index the deliverer takes out of `ready`
    std::size_t delivered = 0; // every index before this has been handed to deliver()
    bool delivererWaits = false;
    int workersWaiting = 0;
    // Called with the mutex held by a worker that will not produce anything more for a while.
    auto wakeDeliverer = [&] {
        if (delivererWaits && readyUpTo > taken)
            resultsReady.notify_one();
    };
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&] {
            std::unique_lock lock(mutex);
            for (;;) {
                while (claimed < count && claimed >= delivered + window) {
                    wakeDeliverer();
                    ++workersWaiting;
                    windowFreed.wait(lock);
                    --workersWaiting;
                }
                if (claimed >= count) {
                    wakeDeliverer();
                    return;
                }
                const std::size_t index = claimed++;
                lock.unlock();
                Result result = work(index);
                lock.lock();
                ready[index % window] = std::move(result);
                while (readyUpTo < claimed && ready[readyUpTo % window].has_value())
                    ++readyUpTo;
                if (readyUpTo - taken >= batch)
                    wakeDeliverer();
            }
        });
    std::vector<Result> inOrder;
    while (delivered < count) {
        std::size_t first = 0;
        {
            std::unique_lock lock(mutex);
            delivererWaits = true;
            resultsReady.wait(lock, [&] { return readyUpTo > taken; });
            delivererWaits = false;
            first = taken;
            for (; taken < readyUpTo; ++taken) {
                inOrder.push_back(std::move(*ready[taken % window]));
                ready[taken % window].reset();
            }
        }
        for (std::size_t k = 0; k < inOrder.size(); ++k)
            deliver(first + k, std::move(inOrder[k]));
        inOrder.clear();
        {
            std::lock_guard lock(mutex);
            delivered = taken;
            if (workersWaiting > 0)
                windowFreed.notify_all();
        }
    }
    for (std::thread &worker : workers)
        worker.join();
}

} // namespace mirror
