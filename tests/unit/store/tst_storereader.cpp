// StoreReader: answers on its own thread through queued signals, keyset paging equal to offset paging,
// cancelled requests skipped, failures reported with the request's token.
#include "caom2/generator.h"
#include "store/observation_store.h"
#include "store/store_reader.h"
#include "test_stores.h"

#include <QTest>
#include <QThread>

#include <atomic>

using namespace store;

namespace {

// The reader's answers, received on the test's thread (queued, as a model receives them). QSignalSpy connects
// directly, i.e. on the reader's thread, which races with its wait(); this does not.
struct Answers : QObject {
    explicit Answers(StoreReader &reader)
    {
        connect(&reader, &StoreReader::windowLoaded, this,
                [this](quint64 token, qint64 first, const SummaryRows &rows) {
                    windows.push_back({token, first, rows});
                });
        connect(&reader, &StoreReader::countLoaded, this, [this](quint64 token, qint64 count) {
            counts.push_back({token, count});
        });
        connect(&reader, &StoreReader::childrenLoaded, this,
                [this](quint64, const TreeNodes &nodes) { children.push_back(nodes); });
        connect(&reader, &StoreReader::observationLoaded, this,
                [this](quint64, const caom2::Observation &o, const QByteArray &xml) {
                    observations.push_back({o, xml});
                });
        connect(&reader, &StoreReader::countsLoaded, this,
                [this](quint64, const CollectionCounts &c) { collectionCounts.push_back(c); });
        connect(&reader, &StoreReader::collectionsLoaded, this,
                [this](quint64, const QStringList &names, const QList<qint64> &) { collections.push_back(names); });
        connect(&reader, &StoreReader::failed, this, [this](quint64 token, const QString &message) {
            failures.push_back({token, message});
        });
    }
    struct Window {
        quint64 token;
        qint64 firstRow;
        SummaryRows rows;
    };
    std::vector<Window> windows;
    std::vector<std::pair<quint64, qint64>> counts;
    std::vector<TreeNodes> children;
    std::vector<std::pair<caom2::Observation, QByteArray>> observations;
    std::vector<CollectionCounts> collectionCounts;
    std::vector<QStringList> collections;
    std::vector<std::pair<quint64, QString>> failures;
};

} // namespace

class TestStoreReader : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void answersOffTheCallersThread();
    void keysetWindowsEqualOffsetWindows();
    void countUsesCountersOrQuery();
    void childrenAndObservation();
    void cancelledRequestsAreSkipped();
    void failuresCarryTheToken();

private:
    testsupport::TestStore m_fixture{QStringLiteral("sqlite")};
    std::shared_ptr<Store> m_store;
    static constexpr int observationCount = 130;
};

void TestStoreReader::initTestCase()
{
    QVERIFY2(m_fixture.ok(), qPrintable(m_fixture.error()));
    m_store = m_fixture.open();
    QVERIFY2(m_store, qPrintable(m_fixture.error()));
    caom2::GeneratorOptions options;
    options.collection = "HST";
    std::vector<UpsertItem> batch;
    for (int i = 0; i < observationCount; ++i)
        batch.emplace_back(caom2::generateObservation(options, std::uint64_t(i)), QStringLiteral("MAST"),
                           i % 5 == 0 ? ObservationState::stale : ObservationState::ok);
    QVERIFY(ObservationStore(m_store).upsert(batch));
}

void TestStoreReader::answersOffTheCallersThread()
{
    StoreReader reader(m_store);
    std::atomic<QThread *> answeredOn{nullptr};
    connect(
        &reader, &StoreReader::countLoaded, &reader,
        [&answeredOn](quint64, qint64) { answeredOn = QThread::currentThread(); }, Qt::DirectConnection);
    Answers answers(reader);
    const quint64 token = reader.newToken();
    QVERIFY(token != 0);
    QVERIFY(reader.newToken() > token);
    ObservationFilter filter;
    filter.collection = QStringLiteral("HST");
    reader.requestCount(token, filter);
    QTRY_COMPARE(answers.counts.size(), std::size_t(1));
    QVERIFY(answeredOn.load() && answeredOn.load() != QThread::currentThread());
    QCOMPARE(answers.counts[0].first, token);
    QCOMPARE(answers.counts[0].second, qint64(observationCount));
}

void TestStoreReader::keysetWindowsEqualOffsetWindows()
{
    StoreReader reader(m_store);
    Answers answers(reader);
    ObservationFilter filter;
    filter.collection = QStringLiteral("HST");
    // In order: the reader remembers each window's last key and pages by key.
    for (int first = 0; first < observationCount; first += 40)
        reader.requestWindow(reader.newToken(), filter, first, 40);
    QTRY_COMPARE(answers.windows.size(), std::size_t(4));
    SummaryRows sequential;
    for (const auto &window : answers.windows)
        sequential.insert(sequential.end(), window.rows.begin(), window.rows.end());
    QCOMPARE(int(sequential.size()), observationCount);
    for (std::size_t i = 1; i < sequential.size(); ++i)
        QVERIFY(sequential[i - 1].observationID < sequential[i].observationID);
    // A fresh reader jumping straight to row 80 pages by OFFSET; the rows are the same.
    StoreReader other(m_store);
    Answers jumped(other);
    other.requestWindow(other.newToken(), filter, 80, 40);
    QTRY_COMPARE(jumped.windows.size(), std::size_t(1));
    QCOMPARE(jumped.windows[0].firstRow, qint64(80));
    QCOMPARE(int(jumped.windows[0].rows.size()), 40);
    for (int i = 0; i < 40; ++i)
        QCOMPARE(jumped.windows[0].rows[std::size_t(i)].observationID, sequential[std::size_t(80 + i)].observationID);
    // An explicit key gives the same window too.
    other.requestWindow(other.newToken(), filter, 40, 40, sequential[39].observationID);
    QTRY_COMPARE(jumped.windows.size(), std::size_t(2));
    QCOMPARE(jumped.windows[1].rows.front().observationID, sequential[40].observationID);
}

void TestStoreReader::countUsesCountersOrQuery()
{
    StoreReader reader(m_store);
    Answers answers(reader);
    ObservationFilter filter;
    filter.collection = QStringLiteral("HST");
    filter.state = ObservationState::stale;
    reader.requestCount(reader.newToken(), filter);
    QTRY_COMPARE(answers.counts.size(), std::size_t(1));
    QCOMPARE(answers.counts[0].second, qint64((observationCount + 4) / 5));
    filter.state.clear();
    filter.collection = QStringLiteral("nothing here");
    reader.requestCount(reader.newToken(), filter);
    QTRY_COMPARE(answers.counts.size(), std::size_t(2));
    QCOMPARE(answers.counts[1].second, qint64(0));
}

void TestStoreReader::childrenAndObservation()
{
    StoreReader reader(m_store);
    Answers answers(reader);
    ObservationFilter filter;
    filter.collection = QStringLiteral("HST");
    const auto first = ObservationStore(m_store).window(filter, 1).value().front();
    reader.requestChildren(reader.newToken(), NodeKind::Observation, first.key, first.key);
    QTRY_COMPARE(answers.children.size(), std::size_t(1));
    const TreeNodes &planes = answers.children[0];
    QVERIFY(!planes.empty());
    QCOMPARE(planes.front().kind, NodeKind::Plane);

    reader.requestObservation(reader.newToken(), first.collection, first.observationID);
    QTRY_COMPARE(answers.observations.size(), std::size_t(1));
    const caom2::Observation &observation = answers.observations[0].first;
    QCOMPARE(QString::fromStdString(observation.observationID), first.observationID);
    QCOMPARE(observation.planes.size(), planes.size());
    QVERIFY(answers.observations[0].second.contains("caom2:Observation"));

    reader.requestCounts(reader.newToken());
    QTRY_COMPARE(answers.collectionCounts.size(), std::size_t(1));
    QCOMPARE(answers.collectionCounts[0].size(), std::size_t(2)); // ok and stale
    reader.requestCollections(reader.newToken());
    QTRY_COMPARE(answers.collections.size(), std::size_t(1));
    QCOMPARE(answers.collections[0], QStringList{QStringLiteral("HST")});
}

void TestStoreReader::cancelledRequestsAreSkipped()
{
    StoreReader reader(m_store);
    Answers answers(reader);
    ObservationFilter filter;
    filter.collection = QStringLiteral("HST");
    const quint64 dropped = reader.newToken();
    const quint64 kept = reader.newToken();
    reader.cancel(dropped);
    reader.requestCount(dropped, filter);
    reader.requestCount(kept, filter);
    QTRY_COMPARE(answers.counts.size(), std::size_t(1));
    QTest::qWait(50);
    QCOMPARE(answers.counts.size(), std::size_t(1));
    QCOMPARE(answers.counts[0].first, kept);
}

void TestStoreReader::failuresCarryTheToken()
{
    StoreReader reader(m_store);
    Answers answers(reader);
    const quint64 token = reader.newToken();
    reader.requestObservation(token, QStringLiteral("HST"), QStringLiteral("not stored"));
    QTRY_COMPARE(answers.failures.size(), std::size_t(1));
    QCOMPARE(answers.failures[0].first, token);
    QVERIFY(answers.failures[0].second.contains(QStringLiteral("not stored")));
}

QTEST_GUILESS_MAIN(TestStoreReader)
#include "tst_storereader.moc"
