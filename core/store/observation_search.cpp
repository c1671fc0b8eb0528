#include "store/observation_search.h"

#include <QSqlQuery>

namespace store {

namespace {

// The trigram tokenizer indexes every run of three characters: a shorter text has no trigram to look up.
constexpr qsizetype shortestIndexedText = 3;

// Up to this many matches the index answers: their rows are read by key and sorted (about a millisecond per
// thousand). A more common text is found sooner by reading the collection in order and stopping at the end of
// the window: 4,000 matches in a million rows means one in 250, so a window of 200 is read within 50,000
// rows, also a few milliseconds.
constexpr int mostIndexedMatches = 4000;

QString likePattern(const QString &text)
{
    QString pattern = text;
    pattern.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('%'), QStringLiteral("\\%"))
        .replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return QLatin1Char('%') + pattern + QLatin1Char('%');
}

// An FTS5 phrase: the text in double quotes (doubled inside), so no character of it is query syntax. With the
// trigram tokenizer a phrase matches exactly the rows that contain it as a substring, ignoring case.
QString ftsPhrase(const QString &text)
{
    QString phrase = text;
    phrase.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + phrase + QLatin1Char('"');
}

} // namespace

// True when the trigram index holds fewer than mostIndexedMatches rows containing the phrase (in any
// collection). Counting stops at the limit, so a common text costs no more to ask about than a rare one.
bool isRare(const QSqlDatabase &db, const QString &phrase)
{
    QSqlQuery probe(db);
    probe.prepare(QStringLiteral("SELECT COUNT(*) FROM (SELECT rowid FROM observation_id_search"
                                 " WHERE observation_id_search MATCH ? LIMIT %1)")
                      .arg(mostIndexedMatches));
    probe.addBindValue(phrase);
    // Should the probe fail, the scan below answers correctly, only more slowly.
    return probe.exec() && probe.next() && probe.value(0).toInt() < mostIndexedMatches;
}

IdSearch observationIdContains(Store &store, const QString &text)
{
    IdSearch search;
    if (store.engine() == Engine::PostgreSQL) {
        // pg_trgm's index over lower(observation_id) (schema version 12) serves this when the planner expects it
        // to narrow the rows; otherwise PostgreSQL scans in order and stops at the window's end, which is what a
        // common substring wants. Both sides folded by the same lower(), so case is ignored as on SQLite.
        search.condition = QStringLiteral("lower(observation_id) LIKE lower(?) ESCAPE '\\'");
        search.values << likePattern(text);
        return search;
    }
    const QString phrase = ftsPhrase(text);
    if (text.size() < shortestIndexedText || !isRare(store.database(), phrase)) {
        search.condition = QStringLiteral("observation_id LIKE ? ESCAPE '\\'"); // ignores ASCII case
        search.values << likePattern(text);
        return search;
    }
    search.condition =
        QStringLiteral("obs_key IN (SELECT rowid FROM observation_id_search WHERE observation_id_search MATCH ?)");
    search.values << phrase;
    search.readsMatchesByKey = true;
    return search;
}

} // namespace store
