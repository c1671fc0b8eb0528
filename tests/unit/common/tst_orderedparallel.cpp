// Work on every core with results in input order (checksum, validate and import use it): every item is
// delivered once, in order, whatever order the work finishes in; the workers really run at the same time;
// and they never run further ahead of delivery than the window allows.
#include "common/ordered_parallel.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

class TestOrderedParallel : public QObject {
    Q_OBJECT

private slots:
    void deliversEveryItemOnceInInputOrder()
    {
        for (const int threads : {1, 2, 4, 7}) {
            std::vector<std::size_t> delivered;
            mirror::orderedParallel<std::size_t>(
                200, threads, 8,
                [](std::size_t i) {
                    // Later items finish sooner, so the order of completion is not the order of input.
                    volatile std::size_t spin = 0;
                    for (std::size_t k = 0; k < (200 - i) * 200; ++k)
                        spin = spin + k;
                    return i * i;
                },
                [&](std::size_t i, std::size_t &&result) {
                    QCOMPARE(result, i * i);
                    delivered.push_back(i);
                });
            QCOMPARE(delivered.size(), std::size_t(200));
            for (std::size_t i = 0; i < delivered.size(); ++i)
                QCOMPARE(delivered[i], i);
        }
    }

    void workersRunAtTheSameTime()
    {
        // Items 0 and 1 each wait for the other to have started: this only ends if two run at once.
        std::mutex mutex;
        std::condition_variable started;
        int running = 0;
        bool together = true;
        mirror::orderedParallel<int>(
            2, 2, 2,
            [&](std::size_t) {
                std::unique_lock lock(mutex);
                ++running;
                started.notify_all();
                if (!started.wait_for(lock, std::chrono::seconds(60), [&] { return running == 2; }))
                    together = false;
                return 0;
            },
            [](std::size_t, int &&) {});
        QVERIFY(together);
    }

    void neverRunsFurtherAheadThanTheWindow()
    {
        std::atomic<std::size_t> deliveredCount{0};
        std::atomic<std::size_t> worstLead{0};
        mirror::orderedParallel<int>(
            300, 4, 5,
            [&](std::size_t i) {
                const std::size_t lead = i - std::min(i, deliveredCount.load());
                std::size_t seen = worstLead.load();
                while (lead > seen && !worstLead.compare_exchange_weak(seen, lead)) {}
                return int(i);
            },
            [&](std::size_t, int &&) { ++deliveredCount; });
        QCOMPARE(deliveredCount.load(), std::size_t(300));
        QVERIFY2(worstLead.load() < 5, qPrintable(QString::number(worstLead.load())));
    }

    // The deliverer is woken once per several results in order; every count, including those that leave fewer
    // than that at the end or a window smaller than that, must still all be delivered (a lost wake would hang).
    void deliversEveryCountWhateverTheWindow()
    {
        for (const std::size_t window : {1, 2, 3, 9, 64}) {
            for (std::size_t count = 1; count <= 21; ++count) {
                std::size_t delivered = 0;
                mirror::orderedParallel<std::size_t>(
                    count, 3, window, [](std::size_t i) { return i; },
                    [&](std::size_t i, std::size_t &&result) {
                        QCOMPARE(result, i);
                        QCOMPARE(i, delivered);
                        ++delivered;
                    });
                QCOMPARE(delivered, count);
            }
        }
    }

    void nothingToDo()
    {
        int calls = 0;
        mirror::orderedParallel<int>(
            0, 4, 8, [&](std::size_t) { return ++calls; }, [&](std::size_t, int &&) { ++calls; });
        QCOMPARE(calls, 0);
    }
};

QTEST_GUILESS_MAIN(TestOrderedParallel)
#include "tst_orderedparallel.moc"
