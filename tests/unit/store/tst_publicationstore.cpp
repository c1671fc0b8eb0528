// Proposals, publications and their links on both engines: what applying feed records does, the feed read back
// in order with removed links, observations joined through their proposal (also ones that arrive after the
// link), and a store from before the proposal column gaining it from its documents.
#include "caom2/generator.h"
#include "store/observation_store.h"
#include "store/publication_store.h"
#include "store/schema.h"
#include "test_stores.h"

#include <QSqlQuery>
#include <QTest>

using namespace store;

namespace {

caom2::Observation observation(const std::string &collection, std::uint64_t index, const std::string &proposal)
{
    caom2::GeneratorOptions options;
    options.collection = collection;
    options.seed = 11;
    caom2::Observation o = caom2::generateObservation(options, index);
    if (proposal.empty()) {
        o.proposal.reset();
    } else {
        caom2::Proposal p;
        p.id = proposal;
        o.proposal = p;
    }
    return o;
}

PublicationLink link(const QString &proposal, const QString &bibcode, qint64 modified, std::optional<int> year = 2021)
{
    PublicationLink l;
    l.proposal.id = proposal;
    l.proposal.pi = QStringLiteral("A. Observer");
    l.proposal.title = QStringLiteral("Deep field ") + proposal;
    l.proposal.cycle = QStringLiteral("27");
    l.proposal.keywords = {QStringLiteral("galaxies"), QStringLiteral("high redshift")};
    l.publication.bibcode = bibcode;
    l.publication.doi = QStringLiteral("10.1000/") + bibcode;
    l.publication.title = QStringLiteral("Results on ") + bibcode;
    l.publication.authors = {QStringLiteral("Smith, J."), QStringLiteral("Garcia, M.")};
    l.publication.year = year;
    l.publication.journal = QStringLiteral("ApJ");
    l.lastModified = modified;
    l.source = QStringLiteral("MAST");
    return l;
}

PublicationLink removal(const QString &proposal, const QString &bibcode, qint64 modified)
{
    PublicationLink l;
    l.proposal.id = proposal;
    l.publication.bibcode = bibcode;
    l.lastModified = modified;
    l.deleted = true;
    return l;
}

QStringList bibcodes(const std::vector<PublicationSummary> &list)
{
    QStringList out;
    for (const PublicationSummary &s : list)
        out << s.publication.bibcode;
    return out;
}

} // namespace

class TestPublicationStore : public QObject {
    Q_OBJECT

private slots:
    void applyTellsWhatChanged_data() { testsupport::addEngineColumn(); }
    void applyTellsWhatChanged()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        PublicationStore publications(fixture.openOrDie());
        const PublicationLink first = link(QStringLiteral("P1"), QStringLiteral("2021ApJ...900....1S"), 1000);
        QCOMPARE(*publications.apply(first), LinkChange::Added);
        QCOMPARE(*publications.apply(first), LinkChange::Unchanged); // a re-read page
        PublicationLink newer = first;
        newer.lastModified = 2000;
        newer.publication.title = QStringLiteral("Corrected title");
        QCOMPARE(*publications.apply(newer), LinkChange::Updated);
        QCOMPARE(*publications.apply(first), LinkChange::Older); // never overwrites newer details
        auto held = publications.publicationsOfProposal(QStringLiteral("P1"));
        QVERIFY(held);
        QCOMPARE(held->size(), std::size_t(1));
        QCOMPARE(held->front().title, QStringLiteral("Corrected title"));
        QCOMPARE(held->front().authors, (QStringList{QStringLiteral("Smith, J."), QStringLiteral("Garcia, M.")}));

        QCOMPARE(*publications.apply(removal(QStringLiteral("P1"), QStringLiteral("2021ApJ...900....1S"), 3000)),
                 LinkChange::Removed);
        QVERIFY(publications.publicationsOfProposal(QStringLiteral("P1"))->empty());
        QCOMPARE(*publications.countPublications({}), qint64(0));
        // Brought back by a later record.
        newer.lastModified = 4000;
        QCOMPARE(*publications.apply(newer), LinkChange::Added);
        QCOMPARE(*publications.countPublications({}), qint64(1));

        PublicationLink nameless = first;
        nameless.publication.bibcode.clear();
        auto refused = publications.apply(nameless);
        QVERIFY(!refused);
        QCOMPARE(refused.error().category, mirror::ErrorCategory::PerItem);
    }

    // The feed lists every link in (time, proposal, bibcode) order, removed ones as bare identities, and
    // pages by keyset without losing or repeating rows that share a time.
    void feedPagesInOrder_data() { testsupport::addEngineColumn(); }
    void feedPagesInOrder()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        PublicationStore publications(fixture.openOrDie());
        for (int i = 0; i < 7; ++i)
            QVERIFY(publications.apply(link(QStringLiteral("P%1").arg(i % 3), QStringLiteral("B%1").arg(i), 5000)));
        QVERIFY(publications.apply(link(QStringLiteral("P0"), QStringLiteral("B9"), 4000)));
        QVERIFY(publications.apply(removal(QStringLiteral("P0"), QStringLiteral("B0"), 6000)));

        QStringList seen;
        FeedQuery query;
        query.limit = 3;
        for (int pages = 0; pages < 10; ++pages) {
            auto page = publications.feed(query);
            QVERIFY(page);
            if (page->empty())
                break;
            for (const PublicationLink &l : *page)
                seen << l.proposal.id + QLatin1Char('/') + l.publication.bibcode;
            const PublicationLink &last = page->back();
            query.after = FeedPosition{last.lastModified, last.proposal.id, last.publication.bibcode};
        }
        QCOMPARE(seen,
                 (QStringList{QStringLiteral("P0/B9"), QStringLiteral("P0/B3"), QStringLiteral("P0/B6"),
                              QStringLiteral("P1/B1"), QStringLiteral("P1/B4"), QStringLiteral("P2/B2"),
                              QStringLiteral("P2/B5"), QStringLiteral("P0/B0")}));

        FeedQuery window;
        window.start = 5000;
        window.end = 5000;
        auto inWindow = publications.feed(window);
        QCOMPARE(inWindow->size(), std::size_t(6));
        FeedQuery tail;
        tail.start = 6000;
        auto removed = publications.feed(tail);
        QCOMPARE(removed->size(), std::size_t(1));
        QVERIFY(removed->front().deleted);
        QCOMPARE(removed->front().proposal.id, QStringLiteral("P0"));
        QVERIFY(removed->front().publication.title.isEmpty());
        QCOMPARE(inWindow->front().publication.journal, QStringLiteral("ApJ"));
        QCOMPARE(inWindow->front().proposal.keywords.size(), qsizetype(2));
    }

    // A link to a proposal no observation names yet is kept; the observation that arrives later shows it.
    void observationsJoinThroughTheirProposal_data() { testsupport::addEngineColumn(); }
    void observationsJoinThroughTheirProposal()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto s = fixture.openOrDie();
        PublicationStore publications(s);
        QVERIFY(publications.apply(link(QStringLiteral("12345"), QStringLiteral("2019A&A...1..1X"), 1000, 2019)));
        QVERIFY(publications.apply(link(QStringLiteral("12345"), QStringLiteral("2022MNRAS.2..2Y"), 1000, 2022)));
        QVERIFY(publications.apply(link(QStringLiteral("777"), QStringLiteral("2022MNRAS.2..2Y"), 1000, 2022)));
        QVERIFY(publications.observationsOfPublication(QStringLiteral("2019A&A...1..1X"))->empty());
        auto listed = publications.publications({});
        QCOMPARE(bibcodes(*listed),
                 (QStringList{QStringLiteral("2022MNRAS.2..2Y"), QStringLiteral("2019A&A...1..1X")}));
        QCOMPARE(listed->front().observations, qint64(0));
        QCOMPARE(listed->front().proposals, (QStringList{QStringLiteral("12345"), QStringLiteral("777")}));

        ObservationStore observations(s);
        QVERIFY(
            observations.upsert({UpsertItem(observation("HST", 1, "12345")), UpsertItem(observation("HST", 2, "12345")),
                                 UpsertItem(observation("JWST", 3, "777")), UpsertItem(observation("HST", 4, ""))}));
        const QString hst1 = QString::fromStdString(observation("HST", 1, "").observationID);
        auto used = publications.observationsOfPublication(QStringLiteral("2022MNRAS.2..2Y"));
        QCOMPARE(used->size(), std::size_t(3));
        QCOMPARE(used->front().collection, QStringLiteral("HST"));
        QCOMPARE(used->front().source, QString()); // imported, from no partner
        QCOMPARE(used->back().collection, QStringLiteral("JWST"));
        listed = publications.publications({});
        QCOMPARE(listed->front().observations, qint64(3));
        QCOMPARE(listed->back().observations, qint64(2));

        auto detail = publications.forObservation(QStringLiteral("HST"), hst1);
        QVERIFY(detail && *detail);
        QCOMPARE((*detail)->proposalId, QStringLiteral("12345"));
        QVERIFY((*detail)->proposal);
        QCOMPARE((*detail)->proposal->pi, QStringLiteral("A. Observer"));
        QCOMPARE((*detail)->publications.size(), std::size_t(2));
        QCOMPARE((*detail)->publications.front().year, std::optional<int>(2019));
        const QString hst4 = QString::fromStdString(observation("HST", 4, "").observationID);
        auto none = publications.forObservation(QStringLiteral("HST"), hst4);
        QVERIFY((*none)->proposalId.isEmpty());
        QVERIFY((*none)->publications.empty());
        QVERIFY(!*publications.forObservation(QStringLiteral("HST"), QStringLiteral("no-such")));

        // Re-harvesting an observation under another proposal moves it.
        QVERIFY(observations.upsert({UpsertItem(observation("HST", 2, "777"))}));
        QCOMPARE(publications.observationsOfPublication(QStringLiteral("2019A&A...1..1X"))->size(), std::size_t(1));

        auto perYear = publications.perCollectionAndYear();
        QVERIFY(perYear);
        QCOMPARE(perYear->size(), std::size_t(3));
        QCOMPARE((*perYear)[0].collection, QStringLiteral("HST"));
        QCOMPARE((*perYear)[0].year, std::optional<int>(2019));
        QCOMPARE((*perYear)[1].year, std::optional<int>(2022));
        QCOMPARE((*perYear)[2].collection, QStringLiteral("JWST"));
        QCOMPARE((*perYear)[2].publications, qint64(1));

        PublicationFilter filter;
        filter.search = QStringLiteral("mnras");
        QCOMPARE(bibcodes(*publications.publications(filter)), QStringList{QStringLiteral("2022MNRAS.2..2Y")});
        filter.search.clear();
        filter.proposalId = QStringLiteral("777");
        QCOMPARE(*publications.countPublications(filter), qint64(1));
        filter.proposalId.clear();
        filter.limit = 1;
        filter.offset = 1;
        QCOMPARE(bibcodes(*publications.publications(filter)), QStringList{QStringLiteral("2019A&A...1..1X")});
    }

    // A store from before proposals existed gains the column, filled from the documents it holds.
    void migrationFillsProposalsFromDocuments_data() { testsupport::addEngineColumn(); }
    void migrationFillsProposalsFromDocuments()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
        {
            auto old = Store::openAtVersion(fixture.location(), proposalSchemaVersion() - 1);
            QVERIFY2(old, old ? "" : old.error().message.c_str());
            QVERIFY(ObservationStore(old.value())
                        .upsert({UpsertItem(observation("HST", 1, "9001")), UpsertItem(observation("HST", 2, "")),
                                 UpsertItem(observation("JWST", 3, "9002"))}));
        }
        auto current = Store::open(fixture.location());
        QVERIFY2(current, current ? "" : current.error().message.c_str());
        QSqlQuery query(current.value()->database());
        QVERIFY(query.exec(QStringLiteral(
            "SELECT collection, COALESCE(proposal_id, '-') FROM observation ORDER BY collection, proposal_id")));
        QStringList rows;
        while (query.next())
            rows << query.value(0).toString() + QLatin1Char(':') + query.value(1).toString();
        QCOMPARE(rows.size(), 3);
        QVERIFY(rows.contains(QStringLiteral("HST:9001")));
        QVERIFY(rows.contains(QStringLiteral("HST:-")));
        QVERIFY(rows.contains(QStringLiteral("JWST:9002")));
        PublicationStore publications(current.value());
        QVERIFY(publications.apply(link(QStringLiteral("9001"), QStringLiteral("B1"), 1)));
        QCOMPARE(publications.observationsOfPublication(QStringLiteral("B1"))->size(), std::size_t(1));
    }
};

QTEST_GUILESS_MAIN(TestPublicationStore)
#include "tst_publicationstore.moc"
