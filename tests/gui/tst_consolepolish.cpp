// The console's polish defects of issue 17, offscreen: words an operator reads (placeholder tabs, About, the
// window title, the source form), the state colours' contrast, copying whole values once, the layout at
// 1024×700, the XML viewer opening at the selected entity, the modified-date filter and the instrument filter.
#include "caom2/xml_reader.h"
#include "common/settings.h"
#include "models/entity_detail_model.h"
#include "models/entity_tree_model.h"
#include "models/model_roles.h"
#include "models/state_look.h"
#include "store/observation_store.h"
#include "store/store.h"
#include "views/browser_filter_bar.h"
#include "views/browser_page.h"
#include "views/date_bound_edit.h"
#include "views/document_viewer.h"
#include "views/main_window.h"
#include "views/message_widget.h"
#include "views/placeholder_pane.h"
#include "views/source_list_editor.h"
#include "views/store_session.h"
#include "views/user_guide_window.h"
#include "views/view_copier.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCalendarWidget>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QThread>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

#include <atomic>
#include <memory>

using mirror::models::EntityDetailModel;
using mirror::models::EntityTreeModel;
using mirror::ui::MainWindow;
using mirror::ui::MessageWidget;
using mirror::ui::SourceListEditor;
namespace ModelRole = mirror::models::ModelRole;

namespace {

QPalette darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::Base, QColor(0x2a, 0x2a, 0x2a));
    dark.setColor(QPalette::AlternateBase, QColor(0x42, 0x42, 0x42));
    dark.setColor(QPalette::Text, Qt::white);
    dark.setColor(QPalette::WindowText, Qt::white);
    return dark;
}

// Every index of a model, depth first.
QModelIndexList allIndexes(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    QModelIndexList list;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        for (int column = 0; column < model.columnCount(parent); ++column)
            list << model.index(row, column, parent);
        list << allIndexes(model, model.index(row, 0, parent));
    }
    return list;
}

// Every text of the labels below `widget`.
QStringList labelTexts(const QWidget *widget)
{
    QStringList texts;
    for (const QLabel *label : widget->findChildren<QLabel *>())
        texts << label->text();
    return texts;
}

} // namespace

class TestConsolePolish : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    // 17.10: words
    void placeholderTabsSpeakTheOperatorsLanguage();
    void aboutNamesHarvestServeAndStatus();
    void userGuideShowsTheGuidesWithTheirPictures();
    void titleDoesNotRepeatTheProductName();
    void newSourceShowsNoErrorBeforeTyping();
    void sourceFormHasTheFieldsTheCommandLineHas();
    void sourceTestReportsWhatThePartnerOffers();
    void sourceTestFailureIsShownInline();
    void closingSourceEditorDuringTestDoesNotWait();

    // 17.11: contrast
    void stateColoursReadOnLightAndDarkPalettes_data();
    void stateColoursReadOnLightAndDarkPalettes();
    void stateColourFollowsTheApplicationPalette();

    // 17.8: copy
    void copyOfCompoundValueIsWhole();
    void copyRowGivesEachValueOnce();

    // 17.4: layout
    void smallScreenKeepsStateAndChecksumsVisible();
    void splitterStaysWhereTheOperatorPutIt();

    // 17.12: the XML viewer
    void viewerOpensAtTheEntityWithLineNumbers_data();
    void viewerOpensAtTheEntityWithLineNumbers();
    void browserOpensTheDocumentAtTheSelectedChunk();

    // 17.5: the modified-date filter
    void tabLeavesTheDateFilter();
    void typingOverAnyGivesTheDay();
    void timeOfDayNarrowsToTheMinute();
    void unreadableDateIsNotApplied();
    void calendarOpensNearTheData();
    void browserSuggestsTheNewestModifiedDay();
    void presetsSetRecentRanges();

    // 17.7: filters and columns an operator expects
    void instrumentsAreTheDistinctOnesOfTheStore();
    void instrumentChoiceIsCaseInsensitive();
    void columnChooserHidesAndShowsColumns();
    void headerSortsByTheStoresOrderAndKeepsTheSelection();
    void selectedRowsCopyAsTsvAndCsv();

private:
    // A main window at `size` on the demo store (built once per run), its largest collection shown.
    std::unique_ptr<MainWindow> demoWindow(QSize size);
    // Selects `index` in the browser's tree and waits until the detail pane shows it.
    bool selectAndWait(MainWindow &window, const QModelIndex &index);

    QTemporaryDir m_demoDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<mirror::Settings> m_settings;
};

void TestConsolePolish::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("CAOM Mirror"));
    QCoreApplication::setApplicationName(QStringLiteral("caom-console"));
    // As the console sets it: the desktop adds it to every window title.
    QGuiApplication::setApplicationDisplayName(QStringLiteral("CAOM Mirror Console"));
}

void TestConsolePolish::init()
{
    m_settings.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    qputenv("XDG_DATA_HOME", m_dir->filePath(QStringLiteral("data")).toUtf8());
    qputenv("XDG_CACHE_HOME", m_dir->filePath(QStringLiteral("cache")).toUtf8());
    m_settings = std::make_unique<mirror::Settings>(m_dir->filePath(QStringLiteral("settings.ini")),
                                                    m_dir->filePath(QStringLiteral("local.conf")));
}

void TestConsolePolish::placeholderTabsSpeakTheOperatorsLanguage()
{
    MainWindow window(m_settings.get());
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    QVERIFY(tabs);
    QVERIFY(tabs->count() > 1);
    for (int i = 1; i < tabs->count(); ++i) {
        if (!qobject_cast<mirror::ui::PlaceholderPane *>(tabs->widget(i)))
            continue; // a view that exists now (the Dashboard) has tests of its own
        const QString text = labelTexts(tabs->widget(i)).join(QLatin1Char('\n'));
        for (const char *codeTalk : {"core/", "ui/", "engine", "does not exist", "Arrives with", "layer"})
            QVERIFY2(!text.contains(QLatin1String(codeTalk), Qt::CaseInsensitive),
                     qPrintable(tabs->tabText(i) + QStringLiteral(": ") + text));
        // Each says how to do it today.
        auto *meanwhile = tabs->widget(i)->findChild<QLabel *>(QStringLiteral("placeholderMeanwhile"));
        QVERIFY2(meanwhile && meanwhile->text().contains(QLatin1String("caom-sync")), qPrintable(tabs->tabText(i)));
    }
    // The Jobs tab runs jobs itself now: its empty state says how to start one, in the operator's words.
    auto *summary = tabs->widget(1)->findChild<QTextBrowser *>(QStringLiteral("jobSummary"));
    QVERIFY(summary);
    QVERIFY2(summary->toPlainText().contains(QLatin1String("New job")), qPrintable(summary->toPlainText()));
    for (const char *codeTalk : {"core/", "ui/", "engine", "planned", "layer"})
        QVERIFY2(!summary->toPlainText().contains(QLatin1String(codeTalk), Qt::CaseInsensitive), codeTalk);
}

void TestConsolePolish::aboutNamesHarvestServeAndStatus()
{
    const QString about = MainWindow::aboutText();
    for (const char *command : {"harvest", "serve", "status"})
        QVERIFY2(about.contains(QLatin1String(command)), command);
    QVERIFY(!about.contains(QLatin1String("come next")));
    // The versions it runs with, as `--version` prints them: Qt's own, and the libraries behind the store and
    // the network.
    QVERIFY2(about.contains(QStringLiteral("Qt ") + QLatin1String(qVersion())), qPrintable(about));
    for (const char *library : {"libcurl ", "OpenSSL ", "SQLite 3.", "reads 2.2, 2.3 and 2.4"})
        QVERIFY2(about.contains(QLatin1String(library)), library);
}

void TestConsolePolish::userGuideShowsTheGuidesWithTheirPictures()
{
    MainWindow window(m_settings.get());
    auto *action = window.findChild<QAction *>(QStringLiteral("userGuideAction"));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(QKeySequence::HelpContents));
    action->trigger();
    auto *guide = window.findChild<mirror::ui::UserGuideWindow *>(QStringLiteral("userGuide"));
    QVERIFY(guide && guide->isVisible());
    QVERIFY(!guide->browser()->toPlainText().trimmed().isEmpty());
    action->trigger(); // a second time: the same window comes forward
    QCOMPARE(window.findChildren<mirror::ui::UserGuideWindow *>().size(), 1);

    // Every page of docs/ is in, with every picture it shows.
    const QStringList pages = QDir(QStringLiteral(":/guide")).entryList({QStringLiteral("*.md")});
    QVERIFY2(pages.contains(QStringLiteral("operator-guide.md")), qPrintable(pages.join(QLatin1Char(' '))));
    QVERIFY(pages.contains(QStringLiteral("troubleshooting.md")));
    const QRegularExpression image(QStringLiteral("!\\[[^\\]]*\\]\\(([^)]+)\\)"));
    for (const QString &page : pages) {
        QFile file(QStringLiteral(":/guide/") + page);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        for (auto match = image.globalMatch(text); match.hasNext();) {
            const QString picture = match.next().captured(1);
            if (picture.startsWith(QLatin1String("http")))
                continue;
            QVERIFY2(QFile::exists(QStringLiteral(":/guide/") + picture),
                     qPrintable(page + QStringLiteral(": ") + picture));
        }
    }
    guide->showPage(QStringLiteral("troubleshooting.md"));
    QVERIFY(guide->browser()->toPlainText().startsWith(QStringLiteral("Troubleshooting")));
    QVERIFY(guide->browser()->isBackwardAvailable());
}

void TestConsolePolish::titleDoesNotRepeatTheProductName()
{
    // The desktop shows "title — CAOM Mirror Console": the title itself names only the store.
    MainWindow window(m_settings.get());
    QVERIFY(!window.windowTitle().contains(QLatin1String("CAOM Mirror Console")));
    QSignalSpy opened(window.session(), &mirror::ui::StoreSession::opened);
    const QString path = m_dir->filePath(QStringLiteral("mirror.sqlite"));
    {
        store::StoreLocation location;
        location.sqlitePath = path;
        QVERIFY(store::Store::open(location)); // an existing store: opening it asks nothing
    }
    window.openStore(path);
    QVERIFY(opened.wait(20'000));
    QVERIFY(!window.windowTitle().contains(QLatin1String("CAOM Mirror Console")));
    QCOMPARE(window.windowTitle(), path);
}

void TestConsolePolish::newSourceShowsNoErrorBeforeTyping()
{
    SourceListEditor editor;
    editor.show();
    editor.addSource();
    auto *message = editor.findChild<MessageWidget *>(QStringLiteral("sourceMessage"));
    QVERIFY(message);
    QVERIFY2(message->isHidden() || message->kind() != MessageWidget::Kind::Error, qPrintable(message->text()));
    // Typing a name only is not an error either; a malformed endpoint is.
    auto *name = editor.findChild<QLineEdit *>(QStringLiteral("sourceName"));
    QTest::keyClicks(name, QStringLiteral("CADC"));
    QVERIFY(message->isHidden() || message->kind() != MessageWidget::Kind::Error);
    auto *endpoint = editor.findChild<QLineEdit *>(QStringLiteral("sourceEndpoint"));
    QTest::keyClicks(endpoint, QStringLiteral("not a url"));
    QVERIFY(!message->isHidden());
    QCOMPARE(message->kind(), MessageWidget::Kind::Error);
    // Saving a source left empty still says what is wrong.
    SourceListEditor other;
    other.addSource();
    QVERIFY(!other.checkAll());
    auto *otherMessage = other.findChild<MessageWidget *>(QStringLiteral("sourceMessage"));
    QCOMPARE(otherMessage->kind(), MessageWidget::Kind::Error);
}

void TestConsolePolish::sourceFormHasTheFieldsTheCommandLineHas()
{
    mirror::PartnerSource source;
    source.name = QStringLiteral("LOCAL");
    source.endpointKind = mirror::EndpointKind::BaseUrl;
    source.endpoint = QStringLiteral("http://127.0.0.1:8080/caom2/repo");
    SourceListEditor editor;
    editor.setSources({source});
    auto *deletions = editor.findChild<QLineEdit *>(QStringLiteral("sourceDeletions"));
    auto *caFile = editor.findChild<QLineEdit *>(QStringLiteral("sourceCaFile"));
    auto *lag = editor.findChild<QSpinBox *>(QStringLiteral("sourceLag"));
    QVERIFY(deletions && caFile && lag);
    QCOMPARE(lag->value(), 300);
    QTest::keyClicks(deletions, QStringLiteral("http://127.0.0.1:8080/caom2/deletions"));
    const QString ca = m_dir->filePath(QStringLiteral("ca.pem"));
    QTest::keyClicks(caFile, ca);
    lag->setValue(600);
    const mirror::PartnerSource edited = editor.sources().front();
    QCOMPARE(edited.deletionsUrl, QStringLiteral("http://127.0.0.1:8080/caom2/deletions"));
    QCOMPARE(edited.caFile, ca);
    QCOMPARE(edited.lagSeconds, 600);
}

void TestConsolePolish::sourceTestReportsWhatThePartnerOffers()
{
    mirror::PartnerSource source;
    source.name = QStringLiteral("LOCAL");
    source.endpoint = QStringLiteral("http://127.0.0.1:8080/caom2/repo");
    source.collections = {QStringLiteral("HST"), QStringLiteral("JWST")};
    SourceListEditor editor;
    editor.setSources({source});
    std::atomic<int> calls{0};
    editor.setTester([&calls](const mirror::PartnerSource &tested,
                              const std::atomic<bool> *) -> mirror::Result<SourceListEditor::TestReport> {
        ++calls;
        SourceListEditor::TestReport report;
        report.observationsUrl = tested.endpoint;
        report.offered = {QStringLiteral("HST"), QStringLiteral("TESS")};
        return report;
    });
    auto *test = editor.findChild<QPushButton *>(QStringLiteral("testSource"));
    QVERIFY(test);
    QSignalSpy finished(&editor, &SourceListEditor::testFinished);
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY(finished.wait(5000));
    QCOMPARE(calls.load(), 1);
    auto *message = editor.findChild<MessageWidget *>(QStringLiteral("sourceTestMessage"));
    QVERIFY(message && !message->isHidden());
    QVERIFY2(message->text().contains(QLatin1String("reachable")), qPrintable(message->text()));
    QVERIFY(message->text().contains(QLatin1String("HST, TESS")));
    // A configured collection the partner does not offer is named.
    QCOMPARE(message->kind(), MessageWidget::Kind::Warning);
    QVERIFY(message->text().contains(QLatin1String("Not offered: JWST")));
    QCOMPARE(finished.front().front().toBool(), false);
}

void TestConsolePolish::sourceTestFailureIsShownInline()
{
    // The real test, against a port nobody listens on: it fails fast and names the source.
    mirror::PartnerSource source;
    source.name = QStringLiteral("NOWHERE");
    source.endpoint = QStringLiteral("http://127.0.0.1:9/caom2/repo");
    source.connectTimeoutSeconds = 2;
    SourceListEditor editor;
    editor.setSources({source});
    QSignalSpy finished(&editor, &SourceListEditor::testFinished);
    editor.testSelected();
    QVERIFY(finished.wait(20'000));
    QCOMPARE(finished.front().front().toBool(), false);
    auto *message = editor.findChild<MessageWidget *>(QStringLiteral("sourceTestMessage"));
    QCOMPARE(message->kind(), MessageWidget::Kind::Error);
    QVERIFY2(message->text().contains(QLatin1String("NOWHERE")) || message->text().contains(QLatin1String("127.0.0.1")),
             qPrintable(message->text()));
}

void TestConsolePolish::closingSourceEditorDuringTestDoesNotWait()
{
    mirror::PartnerSource source;
    source.name = QStringLiteral("SLOW");
    source.endpoint = QStringLiteral("http://127.0.0.1:8080/caom2/repo");
    auto editor = std::make_unique<SourceListEditor>();
    editor->setSources({source});
    auto started = std::make_shared<std::atomic<bool>>(false);
    editor->setTester([started](const mirror::PartnerSource &,
                                const std::atomic<bool> *cancel) -> mirror::Result<SourceListEditor::TestReport> {
        *started = true;
        while (!cancel->load()) // a partner that does not answer, until the editor gives up on it
            QThread::msleep(5);
        return mirror::Error{mirror::ErrorCategory::Transient, "cancelled"};
    });
    editor->testSelected();
    QVERIFY(editor->isTesting());
    QTRY_VERIFY(started->load());
    QElapsedTimer clock;
    clock.start();
    editor.reset();
    QVERIFY2(clock.elapsed() < 200, qPrintable(QString::number(clock.elapsed())));
}

void TestConsolePolish::stateColoursReadOnLightAndDarkPalettes_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<bool>("dark");
    for (const QString &state :
         {store::ObservationState::ok, store::ObservationState::stale, store::ObservationState::differs, QString()}) {
        const QString name = state.isEmpty() ? QStringLiteral("unknown") : state;
        QTest::newRow(qPrintable(name + QStringLiteral(" light"))) << state << false;
        QTest::newRow(qPrintable(name + QStringLiteral(" dark"))) << state << true;
    }
}

void TestConsolePolish::stateColoursReadOnLightAndDarkPalettes()
{
    // WCAG AA for small text: 4.5:1 against every background state text is drawn on (rows, alternate rows and
    // the window behind labels).
    QFETCH(QString, state);
    QFETCH(bool, dark);
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QVERIFY(fusion);
    const QPalette palette = dark ? darkPalette() : fusion->standardPalette();
    const QColor colour = mirror::models::stateLook(state, palette.color(QPalette::Base)).colour;
    for (const QPalette::ColorRole role : {QPalette::Base, QPalette::AlternateBase, QPalette::Window}) {
        const double ratio = mirror::models::contrastRatio(colour, palette.color(role));
        QVERIFY2(
            ratio >= 4.5,
            qPrintable(
                QStringLiteral("%1 on %2: %3:1").arg(colour.name(), palette.color(role).name()).arg(ratio, 0, 'f', 2)));
    }
    QVERIFY(mirror::models::contrastRatio(colour, Qt::white) == mirror::models::contrastRatio(Qt::white, colour));
}

void TestConsolePolish::stateColourFollowsTheApplicationPalette()
{
    const QPalette saved = QGuiApplication::palette();
    QGuiApplication::setPalette(darkPalette());
    const QColor onDark = mirror::models::stateLook(store::ObservationState::ok).colour;
    QGuiApplication::setPalette(saved);
    QVERIFY(mirror::models::contrastRatio(onDark, darkPalette().color(QPalette::Base)) >= 4.5);
    QVERIFY(onDark != mirror::models::stateLook(store::ObservationState::ok, Qt::white).colour);
}

namespace {

std::shared_ptr<const caom2::Observation> completeSample()
{
    caom2::ReadResult read =
        caom2::readObservationFile(MIRROR_TEST_DATA_DIR "/VLASS2.1.T10t02.J005000-023000.expected.xml");
    if (!read.ok)
        qFatal("cannot read the sample: %s", read.error.toString().c_str());
    return std::make_shared<const caom2::Observation>(std::move(read.document.observation));
}

} // namespace

void TestConsolePolish::copyOfCompoundValueIsWhole()
{
    EntityDetailModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const auto sample = completeSample();
    model.setObservation(sample);
    // The first chunk of the sample, which has every WCS.
    QList<int> chunk;
    for (std::size_t p = 0; p < sample->planes.size() && chunk.isEmpty(); ++p)
        for (std::size_t a = 0; a < sample->planes[p].artifacts.size() && chunk.isEmpty(); ++a)
            for (std::size_t t = 0; t < sample->planes[p].artifacts[a].parts.size() && chunk.isEmpty(); ++t)
                if (!sample->planes[p].artifacts[a].parts[t].chunks.empty())
                    chunk = {int(p), int(a), int(t), 0};
    QVERIFY(!chunk.isEmpty());
    QVERIFY(model.selectPosition(chunk));
    int cut = 0;
    for (const QModelIndex &index : allIndexes(model)) {
        if (index.column() != EntityDetailModel::ValueColumn)
            continue;
        const QString shown = index.data(Qt::DisplayRole).toString();
        const QString copied = index.data(ModelRole::CopyText).toString();
        QVERIFY2(!copied.endsWith(QChar(0x2026)), qPrintable(copied));
        if (shown.endsWith(QChar(0x2026))) {
            ++cut;
            QVERIFY2(copied.size() >= shown.size(), qPrintable(copied));
            QVERIFY(copied.startsWith(shown.chopped(1)));
        }
    }
    QVERIFY2(cut > 0, "the sample's chunk has no value long enough to be cut: the test proves nothing");
}

void TestConsolePolish::copyRowGivesEachValueOnce()
{
    EntityDetailModel model;
    model.setObservation(completeSample());
    QVERIFY(model.selectPosition({}));
    QTreeView view;
    view.setModel(&model);
    auto *copier = new mirror::ui::ViewCopier(&view);
    view.expandAll();
    const QModelIndex id = model.find({QStringLiteral("Identity"), QStringLiteral("id")});
    QVERIFY(id.isValid());
    const QString value = id.siblingAtColumn(EntityDetailModel::ValueColumn).data().toString();
    QVERIFY(!value.isEmpty());
    view.setCurrentIndex(id);
    QVERIFY(copier->copyRow());
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("id\t") + value);
}

std::unique_ptr<MainWindow> TestConsolePolish::demoWindow(QSize size)
{
    auto window = std::make_unique<MainWindow>(m_settings.get());
    window->resize(size);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    QSignalSpy opened(window->session(), &mirror::ui::StoreSession::opened);
    window->openDemoAt(m_demoDir.filePath(QStringLiteral("demo.sqlite")));
    if (!opened.wait(120'000))
        return nullptr;
    auto *tree = window->browser()->treeModel();
    if (!QTest::qWaitFor([&] { return tree->rowCount() > 10 && tree->node(tree->index(0, 0)); }, 20'000))
        return nullptr;
    return window;
}

bool TestConsolePolish::selectAndWait(MainWindow &window, const QModelIndex &index)
{
    auto *detail = window.browser()->detailModel();
    const mirror::models::EntityRef ref = window.browser()->treeModel()->entityRef(index);
    window.browser()->treeView()->setCurrentIndex(index);
    return QTest::qWaitFor([&] { return detail->current() == ref && detail->rowCount() > 1; }, 10'000);
}

void TestConsolePolish::smallScreenKeepsStateAndChecksumsVisible()
{
    auto window = demoWindow(QSize(1024, 700));
    QVERIFY(window);
    QCOMPARE(window->size(), QSize(1024, 700));
    QTreeView *view = window->browser()->treeView();
    const int visibleWidth = view->viewport()->width();
    for (const int column : {EntityTreeModel::NameColumn, EntityTreeModel::StateColumn,
                             EntityTreeModel::MetaChecksumColumn, EntityTreeModel::AccChecksumColumn}) {
        const int right = view->header()->sectionViewportPosition(column) + view->header()->sectionSize(column);
        QVERIFY2(!view->isColumnHidden(column) && view->header()->sectionSize(column) >= 60 && right <= visibleWidth,
                 qPrintable(QStringLiteral("column %1 ends at %2 of %3 pixels")
                                .arg(view->model()->headerData(column, Qt::Horizontal).toString())
                                .arg(right)
                                .arg(visibleWidth)));
    }
    // The partners keep room for their names: the browser's filter bar does not squeeze them out.
    auto *partners = window->findChild<QDockWidget *>(QStringLiteral("partnersDock"));
    QVERIFY(partners && partners->isVisible());
    QVERIFY2(partners->width() >= 180, qPrintable(QString::number(partners->width())));
    // ... and the count columns leave the names room: every partner and collection name is shown whole.
    auto *names = window->findChild<QTreeWidget *>(QStringLiteral("partners"));
    QVERIFY(names);
    QTRY_VERIFY(names->topLevelItemCount() > 0);
    for (QTreeWidgetItemIterator it(names); *it; ++it) {
        const QModelIndex index = names->indexFromItem(*it);
        const QRect cell = names->visualRect(index);
        // The name's icon shares the cell: the text needs its width beside it.
        const int icon = (*it)->icon(0).isNull() ? 0 : names->iconSize().width() + 4;
        const int needed = names->fontMetrics().horizontalAdvance((*it)->text(0)) + icon;
        QVERIFY2(
            cell.width() >= needed,
            qPrintable(
                QStringLiteral("\"%1\" needs %2 pixels, has %3").arg((*it)->text(0)).arg(needed).arg(cell.width())));
    }
    // The selected observation's checksums are shown whole in the detail pane.
    QVERIFY(selectAndWait(*window, window->browser()->treeModel()->index(0, 0)));
    for (const char *name : {"detailMetaChecksum", "detailAccChecksum"}) {
        auto *label = window->findChild<QLabel *>(QLatin1String(name));
        QVERIFY(label);
        QTRY_VERIFY(!label->text().isEmpty() && label->isVisible());
        QVERIFY2(label->width() >= label->fontMetrics().horizontalAdvance(label->text()),
                 qPrintable(QStringLiteral("%1 is %2 pixels wide, its text %3")
                                .arg(QLatin1String(name))
                                .arg(label->width())
                                .arg(label->fontMetrics().horizontalAdvance(label->text()))));
    }
}

void TestConsolePolish::splitterStaysWhereTheOperatorPutIt()
{
    auto window = demoWindow(QSize(1024, 700));
    QVERIFY(window);
    auto *splitter = window->findChild<QSplitter *>(QStringLiteral("browserSplitter"));
    QVERIFY(splitter);
    // The operator drags the handle: the tree gets 60%.
    const QList<int> before = splitter->sizes();
    const int total = before.value(0) + before.value(1);
    splitter->setSizes({total * 6 / 10, total - total * 6 / 10});
    const QList<int> placed = splitter->sizes();

    // Observations, and an entity deep in one (a chunk with long WCS values), one after the other.
    auto *tree = window->browser()->treeModel();
    QTreeView *view = window->browser()->treeView();
    QModelIndex deepest = tree->index(0, 0);
    for (int level = 0; level < 4; ++level) {
        view->expand(deepest);
        if (!QTest::qWaitFor(
                [&] { return tree->rowCount(deepest) > 0 && tree->entityRef(tree->index(0, 0, deepest)).isValid(); },
                10'000))
            break;
        deepest = tree->index(0, 0, deepest);
    }
    QVERIFY(tree->entityRef(deepest).path.size() >= 3);
    for (const QModelIndex &index : {tree->index(0, 0), deepest, tree->index(5, 0), deepest, tree->index(9, 0)}) {
        QVERIFY(selectAndWait(*window, index));
        QTest::qWait(20); // layouts settle in the next turns
        QCOMPARE(splitter->sizes(), placed);
    }
}

void TestConsolePolish::viewerOpensAtTheEntityWithLineNumbers_data()
{
    QTest::addColumn<int>("depth");
    QTest::newRow("observation") << 0;
    QTest::newRow("plane") << 1;
    QTest::newRow("artifact") << 2;
    QTest::newRow("part") << 3;
    QTest::newRow("chunk") << 4;
}

void TestConsolePolish::viewerOpensAtTheEntityWithLineNumbers()
{
    QFETCH(int, depth);
    const QString path = QStringLiteral(MIRROR_TEST_DATA_DIR "/VLASS2.1.T10t02.J005000-023000.expected.xml");
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray xml = file.readAll();
    const auto sample = completeSample();
    // The second plane's last artifact's first part's first chunk: nowhere near the top of the document.
    const caom2::Plane &plane = sample->planes.at(std::min<std::size_t>(1, sample->planes.size() - 1));
    const caom2::Artifact &artifact = plane.artifacts.back();
    QVERIFY(!artifact.parts.empty() && !artifact.parts.front().chunks.empty());
    const QStringList full = {QString::fromStdString(plane.productID), QString::fromStdString(artifact.uri.text),
                              QString::fromStdString(artifact.parts.front().name),
                              QString::fromStdString(artifact.parts.front().chunks.front().id.toString())};
    const QStringList entity = full.mid(0, depth);

    mirror::ui::DocumentViewer viewer;
    viewer.resize(800, 500);
    viewer.showDocument(QStringLiteral("VLASS/test"), xml, entity);
    viewer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    auto *text = viewer.findChild<QPlainTextEdit *>(QStringLiteral("documentText"));
    QVERIFY(text);
    const int line = viewer.startLine();
    const QString lineText = text->document()->findBlockByNumber(line - 1).text();
    if (depth == 0) {
        QCOMPARE(line, 1);
    } else {
        static const char *const elements[] = {"plane", "artifact", "part", "chunk"};
        QVERIFY2(lineText.contains(QLatin1String(elements[depth - 1])), qPrintable(lineText));
        // The element is the entity's own: its identifying value follows before the next of its kind.
        const QString after = text->toPlainText().section(QLatin1Char('\n'), line - 1, line + 30);
        QVERIFY2(after.contains(entity.back().toHtmlEscaped()), qPrintable(after.left(400)));
        QVERIFY(line > 20);
    }
    // In view, near the top.
    QTRY_VERIFY(std::abs(text->cursorForPosition(QPoint(0, 0)).blockNumber() + 1 - std::max(1, line - 2)) <= 2);
    // Line numbers in a margin.
    auto *numbers = viewer.findChild<QWidget *>(QStringLiteral("documentLineNumbers"));
    QVERIFY(numbers && numbers->isVisible() && numbers->width() > 10);
    QVERIFY(text->viewport()->geometry().left() >= numbers->width());
}

void TestConsolePolish::browserOpensTheDocumentAtTheSelectedChunk()
{
    auto window = demoWindow(QSize(1280, 800));
    QVERIFY(window);
    auto *tree = window->browser()->treeModel();
    QTreeView *view = window->browser()->treeView();
    QModelIndex deepest = tree->index(3, 0);
    for (int level = 0; level < 4; ++level) {
        view->expand(deepest);
        QModelIndex parent = deepest;
        if (!QTest::qWaitFor(
                [&] { return tree->rowCount(parent) > 0 && tree->entityRef(tree->index(0, 0, parent)).isValid(); },
                10'000))
            break;
        // The last child that has children itself (a FITS artifact rather than its preview), deep in the document.
        deepest = tree->index(0, 0, parent);
        for (int row = tree->rowCount(parent) - 1; row >= 0; --row) {
            const store::TreeNode *node = tree->node(tree->index(row, 0, parent));
            if (node && (node->childCount > 0 || level == 3)) {
                deepest = tree->index(row, 0, parent);
                break;
            }
        }
    }
    const mirror::models::EntityRef ref = tree->entityRef(deepest);
    QCOMPARE(ref.path.size(), 4);
    QVERIFY(selectAndWait(*window, deepest));
    QTRY_VERIFY(!window->browser()->detailModel()->document().isEmpty());
    window->browser()->openDocument();
    mirror::ui::DocumentViewer *viewer = nullptr;
    for (QWidget *top : QApplication::topLevelWidgets())
        if (auto *candidate = qobject_cast<mirror::ui::DocumentViewer *>(top))
            viewer = candidate;
    QVERIFY(viewer);
    auto *text = viewer->findChild<QPlainTextEdit *>(QStringLiteral("documentText"));
    const QString lineText = text->document()->findBlockByNumber(viewer->startLine() - 1).text();
    QVERIFY2(lineText.contains(QLatin1String("chunk")) && lineText.contains(ref.path.back()), qPrintable(lineText));
    viewer->close();
}

void TestConsolePolish::tabLeavesTheDateFilter()
{
    mirror::ui::BrowserFilterBar bar(nullptr);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    bar.activateWindow();
    QLineEdit *from = bar.modifiedFrom()->lineEdit();
    from->setFocus();
    QTRY_VERIFY(from->hasFocus());
    QTest::keyClicks(from, QStringLiteral("2023-11-15"));
    QTest::keyClick(from, Qt::Key_Tab);
    QTRY_VERIFY(bar.modifiedTo()->lineEdit()->hasFocus());
    QTest::keyClick(bar.modifiedTo()->lineEdit(), Qt::Key_Tab);
    QTRY_VERIFY(!bar.modifiedTo()->lineEdit()->hasFocus());
    QVERIFY(!from->hasFocus());
}

void TestConsolePolish::typingOverAnyGivesTheDay()
{
    mirror::ui::BrowserFilterBar bar(nullptr);
    QSignalSpy changed(&bar, &mirror::ui::BrowserFilterBar::filterChanged);
    QLineEdit *from = bar.modifiedFrom()->lineEdit();
    QCOMPARE(from->placeholderText(), QStringLiteral("any")); // "any" is a placeholder: typing replaces it
    QTest::keyClicks(from, QStringLiteral("2023-11-15"));
    QTest::keyClick(from, Qt::Key_Return);
    QCOMPARE(from->text(), QStringLiteral("2023-11-15"));
    QCOMPARE(changed.count(), 1);
    const store::ObservationFilter filter = bar.filterFor(QStringLiteral("HST"));
    QCOMPARE(filter.modifiedFrom, QDateTime(QDate(2023, 11, 15), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    QVERIFY(!filter.modifiedTo);
    QVERIFY(bar.isActive());
    // The upper end of a day is its last millisecond.
    QTest::keyClicks(bar.modifiedTo()->lineEdit(), QStringLiteral("2023-11-16"));
    QTest::keyClick(bar.modifiedTo()->lineEdit(), Qt::Key_Return);
    QCOMPARE(bar.filterFor(QStringLiteral("HST")).modifiedTo,
             QDateTime(QDate(2023, 11, 17), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() - 1);
    bar.clear();
    QVERIFY(!bar.filterFor(QStringLiteral("HST")).modifiedFrom);
    QVERIFY(from->text().isEmpty());
}

void TestConsolePolish::timeOfDayNarrowsToTheMinute()
{
    mirror::ui::BrowserFilterBar bar(nullptr);
    QTest::keyClicks(bar.modifiedFrom()->lineEdit(), QStringLiteral("2023-11-15T08:05"));
    QTest::keyClick(bar.modifiedFrom()->lineEdit(), Qt::Key_Return);
    QTest::keyClicks(bar.modifiedTo()->lineEdit(), QStringLiteral("2023-11-15 14:30"));
    QTest::keyClick(bar.modifiedTo()->lineEdit(), Qt::Key_Return);
    const store::ObservationFilter filter = bar.filterFor(QStringLiteral("HST"));
    QCOMPARE(filter.modifiedFrom, QDateTime(QDate(2023, 11, 15), QTime(8, 5), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(filter.modifiedTo, QDateTime(QDate(2023, 11, 15), QTime(14, 30), Qt::UTC).toMSecsSinceEpoch() + 59'999);
    bool ok = false;
    QCOMPARE(
        mirror::ui::parseDateBound(QStringLiteral("2023-11-15 14:30:20"), mirror::ui::DateBoundEdit::Bound::From, &ok),
        QDateTime(QDate(2023, 11, 15), QTime(14, 30, 20), Qt::UTC).toMSecsSinceEpoch());
    QVERIFY(ok);
}

void TestConsolePolish::unreadableDateIsNotApplied()
{
    mirror::ui::BrowserFilterBar bar(nullptr);
    QSignalSpy changed(&bar, &mirror::ui::BrowserFilterBar::filterChanged);
    QTest::keyClicks(bar.modifiedFrom()->lineEdit(), QStringLiteral("any20231115"));
    QTest::keyClick(bar.modifiedFrom()->lineEdit(), Qt::Key_Return);
    QVERIFY(!bar.modifiedFrom()->isValid());
    QCOMPARE(changed.count(), 0);
    QVERIFY(!bar.filterFor(QStringLiteral("HST")).modifiedFrom);
    QVERIFY(!bar.modifiedFrom()->lineEdit()->styleSheet().isEmpty()); // marked
}

void TestConsolePolish::calendarOpensNearTheData()
{
    mirror::ui::BrowserFilterBar bar(nullptr);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    // Empty and nothing suggested: today, not a fixed year.
    bar.modifiedFrom()->openCalendar();
    QCalendarWidget *calendar = bar.modifiedFrom()->calendar();
    QVERIFY(calendar && calendar->isVisible());
    QCOMPARE(calendar->selectedDate(), QDateTime::currentDateTimeUtc().date());
    calendar->hide();
    // The data's newest day when the browser suggests one.
    bar.setSuggestedDate(QDate(2021, 3, 4));
    bar.modifiedTo()->openCalendar();
    calendar = bar.modifiedTo()->calendar();
    QCOMPARE(calendar->yearShown(), 2021);
    QCOMPARE(calendar->monthShown(), 3);
    // A pick fills the edit and applies.
    QSignalSpy changed(&bar, &mirror::ui::BrowserFilterBar::filterChanged);
    emit calendar->activated(QDate(2021, 3, 10));
    QCOMPARE(bar.modifiedTo()->text(), QStringLiteral("2021-03-10"));
    QCOMPARE(changed.count(), 1);
    QVERIFY(!calendar->isVisible());
    // Empty, with the other end set: at the other end.
    bar.modifiedFrom()->openCalendar();
    QCOMPARE(bar.modifiedFrom()->calendar()->selectedDate(), QDate(2021, 3, 10));
    bar.modifiedFrom()->calendar()->hide();
    // With a date typed, the calendar opens at it.
    bar.modifiedFrom()->lineEdit()->setText(QStringLiteral("2019-07-01 10:00"));
    bar.modifiedFrom()->openCalendar();
    QCOMPARE(bar.modifiedFrom()->calendar()->selectedDate(), QDate(2019, 7, 1));
    bar.modifiedFrom()->calendar()->hide();
}

void TestConsolePolish::browserSuggestsTheNewestModifiedDay()
{
    auto window = demoWindow(QSize(1280, 800));
    QVERIFY(window);
    mirror::ui::BrowserPage *page = window->browser();
    // The newest modification among what the page shows, read here row by row.
    store::StoreLocation demo;
    demo.sqlitePath = m_demoDir.filePath(QStringLiteral("demo.sqlite"));
    auto opened = store::Store::open(demo);
    QVERIFY(opened);
    std::optional<qint64> newest;
    QVERIFY(store::ObservationStore(opened.value())
                .forEachInCollection(page->collection(), [&](const store::ObservationSummary &row) {
                    if (row.source == page->source() && row.maxLastModified)
                        newest = std::max(newest.value_or(0), *row.maxLastModified);
                    return true;
                }));
    QVERIFY(newest);
    const QDate expected = QDateTime::fromMSecsSinceEpoch(*newest, Qt::UTC).date();
    QTRY_COMPARE(page->filterBar()->modifiedFrom()->suggestedDate(), expected);
    QCOMPARE(page->filterBar()->modifiedTo()->suggestedDate(), expected);
    page->filterBar()->modifiedFrom()->openCalendar();
    QCalendarWidget *calendar = page->filterBar()->modifiedFrom()->calendar();
    QVERIFY(calendar);
    QCOMPARE(calendar->selectedDate(), expected);
    calendar->hide();
}

void TestConsolePolish::presetsSetRecentRanges()
{
    mirror::ui::BrowserFilterBar bar(nullptr);
    auto *presets = bar.findChild<QToolButton *>(QStringLiteral("filterModifiedPresets"));
    QVERIFY(presets && presets->menu());
    QStringList texts;
    for (const QAction *action : presets->menu()->actions())
        texts << action->text().remove(QLatin1Char('&'));
    QCOMPARE(texts,
             (QStringList{QStringLiteral("Last hour"), QStringLiteral("Last 24 hours"), QStringLiteral("Last 7 days"),
                          QStringLiteral("Any time")}));
    QSignalSpy changed(&bar, &mirror::ui::BrowserFilterBar::filterChanged);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    presets->menu()->actions().at(1)->trigger(); // the last 24 hours
    QCOMPARE(changed.count(), 1);
    const store::ObservationFilter day = bar.filterFor(QStringLiteral("HST"));
    QVERIFY(day.modifiedFrom);
    QVERIFY(std::abs(*day.modifiedFrom - (now - 24 * 3600 * 1000LL)) < 120'000); // to the minute shown
    QVERIFY(!day.modifiedTo);
    presets->menu()->actions().at(0)->trigger();
    QVERIFY(std::abs(*bar.filterFor(QStringLiteral("HST")).modifiedFrom - (now - 3600 * 1000LL)) < 120'000);
    presets->menu()->actions().at(3)->trigger();
    QVERIFY(!bar.filterFor(QStringLiteral("HST")).modifiedFrom);
    QVERIFY(!bar.isActive());
}

void TestConsolePolish::instrumentsAreTheDistinctOnesOfTheStore()
{
    auto window = demoWindow(QSize(1280, 800));
    QVERIFY(window);
    const QString collection = window->browser()->collection();
    // Every instrument of the collection, once, as the store spells it.
    store::StoreLocation location;
    location.sqlitePath = m_demoDir.filePath(QStringLiteral("demo.sqlite"));
    auto opened = store::Store::open(location);
    QVERIFY(opened);
    store::ObservationStore observations(opened.value());
    QSet<QString> expected;
    QVERIFY(observations.forEachInCollection(collection, [&](const store::ObservationSummary &row) {
        if (!row.instrument.isEmpty())
            expected.insert(row.instrument);
        return true;
    }));
    auto instruments = observations.instruments(collection);
    QVERIFY(instruments);
    QVERIFY(instruments->size() > 1);
    QCOMPARE(QSet<QString>(instruments->begin(), instruments->end()), expected);
    QCOMPARE(instruments->size(), expected.size());
    QStringList sorted = instruments.value();
    sorted.sort(Qt::CaseInsensitive);
    QCOMPARE(instruments.value(), sorted);
    // The browser's instrument filter offers exactly these, read through the reader.
    QComboBox *choice = window->browser()->filterBar()->instrumentChoice();
    QTRY_COMPARE(choice->count(), int(instruments->size()));
    for (int i = 0; i < choice->count(); ++i)
        QCOMPARE(choice->itemText(i), instruments->at(i));
}

void TestConsolePolish::instrumentChoiceIsCaseInsensitive()
{
    mirror::ui::BrowserFilterBar bar(nullptr);
    bar.setInstruments({QStringLiteral("ACS/WFC"), QStringLiteral("WFC3/UVIS")});
    QSignalSpy changed(&bar, &mirror::ui::BrowserFilterBar::filterChanged);
    QLineEdit *edit = bar.instrumentChoice()->lineEdit();
    QTest::keyClicks(edit, QStringLiteral("wfc3/uvis"));
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(bar.filterFor(QStringLiteral("HST")).instrument, QStringLiteral("WFC3/UVIS"));
    // Picking from the list applies at once.
    bar.clear();
    changed.clear();
    bar.instrumentChoice()->setCurrentIndex(0);
    emit bar.instrumentChoice()->activated(0);
    QCOMPARE(bar.filterFor(QStringLiteral("HST")).instrument, QStringLiteral("ACS/WFC"));
    QCOMPARE(changed.count(), 1);
}

void TestConsolePolish::columnChooserHidesAndShowsColumns()
{
    MainWindow window(m_settings.get());
    mirror::ui::BrowserPage *page = window.browser();
    QMenu menu;
    page->fillColumnMenu(menu);
    QStringList texts;
    for (const QAction *action : menu.actions()) {
        texts << action->text();
        QVERIFY(action->isCheckable() && action->isChecked());
    }
    QCOMPARE(texts.size(), int(EntityTreeModel::ColumnCount));
    QVERIFY(!menu.actions().front()->isEnabled()); // the name stays
    QAction *kind = nullptr;
    for (QAction *action : menu.actions())
        if (action->text() == page->treeModel()->headerData(EntityTreeModel::KindColumn, Qt::Horizontal).toString())
            kind = action;
    QVERIFY(kind);
    kind->toggle();
    QVERIFY(page->treeView()->isColumnHidden(EntityTreeModel::KindColumn));
    // Kept with the layout.
    MainWindow second(m_settings.get());
    QVERIFY(second.browser()->treeView()->isColumnHidden(EntityTreeModel::KindColumn));
    kind->toggle();
    QVERIFY(!page->treeView()->isColumnHidden(EntityTreeModel::KindColumn));
}

void TestConsolePolish::selectedRowsCopyAsTsvAndCsv()
{
    auto window = demoWindow(QSize(1280, 800));
    QVERIFY(window);
    QTreeView *view = window->browser()->treeView();
    auto *tree = window->browser()->treeModel();
    QCOMPARE(view->selectionMode(), QAbstractItemView::ExtendedSelection);
    view->setCurrentIndex(tree->index(0, 0));
    view->selectionModel()->select(QItemSelection(tree->index(0, 0), tree->index(2, 0)),
                                   QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    auto *copier = mirror::ui::ViewCopier::of(view);
    QVERIFY(copier);
    const QString tsv = copier->selectionText(mirror::ui::ViewCopier::Format::Tsv);
    const QStringList lines = tsv.trimmed().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 4); // the header and three rows
    const int columns = EntityTreeModel::ColumnCount;
    QCOMPARE(lines.front().split(QLatin1Char('\t')).size(), columns);
    QVERIFY(lines.front().startsWith(tree->headerData(EntityTreeModel::NameColumn, Qt::Horizontal).toString()));
    for (int row = 0; row < 3; ++row) {
        const QStringList cells = lines.at(row + 1).split(QLatin1Char('\t'));
        QCOMPARE(cells.size(), columns);
        QCOMPARE(cells.front(), tree->index(row, 0).data().toString());
    }
    // CSV: the same rows, a value with a comma or a quote in quotes.
    const QString csv = copier->selectionText(mirror::ui::ViewCopier::Format::Csv);
    QCOMPARE(csv.trimmed().split(QLatin1Char('\n')).size(), 4);
    QVERIFY(csv.contains(QLatin1Char(',')));
    // Edit › Copy (Ctrl+C) with several rows selected copies them all, as TSV.
    QVERIFY(copier->copyCurrent());
    QCOMPARE(QGuiApplication::clipboard()->text(), tsv);
}

void TestConsolePolish::headerSortsByTheStoresOrderAndKeepsTheSelection()
{
    auto window = demoWindow(QSize(1280, 800));
    QVERIFY(window);
    QTreeView *view = window->browser()->treeView();
    auto *tree = window->browser()->treeModel();
    QHeaderView *header = view->header();
    QCOMPARE(header->sortIndicatorSection(), int(EntityTreeModel::NameColumn));
    QVERIFY(selectAndWait(*window, tree->index(7, 0)));
    const QString selected = tree->index(7, 0).data(mirror::models::ModelRole::ObservationId).toString();
    QVERIFY(!selected.isEmpty());

    // Newest first: the list is read again in that order, and the selected observation stays selected.
    header->setSortIndicator(EntityTreeModel::ModifiedColumn, Qt::DescendingOrder);
    QCOMPARE(tree->filter().order.key, store::ObservationSortKey::Modified);
    QVERIFY(tree->filter().order.descending);
    QTRY_VERIFY_WITH_TIMEOUT(tree->rowCount() > 20 && tree->node(tree->index(20, 0)), 20'000);
    QString previous;
    for (int row = 0; row <= 20; ++row) {
        const QString modified = tree->index(row, EntityTreeModel::ModifiedColumn).data().toString();
        QVERIFY2(row == 0 || modified <= previous,
                 qPrintable(QStringLiteral("row %1: %2 after %3").arg(row).arg(modified, previous)));
        previous = modified;
    }
    QTRY_COMPARE_WITH_TIMEOUT(view->currentIndex().data(mirror::models::ModelRole::ObservationId).toString(), selected,
                              20'000);

    // A column the store cannot sort by leaves the order and the indicator as they were.
    header->setSortIndicator(EntityTreeModel::KindColumn, Qt::AscendingOrder);
    QCOMPARE(header->sortIndicatorSection(), int(EntityTreeModel::ModifiedColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    QCOMPARE(tree->filter().order.key, store::ObservationSortKey::Modified);

    // The order is kept with the layout: a new window opens sorted the same way.
    MainWindow second(m_settings.get());
    QCOMPARE(second.browser()->treeView()->header()->sortIndicatorSection(), int(EntityTreeModel::ModifiedColumn));
    QCOMPARE(second.browser()->treeView()->header()->sortIndicatorOrder(), Qt::DescendingOrder);

    // By name again.
    header->setSortIndicator(EntityTreeModel::NameColumn, Qt::AscendingOrder);
    QCOMPARE(tree->filter().order, store::ObservationOrder{});
}

QTEST_MAIN(TestConsolePolish)
#include "tst_consolepolish.moc"
