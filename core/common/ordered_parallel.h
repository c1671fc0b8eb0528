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
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<std::optional<Result>> ready(window);
    std::size_t claimed = 0;   // next index a worker takes
    std::size_t delivered = 0; // next index handed to deliver()
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&] {
            for (;;) {
                std::size_t index = 0;
                {
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return claimed >= count || claimed < delivered + window; });
                    if (claimed >= count)
                        return;
                    index = claimed++;
                }
                Result result = work(index);
                {
                    std::lock_guard lock(mutex);
                    ready[index % window] = std::move(result);
                }
                changed.notify_all();
            }
        });
    while (delivered < count) {
        Result result;
        {
            std::unique_lock lock(mutex);
            changed.wait(lock, [&] { return ready[delivered % window].has_value(); });
            result = std::move(*ready[delivered % window]);
            ready[delivered % window].reset();
        }
        deliver(delivered, std::move(result));
        {
            std::lock_guard lock(mutex);
            ++delivered;
        }
        changed.notify_all();
    }
    for (std::thread &worker : workers)
        worker.join();
}

} // namespace mirror
