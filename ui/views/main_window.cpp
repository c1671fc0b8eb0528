#include "views/main_window.h"

#include "views/placeholder_pane.h"

#include <QAction>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace mirror::ui {

namespace {

// Window layout is machine-local state, not a preference: it lives under its own group so a future
// preferences export can leave it out.
const QString geometryKey = QStringLiteral("mainWindow/geometry");
const QString stateKey = QStringLiteral("mainWindow/state");

// Bumped when docks or toolbars change in a way an old saved state would restore wrongly.
constexpr int layoutVersion = 1;

struct Partner {
    const char *shortName;
    const char *fullName;
};

// The three archives the console mirrors between. Names are proper nouns and are not translated.
constexpr Partner partners[] = {
    {"MAST", "Mikulski Archive for Space Telescopes (STScI)"},
    {"CADC", "Canadian Astronomy Data Centre (NRC Herzberg)"},
    {"ESDC", "ESAC Science Data Centre (ESA)"},
};

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("CAOM Mirror Console"));
    // saveState() finds docks and toolbars by object name; without one they are silently not restored.
    setObjectName(QStringLiteral("mainWindow"));

    createNavigator();
    createTabs();
    createMenus();
    createStatusBar();
    restoreLayout();
}

void MainWindow::createNavigator()
{
    m_partners = new QTreeWidget;
    m_partners->setObjectName(QStringLiteral("partners"));
    m_partners->setColumnCount(2);
    m_partners->setHeaderLabels({tr("Partner"), tr("Status")});
    m_partners->setRootIsDecorated(false);
    m_partners->setUniformRowHeights(true);
    m_partners->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_partners->header()->setStretchLastSection(true);
    // As tall as its rows, not the whole dock: three unconfigured partners above a sea of white read as
    // something failed to load.
    m_partners->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_partners->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    // Unconfigured is shown by glyph, colour and words, never colour alone.
    const QBrush dimmed = palette().brush(QPalette::PlaceholderText);
    for (const Partner &partner : partners) {
        auto *item = new QTreeWidgetItem(m_partners);
        item->setText(0, QString::fromLatin1(partner.shortName));
        item->setToolTip(0, QString::fromLatin1(partner.fullName));
        item->setText(1, QStringLiteral("\u25CB ") + tr("not configured"));
        item->setToolTip(1, tr("No endpoint or credentials for %1 yet.").arg(QString::fromLatin1(partner.shortName)));
        item->setForeground(1, dimmed);
    }

    auto *hint = new QLabel(tr("Partner endpoints, credentials and collections are set here once the network "
                               "layer lands."));
    hint->setObjectName(QStringLiteral("partnersHint"));
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    auto *panel = new QWidget;
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_partners);
    layout->addWidget(hint);
    layout->addStretch(1);

    m_partnersDock = new QDockWidget(tr("Partners"), this);
    m_partnersDock->setObjectName(QStringLiteral("partnersDock"));
    m_partnersDock->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    m_partnersDock->setWidget(panel);
    addDockWidget(Qt::LeftDockWidgetArea, m_partnersDock);
    resizeDocks({m_partnersDock}, {260}, Qt::Horizontal);
}

void MainWindow::createTabs()
{
    m_tabs = new QTabWidget;
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setDocumentMode(true);

    const auto addPlaceholder = [this](const QString &title, const PlaceholderText &text) {
        m_tabs->addTab(new PlaceholderPane(text), title);
    };

    addPlaceholder(tr("Browser"),
                   {.heading = tr("Browse the local mirror"),
                    .summary = tr("Collections, observations, planes and artifacts as held in the mirror, each "
                                  "with its checksum state against the partners."),
                    .planned = {tr("a tree that loads children on demand, so large collections open at once"),
                                tr("every field of the selected observation, plane or artifact"),
                                tr("\"only differences\", answered by the store rather than a filter over what "
                                   "happens to be loaded")},
                    .waitsFor = tr("the local store (core/store) and its tree models (ui/models)"),
                    .availableNow = {}});

    addPlaceholder(tr("Jobs"),
                   {.heading = tr("Run and watch sync jobs"),
                    .summary = tr("Metadata harvests and artifact transfers between MAST, CADC and ESDC, started "
                                  "here or by caom-sync, followed as they run."),
                    .planned = {tr("incremental harvest, retry of skipped observations, deletions and full "
                                   "re-harvest"),
                                tr("artifact discovery and download with checksum validation"),
                                tr("phase, counts, rate and a trustworthy ETA; cancel at any time")},
                    .waitsFor = tr("the sync engine (core/sync) and the network layer (core/net)"),
                    .availableNow = {}});

    addPlaceholder(tr("Discrepancies"),
                   {.heading = tr("Find what disagrees"),
                    .summary = tr("Observations that are missing, extra, stale or whose checksums differ between "
                                  "the mirror and a partner, grouped by reason."),
                    .planned = {tr("live counts per partner and per reason"),
                                tr("failed harvests with their cause, attempts and next retry"),
                                tr("acknowledge or retry from the list")},
                    .waitsFor = tr("compare jobs (core/sync) over the local store"),
                    .availableNow = tr("caom-sync checksum recomputes and checks the checksums of CAOM2 documents "
                                       "on disk.")});

    addPlaceholder(tr("Compare"),
                   {.heading = tr("Compare one observation across partners"),
                    .summary = tr("Two copies of an observation side by side, field by field, with planes, "
                                  "artifacts, parts and chunks matched by identity rather than by position."),
                    .planned = {tr("differences as paths such as "
                                   "planes[productID=cal].artifacts[uri=...].contentLength"),
                                tr("next and previous difference from the keyboard (Alt+Down, Alt+Up)"),
                                tr("which entity's checksum first disagrees")},
                    .waitsFor = tr("the local store and the compare job"),
                    .availableNow = tr("caom-sync diff A.xml B.xml prints the same field-level differences for "
                                       "two documents on disk.")});

    addPlaceholder(tr("Dashboard"),
                   {.heading = tr("Mirror health at a glance"),
                    .summary = tr("How complete and how current each mirror is, and how the last runs went."),
                    .planned = {tr("observations per partner and collection"),
                                tr("harvest lag and throughput over time"), tr("failures by category")},
                    .waitsFor = tr("run records in the store and the chart views (ui/charts)"),
                    .availableNow = {}});

    setCentralWidget(m_tabs);
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quitAction = fileMenu->addAction(tr("&Quit"));
    quitAction->setObjectName(QStringLiteral("quitAction"));
    // Ctrl+Q on every platform the console targets; QKeySequence::Quit is empty on some desktops.
    quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quitAction->setMenuRole(QAction::QuitRole);
    // close() rather than quit() so the layout is saved by closeEvent on the same path as the title bar's X.
    connect(quitAction, &QAction::triggered, this, &QWidget::close);

    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *partnersToggle = m_partnersDock->toggleViewAction();
    partnersToggle->setText(tr("&Partners"));
    viewMenu->addAction(partnersToggle);
    viewMenu->addSeparator();
    for (int index = 0; index < m_tabs->count(); ++index) {
        QAction *showTab = viewMenu->addAction(m_tabs->tabText(index));
        if (index < 9)
            showTab->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + index)));
        connect(showTab, &QAction::triggered, m_tabs, [this, index] { m_tabs->setCurrentIndex(index); });
    }

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *aboutAction = helpMenu->addAction(tr("&About CAOM Mirror Console"));
    aboutAction->setMenuRole(QAction::AboutRole);
    connect(aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQtAction = helpMenu->addAction(tr("About &Qt"));
    aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(aboutQtAction, &QAction::triggered, this, [this] { QMessageBox::aboutQt(this); });
}

void MainWindow::createStatusBar()
{
    // A permanent widget, so transient status messages never hide which store the console is working on.
    m_storeStatus = new QLabel(tr("Store: none yet"));
    m_storeStatus->setObjectName(QStringLiteral("storeStatus"));
    m_storeStatus->setToolTip(tr("The local SQLite or PostgreSQL store the console reads from; it arrives with "
                                 "core/store."));
    statusBar()->addPermanentWidget(m_storeStatus);
}

void MainWindow::restoreLayout()
{
    const QSettings settings;
    const bool restored = restoreGeometry(settings.value(geometryKey).toByteArray());
    if (!restored) {
        // First start: a comfortable size that still fits a small laptop screen.
        QSize size(1200, 760);
        if (const QScreen *current = screen())
            size = size.boundedTo(current->availableGeometry().size() * 0.9);
        resize(size);
    }
    restoreState(settings.value(stateKey).toByteArray(), layoutVersion);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(geometryKey, saveGeometry());
    settings.setValue(stateKey, saveState(layoutVersion));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About CAOM Mirror Console"),
                       tr("<h3>CAOM Mirror Console %1</h3>"
                          "<p>Keeps CAOM2 metadata mirrors of HST and JWST holdings in sync between MAST, CADC "
                          "and ESA's ESDC.</p>"
                          "<p>This version is an early skeleton: the console's views are placeholders that say "
                          "what is coming. The CAOM2 library and the <tt>caom-sync</tt> command line carry the "
                          "work done so far.</p>")
                           .arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
}

} // namespace mirror::ui
