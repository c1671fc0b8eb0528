// The Compare tab, offscreen. On a comparison made in memory: the keyboard walks every difference (Alt+Down/Up,
// F7/Shift+F7), the field table follows, "Only differences" keeps the current field, the documents are aligned,
// the summary is copied. On the demo store with two of its partners served in-process: a checksum discrepancy
// opened with Enter in the Discrepancies tab lands in Compare with the partner's live copy, every difference is
// stepped through with the keyboard, and re-harvesting from the partner makes the copies identical and resolves
// the discrepancy. Also the Discrepancies tab's "found within" filter.
#include "test_stores.h"

#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "common/settings.h"
#include "demo/demo_partners.h"
#include "models/compare_field_model.h"
#include "models/compare_outcome.h"
#include "models/discrepancy_list_model.h"
#include "models/entity_tree_model.h"
#include "models/model_roles.h"
#include "serve/repository_server.h"
#include "store/discrepancy_store.h"
#include "store/store.h"
#include "views/browser_page.h"
#include "views/compare_document_view.h"
#include "views/compare_page.h"
#include "views/discrepancies_page.h"
#include "views/jobs_page.h"
#include "views/main_window.h"
#include "views/store_session.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include <algorithm>

using mirror::ui::ComparePage;
using mirror::ui::MainWindow;

namespace {

caom2::Plane &planeEnding(caom2::Observation &o, const std::string &suffix)
{
    return *std::find_if(o.planes.begin(), o.planes.end(),
                         [&](const caom2::Plane &p) { return p.productID.ends_with(suffix); });
}

// The field the table has selected, by its full path.
QString selectedField(ComparePage &page)
{
    return page.fieldTable()->currentIndex().data(mirror::models::CompareFieldModel::PathRole).toString();
}

} // namespace

class TestCompare : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void keyboardWalksEveryDifference();
    void foundWithinFilter();
    void fromDiscrepancyToEveryDifferingField();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<mirror::Settings> m_settings;
};

void TestCompare::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_CACHE_HOME", m_dir.filePath(QStringLiteral("cache")).toUtf8());
    qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
    m_settings = std::make_unique<mirror::Settings>(m_dir.filePath(QStringLiteral("config/settings.ini")),
                                                    m_dir.filePath(QStringLiteral("config/local.conf")));
}

void TestCompare::cleanupTestCase()
{
    m_settings.reset();
}

void TestCompare::keyboardWalksEveryDifference()
{
    caom2::GeneratorOptions options;
    options.collection = "HST";
    const caom2::Observation ours = caom2::generateObservation(options, 7);
    caom2::Observation theirs = ours;
    planeEnding(theirs, "_flt").provenance->version = "99.1";
    for (caom2::Artifact &artifact : planeEnding(theirs, "_flt").artifacts)
        for (caom2::Part &part : artifact.parts)
            if (part.name == "SCI")
                part.chunks.front().naxis = 3;
    auto &drz = planeEnding(theirs, "_drz").artifacts;
    drz.erase(
        std::remove_if(drz.begin(), drz.end(), [](const caom2::Artifact &a) { return a.uri.text.ends_with(".jpg"); }),
        drz.end());
    caom2::assignChecksums(theirs);
    mirror::models::CompareRequest request;
    request.collection = QStringLiteral("HST");
    request.observationID = QString::fromStdString(ours.observationID);
    auto outcome = mirror::models::compareCopies(request,
                                                 {mirror::models::copyFromObservation(QStringLiteral("local"), ours),
                                                  mirror::models::copyFromObservation(QStringLiteral("MAST"), theirs)});

    ComparePage page(nullptr);
    page.resize(1200, 800);
    page.show();
    page.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    page.showOutcome(outcome);
    // The stops in tree order: the drz plane's missing preview, the flt plane's field, its chunk's field (planes
    // are listed by productID: _drz before _flt).
    QCOMPARE(page.stopCount(), 3);
    QCOMPARE(page.currentStop(), 0);
    QVERIFY2(page.currentPath().endsWith(QStringLiteral("_prev.jpg]")), qPrintable(page.currentPath()));
    QVERIFY(selectedField(page).isEmpty()); // an entity, not a field
    page.tree()->setFocus();

    QTest::keyClick(page.tree(), Qt::Key_Down, Qt::AltModifier);
    QCOMPARE(page.currentStop(), 1);
    QVERIFY2(page.currentPath().endsWith(QStringLiteral("_flt].provenance.version")), qPrintable(page.currentPath()));
    QCOMPARE(selectedField(page), page.currentPath());
    QTest::keyClick(page.tree(), Qt::Key_F7);
    QCOMPARE(page.currentStop(), 2);
    QVERIFY2(page.currentPath().endsWith(QStringLiteral(".naxis")), qPrintable(page.currentPath()));
    QVERIFY(page.currentPath().contains(QStringLiteral(".chunks[id=")));
    QCOMPARE(selectedField(page), page.currentPath());
    // The tree shows the chunk the field belongs to.
    QVERIFY(page.tree()->currentIndex().data().toString().startsWith(QStringLiteral("Chunk")));
    QTest::keyClick(page.tree(), Qt::Key_F7); // the last: stays
    QCOMPARE(page.currentStop(), 2);
    QTest::keyClick(page.tree(), Qt::Key_F7, Qt::ShiftModifier);
    QCOMPARE(page.currentStop(), 1);
    QTest::keyClick(page.tree(), Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(page.currentStop(), 0);

    // All fields: more rows, the current field still selected.
    QTest::keyClick(page.tree(), Qt::Key_Down, Qt::AltModifier);
    const int differing = page.fieldModel()->rowCount();
    auto *only = page.findChild<QCheckBox *>(QStringLiteral("compareOnlyDifferences"));
    QVERIFY(only && only->isChecked());
    only->setChecked(false);
    QVERIFY(page.fieldModel()->rowCount() > differing);
    QCOMPARE(selectedField(page), page.currentPath());

    // The documents side by side: the lines that differ face each other, marked.
    auto *documents = page.findChild<mirror::ui::CompareDocumentView *>(QStringLiteral("compareDocuments"));
    QVERIFY(documents);
    QVERIFY(documents->differingLines() > 3);
    QCOMPARE(documents->left()->document()->blockCount(), documents->right()->document()->blockCount());
    QVERIFY(documents->left()->toPlainText().contains(QStringLiteral("\u2260 ")));

    // The summary for the partner.
    QApplication::clipboard()->clear();
    page.findChild<QPushButton *>(QStringLiteral("copyCompareSummary"))->click();
    const QString copied = QApplication::clipboard()->text();
    QVERIFY2(copied.contains(QStringLiteral("provenance.version")) && copied.contains(QStringLiteral("MAST: 99.1")),
             qPrintable(copied));
}

void TestCompare::foundWithinFilter()
{
    testsupport::TestStore fixture(QStringLiteral("sqlite"));
    auto opened = fixture.openOrDie();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const auto &[when, count] : {std::pair{now - 10LL * 86'400'000, 5}, std::pair{now - 60'000LL, 3}}) {
        store::DiscrepancyStore writer(opened, [when = when] { return when; });
        std::vector<store::Discrepancy> found;
        for (int i = 0; i < count; ++i) {
            store::Discrepancy d;
            d.source = QStringLiteral("MAST");
            d.collection = QStringLiteral("HST");
            d.observationID = QStringLiteral("o%1-%2").arg(when).arg(i);
            d.cls = store::DiscrepancyClass::ChecksumDiffers;
            found.push_back(d);
        }
        QVERIFY(writer.add(found));
    }
    mirror::ui::DiscrepanciesPage page;
    page.setStore(opened);
    QTRY_COMPARE(page.model()->rowCount(), 8);
    auto *found = page.findChild<QComboBox *>(QStringLiteral("foundFilter"));
    QVERIFY(found);
    found->setCurrentIndex(found->findData(qint64(86400)));
    QTRY_COMPARE(page.model()->rowCount(), 3);
    found->setCurrentIndex(found->findData(qint64(30 * 86400)));
    QTRY_COMPARE(page.model()->rowCount(), 8);
}

void TestCompare::fromDiscrepancyToEveryDifferingField()
{
    // Two of the demo's partners, served from this thread (the comparison fetches on a worker).
    std::vector<mirror::PartnerSource> sources;
    std::vector<std::unique_ptr<serve::RepositoryServer>> servers;
    for (const QString &name : {QStringLiteral("CADC"), QStringLiteral("MAST")}) {
        auto path = demo::ensureDemoPartnerStore(name);
        QVERIFY2(path, path ? "" : path.error().message.c_str());
        store::StoreLocation location;
        location.engine = store::Engine::SQLite;
        location.sqlitePath = *path;
        auto partnerStore = store::Store::open(location);
        QVERIFY(partnerStore);
        auto server = std::make_unique<serve::RepositoryServer>(partnerStore.value(), serve::ServeOptions{});
        QString error;
        QVERIFY2(server->start(&error) != 0, qPrintable(error));
        mirror::PartnerSource source;
        source.name = name;
        source.endpointKind = mirror::EndpointKind::Capabilities;
        source.endpoint = server->capabilitiesUrl();
        source.collections = {QStringLiteral("HST"), QStringLiteral("JWST")};
        sources.push_back(source);
        servers.push_back(std::move(server));
    }
    QVERIFY(m_settings->setSources(sources));

    MainWindow window(m_settings.get());
    window.resize(1400, 900);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QSignalSpy opened(window.session(), &mirror::ui::StoreSession::opened);
    window.openDemoAt(m_dir.filePath(QStringLiteral("cache/demo.sqlite")));
    QVERIFY2(opened.wait(120'000), "the demo store did not open");

    // The Discrepancies tab: CADC's checksum findings on HST.
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
    mirror::ui::DiscrepanciesPage *discrepancies = window.discrepancies();
    tabs->setCurrentWidget(discrepancies);
    discrepancies->showTarget(QStringLiteral("CADC"), QStringLiteral("HST"));
    for (const QString &cls : {QStringLiteral("missing-locally"), QStringLiteral("missing-remotely"),
                               QStringLiteral("timestamp-differs"), QStringLiteral("pending")})
        discrepancies->findChild<QToolButton *>(QStringLiteral("class-") + cls)->setChecked(false);
    auto *model = discrepancies->model();
    QTRY_VERIFY_WITH_TIMEOUT(model->countKnown() && model->rowCount() > 0 && model->rowAt(0), 10'000);
    const qint64 before = model->rowCount();
    const store::Discrepancy finding = model->rowAt(0)->discrepancy;
    QCOMPARE(finding.source, QStringLiteral("CADC"));
    QCOMPARE(store::discrepancyClassName(finding.cls), QStringLiteral("checksum-differs"));

    // Enter on the row opens the comparison, the partner's copy fetched live.
    ComparePage *compare = window.comparePage();
    QSignalSpy shown(compare, &ComparePage::comparisonShown);
    QTableView *table = discrepancies->table();
    table->setFocus();
    table->setCurrentIndex(model->index(0, 0));
    QTest::keyClick(table, Qt::Key_Return);
    QCOMPARE(tabs->currentWidget(), compare);
    QVERIFY2(shown.wait(30'000), "the comparison did not arrive");
    QVERIFY(compare->outcome());
    QVERIFY2(compare->outcome()->unreadable().isEmpty(),
             qPrintable(compare->outcome()->unreadable().join(QLatin1Char(';'))));
    QCOMPARE(compare->outcome()->request.observationID, finding.observationID);
    QCOMPARE(compare->outcome()->copyNames(), (QStringList{QStringLiteral("local"), QStringLiteral("CADC")}));

    // The partner reprocessed one plane: its provenance and its science chunk's WCS differ, nothing else.
    QCOMPARE(compare->stopCount(), 2);
    compare->tree()->setFocus();
    QCOMPARE(compare->currentStop(), 0);
    QVERIFY2(compare->currentPath().startsWith(QStringLiteral("planes[productID="))
                 && compare->currentPath().endsWith(QStringLiteral("].provenance.version")),
             qPrintable(compare->currentPath()));
    QCOMPARE(selectedField(*compare), compare->currentPath());
    QTest::keyClick(compare->tree(), Qt::Key_Down, Qt::AltModifier);
    QCOMPARE(compare->currentStop(), 1);
    QVERIFY2(compare->currentPath().contains(QStringLiteral(".chunks[id="))
                 && compare->currentPath().endsWith(QStringLiteral(".position.axis.function.refCoord.coord1.val")),
             qPrintable(compare->currentPath()));
    QCOMPARE(selectedField(*compare), compare->currentPath());
    QTest::keyClick(compare->tree(), Qt::Key_F7);
    QCOMPARE(compare->currentStop(), 1); // no further difference
    QTest::keyClick(compare->tree(), Qt::Key_F7, Qt::ShiftModifier);
    QCOMPARE(compare->currentStop(), 0);

    // Re-harvest from CADC: the copies become identical, and the finding is resolved.
    compare->setConfirmation([](const QString &, const QString &) { return true; });
    QSignalSpy refetched(compare, &ComparePage::observationRefetched);
    shown.clear();
    compare->reharvestFrom(QStringLiteral("CADC"));
    QVERIFY2(refetched.wait(30'000), "the re-harvest did not finish");
    QVERIFY2(shown.count() > 0 || shown.wait(30'000), "the second comparison did not arrive");
    QVERIFY(compare->outcome()->comparison.identical());
    QCOMPARE(compare->stopCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), before - 1, 10'000);

    // From the browser: an observation's context menu compares its local copy with the partner it came from.
    mirror::ui::BrowserPage *browser = window.browser();
    QTRY_VERIFY_WITH_TIMEOUT(browser->treeModel()->rowCount() > 1, 10'000);
    auto *compareAction = browser->findChild<QAction *>(QStringLiteral("browserCompareAction"));
    QVERIFY(compareAction);
    const QModelIndex first = browser->treeModel()->index(0, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!first.data(mirror::models::ModelRole::ObservationId).toString().isEmpty(), 10'000);
    browser->treeView()->setCurrentIndex(first);
    shown.clear();
    compareAction->trigger();
    QCOMPARE(tabs->currentWidget(), compare);
    QVERIFY2(shown.wait(30'000), "the comparison from the browser did not arrive");
    QCOMPARE(compare->outcome()->request.observationID,
             first.data(mirror::models::ModelRole::ObservationId).toString());
    QCOMPARE(compare->outcome()->request.collection, browser->collection());
    QCOMPARE(compare->outcome()->copyNames().at(1), browser->source());

    // "Compare with partner" on the collection: a validate without repair in the Jobs tab, then the Discrepancies
    // tab shows what that run found at CADC in HST.
    discrepancies->showTarget(QString(), QString());
    window.compareCollectionWithPartner(QStringLiteral("CADC"), QStringLiteral("HST"));
    QCOMPARE(tabs->currentWidget(), window.jobsPage());
    QTRY_COMPARE_WITH_TIMEOUT(tabs->currentWidget(), discrepancies, 120'000);
    QCOMPARE(discrepancies->findChild<QLineEdit *>(QStringLiteral("partnerFilter"))->text(), QStringLiteral("CADC"));
    QCOMPARE(discrepancies->findChild<QLineEdit *>(QStringLiteral("collectionFilter"))->text(), QStringLiteral("HST"));
    QVERIFY(model->filter().runKey.has_value());
    auto *runFilter = discrepancies->findChild<QToolButton *>(QStringLiteral("runFilter"));
    QVERIFY(runFilter && runFilter->isVisibleTo(discrepancies));
    // The partner's reprocessed observations are found again by the run (the one re-harvested is not).
    QTRY_VERIFY_WITH_TIMEOUT(model->countKnown() && model->rowCount() > 0 && model->rowAt(0), 10'000);
    QCOMPARE(model->rowAt(0)->discrepancy.runKey, model->filter().runKey);
}

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
