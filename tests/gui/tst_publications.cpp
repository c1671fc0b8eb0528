// Publications in the console: the list, observations and per-year models under QAbstractItemModelTester (Fatal),
// the Publications page (search, selection, one click opening an observation), and the detail pane's proposal and
// publications with their links, over a store the test filled (expected values from what it put in).
#include "model_test_store.h"
#include "models/publication_list_model.h"
#include "models/publication_observations_model.h"
#include "models/publication_years_model.h"
#include "store/publication_store.h"
#include "store/store_reader.h"
#include "views/observation_publications_view.h"
#include "views/publications_page.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using mirror::models::PublicationListModel;
using mirror::models::PublicationObservationsModel;
using mirror::models::PublicationYearsModel;

namespace {

constexpr int paperCount = 250; // more than two windows

QString bibcode(int i)
{
    return QStringLiteral("%1ApJ...%2....1X").arg(2000 + i % 20).arg(i, 3, 10, QLatin1Char('0'));
}

// 30 HST observations (generated, seed 11): observation i names proposal "P<i % 5>". Paper i came from proposal
// "P<i % 7>" (P5 and P6 have no observations); paper 0 also from P1.
std::unique_ptr<modeltest::FilledStore> storeWithPublications()
{
    auto filled = std::make_unique<modeltest::FilledStore>();
    filled->store = filled->fixture.openOrDie();
    caom2::GeneratorOptions options;
    options.collection = "HST";
    options.seed = 11;
    std::vector<store::UpsertItem> batch;
    for (int i = 0; i < 30; ++i) {
        caom2::Observation o = caom2::generateObservation(options, static_cast<std::uint64_t>(i));
        o.proposal->id = QStringLiteral("P%1").arg(i % 5).toStdString();
        batch.emplace_back(std::move(o), QStringLiteral("MAST"));
    }
    if (!store::ObservationStore(filled->store).upsert(batch))
        qFatal("cannot fill the store");
    filled->hstCount = 30;
    store::PublicationStore publications(filled->store);
    auto add = [&](const QString &proposal, int i) {
        store::PublicationLink link;
        link.proposal.id = proposal;
        link.proposal.pi = QStringLiteral("Rivera, L.");
        link.proposal.title = QStringLiteral("Survey ") + proposal;
        link.proposal.cycle = QStringLiteral("25");
        link.publication.bibcode = bibcode(i);
        link.publication.doi = QStringLiteral("10.3847/paper-%1").arg(i);
        link.publication.title =
            i == 7 ? QStringLiteral("Quasar winds at cosmic noon") : QStringLiteral("Paper %1").arg(i);
        link.publication.authors = {QStringLiteral("Author %1").arg(i), QStringLiteral("Second"),
                                    QStringLiteral("Third")};
        link.publication.year = 2000 + i % 20;
        link.publication.journal = QStringLiteral("ApJ");
        link.lastModified = 1000 + i;
        if (!publications.apply(link))
            qFatal("cannot write a link");
    };
    for (int i = 0; i < paperCount; ++i)
        add(QStringLiteral("P%1").arg(i % 7), i);
    add(QStringLiteral("P1"), 0);
    return filled;
}

} // namespace

class TestPublications : public QObject {
    Q_OBJECT

private slots:
    void listModelReadsInWindows()
    {
        auto filled = storeWithPublications();
        store::StoreReader reader(filled->store);
        PublicationListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy counted(&model, &PublicationListModel::countChanged);
        model.setReader(&reader);
        QVERIFY(counted.wait(5000));
        QCOMPARE(model.rowCount(), paperCount);
        QCOMPARE(model.columnCount(), int(PublicationListModel::ColumnCount));
        // Not read yet: says so, then the window arrives.
        QCOMPARE(model.index(0, PublicationListModel::TitleColumn).data().toString(), QStringLiteral("Loading\u2026"));
        QTRY_VERIFY_WITH_TIMEOUT(model.publicationAt(0).has_value(), 5000);
        // Newest year first: 2019 is papers 19, 39, ...; then by bibcode.
        QCOMPARE(model.index(0, PublicationListModel::YearColumn).data().toInt(), 2019);
        QCOMPARE(model.index(0, PublicationListModel::BibcodeColumn).data().toString(), bibcode(19));
        QCOMPARE(model.index(0, PublicationListModel::AuthorsColumn).data().toString(),
                 QStringLiteral("Author 19; Second et al."));
        // Paper 19 came from P5, which no observation names.
        QCOMPARE(model.index(0, PublicationListModel::ObservationsColumn).data().toLongLong(), qint64(0));
        // A row of the third window.
        model.index(240, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(model.publicationAt(240).has_value(), 5000);

        // Paper 0 came from P0 and P1: six observations each.
        model.setSearch(bibcode(0));
        QVERIFY(counted.wait(5000));
        QCOMPARE(model.rowCount(), 1);
        model.index(0, 0).data();
        QTRY_VERIFY_WITH_TIMEOUT(model.publicationAt(0).has_value(), 5000);
        QCOMPARE(model.publicationAt(0)->observations, qint64(12));
        QCOMPARE(model.publicationAt(0)->proposals, (QStringList{QStringLiteral("P0"), QStringLiteral("P1")}));
        model.setSearch(QStringLiteral("quasar"));
        QVERIFY(counted.wait(5000));
        QCOMPARE(model.rowCount(), 1);
        model.setSearch(QStringLiteral("no such paper"));
        QVERIFY(counted.wait(5000));
        QCOMPARE(model.rowCount(), 0);
    }

    void observationsAndYearsModels()
    {
        auto filled = storeWithPublications();
        store::StoreReader reader(filled->store);
        PublicationObservationsModel observations;
        QAbstractItemModelTester tester(&observations, QAbstractItemModelTester::FailureReportingMode::Fatal);
        observations.setReader(&reader);
        QSignalSpy loaded(&observations, &PublicationObservationsModel::loaded);
        observations.setPublication(bibcode(3)); // P3: observations 3, 8, 13, 18, 23, 28
        QVERIFY(loaded.wait(5000));
        QCOMPARE(observations.rowCount(), 6);
        const QModelIndex first = observations.index(0, 0);
        QCOMPARE(first.data(PublicationObservationsModel::CollectionRole).toString(), QStringLiteral("HST"));
        QVERIFY(first.data().toString().startsWith(QStringLiteral("HST / ")));
        observations.setPublication(bibcode(5)); // P5: none here
        QVERIFY(loaded.wait(5000));
        QCOMPARE(observations.rowCount(), 0);

        PublicationYearsModel years;
        QAbstractItemModelTester yearsTester(&years, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy refreshed(&years, &PublicationYearsModel::refreshed);
        years.setReader(&reader);
        QVERIFY(refreshed.wait(5000));
        QCOMPARE(years.rowCount(), 1);     // HST
        QCOMPARE(years.columnCount(), 21); // 2000..2019 and all years
        // Papers of P0..P4 reach HST: i % 7 < 5, 179 of the 250; paper 0 counted once.
        int expected = 0;
        for (int i = 0; i < paperCount; ++i)
            expected += i % 7 < 5 ? 1 : 0;
        QCOMPARE(years.index(0, 20).data().toLongLong(), qint64(expected));
        QCOMPARE(years.headerData(0, Qt::Horizontal).toString(), QStringLiteral("2000"));
        QCOMPARE(years.headerData(0, Qt::Vertical).toString(), QStringLiteral("HST"));
    }

    void pageSearchesSelectsAndOpens()
    {
        auto filled = storeWithPublications();
        store::StoreReader reader(filled->store);
        mirror::ui::PublicationsPage page;
        page.resize(1100, 600);
        page.show();
        QSignalSpy counted(page.listModel(), &PublicationListModel::countChanged);
        page.setReader(&reader);
        QVERIFY(counted.wait(5000));
        auto *search = page.findChild<QLineEdit *>(QStringLiteral("publicationSearch"));
        QVERIFY(search);
        search->setText(QStringLiteral("quasar"));
        QVERIFY(counted.wait(5000)); // after the typing pause
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("publicationCount"))->text(), QStringLiteral("1 found"));
        auto *table = page.findChild<QTableView *>(QStringLiteral("publicationList"));
        QTRY_VERIFY_WITH_TIMEOUT(page.listModel()->publicationAt(0).has_value(), 5000);
        QSignalSpy loaded(page.observationsModel(), &PublicationObservationsModel::loaded);
        table->setCurrentIndex(page.listModel()->index(0, 0));
        QCOMPARE(page.findChild<QLabel *>(QStringLiteral("publicationTitle"))->text(),
                 QStringLiteral("Quasar winds at cosmic noon"));
        const QString links = page.findChild<QLabel *>(QStringLiteral("publicationLinks"))->text();
        QVERIFY2(links.contains(QStringLiteral("https://ui.adsabs.harvard.edu/abs/2007ApJ...007....1X/abstract")),
                 qPrintable(links));
        QVERIFY2(links.contains(QStringLiteral("https://doi.org/10.3847/paper-7")), qPrintable(links));
        QVERIFY(loaded.wait(5000)); // paper 7: P0, six observations
        auto *list = page.findChild<QListView *>(QStringLiteral("publicationObservations"));
        QCOMPARE(list->model()->rowCount(), 6);

        QSignalSpy requested(&page, &mirror::ui::PublicationsPage::observationRequested);
        const QModelIndex second = list->model()->index(1, 0);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(second).center());
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested[0][0].toString(), QStringLiteral("MAST")); // harvested from
        QCOMPARE(requested[0][1].toString(), QStringLiteral("HST"));
        QCOMPARE(requested[0][2].toString(), second.data(PublicationObservationsModel::ObservationIdRole).toString());
    }

    void detailPaneListsProposalAndPublications()
    {
        auto filled = storeWithPublications();
        store::StoreReader reader(filled->store);
        mirror::ui::ObservationPublicationsView view;
        view.setReader(&reader);
        QSignalSpy shown(&view, &mirror::ui::ObservationPublicationsView::publicationsShown);
        caom2::GeneratorOptions options;
        options.collection = "HST";
        options.seed = 11;
        const QString id = QString::fromStdString(caom2::generateObservation(options, 1).observationID); // P1
        view.showObservation(QStringLiteral("HST"), id);
        QVERIFY(shown.wait(5000));
        const QString text = view.text();
        QVERIFY2(text.contains(QStringLiteral("Proposal P1</b>: Survey P1, PI Rivera, L., cycle 25")),
                 qPrintable(text));
        // Papers 1, 8, 15, ... from P1 (36 of them), and paper 0.
        QVERIFY2(text.contains(QStringLiteral("Publications (37):")), qPrintable(text));
        QVERIFY(
            text.contains(QStringLiteral("href=\"https://ui.adsabs.harvard.edu/abs/2000ApJ...000....1X/abstract\"")));
        QVERIFY(text.contains(QStringLiteral("href=\"https://doi.org/10.3847/paper-0\"")));
        QVERIFY(view.openExternalLinks());

        store::ObservationPublications none;
        QVERIFY(mirror::ui::ObservationPublicationsView::describe(none).contains(QStringLiteral("names none")));
        none.proposalId = QStringLiteral("P9");
        QVERIFY(mirror::ui::ObservationPublicationsView::describe(none).contains(
            QStringLiteral("No publications known from this proposal.")));
    }
};

QTEST_MAIN(TestPublications)
#include "tst_publications.moc"
