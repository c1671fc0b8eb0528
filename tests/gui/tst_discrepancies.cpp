// The Discrepancies view over a store holding hundreds of findings: the list model pages through it in windows
// under QAbstractItemModelTester, the store sorts and filters, the class toggles show live counts, and a
// selection can be acknowledged with a note and copied as a plain-text summary.
#include "test_stores.h"

#include "models/discrepancy_list_model.h"
#include "store/discrepancy_store.h"
#include "views/discrepancies_page.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QToolButton>

using mirror::models::DiscrepancyListModel;

namespace {

// 450 checksum findings at MAST (three windows of 200), 50 missing locally at CADC.
std::shared_ptr<store::Store> filledStore(testsupport::TestStore &fixture)
{
    auto opened = fixture.openOrDie();
    store::DiscrepancyStore writer(opened, [] { return qint64(1718000000000); });
    std::vector<store::Discrepancy> found;
    for (int i = 0; i < 500; ++i) {
        store::Discrepancy d;
        d.source = i < 450 ? QStringLiteral("MAST") : QStringLiteral("CADC");
        d.collection = QStringLiteral("HST");
        d.observationID = QStringLiteral("obs%1").arg(i, 4, 10, QLatin1Char('0'));
        d.cls = i < 450 ? store::DiscrepancyClass::ChecksumDiffers : store::DiscrepancyClass::MissingLocally;
        d.localChecksum = QStringLiteral("md5:%1").arg(i, 32, 16, QLatin1Char('0'));
        d.remoteChecksum = QStringLiteral("md5:%1").arg(i + 1, 32, 16, QLatin1Char('0'));
        found.push_back(d);
    }
    if (!writer.add(found))
        qFatal("cannot fill the store");
    return opened;
}

} // namespace

class TestDiscrepancies : public QObject {
    Q_OBJECT

private slots:
    void modelPagesThroughWindows()
    {
        testsupport::TestStore fixture(QStringLiteral("sqlite"));
        store::DiscrepancyReader reader(filledStore(fixture));
        DiscrepancyListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setReader(&reader);
        QTRY_COMPARE(model.rowCount(), 500);
        // A row in the third window is read when asked for, "Loading…" until then.
        const QModelIndex deep = model.index(420, DiscrepancyListModel::Observation);
        model.data(deep, Qt::DisplayRole);
        QTRY_VERIFY(model.rowAt(420) != nullptr);
        QVERIFY(!deep.data().toString().isEmpty());

        model.sort(DiscrepancyListModel::Observation, Qt::AscendingOrder);
        QTRY_COMPARE(model.index(0, DiscrepancyListModel::Observation).data().toString(), QStringLiteral("obs0000"));
        model.sort(DiscrepancyListModel::Observation, Qt::DescendingOrder);
        QTRY_COMPARE(model.index(0, DiscrepancyListModel::Observation).data().toString(), QStringLiteral("obs0499"));
        // The class is text and a glyph, not colour alone.
        QTRY_COMPARE(model.index(0, DiscrepancyListModel::Class).data().toString(),
                     DiscrepancyListModel::classGlyph(QStringLiteral("missing-locally")) + QStringLiteral(" ")
                         + DiscrepancyListModel::classLabel(QStringLiteral("missing-locally")));

        store::DiscrepancyFilter cadc;
        cadc.source = QStringLiteral("CADC");
        model.setFilter(cadc);
        QTRY_COMPARE(model.rowCount(), 50);
    }

    void pageTogglesAcknowledgesAndCopies()
    {
        testsupport::TestStore fixture(QStringLiteral("sqlite"));
        mirror::ui::DiscrepanciesPage page;
        page.resize(1000, 600);
        page.setStore(filledStore(fixture));
        page.show();
        QTRY_COMPARE(page.model()->rowCount(), 500);

        auto *checksum = page.findChild<QToolButton *>(QStringLiteral("class-checksum-differs"));
        auto *missing = page.findChild<QToolButton *>(QStringLiteral("class-missing-locally"));
        QVERIFY(checksum && missing);
        QTRY_VERIFY2(checksum->text().endsWith(QStringLiteral("450")), qPrintable(checksum->text()));
        QTRY_VERIFY(missing->text().endsWith(QStringLiteral("50")));
        checksum->setChecked(false); // only the missing ones remain
        QTRY_COMPARE(page.model()->rowCount(), 50);
        QVERIFY(checksum->text().endsWith(QStringLiteral("450"))); // the count says what turning it on adds
        checksum->setChecked(true);

        auto *text = page.findChild<QLineEdit *>(QStringLiteral("textFilter"));
        text->setText(QStringLiteral("OBS000")); // any letter case: obs0000..obs0009
        QTRY_COMPARE(page.model()->rowCount(), 10);

        QTableView *table = page.table();
        QTRY_VERIFY(page.model()->rowAt(0) && page.model()->rowAt(1));
        table->selectionModel()->select(page.model()->index(0, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        table->selectionModel()->select(page.model()->index(1, 0),
                                        QItemSelectionModel::Select | QItemSelectionModel::Rows);
        auto *copy = page.findChild<QPushButton *>(QStringLiteral("copySummaryButton"));
        QVERIFY(copy->isEnabled());
        QTest::mouseClick(copy, Qt::LeftButton);
        const QString summary = QApplication::clipboard()->text();
        QVERIFY2(summary.contains(QStringLiteral("2 observation(s) differ")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("HST/obs000")) && summary.contains(QStringLiteral("at MAST md5:")),
                 qPrintable(summary));
        QVERIFY(!summary.contains(QStringLiteral("ChecksumDiffers"))); // the operator's words, not ours

        page.acknowledgeSelection(QStringLiteral("MAST knows, ticket 4411"));
        QTRY_VERIFY(page.model()->rowAt(0) && page.model()->rowAt(0)->discrepancy.acknowledged);
        QTRY_VERIFY(page.model()
                        ->index(0, DiscrepancyListModel::Acknowledged)
                        .data()
                        .toString()
                        .contains(QStringLiteral("ticket 4411")));
        page.findChild<QCheckBox *>(QStringLiteral("openOnly"))->setChecked(true);
        QTRY_COMPARE(page.model()->rowCount(), 8);
    }
};

QTEST_MAIN(TestDiscrepancies)
#include "tst_discrepancies.moc"
