// The console on the demo store, offscreen: the navigator's live counts, the browser's lazy tree expanded down to
// a chunk with that chunk's fields and checksums in the detail pane, copy, the document viewer, store-side
// filters, and the settings dialog writing and reading back a partner source.
#include "common/settings.h"
#include "demo/demo_store.h"
#include "models/entity_detail_model.h"
#include "models/entity_tree_model.h"
#include "models/model_roles.h"
#include "store/observation_display_state.h"
#include "store/observation_store.h"
#include "views/browser_filter_bar.h"
#include "views/browser_page.h"
#include "views/browser_start_card.h"
#include "views/document_viewer.h"
#include "views/main_window.h"
#include "views/message_widget.h"
#include "views/settings_dialog.h"
#include "views/source_list_editor.h"
#include "views/store_session.h"
#include "views/store_settings_page.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>

#include <memory>

using mirror::models::EntityDetailModel;
using mirror::models::EntityTreeModel;
using mirror::models::RowStatus;
namespace ModelRole = mirror::models::ModelRole;
using mirror::ui::MainWindow;

class TestBrowser : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void navigatorShowsLiveCounts();
    void statusBarNamesDemoStore();
    void expandsToChunkAndShowsItsFields();
    void copiesSelectedValue();
    void opensDocument();
    void filtersInTheStore();
    void settingsDialogRoundTripsSource();
    void settingsDialogRefusesInvalidSource();
    void testConnectionRunsOffThread();
    void storePasswordNeverShown();

private:
    QString demoPath() const { return m_dir.filePath(QStringLiteral("cache/demo.sqlite")); }
    // Waits until the children of `parent` are loaded (no "Loading…" row left); false on timeout or error row.
    bool waitForChildren(const QModelIndex &parent) const;
    // The first child of `parent` that has children itself (a FITS artifact rather than its preview).
    QModelIndex firstChildWithChildren(const QModelIndex &parent) const;

    QTemporaryDir m_dir;
    std::unique_ptr<mirror::Settings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    EntityTreeModel *m_tree = nullptr;
    QTreeView *m_view = nullptr;
};

void TestBrowser::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    // Nothing here may touch an operator's settings or cache.
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_CACHE_HOME", m_dir.filePath(QStringLiteral("cache")).toUtf8());
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
    m_settings = std::make_unique<mirror::Settings>(m_dir.filePath(QStringLiteral("config/settings.ini")),
                                                    m_dir.filePath(QStringLiteral("config/local.conf")));
    m_window = std::make_unique<MainWindow>(m_settings.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    QSignalSpy opened(m_window->session(), &mirror::ui::StoreSession::opened);
    m_window->openDemoAt(demoPath());
    QVERIFY2(opened.wait(60'000), "the demo store did not open");
    QVERIFY(m_window->session()->isDemo());

    m_view = m_window->browser()->treeView();
    m_tree = m_window->browser()->treeModel();
    // The largest collection opens by itself.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->browser()->collection(), QStringLiteral("HST"), 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(m_tree->rowCount(), 2401, 10'000);
}

void TestBrowser::cleanupTestCase()
{
    m_window.reset();
}

bool TestBrowser::waitForChildren(const QModelIndex &parent) const
{
    const auto loaded = [&] {
        if (m_tree->rowCount(parent) == 0)
            return false;
        const auto status = static_cast<RowStatus>(m_tree->index(0, 0, parent).data(ModelRole::RowStatus).toInt());
        return status == RowStatus::Ready;
    };
    if (!QTest::qWaitFor(loaded, 10'000)) {
        qWarning() << "children not loaded:" << m_tree->index(0, 0, parent).data().toString();
        return false;
    }
    return true;
}

QModelIndex TestBrowser::firstChildWithChildren(const QModelIndex &parent) const
{
    for (int row = 0; row < m_tree->rowCount(parent); ++row) {
        const QModelIndex child = m_tree->index(row, 0, parent);
        const store::TreeNode *node = m_tree->node(child);
        if (node && node->childCount > 0)
            return child;
    }
    return {};
}

void TestBrowser::navigatorShowsLiveCounts()
{
    auto *partners = m_window->findChild<QTreeWidget *>(QStringLiteral("partners"));
    QVERIFY(partners);
    QStringList names;
    for (int i = 0; i < partners->topLevelItemCount(); ++i)
        names << partners->topLevelItem(i)->text(0);
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("CADC"), QStringLiteral("ESDC"), QStringLiteral("MAST")}));
    const QList<QTreeWidgetItem *> hst =
        partners->findItems(QStringLiteral("HST"), Qt::MatchExactly | Qt::MatchRecursive);
    QCOMPARE(hst.size(), 1);
    QCOMPARE(hst.front()->parent()->text(0), QStringLiteral("MAST"));
    QCOMPARE(hst.front()->text(1), QLocale().toString(2401));
    // Troubled observations are counted per state, in columns named by glyph and word, with the store's numbers.
    QCOMPARE(partners->headerItem()->text(2), QStringLiteral("stale"));
    QCOMPARE(partners->headerItem()->text(3), QStringLiteral("differs"));
    store::StoreLocation location;
    location.sqlitePath = demoPath();
    auto opened = store::Store::open(location);
    QVERIFY(opened);
    // Counted by the rule every view uses: observations validate found differing count as differing, whatever
    // their row says (the demo's MAST › HST has open checksum differences on rows stored ok).
    const auto counts = store::ObservationDisplayStore(opened.value()).counts();
    QVERIFY(counts);
    const auto rowCounts = store::ObservationStore(opened.value()).counts();
    QVERIFY(rowCounts);
    qint64 rowDiffers = 0;
    for (const store::CollectionCount &count : rowCounts.value())
        if (count.collection == QLatin1String("HST") && count.state == store::ObservationState::differs)
            rowDiffers = count.count;
    qint64 stale = 0;
    qint64 differs = 0;
    for (const store::CollectionCount &count : counts.value()) {
        if (count.collection == QLatin1String("HST") && count.state == store::ObservationState::stale)
            stale = count.count;
        if (count.collection == QLatin1String("HST") && count.state == store::ObservationState::differs)
            differs = count.count;
    }
    QVERIFY(stale > 0 && differs > 0);
    QVERIFY2(differs > rowDiffers, "the demo's open checksum differences are counted as differing");
    QCOMPARE(hst.front()->text(2), QLocale().toString(stale));
    QCOMPARE(hst.front()->text(3), QLocale().toString(differs));
    QVERIFY(hst.front()->isSelected());
}

void TestBrowser::statusBarNamesDemoStore()
{
    auto *store = m_window->statusBar()->findChild<QLabel *>(QStringLiteral("storeStatus"));
    QVERIFY(store);
    QVERIFY2(store->text().contains(demoPath()), qPrintable(store->text()));
    QVERIFY(store->text().contains(QStringLiteral("demo")));
}

void TestBrowser::expandsToChunkAndShowsItsFields()
{
    // Observation › plane › artifact › part › chunk, each level read off the GUI thread on expand.
    QModelIndex index = m_tree->index(0, 0);
    QVERIFY(index.isValid());
    // The row's window may still be on its way (a loaded machine): expanding it now must still load its
    // children once it arrives; its identity is read once it has.
    m_view->expand(index);
    QTRY_VERIFY_WITH_TIMEOUT(!index.data(ModelRole::ObservationId).toString().isEmpty(), 10'000);
    const QString observationID = index.data(ModelRole::ObservationId).toString();
    for (const char *level : {"planes", "artifacts", "parts", "chunks"}) {
        m_view->expand(index);
        QVERIFY2(waitForChildren(index), level);
        const QModelIndex next =
            qstrcmp(level, "chunks") == 0 ? m_tree->index(0, 0, index) : firstChildWithChildren(index);
        QVERIFY2(next.isValid(), level);
        index = next;
    }
    QCOMPARE(index.data(ModelRole::NodeKind).toInt(), static_cast<int>(store::NodeKind::Chunk));
    const store::TreeNode *chunk = m_tree->node(index);
    QVERIFY(chunk);
    QVERIFY(!chunk->metaChecksum.isEmpty());

    m_view->setCurrentIndex(index);
    EntityDetailModel *detail = m_window->browser()->detailModel();
    QTRY_COMPARE_WITH_TIMEOUT(detail->current().kind(), store::NodeKind::Chunk, 10'000);
    QCOMPARE(detail->current().observationID, observationID);

    auto *title = m_window->findChild<QLabel *>(QStringLiteral("detailTitle"));
    auto *meta = m_window->findChild<QLabel *>(QStringLiteral("detailMetaChecksum"));
    auto *acc = m_window->findChild<QLabel *>(QStringLiteral("detailAccChecksum"));
    auto *agreement = m_window->findChild<QLabel *>(QStringLiteral("detailChecksumState"));
    QVERIFY(title && meta && acc && agreement);
    QTRY_VERIFY(title->text().startsWith(QStringLiteral("Chunk ")));
    QVERIFY2(title->text().contains(chunk->label), qPrintable(title->text()));
    QVERIFY(meta->isVisible());
    QCOMPARE(meta->text(), chunk->metaChecksum);
    QCOMPARE(acc->text(), chunk->accMetaChecksum);
    QVERIFY2(agreement->text().contains(QStringLiteral("match its content")), qPrintable(agreement->text()));
    auto *state = m_window->findChild<QLabel *>(QStringLiteral("detailState"));
    QVERIFY(state && state->text().contains(index.data(ModelRole::State).toString()));

    // The chunk's own fields, grouped: its identity, its WCS, its checksums as stored and computed.
    const auto value = [&](const QStringList &path) {
        const QModelIndex row = detail->find(path);
        return row.isValid() ? row.siblingAtColumn(EntityDetailModel::ValueColumn).data().toString() : QString();
    };
    QCOMPARE(value({QStringLiteral("Chunk"), QStringLiteral("id")}), chunk->id);
    QVERIFY(detail->find({QStringLiteral("Position")}).isValid());
    QVERIFY(detail->find({QStringLiteral("Energy")}).isValid());
    QVERIFY(detail->find({QStringLiteral("Time")}).isValid());
    QCOMPARE(value({QStringLiteral("Checksums"), QStringLiteral("metaChecksum (stored)")}), chunk->metaChecksum);
    QCOMPARE(value({QStringLiteral("Checksums"), QStringLiteral("metaChecksum (computed)")}), chunk->metaChecksum);
    QCOMPARE(value({QStringLiteral("Checksums"), QStringLiteral("accMetaChecksum (stored)")}), chunk->accMetaChecksum);
    // The groups are open in the pane.
    auto *fields = m_window->findChild<QTreeView *>(QStringLiteral("detailFields"));
    QVERIFY(fields);
    QVERIFY(fields->isExpanded(detail->find({QStringLiteral("Checksums")})));
}

void TestBrowser::copiesSelectedValue()
{
    auto *fields = m_window->findChild<QTreeView *>(QStringLiteral("detailFields"));
    EntityDetailModel *detail = m_window->browser()->detailModel();
    const QModelIndex stored = detail->find({QStringLiteral("Checksums"), QStringLiteral("accMetaChecksum (stored)")})
                                   .siblingAtColumn(EntityDetailModel::ValueColumn);
    QVERIFY(stored.isValid());
    fields->setFocus();
    fields->setCurrentIndex(stored);
    QApplication::clipboard()->clear();
    auto *copy = m_window->findChild<QAction *>(QStringLiteral("copyAction"));
    QVERIFY(copy);
    QCOMPARE(copy->shortcut(), QKeySequence(QKeySequence::Copy));
    copy->trigger();
    QCOMPARE(QApplication::clipboard()->text(), stored.data().toString());
    QVERIFY(QApplication::clipboard()->text().startsWith(QStringLiteral("md5:")));

    // In the tree, with the keyboard: Ctrl+C copies the cell's value (the state's name, not its glyph).
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_view->setFocus();
    m_view->setCurrentIndex(m_tree->index(0, EntityTreeModel::StateColumn));
    QTest::keyClick(m_view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), m_tree->index(0, 0).data(ModelRole::State).toString());
    m_view->setCurrentIndex(m_tree->index(0, EntityTreeModel::NameColumn));
    QTest::keyClick(m_view, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(QApplication::clipboard()->text(), m_tree->index(0, 0).data(ModelRole::ObservationId).toString());
}

void TestBrowser::opensDocument()
{
    const QModelIndex first = m_tree->index(0, 0);
    m_view->setCurrentIndex(first);
    EntityDetailModel *detail = m_window->browser()->detailModel();
    QTRY_VERIFY_WITH_TIMEOUT(detail->current().path.isEmpty() && !detail->document().isEmpty(), 10'000);
    auto *button = m_window->findChild<QPushButton *>(QStringLiteral("openDocument"));
    QVERIFY(button);
    QTRY_VERIFY(button->isEnabled());
    button->click();
    mirror::ui::DocumentViewer *viewer = nullptr;
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (auto *candidate = qobject_cast<mirror::ui::DocumentViewer *>(widget))
            viewer = candidate;
    }
    QVERIFY(viewer);
    QVERIFY(viewer->isVisible());
    const QString observationID = first.data(ModelRole::ObservationId).toString();
    QVERIFY(viewer->windowTitle().contains(observationID));
    QVERIFY(
        viewer->text().contains(QStringLiteral("<caom2:observationID>%1</caom2:observationID>").arg(observationID)));
    auto *text = viewer->findChild<QPlainTextEdit *>(QStringLiteral("documentText"));
    QVERIFY(text && text->isReadOnly());
    viewer->close();
}

void TestBrowser::filtersInTheStore()
{
    mirror::ui::BrowserFilterBar *bar = m_window->browser()->filterBar();
    auto *only = bar->findChild<QCheckBox *>(QStringLiteral("filterOnlyDifferences"));
    QVERIFY(only);
    only->setChecked(true);
    // The same answer as the store gives: the filter is a store query, not a look at loaded rows.
    store::StoreLocation location;
    location.sqlitePath = demoPath();
    auto opened = store::Store::open(location);
    QVERIFY(opened);
    store::ObservationFilter filter;
    filter.collection = QStringLiteral("HST");
    filter.onlyDifferences = true;
    const auto expected = store::ObservationStore(opened.value()).count(filter);
    QVERIFY(expected && expected.value() > 0 && expected.value() < 2401);
    QTRY_COMPARE_WITH_TIMEOUT(m_tree->rowCount(), static_cast<int>(expected.value()), 10'000);
    QCOMPARE(m_tree->filter().onlyDifferences, true);
    auto *count = m_window->findChild<QLabel *>(QStringLiteral("browserCount"));
    QVERIFY2(count->text().contains(QStringLiteral("of 2,401")) || count->text().contains(QStringLiteral("of 2401")),
             qPrintable(count->text()));
    for (int row = 0; row < std::min(20, m_tree->rowCount()); ++row)
        QTRY_VERIFY(m_tree->index(row, 0).data(ModelRole::RowStatus).toInt() == static_cast<int>(RowStatus::Ready));

    // Typing in the observationID filter narrows by prefix.
    only->setChecked(false);
    QTRY_COMPARE_WITH_TIMEOUT(m_tree->rowCount(), 2401, 10'000);
    auto *id = bar->findChild<QLineEdit *>(QStringLiteral("filterId"));
    QTRY_VERIFY(m_tree->index(0, 0).data(ModelRole::RowStatus).toInt() == static_cast<int>(RowStatus::Ready));
    const QString prefix = m_tree->index(0, 0).data(ModelRole::ObservationId).toString().left(3);
    QTest::keyClicks(id, prefix);
    QTRY_VERIFY_WITH_TIMEOUT(m_tree->rowCount() >= 1 && m_tree->rowCount() < 2401, 10'000);
    QCOMPARE(m_tree->filter().idPrefix, prefix);
    QTRY_VERIFY(m_tree->index(0, 0).data(ModelRole::ObservationId).toString().startsWith(prefix));

    bar->clear();
    QTRY_COMPARE_WITH_TIMEOUT(m_tree->rowCount(), 2401, 10'000);
}

void TestBrowser::settingsDialogRoundTripsSource()
{
    m_window->showSettings();
    mirror::ui::SettingsDialog *dialog = m_window->settingsDialog();
    QVERIFY(dialog && dialog->isVisible());
    QVERIFY(!dialog->isModal());
    mirror::ui::SourceListEditor *editor = dialog->sourceEditor();
    editor->findChild<QPushButton *>(QStringLiteral("addSource"))->click();

    auto *name = editor->findChild<QLineEdit *>(QStringLiteral("sourceName"));
    auto *endpointKind = editor->findChild<QComboBox *>(QStringLiteral("sourceEndpointKind"));
    auto *endpoint = editor->findChild<QLineEdit *>(QStringLiteral("sourceEndpoint"));
    auto *credentialKind = editor->findChild<QComboBox *>(QStringLiteral("sourceCredentialKind"));
    auto *credential = editor->findChild<QLineEdit *>(QStringLiteral("sourceCredential"));
    auto *collections = editor->findChild<QLineEdit *>(QStringLiteral("sourceCollections"));
    QVERIFY(name && endpointKind && endpoint && credentialKind && credential && collections);
    name->selectAll();
    QTest::keyClicks(name, QStringLiteral("CADC"));
    endpointKind->setCurrentIndex(endpointKind->findData(static_cast<int>(mirror::EndpointKind::RegistryResource)));
    QTest::keyClicks(endpoint, QStringLiteral("ivo://cadc.nrc.ca/ams"));
    credentialKind->setCurrentIndex(
        credentialKind->findData(static_cast<int>(mirror::CredentialKind::CertificateFile)));
    QTest::keyClicks(credential, QStringLiteral("~/.ssl/cadcproxy.pem"));
    QTest::keyClicks(collections, QStringLiteral("HST JWST"));
    dialog->findChild<QDialogButtonBox *>(QStringLiteral("settingsButtons"))->button(QDialogButtonBox::Apply)->click();

    // Written to the shared file, read back by a fresh Settings as caom-sync would.
    mirror::Settings reread(m_settings->sharedFileName(), m_settings->localFileName());
    const auto sources = reread.sources();
    QCOMPARE(sources.size(), std::size_t(1));
    QCOMPARE(sources[0].name, QStringLiteral("CADC"));
    QCOMPARE(sources[0].endpointKind, mirror::EndpointKind::RegistryResource);
    QCOMPARE(sources[0].endpoint, QStringLiteral("ivo://cadc.nrc.ca/ams"));
    QCOMPARE(sources[0].credentialKind, mirror::CredentialKind::CertificateFile);
    QCOMPARE(sources[0].credential, QStringLiteral("~/.ssl/cadcproxy.pem"));
    QCOMPARE(sources[0].collections, (QStringList{QStringLiteral("HST"), QStringLiteral("JWST")}));
    QVERIFY(sources[0].enabled);

    // Closed and opened again, the dialog shows what was saved.
    dialog->close();
    m_window->showSettings();
    auto *list = editor->findChild<QListWidget *>(QStringLiteral("sourceList"));
    QCOMPARE(list->count(), 1);
    list->setCurrentRow(0);
    QCOMPARE(name->text(), QStringLiteral("CADC"));
    QCOMPARE(endpoint->text(), QStringLiteral("ivo://cadc.nrc.ca/ams"));
    QCOMPARE(credential->text(), QStringLiteral("~/.ssl/cadcproxy.pem"));
    QCOMPARE(collections->text(), QStringLiteral("HST JWST"));

    // The navigator lists the configured source's collections; HST is held from MAST, so under CADC it is
    // "not harvested yet".
    auto *partners = m_window->findChild<QTreeWidget *>(QStringLiteral("partners"));
    const auto cadcItems = partners->findItems(QStringLiteral("CADC"), Qt::MatchExactly);
    QCOMPARE(cadcItems.size(), 1);
    bool listsHst = false;
    for (int i = 0; i < cadcItems.front()->childCount(); ++i)
        listsHst = listsHst || cadcItems.front()->child(i)->text(0) == QLatin1String("HST (not harvested yet)");
    QVERIFY(listsHst);
    dialog->close();
}

void TestBrowser::settingsDialogRefusesInvalidSource()
{
    m_window->showSettings();
    mirror::ui::SettingsDialog *dialog = m_window->settingsDialog();
    mirror::ui::SourceListEditor *editor = dialog->sourceEditor();
    editor->findChild<QPushButton *>(QStringLiteral("addSource"))->click();
    auto *endpoint = editor->findChild<QLineEdit *>(QStringLiteral("sourceEndpoint"));
    auto *credentialKind = editor->findChild<QComboBox *>(QStringLiteral("sourceCredentialKind"));
    auto *credential = editor->findChild<QLineEdit *>(QStringLiteral("sourceCredential"));
    QTest::keyClicks(endpoint, QStringLiteral("https://mast.example.org/caom2"));
    credentialKind->setCurrentIndex(
        credentialKind->findData(static_cast<int>(mirror::CredentialKind::TokenEnvironment)));
    // A token pasted where the variable's name belongs.
    QTest::keyClicks(credential, QStringLiteral("eyJhbGciOiJIUzI1NiJ9.payload.signature"));
    auto *sourceMessage = editor->findChild<mirror::ui::MessageWidget *>(QStringLiteral("sourceMessage"));
    QVERIFY(sourceMessage->isVisibleTo(editor));
    QVERIFY2(sourceMessage->text().startsWith(QStringLiteral("credential:")), qPrintable(sourceMessage->text()));

    QVERIFY(!dialog->apply());
    auto *message = dialog->findChild<mirror::ui::MessageWidget *>(QStringLiteral("settingsMessage"));
    QVERIFY(message->isVisible());
    QCOMPARE(message->kind(), mirror::ui::MessageWidget::Kind::Error);
    QFile file(m_settings->sharedFileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains("eyJhbGciOi"));
    dialog->reload();
    dialog->close();
}

void TestBrowser::testConnectionRunsOffThread()
{
    m_window->showSettings();
    mirror::ui::StoreSettingsPage *page = m_window->settingsDialog()->storePage();
    page->setLocation(demoPath());
    QSignalSpy finished(page, &mirror::ui::StoreSettingsPage::testFinished);
    auto *test = page->findChild<QPushButton *>(QStringLiteral("testConnection"));
    test->click();
    // The click returned before the answer: the probe runs on another thread, the button waits for it.
    QCOMPARE(finished.count(), 0);
    QVERIFY(!test->isEnabled());
    QVERIFY(finished.wait(10'000));
    QVERIFY(test->isEnabled());
    QCOMPARE(finished.front().front().toBool(), true);
    auto *message = page->findChild<mirror::ui::MessageWidget *>(QStringLiteral("storeMessage"));
    QVERIFY2(message->text().contains(QStringLiteral("schema"))
                 && message->text().contains(QStringLiteral("observations")),
             qPrintable(message->text()));

    page->setLocation(QStringLiteral("postgresql://nobody:secret@127.0.0.1:1/none"));
    page->findChild<QPushButton *>(QStringLiteral("testConnection"))->click();
    QVERIFY(finished.wait(20'000));
    QCOMPARE(finished.back().front().toBool(), false);
    QCOMPARE(message->kind(), mirror::ui::MessageWidget::Kind::Error);
    QVERIFY2(!message->text().contains(QStringLiteral("secret")), qPrintable(message->text()));
    m_window->settingsDialog()->reload();
    m_window->settingsDialog()->close();
}

void TestBrowser::storePasswordNeverShown()
{
    // Opening a PostgreSQL store that refuses: every text the window shows names it with *** for the password.
    QSignalSpy failed(m_window->session(), &mirror::ui::StoreSession::openFailed);
    m_window->openStore(QStringLiteral("postgresql://nobody:hunter2@127.0.0.1:1/none"));
    auto *activity = m_window->statusBar()->findChild<QLabel *>(QStringLiteral("activityStatus"));
    QVERIFY(activity);
    QVERIFY2(activity->text().contains(QStringLiteral("nobody:***@127.0.0.1")), qPrintable(activity->text()));
    QVERIFY(failed.wait(20'000));
    QStringList shown{m_window->statusBar()->currentMessage(), activity->text()};
    for (const QLabel *label : m_window->findChildren<QLabel *>())
        shown << label->text();
    for (const QString &text : shown)
        QVERIFY2(!text.contains(QStringLiteral("hunter2")), qPrintable(text));
    // The demo store stays open and shown (issue 17.9): the browser says what failed, naming the store by its
    // redacted URL, and what is still shown.
    QVERIFY(m_window->session()->isOpen());
    auto *message = m_window->browser()->findChild<mirror::ui::MessageWidget *>(QStringLiteral("browserMessage"));
    QVERIFY(message);
    QVERIFY2(message->text().contains(QStringLiteral("nobody:***@127.0.0.1")), qPrintable(message->text()));
    QVERIFY2(message->text().contains(QStringLiteral("Still showing the demo store")), qPrintable(message->text()));
    auto *stack = m_window->findChild<QStackedWidget *>(QStringLiteral("browserStack"));
    QVERIFY(stack);
    QVERIFY(stack->currentWidget() != m_window->browser()->startCard());
}

QTEST_MAIN(TestBrowser)
#include "tst_browser.moc"
