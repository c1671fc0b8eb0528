// The demo store: built quickly, with every kind of content the console's views show, and rebuilt only when
// missing or out of date.
#include "demo/demo_store.h"
#include "store/discrepancy_store.h"
#include "store/observation_store.h"
#include "store/publication_store.h"
#include "store/run_record_store.h"
#include "store/skip_record_store.h"
#include "store/store.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <set>

class TestDemoStore : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void buildsQuicklyWithProgress();
    void holdsEveryKindOfContent();
    void isCurrentUntilOutdated();
    void cancelLeavesNothing();
    void pathFollowsXdgCache();

private:
    QString path() const { return m_dir.filePath(QStringLiteral("cache/caom-mirror/demo.sqlite")); }
    std::shared_ptr<store::Store> open() const;

    QTemporaryDir m_dir;
};

std::shared_ptr<store::Store> TestDemoStore::open() const
{
    store::StoreLocation location;
    location.sqlitePath = path();
    auto opened = store::Store::open(location);
    return opened ? opened.value() : nullptr;
}

void TestDemoStore::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestDemoStore::buildsQuicklyWithProgress()
{
    std::vector<demo::DemoProgress> reports;
    std::mutex mutex;
    QElapsedTimer timer;
    timer.start();
    const auto built = demo::buildDemoStore(path(), [&](const demo::DemoProgress &progress) {
        const std::lock_guard lock(mutex);
        reports.push_back(progress);
    });
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(built, built ? "" : built.error().message.c_str());
    qInfo("demo store built in %lld ms", static_cast<long long>(elapsed));
    // "A few seconds at most" on a 2-core machine; generous for sanitizer and debug builds.
    QVERIFY2(elapsed < 30'000, qPrintable(QString::number(elapsed)));
    QVERIFY(QFileInfo::exists(path()));
    QVERIFY(!QFileInfo::exists(path() + QStringLiteral(".partial")));
    QVERIFY(reports.size() >= 3);
    qint64 previous = -1;
    for (const demo::DemoProgress &report : reports) {
        QVERIFY(report.done >= previous);
        QVERIFY(report.done <= report.total);
        QVERIFY(!report.phase.isEmpty());
        previous = report.done;
    }
    QCOMPARE(reports.back().done, reports.back().total);
}

void TestDemoStore::holdsEveryKindOfContent()
{
    const auto store = open();
    QVERIFY(store);
    const store::ObservationStore observations(store);
    const auto counts = observations.counts();
    QVERIFY(counts);
    std::map<QString, qint64> perCollection;
    std::set<QString> sources;
    std::set<QString> states;
    for (const store::CollectionCount &count : counts.value()) {
        perCollection[count.collection] += count.count;
        sources.insert(count.source);
        states.insert(count.state);
    }
    QCOMPARE(sources, (std::set<QString>{QStringLiteral("CADC"), QStringLiteral("ESDC"), QStringLiteral("MAST")}));
    QCOMPARE(states,
             (std::set<QString>{store::ObservationState::ok, store::ObservationState::stale,
                                store::ObservationState::differs}));
    QCOMPARE(perCollection[QStringLiteral("HST")], 2401); // 2400 generated + the real HST sample
    QCOMPARE(perCollection[QStringLiteral("JWST")], 1200);
    QVERIFY(perCollection.size() >= 6); // plus CADC's real samples: POSSUM, GEMINI, CFHT, ...

    // JWST looks like JWST, and its tree goes down to chunks.
    store::ObservationFilter filter;
    filter.collection = QStringLiteral("JWST");
    const auto window = observations.window(filter, 5);
    QVERIFY(window && !window->empty());
    QVERIFY2(window->front().observationID.startsWith(QStringLiteral("jw")), qPrintable(window->front().observationID));
    const auto planes = observations.children(store::NodeKind::Observation, window->front().key, window->front().key);
    QVERIFY(planes && planes->size() == 3);
    const auto artifacts = observations.children(store::NodeKind::Plane, planes->front().key, window->front().key);
    QVERIFY(artifacts && !artifacts->empty());
    QVERIFY2(artifacts->front().label.startsWith(QStringLiteral("mast:JWST/")), qPrintable(artifacts->front().label));

    // "Only differences" has something to find.
    filter.onlyDifferences = true;
    const auto differing = observations.count(filter);
    QVERIFY(differing && differing.value() > 10);

    const store::SkipRecordStore skips(store);
    const auto skipCounts = skips.counts();
    QVERIFY(skipCounts);
    std::set<QString> reasons;
    for (const store::SkipCount &count : skipCounts.value())
        reasons.insert(count.reasonClass);
    QVERIFY(reasons.count(QStringLiteral("transient")));
    QVERIFY(reasons.count(QStringLiteral("checksum"))); // the real samples whose checksums do not verify

    const store::DiscrepancyStore discrepancies(store);
    const auto discrepancyCounts = discrepancies.counts();
    QVERIFY(discrepancyCounts);
    std::set<store::DiscrepancyClass> classes;
    qint64 acknowledged = 0;
    for (const store::DiscrepancyCount &count : discrepancyCounts.value()) {
        classes.insert(count.cls);
        acknowledged += count.count - count.unacknowledged;
    }
    QCOMPARE(classes.size(), std::size_t(5));
    QVERIFY(acknowledged > 0);

    const store::RunRecordStore runs(store);
    const auto recent = runs.recent(QStringLiteral("MAST"), QStringLiteral("HST"), 10);
    QVERIFY(recent && recent->size() >= 3);

    // Papers, each reaching observations of the demo through its proposals; some through more than one.
    const store::PublicationStore publications(store);
    store::PublicationFilter all;
    all.limit = 1000;
    const auto papers = publications.publications(all);
    QVERIFY(papers);
    QVERIFY2(papers->size() >= 40, qPrintable(QString::number(papers->size())));
    int sharedByProposals = 0;
    for (const store::PublicationSummary &paper : *papers) {
        QVERIFY2(paper.observations > 0, qPrintable(paper.publication.bibcode));
        QCOMPARE(paper.publication.bibcode.size(), qsizetype(19));
        QVERIFY(paper.publication.doi.startsWith(QStringLiteral("10.")));
        sharedByProposals += paper.proposals.size() > 1 ? 1 : 0;
    }
    QVERIFY(sharedByProposals > 0);
    // The feed's proposal says what the observations' own documents say of it: the detail pane shows both.
    for (const QString &id : papers->front().proposals) {
        const auto described = publications.proposal(id);
        QVERIFY(described && described->has_value());
        QSqlQuery query(store->database());
        QVERIFY(query.exec(
            QStringLiteral("SELECT collection, observation_id FROM observation WHERE proposal_id = '%1'").arg(id)));
        int checked = 0;
        while (query.next() && checked < 5) {
            const auto observation =
                store::ObservationStore(store).load(query.value(0).toString(), query.value(1).toString());
            QVERIFY(observation && observation->has_value() && (*observation)->proposal);
            const caom2::Proposal &declared = *(*observation)->proposal;
            QCOMPARE((*described)->pi, QString::fromStdString(declared.pi.value_or(std::string())));
            QCOMPARE((*described)->title, QString::fromStdString(declared.title.value_or(std::string())));
            ++checked;
        }
        QVERIFY(checked > 0);
    }
    const auto perYear = publications.perCollectionAndYear();
    QVERIFY(perYear && perYear->size() > 4);
}

void TestDemoStore::isCurrentUntilOutdated()
{
    QVERIFY(demo::demoStoreIsCurrent(path()));
    QVERIFY(!demo::demoStoreIsCurrent(path() + QStringLiteral(".missing")));
    const QDateTime before = QFileInfo(path()).lastModified();
    const auto again = demo::ensureDemoStore(path());
    QVERIFY(again);
    QCOMPARE(QFileInfo(path()).lastModified(), before); // current: not rebuilt

    {
        const auto store = open();
        QVERIFY(store);
        QSqlQuery query(store->database());
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = %1").arg(demo::demoContentVersion() - 1)));
    }
    QVERIFY(!demo::demoStoreIsCurrent(path()));
    QVERIFY(demo::ensureDemoStore(path()));
    QVERIFY(demo::demoStoreIsCurrent(path()));
}

void TestDemoStore::cancelLeavesNothing()
{
    const QString other = m_dir.filePath(QStringLiteral("cancelled/demo.sqlite"));
    std::atomic<bool> cancel{false};
    const auto built = demo::buildDemoStore(
        other,
        [&](const demo::DemoProgress &progress) {
            if (progress.done > 200)
                cancel = true;
        },
        &cancel);
    QVERIFY(!built);
    QVERIFY(!QFileInfo::exists(other));
    QVERIFY(!QFileInfo::exists(other + QStringLiteral(".partial")));
}

void TestDemoStore::pathFollowsXdgCache()
{
    qputenv("XDG_CACHE_HOME", "/tmp/xdg-cache-test");
    QCOMPARE(demo::defaultDemoStorePath(), QStringLiteral("/tmp/xdg-cache-test/caom-mirror/demo.sqlite"));
    qunsetenv("XDG_CACHE_HOME");
    QCOMPARE(demo::defaultDemoStorePath(), QDir::homePath() + QStringLiteral("/.cache/caom-mirror/demo.sqlite"));
}

QTEST_GUILESS_MAIN(TestDemoStore)
#include "tst_demostore.moc"
