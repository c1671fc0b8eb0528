#include "demo/demo_publications.h"

#include "store/observation_store.h"
#include "store/publication_store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace demo {

namespace {

constexpr int proposalsLinked = 48;
constexpr qint64 firstLinkMs = 1'704'067'200'000; // 2024-01-01

const char *const surnames[] = {"Okafor",  "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak",   "Ahmed",  "Kowalski",
                                "Fischer", "Rossi",     "Chen",   "Haddad", "Varga", "O'Neill", "Petrov", "Quispe"};
const char *const initials[] = {"A.", "B.", "C.", "D.", "E.", "F.", "G.", "H.", "J.", "K.", "L.", "M."};
const char *const subjects[] = {"dust-obscured star formation", "the circumgalactic medium",
                                "brown dwarf atmospheres",      "lensed galaxies at z > 6",
                                "globular cluster ages",        "protoplanetary discs",
                                "the Hubble tension",           "active galactic nuclei feedback",
                                "Type Ia supernova hosts",      "exoplanet transmission spectra",
                                "the first quiescent galaxies", "stellar streams in the halo"};
const char *const openings[] = {"Constraints on", "A census of", "Resolving",
                                "New light on",   "Mapping",     "The nature of"};
struct Journal {
    const char *name;
    const char *abbreviation; // as in a bibcode, padded with dots to five characters
    const char *doiPrefix;
};
const Journal journals[] = {{"ApJ", "ApJ..", "10.3847/1538-4357/"},
                            {"A&A", "A&A..", "10.1051/0004-6361/"},
                            {"MNRAS", "MNRAS", "10.1093/mnras/"},
                            {"AJ", "AJ...", "10.3847/1538-3881/"},
                            {"Nature Astronomy", "NatAs", "10.1038/s41550-"}};

template <typename T, std::size_t N>
const T &pick(const T (&items)[N], std::uint64_t n)
{
    return items[n % N];
}

std::uint64_t mix(std::uint64_t n)
{
    n ^= n >> 33;
    n *= 0xff51afd7ed558ccdULL;
    n ^= n >> 33;
    return n;
}

QString author(std::uint64_t n)
{
    return QStringLiteral("%1, %2").arg(QLatin1String(pick(surnames, n)), QLatin1String(pick(initials, n / 7)));
}

// Paper `paper`, published from proposal `proposal` (the index among the demo's proposals).
store::PublicationRecord paperRecord(int paper)
{
    const std::uint64_t n = mix(static_cast<std::uint64_t>(paper) + 101);
    const Journal &journal = pick(journals, n);
    const int year = 2019 + static_cast<int>(n % 7);
    const int volume = 850 + static_cast<int>((n >> 8) % 150);
    const int page = 1 + static_cast<int>((n >> 16) % 300);
    store::PublicationRecord p;
    p.authors = {author(n >> 3), author(n >> 11), author(n >> 19)};
    const QString firstInitial = p.authors.front().left(1);
    // Bibcodes are 19 characters: year, journal, volume, a qualifier, page, the first author's initial.
    p.bibcode = QStringLiteral("%1%2%3.%4%5")
                    .arg(year)
                    .arg(QLatin1String(journal.abbreviation))
                    .arg(volume, 4, 10, QLatin1Char('.'))
                    .arg(page, 4, 10, QLatin1Char('.'))
                    .arg(firstInitial);
    p.doi = QLatin1String(journal.doiPrefix) + QString::number((n >> 24) % 0xE00000 + 0x100000, 16); // six hex digits
    p.title = QStringLiteral("%1 %2 with %3")
                  .arg(QLatin1String(pick(openings, n >> 5)), QLatin1String(pick(subjects, n >> 9)),
                       (n >> 13) % 2 ? QStringLiteral("HST") : QStringLiteral("JWST"));
    p.year = year;
    p.journal = QLatin1String(journal.name);
    return p;
}

// The feed's record of a proposal agrees with what the observations' own documents say of it (PI, title,
// keywords), as a real archive's would; the cycle and the abstract, which CAOM does not carry, are made up.
store::ProposalRecord proposalRecord(const QString &id, int index, const std::optional<caom2::Proposal> &declared)
{
    const std::uint64_t n = mix(static_cast<std::uint64_t>(index) + 7);
    store::ProposalRecord p;
    p.id = id;
    p.pi = author(n);
    p.title = QStringLiteral("%1 %2").arg(QLatin1String(pick(openings, n >> 4)), QLatin1String(pick(subjects, n >> 8)));
    p.cycle = QString::number(20 + static_cast<int>(n % 12));
    p.keywords = {QLatin1String(pick(subjects, n >> 12))};
    if (declared) {
        if (declared->pi)
            p.pi = QString::fromStdString(*declared->pi);
        if (declared->title)
            p.title = QString::fromStdString(*declared->title);
        if (!declared->keywords.empty()) {
            p.keywords.clear();
            for (const std::string &keyword : declared->keywords)
                p.keywords << QString::fromStdString(keyword);
        }
    }
    p.abstract = QStringLiteral("We propose to observe targets that address %1.").arg(p.keywords.front());
    return p;
}

// What one observation of the proposal declares about it (each of them carries the same proposal).
mirror::Result<std::optional<caom2::Proposal>> declaredProposal(const std::shared_ptr<store::Store> &store,
                                                                const QString &id)
{
    QSqlQuery query(store->database());
    query.prepare(QStringLiteral("SELECT collection, observation_id FROM observation WHERE proposal_id = ?"
                                 " ORDER BY collection, observation_id LIMIT 1"));
    query.addBindValue(id);
    if (!query.exec())
        return store::sqlError(QStringLiteral("cannot read the demo's proposal %1").arg(id), query.lastError());
    if (!query.next())
        return std::optional<caom2::Proposal>();
    const QString collection = query.value(0).toString();
    const QString observationID = query.value(1).toString();
    query.finish();
    auto observation = store::ObservationStore(store).load(collection, observationID);
    if (!observation)
        return observation.error();
    if (!observation.value() || !observation.value()->proposal)
        return std::optional<caom2::Proposal>();
    return std::optional<caom2::Proposal>(*observation.value()->proposal);
}

// The demo's proposals, busiest first, then by id: the same list for the demo store and the partners' copies.
mirror::Result<QStringList> busiestProposals(const std::shared_ptr<store::Store> &store)
{
    QSqlQuery query(store->database());
    if (!query.exec(QStringLiteral("SELECT proposal_id, COUNT(*) AS n FROM observation WHERE proposal_id IS NOT NULL"
                                   " GROUP BY proposal_id ORDER BY n DESC, proposal_id LIMIT %1")
                        .arg(proposalsLinked)))
        return store::sqlError(QStringLiteral("cannot read the demo's proposals"), query.lastError());
    QStringList ids;
    while (query.next())
        ids << query.value(0).toString();
    return ids;
}

} // namespace

mirror::Result<void> writeDemoPublications(const std::shared_ptr<store::Store> &store, bool partner)
{
    auto proposals = busiestProposals(store);
    if (!proposals)
        return proposals.error();
    std::vector<store::PublicationLink> links;
    int paper = 0;
    for (int i = 0; i < proposals->size(); ++i) {
        // One to three papers per proposal; every fifth paper also used the next proposal's data.
        const int papers = 1 + static_cast<int>(mix(static_cast<std::uint64_t>(i) + 3) % 3);
        for (int k = 0; k < papers; ++k, ++paper) {
            for (int used = i; used <= i + 1 && used < proposals->size(); ++used) {
                if (used != i && paper % 5 != 0)
                    continue;
                store::PublicationLink link;
                auto declared = declaredProposal(store, proposals->at(used));
                if (!declared)
                    return declared.error();
                link.proposal = proposalRecord(proposals->at(used), used, declared.value());
                link.publication = paperRecord(paper);
                link.lastModified = firstLinkMs + static_cast<qint64>(links.size()) * 3'600'000;
                link.source = QStringLiteral("MAST");
                links.push_back(std::move(link));
            }
        }
    }
    const auto partnerOnly = static_cast<std::size_t>(partnerOnlyLinks);
    const std::size_t kept = partner || links.size() < partnerOnly ? links.size() : links.size() - partnerOnly;
    QSqlDatabase db = store->database();
    store::Transaction transaction(db);
    store::PublicationStore publications(store);
    for (std::size_t i = 0; i < kept; ++i)
        if (auto applied = publications.apply(db, links[i]); !applied)
            return applied.error();
    return transaction.commit();
}

} // namespace demo
