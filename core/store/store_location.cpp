#include "store/store_location.h"

#include <QDir>
#include <QUrl>
#include <QUrlQuery>

namespace store {

QString StoreLocation::redacted() const
{
    if (engine == Engine::SQLite)
        return sqlitePath;
    QString text = QStringLiteral("postgresql://");
    if (!user.isEmpty())
        text += user + (password.isEmpty() ? QString() : QStringLiteral(":***")) + QLatin1Char('@');
    text += host + QLatin1Char(':') + QString::number(port) + QLatin1Char('/') + database;
    return text;
}

QString defaultSqlitePath()
{
    QString dataHome = qEnvironmentVariable("XDG_DATA_HOME");
    if (dataHome.isEmpty())
        dataHome = QDir::homePath() + QStringLiteral("/.local/share");
    return dataHome + QStringLiteral("/caom-mirror/mirror.sqlite");
}

mirror::Result<StoreLocation> parseStoreLocation(const QString &text)
{
    StoreLocation location;
    if (text.isEmpty()) {
        location.sqlitePath = defaultSqlitePath();
        return location;
    }
    if (!text.startsWith(QStringLiteral("postgresql://")) && !text.startsWith(QStringLiteral("postgres://"))) {
        if (text.contains(QStringLiteral("://")))
            return mirror::Error{mirror::ErrorCategory::Fatal,
                                 "unsupported store URL '" + text.toStdString()
                                     + "': give a SQLite file path or a postgresql:// URL"};
        location.sqlitePath = QDir::cleanPath(QDir::current().absoluteFilePath(text));
        return location;
    }
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             "the PostgreSQL URL is not valid (expected postgresql://user@host[:port]/database)"};
    location.engine = Engine::PostgreSQL;
    location.host = url.host();
    location.port = url.port(5432);
    location.database = url.path().mid(1);
    location.user = url.userName();
    location.password = url.password();
    if (location.password.isEmpty())
        location.password = qEnvironmentVariable("PGPASSWORD");
    if (location.database.isEmpty())
        location.database = location.user.isEmpty() ? QStringLiteral("postgres") : location.user;
    const QUrlQuery query(url);
    QStringList options;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
        options << key + QLatin1Char('=') + value;
    location.options = options.join(QLatin1Char(';'));
    return location;
}

} // namespace store
