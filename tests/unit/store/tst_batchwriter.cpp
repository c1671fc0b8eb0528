// The one writer: batches from many submitting threads commit, a failed batch is reported with its
// observations and rolled back, and readers on their own connections keep working while it writes.
#include "caom2/generator.h"
#include "store/batch_writer.h"
#include "test_stores.h"

#include <QTest>

#include <atomic>
#include <thread>

using namespace store;

namespace {

PreparedObservation prepared(const char *collection, std::uint64_t index, std::uint64_t seed = 3)
{
    caom2::GeneratorOptions options;
    options.collection = collection;
    options.seed = seed;
    auto ready = prepareUpsert(UpsertItem{caom2::generateObservation(options, index)});
    if (!ready)
        qFatal("%s", ready.error().message.c_str());
    return std::move(ready.value());
}

} // namespace

class TestBatchWriter : public QObject {
    Q_OBJECT

private slots:

    void manySubmittersOneWriterReadersUnblocked_data() { testsupport::addEngineColumn(); }

    void manySubmittersOneWriterReadersUnblocked()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto s = fixture.open();
        QVERIFY2(s, qPrintable(fixture.error()));
        BatchWriter::Options options;
        options.maxBatch = 50;
        BatchWriter writer(s, options);
        std::atomic<std::size_t> batches{0};
        writer.setCommittedCallback([&](std::size_t) { ++batches; });

        std::atomic<bool> writing{true};
        std::atomic<int> readerQueries{0};
        std::atomic<int> readerErrors{0};
        std::string firstReaderError;
        std::thread reader([&] {
            ObservationStore observations(s); // its own connection, on its own thread
            ObservationFilter filter;
            filter.collection = QStringLiteral("HST");
            while (writing) {
                auto counts = observations.counts();
                auto window = observations.window(filter, 20);
                if (!counts || !window) {
                    if (readerErrors++ == 0)
                        firstReaderError = !counts ? counts.error().message : window.error().message;
                } else {
                    ++readerQueries;
                }
            }
        });
        std::vector<std::thread> submitters;
        for (int t = 0; t < 2; ++t)
            submitters.emplace_back([&writer, t] {
                for (std::uint64_t i = 0; i < 300; ++i)
                    writer.submit(prepared("HST", static_cast<std::uint64_t>(t) * 1000 + i));
            });
        for (std::thread &t : submitters)
            t.join();
        const auto failures = writer.flush();
        writing = false;
        reader.join();

        QVERIFY(failures.empty());
        QCOMPARE(writer.committed(), std::size_t{600});
        QVERIFY(batches >= 12); // 600 / 50, more when maxDelay cut a batch short
        QVERIFY2(readerErrors == 0, firstReaderError.c_str());
        QVERIFY(readerQueries > 0);
        ObservationFilter all;
        all.collection = QStringLiteral("HST");
        QCOMPARE(ObservationStore(s).count(all).value(), 600);
    }

    void failedBatchIsReportedAndRolledBack_data() { testsupport::addEngineColumn(); }

    void failedBatchIsReportedAndRolledBack()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto s = fixture.open();
        QVERIFY2(s, qPrintable(fixture.error()));
        BatchWriter::Options options;
        options.maxBatch = 10;
        BatchWriter writer(s, options);
        for (std::uint64_t i = 0; i < 10; ++i)
            writer.submit(prepared("HST", i));
        QVERIFY(writer.flush().empty());
        // A batch holding one observation whose index rows cannot be stored (NUL in a product type term).
        PreparedObservation poisoned = prepared("HST", 100);
        poisoned.item.observation.planes[0].artifacts[0].productType.term = std::string("bad\0term", 8);
        for (std::uint64_t i = 101; i < 105; ++i)
            writer.submit(prepared("HST", i));
        writer.submit(std::move(poisoned));
        const auto failures = writer.flush();
        QCOMPARE(failures.size(), std::size_t{1});
        QCOMPARE(failures[0].observations.size(), std::size_t{5});
        QVERIFY(QString::fromStdString(failures[0].error.message).contains(QStringLiteral("artifact")));
        ObservationFilter all;
        all.collection = QStringLiteral("HST");
        QCOMPARE(ObservationStore(s).count(all).value(), 10); // the failed batch left nothing behind
        QCOMPARE(writer.committed(), std::size_t{10});
    }

    void destructorCommitsWhatIsQueued()
    {
        testsupport::TestStore fixture(QStringLiteral("sqlite"));
        auto s = fixture.open();
        QVERIFY(s);
        {
            BatchWriter::Options options;
            options.maxBatch = 1000;
            options.maxDelay = std::chrono::hours(1); // only the destructor can commit these
            BatchWriter writer(s, options);
            for (std::uint64_t i = 0; i < 7; ++i)
                writer.submit(prepared("HST", i));
        }
        ObservationFilter all;
        all.collection = QStringLiteral("HST");
        QCOMPARE(ObservationStore(s).count(all).value(), 7);
    }
};

QTEST_GUILESS_MAIN(TestBatchWriter)
#include "tst_batchwriter.moc"
