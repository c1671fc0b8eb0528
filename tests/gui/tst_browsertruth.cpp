// The browser tells the truth (issue 17): what validate found differing is shown as differing in the tree and
// the detail pane (with the partner, since when, both checksums and what to do); a partner's node shows only that
// partner's observations; the detail pane always describes the selected row, whatever order answers arrive in;
// the open view follows writes by another program without losing the selection or the scroll position; the count line
// says the count is under way while the first rows show before it (issue 16).
#include "common/settings.h"
#include "model_test_store.h"
#include "models/entity_detail_model.h"
#include "models/entity_tree_model.h"
#include "models/icon_set.h"
#include "models/model_roles.h"
#include "models/store_change_watcher.h"
#include "reader_gate.h"
#include "store/discrepancy_store.h"
#include "store/store_reader.h"
#include "views/browser_filter_bar.h"
#include "views/browser_page.h"
#include "views/entity_detail_pane.h"

#include <QCheckBox>
#include <QLabel>
#include <QScrollBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using mirror::models::EntityTreeModel;
using mirror::models::RowStatus;
using mirror::ui::BrowserPage;
namespace ModelRole = mirror::models::ModelRole;

class TestBrowserTruth : public QObject {
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void differingObservationIsShownDiffering();
    void partnerNodeShowsOnlyItsOwnObservations();
    void detailFollowsSelectionOfALateRow();
    void detailDropsAnswersForAnEarlierSelection();
    void followsAnotherProgramsWrites();
    void watcherNoticesWritesByAnotherConnection();
    void countLineSaysCountingWhileFirstRowsShow();

private:
    void openBrowser(int hstCount, const QString &source = QStringLiteral("MAST"));
    QString detailText(const char *objectName) const;
    QModelIndex waitForRow(int row) const;
    store::SummaryRows storedRows(int count) const;
    void addDifference(const store::ObservationSummary &row);

    QTemporaryDir m_dir;
    std::unique_ptr<modeltest::FilledStore> m_store;
    std::unique_ptr<mirror::Settings> m_settings;
    std::unique_ptr<store::StoreReader> m_reader;
    std::unique_ptr<BrowserPage> m_page;
};

void TestBrowserTruth::init()
{
    m_settings = std::make_unique<mirror::Settings>(m_dir.filePath(QStringLiteral("settings.ini")),
                                                    m_dir.filePath(QStringLiteral("local.conf")));
}

void TestBrowserTruth::cleanup()
{
    if (m_page)
        m_page->setReader(nullptr);
    m_page.reset();
    m_reader.reset();
    m_store.reset();
}

void TestBrowserTruth::openBrowser(int hstCount, const QString &source)
{
    m_store = modeltest::filledStore(hstCount, 0);
    m_reader = std::make_unique<store::StoreReader>(m_store->store);
    m_page = std::make_unique<BrowserPage>(m_settings.get());
    m_page->resize(1200, 700);
    m_page->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
    m_page->setReader(m_reader.get());
    QSignalSpy counted(m_page->treeModel(), &EntityTreeModel::countLoaded);
    m_page->showCollection(source, modeltest::hst, hstCount);
    QTRY_COMPARE_WITH_TIMEOUT(counted.count(), 1, 10000);
}

QString TestBrowserTruth::detailText(const char *objectName) const
{
    auto *label = m_page->detailPane()->findChild<QLabel *>(QLatin1String(objectName));
    return label && label->isVisibleTo(m_page.get()) ? label->text() : QString();
}

QModelIndex TestBrowserTruth::waitForRow(int row) const
{
    EntityTreeModel *model = m_page->treeModel();
    const auto ready = [&] {
        const QModelIndex index = model->index(row, 0);
        return index.isValid() && index.data(ModelRole::RowStatus).toInt() == int(RowStatus::Ready);
    };
    if (!QTest::qWaitFor(ready, 10000))
        return {};
    return model->index(row, 0);
}

store::SummaryRows TestBrowserTruth::storedRows(int count) const
{
    return store::ObservationStore(m_store->store).window(modeltest::collectionFilter(modeltest::hst), count).value();
}

void TestBrowserTruth::addDifference(const store::ObservationSummary &row)
{
    store::Discrepancy d;
    d.source = QStringLiteral("MAST");
    d.collection = row.collection;
    d.observationID = row.observationID;
    d.cls = store::DiscrepancyClass::ChecksumDiffers;
    d.localChecksum = row.accMetaChecksum;
    d.remoteChecksum = QStringLiteral("md5:0123456789abcdef0123456789abcdef");
    QVERIFY(store::DiscrepancyStore(m_store->store).add({d}));
}

// Issue 17.1: validate found observation 0 (stored "ok") differs from MAST's copy.
void TestBrowserTruth::differingObservationIsShownDiffering()
{
    m_store = modeltest::filledStore(20, 0);
    const store::SummaryRows rows = storedRows(20);
    QCOMPARE(rows[0].state, store::ObservationState::ok);
    addDifference(rows[0]);
    m_reader = std::make_unique<store::StoreReader>(m_store->store);
    m_page = std::make_unique<BrowserPage>(m_settings.get());
    m_page->resize(1200, 700);
    m_page->show();
    m_page->setReader(m_reader.get());
    m_page->showCollection(QStringLiteral("MAST"), modeltest::hst, 20);

    const QModelIndex first = waitForRow(0);
    QVERIFY(first.isValid());
    QCOMPARE(first.data().toString(), rows[0].observationID);
    const QModelIndex state = first.siblingAtColumn(EntityTreeModel::StateColumn);
    QCOMPARE(state.data(ModelRole::State).toString(), store::ObservationState::differs);
    QCOMPARE(state.data().toString(), QStringLiteral("differs"));
    // Beside the word, the "differs" icon: its shape tells it apart from "ok" without colour.
    const QIcon decoration = state.data(Qt::DecorationRole).value<QIcon>();
    QVERIFY(!decoration.isNull());
    QCOMPARE(decoration.pixmap(16).toImage(),
             mirror::models::icon(mirror::models::IconName::StateDiffers).pixmap(16).toImage());

    m_page->treeView()->setCurrentIndex(first);
    QTRY_VERIFY_WITH_TIMEOUT(detailText("detailStateDetail").contains(QStringLiteral("What to do")), 10000);
    const QString headline = detailText("detailState");
    QVERIFY2(headline.contains(QStringLiteral("differs")) && headline.contains(QStringLiteral("MAST")),
             qPrintable(headline));
    const QString detail = detailText("detailStateDetail");
    QVERIFY2(detail.contains(QStringLiteral("md5:0123456789abcdef0123456789abcdef")), qPrintable(detail));
    QVERIFY2(detail.contains(rows[0].accMetaChecksum), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("validate with repair for MAST \u203a HST")), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("UTC")), qPrintable(detail)); // since when
}

// Issue 17.2: LOCAL has harvested nothing of HST; its node must not show MAST's HST observations.
void TestBrowserTruth::partnerNodeShowsOnlyItsOwnObservations()
{
    openBrowser(12, QStringLiteral("LOCAL"));
    QCOMPARE(m_page->treeModel()->rowCount(), 0);
    auto *empty = m_page->findChild<QLabel *>(QStringLiteral("browserEmpty"));
    QVERIFY(empty);
    QTRY_VERIFY(empty->isVisible());
    QVERIFY2(empty->text().contains(QStringLiteral("LOCAL has contributed nothing to HST")), qPrintable(empty->text()));
    // MAST's node shows MAST's twelve.
    QSignalSpy counted(m_page->treeModel(), &EntityTreeModel::countLoaded);
    m_page->showCollection(QStringLiteral("MAST"), modeltest::hst, 12);
    QTRY_COMPARE_WITH_TIMEOUT(counted.count(), 1, 10000);
    QCOMPARE(m_page->treeModel()->rowCount(), 12);
    QCOMPARE(waitForRow(11).data(ModelRole::Source).toString(), QStringLiteral("MAST"));
}

// Issue 17.3: End in a big collection selects a row whose window is not read yet; the pane must not keep
// describing the row selected before, and must describe the new row once it arrives.
void TestBrowserTruth::detailFollowsSelectionOfALateRow()
{
    openBrowser(1500);
    QTreeView *view = m_page->treeView();
    const QModelIndex first = waitForRow(0);
    QVERIFY(first.isValid());
    view->setCurrentIndex(first);
    auto *title = m_page->detailPane()->findChild<QLabel *>(QStringLiteral("detailTitle"));
    QVERIFY(title);
    QTRY_VERIFY_WITH_TIMEOUT(title->text().contains(first.data().toString()), 10000);

    const int last = m_page->treeModel()->rowCount() - 1;
    const QModelIndex lastIndex = m_page->treeModel()->index(last, 0);
    QCOMPARE(lastIndex.data(ModelRole::RowStatus).toInt(), int(RowStatus::Loading)); // its window is not read yet
    view->setCurrentIndex(lastIndex);
    QVERIFY2(!title->text().contains(first.data().toString()), qPrintable(title->text()));
    const QString lastId = storedRows(1500).back().observationID;
    QTRY_VERIFY_WITH_TIMEOUT(title->text().contains(lastId), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_page->detailModel()->current().observationID, lastId, 10000);
    QCOMPARE(m_page->treeModel()->entityRef(view->currentIndex()).observationID, lastId);
}

// Issue 17.3: answers for the row selected before arrive late, before and after those of the row selected now; the
// pane describes the selected row, always.
void TestBrowserTruth::detailDropsAnswersForAnEarlierSelection()
{
    openBrowser(40);
    QTreeView *view = m_page->treeView();
    const QModelIndex a = waitForRow(3);
    const QModelIndex b = waitForRow(30);
    QVERIFY(a.isValid() && b.isValid());
    const QString idA = a.data().toString();
    const QString idB = b.data().toString();
    store::ObservationStore observations(m_store->store);
    const auto observationA = observations.load(modeltest::hst, idA).value();
    const auto rowA = observations.summary(modeltest::hst, idA).value();
    QVERIFY(observationA && rowA);
    store::DisplayState stateA;
    stateA.state = store::ObservationState::differs;
    stateA.summary = QStringLiteral("answer meant for %1").arg(idA);

    // Tokens increase: selecting a row asks for its state, then its document.
    const quint64 before = m_reader->newToken();
    view->setCurrentIndex(a);
    view->setCurrentIndex(b);
    QCOMPARE(m_reader->newToken() - before, quint64(5));
    const quint64 stateTokenA = before + 1;
    const quint64 documentTokenA = before + 2;
    auto *title = m_page->detailPane()->findChild<QLabel *>(QStringLiteral("detailTitle"));
    const auto lateAnswersForA = [&] {
        emit m_reader->displayStateLoaded(stateTokenA, *rowA, stateA);
        emit m_reader->observationLoaded(documentTokenA, *observationA, QByteArray("<a/>"));
    };
    lateAnswersForA(); // before B's answers
    QVERIFY(m_page->detailModel()->current().observationID != idA);
    QVERIFY2(!title->text().contains(idA), qPrintable(title->text()));
    QTRY_COMPARE_WITH_TIMEOUT(m_page->detailModel()->current().observationID, idB, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(m_page->detailModel()->displayState().has_value(), 10000);
    lateAnswersForA(); // and after them
    QCOMPARE(m_page->detailModel()->current().observationID, idB);
    QVERIFY2(title->text().contains(idB), qPrintable(title->text()));
    QVERIFY(!detailText("detailState").contains(idA));
    QCOMPARE(m_page->treeModel()->entityRef(view->currentIndex()).observationID, idB);
}

// Issue 17.6: another program writes (validate finds a difference, a harvest adds observations): the tree and
// the detail pane follow in place; the selection and the scroll position stay.
void TestBrowserTruth::followsAnotherProgramsWrites()
{
    openBrowser(300);
    QTreeView *view = m_page->treeView();
    QVERIFY(waitForRow(0).isValid());
    view->scrollTo(m_page->treeModel()->index(60, 0), QAbstractItemView::PositionAtTop);
    const QModelIndex selected = waitForRow(62);
    QVERIFY(selected.isValid());
    const QString selectedId = selected.data().toString();
    QCOMPARE(selected.siblingAtColumn(EntityTreeModel::StateColumn).data(ModelRole::State).toString(),
             modeltest::stateOf(62));
    view->setCurrentIndex(selected);
    QTRY_VERIFY_WITH_TIMEOUT(!detailText("detailState").isEmpty() && m_page->detailModel()->displayState().has_value(),
                             10000);
    const int scroll = view->verticalScrollBar()->value();
    QVERIFY(scroll > 0);

    store::SummaryRows rows = storedRows(300);
    addDifference(rows[62]);
    QSignalSpy reset(m_page->treeModel(), &QAbstractItemModel::modelReset);
    m_page->followStoreChange();
    QTRY_COMPARE_WITH_TIMEOUT(selected.siblingAtColumn(EntityTreeModel::StateColumn).data(ModelRole::State).toString(),
                              store::ObservationState::differs, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(detailText("detailState").contains(QStringLiteral("differs")), 10000);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(view->currentIndex().row(), 62);
    QCOMPARE(view->currentIndex().data().toString(), selectedId);
    QCOMPARE(view->verticalScrollBar()->value(), scroll);

    // A harvest adds observations: the rows grow in place.
    store::ObservationStore observations(m_store->store);
    caom2::GeneratorOptions options;
    options.collection = "HST";
    options.seed = 77;
    std::vector<store::UpsertItem> batch;
    for (int i = 0; i < 5; ++i) // indexes ≡ 0 (mod 26): observationIDs starting with "a", before the selected one
        batch.emplace_back(caom2::generateObservation(options, std::uint64_t(5018 + 26 * i)), QStringLiteral("MAST"));
    QVERIFY(observations.upsert(batch));
    m_page->followStoreChange();
    QTRY_COMPARE_WITH_TIMEOUT(m_page->treeModel()->rowCount(), 305, 10000);
    QCOMPARE(reset.count(), 0);
    // The same observation stays selected, wherever the new rows put it, at the same height in the view, and the
    // detail pane describes it.
    const auto moved =
        store::ObservationStore(m_store->store).rowOf(modeltest::collectionFilter(modeltest::hst), selectedId).value();
    QVERIFY(moved && *moved != 62); // new rows came before it
    QTRY_COMPARE_WITH_TIMEOUT(view->currentIndex().row(), int(*moved), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(view->currentIndex().data().toString(), selectedId, 10000);
    const int offset = view->visualRect(view->currentIndex()).top() / view->visualRect(view->currentIndex()).height();
    QCOMPARE(offset, 2); // row 62 was the third row from the top
    QTRY_COMPARE_WITH_TIMEOUT(m_page->detailModel()->current().observationID, selectedId, 10000);
}

void TestBrowserTruth::watcherNoticesWritesByAnotherConnection()
{
    m_store = modeltest::filledStore(3, 0);
    m_reader = std::make_unique<store::StoreReader>(m_store->store);
    mirror::models::StoreChangeWatcher watcher;
    watcher.setInterval(50);
    QSignalSpy changed(&watcher, &mirror::models::StoreChangeWatcher::storeChanged);
    watcher.setReader(m_reader.get());
    QTRY_VERIFY_WITH_TIMEOUT(watcher.hasBaseline(), 10000);
    QCOMPARE(changed.count(), 0);
    // This thread's connection is not the reader's: to the reader it is another program writing.
    addDifference(storedRows(1).front());
    QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 1, 10000);
    watcher.setReader(nullptr);
}

// Issue 16: the first rows show before a slow count; the count line says how many are shown and that counting is
// under way, then the exact number. A filter matching fewer than a window needs no count at all.
void TestBrowserTruth::countLineSaysCountingWhileFirstRowsShow()
{
    constexpr int total = 230; // more than the browser's window of 200
    m_store = modeltest::filledStore(total, 0);
    m_reader = std::make_unique<store::StoreReader>(m_store->store);
    m_page = std::make_unique<BrowserPage>(m_settings.get());
    m_page->resize(1200, 700);
    m_page->show();
    m_page->setReader(m_reader.get());
    modeltest::ReaderGate gate(*m_reader); // after the page's models: see reader_gate.h
    auto *count = m_page->findChild<QLabel *>(QStringLiteral("browserCount"));
    QVERIFY(count);
    EntityTreeModel *model = m_page->treeModel();

    // Held after the tree's first window (the page also reads one row for its calendars): the count waits.
    gate.holdAfterWindow([](qint64, const store::SummaryRows &rows) { return rows.size() == 200; });
    m_page->showCollection(QStringLiteral("MAST"), modeltest::hst, total);
    QVERIFY(gate.waitUntilHeld());
    QTRY_COMPARE(count->text(), QStringLiteral("first 200 shown, counting\u2026"));
    QCOMPARE(model->rowCount(), 200);
    QCOMPARE(waitForRow(0).data().toString(), storedRows(1).front().observationID);
    QVERIFY(m_page->treeView()->isVisible());
    gate.release();
    QTRY_COMPARE(count->text(), QStringLiteral("230 observations"));
    QCOMPARE(model->rowCount(), total);

    // Only differences: stale (every 7th) or differs (every 11th), fewer than a window: the window is the count.
    int differing = 0;
    for (int i = 0; i < total; ++i)
        differing += modeltest::stateOf(i) != store::ObservationState::ok ? 1 : 0;
    QVERIFY(differing > 0 && differing < 200);
    gate.holdAfterWindow([differing](qint64, const store::SummaryRows &rows) { return int(rows.size()) == differing; });
    auto *only = m_page->filterBar()->findChild<QCheckBox *>(QStringLiteral("filterOnlyDifferences"));
    QVERIFY(only);
    only->setChecked(true);
    QVERIFY(gate.waitUntilHeld()); // held before any count could be read
    QTRY_COMPARE(count->text(), QStringLiteral("%1 of 230 observations match the filter").arg(differing));
    QCOMPARE(model->rowCount(), differing);
    gate.release();
}

QTEST_MAIN(TestBrowserTruth)
#include "tst_browsertruth.moc"
