#include "store/observation_search.h"

namespace store {

namespace {

// The trigram tokenizer indexes every run of three characters: a shorter text has no trigram to look up.
constexpr qsizetype shortestIndexedText = 3;

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

QString observationIdContains(Engine engine, const QString &text, QVariantList &values)
{
    if (engine == Engine::PostgreSQL) {
        // pg_trgm's index serves ILIKE when the planner expects it to narrow the rows; otherwise PostgreSQL
        // scans in order and stops at the window's end, which is what a common substring wants.
        values << likePattern(text);
        return QStringLiteral("observation_id ILIKE ? ESCAPE '\\'");
    }
    if (text.size() < shortestIndexedText) {
        values << likePattern(text); // SQLite's LIKE ignores ASCII case
        return QStringLiteral("observation_id LIKE ? ESCAPE '\\'");
    }
    values << ftsPhrase(text);
    return QStringLiteral("obs_key IN (SELECT rowid FROM observation_id_search WHERE observation_id_search MATCH ?)");
}

} // namespace store
