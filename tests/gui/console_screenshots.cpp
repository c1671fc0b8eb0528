// console-screenshots: the documentation pictures of docs/screenshots/, taken from the real main window on the
// demo store, driven through the same calls a person's clicks make. Run under Xvfb by
// packaging/docs-screenshots.sh (it gives a throw-away config home, so no saved layout shapes a picture):
//   console-screenshots OUTPUT_DIR [DEMO_STORE_PATH]
#include "common/settings.h"
#include "demo/demo_store.h"
#include "models/discrepancy_list_model.h"
#include "models/entity_detail_model.h"
#include "models/entity_tree_model.h"
#include "models/model_roles.h"
#include "views/browser_filter_bar.h"
#include "views/browser_page.h"
#include "views/discrepancies_page.h"
#include "views/document_viewer.h"
#include "views/main_window.h"
#include "views/settings_dialog.h"
#include "views/source_list_editor.h"
#include "views/store_session.h"
#include "views/store_settings_page.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <QTreeWidget>

#include <cstdio>

namespace {

using mirror::models::EntityTreeModel;
using mirror::models::RowStatus;
namespace ModelRole = mirror::models::ModelRole;

bool waitFor(const std::function<bool()> &condition, int ms = 15'000)
{
    return QTest::qWaitFor(condition, ms);
}

bool save(QWidget *widget, const QString &path)
{
    QTest::qWait(400); // let delayed layouts and the last paints happen
    const bool ok = widget->grab().save(path);
    std::fprintf(stderr, "console-screenshots: %s %s\n", ok ? "wrote" : "could not write", qPrintable(path));
    return ok;
}

bool childrenReady(EntityTreeModel *tree, const QModelIndex &parent)
{
    return waitFor([&] {
        return tree->rowCount(parent) > 0
            && tree->index(0, 0, parent).data(ModelRole::RowStatus).toInt() == static_cast<int>(RowStatus::Ready);
    });
}

QModelIndex childWithChildren(EntityTreeModel *tree, const QModelIndex &parent)
{
    for (int row = 0; row < tree->rowCount(parent); ++row) {
        const QModelIndex child = tree->index(row, 0, parent);
        if (const store::TreeNode *node = tree->node(child); node && node->childCount > 0)
            return child;
    }
    return {};
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("CAOM Mirror"));
    QCoreApplication::setApplicationName(QStringLiteral("caom-console"));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("CAOM Mirror Console"));
    const QStringList args = QCoreApplication::arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: console-screenshots OUTPUT_DIR [DEMO_STORE_PATH]\n");
        return 2;
    }
    const QDir out(args[1]);
    QDir().mkpath(out.path());
    const QString demoPath = args.size() > 2 ? args[2] : demo::defaultDemoStorePath();

    mirror::Settings settings;
    int failures = 0;

    // 1. First start: no store anywhere yet.
    {
        mirror::ui::MainWindow first(&settings);
        first.setGeometry(0, 0, 1400, 900);
        first.show();
        first.openConfiguredStore();
        failures += save(&first, out.filePath(QStringLiteral("console-first-start.png"))) ? 0 : 1;
    }

    mirror::ui::MainWindow window(&settings);
    window.setGeometry(0, 0, 1400, 900);
    window.show();
    QSignalSpy opened(window.session(), &mirror::ui::StoreSession::opened);
    window.openDemoAt(demoPath);
    if (!opened.wait(120'000)) {
        std::fprintf(stderr, "console-screenshots: the demo store did not open\n");
        return 1;
    }
    mirror::ui::BrowserPage *browser = window.browser();
    EntityTreeModel *tree = browser->treeModel();
    QTreeView *view = browser->treeView();
    if (!waitFor([&] { return tree->rowCount() > 0; }))
        return 1;

    // 2. The tree expanded from an observation down to a chunk, the chunk's fields beside it.
    QModelIndex index = tree->index(2, 0);
    for (int level = 0; level < 4 && index.isValid(); ++level) {
        view->expand(index);
        if (!childrenReady(tree, index))
            return 1;
        index = level == 3 ? tree->index(0, 0, index) : childWithChildren(tree, index);
    }
    view->setCurrentIndex(index);
    view->scrollTo(index);
    waitFor([&] { return browser->detailModel()->current().kind() == store::NodeKind::Chunk; });
    failures += save(&window, out.filePath(QStringLiteral("browser-chunk.png"))) ? 0 : 1;

    // 3. "Only differences" on JWST, a differing observation selected.
    auto *partners = window.findChild<QTreeWidget *>(QStringLiteral("partners"));
    const auto jwst = partners->findItems(QStringLiteral("JWST"), Qt::MatchExactly | Qt::MatchRecursive);
    if (!jwst.isEmpty())
        partners->setCurrentItem(jwst.front());
    browser->filterBar()->findChild<QCheckBox *>(QStringLiteral("filterOnlyDifferences"))->setChecked(true);
    waitFor([&] {
        return tree->filter().onlyDifferences && tree->rowCount() > 0
            && tree->index(0, 0).data(ModelRole::RowStatus).toInt() == static_cast<int>(RowStatus::Ready);
    });
    for (int row = 0; row < tree->rowCount(); ++row) {
        if (tree->index(row, 0).data(ModelRole::State).toString() == QLatin1String("differs")) {
            view->setCurrentIndex(tree->index(row, 0));
            break;
        }
    }
    waitFor([&] { return !browser->detailModel()->current().observationID.isEmpty(); });
    failures += save(&window, out.filePath(QStringLiteral("browser-only-differences.png"))) ? 0 : 1;

    // 4. The document viewer on that observation.
    QTest::qWait(300);
    browser->openDocument();
    QTest::qWait(300);
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (auto *viewer = qobject_cast<mirror::ui::DocumentViewer *>(widget)) {
            viewer->resize(1000, 720);
            failures += save(viewer, out.filePath(QStringLiteral("document-viewer.png"))) ? 0 : 1;
            viewer->close();
        }
    }

    // 4b. The Discrepancies tab on the demo's findings, two rows selected.
    {
        auto *mainTabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
        mirror::ui::DiscrepanciesPage *page = window.discrepancies();
        mainTabs->setCurrentWidget(page);
        auto *list = page->model();
        if (waitFor([&] { return list->rowCount() > 1 && list->rowAt(0) && list->rowAt(1); })) {
            page->table()->selectRow(0);
            page->table()->selectionModel()->select(list->index(1, 0),
                                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
            auto *toggle = page->findChild<QToolButton *>(QStringLiteral("class-checksum-differs"));
            waitFor([&] { return toggle && toggle->text().back().isDigit(); }); // the class counts are in
            failures += save(&window, out.filePath(QStringLiteral("discrepancies.png"))) ? 0 : 1;
        } else {
            failures += 1;
        }
        mainTabs->setCurrentIndex(0);
    }

    // 5. The settings dialog: the store after "Test connection", then a partner source being edited.
    window.showSettings();
    mirror::ui::SettingsDialog *dialog = window.settingsDialog();
    auto *tabs = dialog->findChild<QTabWidget *>(QStringLiteral("settingsTabs"));
    tabs->setCurrentIndex(0);
    mirror::ui::StoreSettingsPage *storePage = dialog->storePage();
    storePage->setLocation(demoPath);
    QSignalSpy tested(storePage, &mirror::ui::StoreSettingsPage::testFinished);
    storePage->testConnection();
    tested.wait(10'000);
    failures += save(dialog, out.filePath(QStringLiteral("settings-store.png"))) ? 0 : 1;
    tabs->setCurrentIndex(1);
    mirror::ui::SourceListEditor *editor = dialog->sourceEditor();
    mirror::PartnerSource cadc;
    cadc.name = QStringLiteral("CADC");
    cadc.endpointKind = mirror::EndpointKind::RegistryResource;
    cadc.endpoint = QStringLiteral("ivo://cadc.nrc.ca/ams");
    cadc.credentialKind = mirror::CredentialKind::CertificateFile;
    cadc.credential = QStringLiteral("~/.ssl/cadcproxy.pem");
    cadc.collections = {QStringLiteral("CFHT"), QStringLiteral("GEMINI"), QStringLiteral("HST")};
    mirror::PartnerSource mast;
    mast.name = QStringLiteral("MAST");
    mast.endpoint = QStringLiteral("https://mast.stsci.edu/caom2/repo");
    mast.credentialKind = mirror::CredentialKind::TokenEnvironment;
    mast.credential = QStringLiteral("MAST_API_TOKEN");
    mast.collections = {QStringLiteral("HST")};
    editor->setSources({mast, cadc});
    editor->select(1);
    failures += save(dialog, out.filePath(QStringLiteral("settings-sources.png"))) ? 0 : 1;
    dialog->reload();
    dialog->close();
    return failures == 0 ? 0 : 1;
}
