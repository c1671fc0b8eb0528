#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// Reads a repository service the way CADC's own clients do (caom2repo on Python requests, the Java
// RepoClient), so a test sees what they see rather than what our tolerant client makes of it: the body is
// decoded by the charset the Content-Type names (Latin-1 when it names none, as requests does for text/*),
// lines are split at '\n' and fields at TAB, and nothing is unquoted. An observation is then asked for with
// its ID as read, percent-encoded as UTF-8.
namespace testsupport {

struct ReferenceAnswer {
    int status = 0; // 0: no answer
    QByteArray contentType;
    QByteArray body;
    QString text; // the body decoded as described above
};

class ReferenceListingClient {
public:
    // `observationsUrl`: the obs endpoint's base, e.g. http://127.0.0.1:PORT/caom2/observations.
    explicit ReferenceListingClient(QString observationsUrl, QByteArray token = {});

    ReferenceAnswer get(const QString &url) const;
    // The state listing of `collection` (with `query` appended, e.g. "maxrec=10"), as rows of fields.
    QList<QStringList> listing(const QString &collection, const QString &query = {},
                               ReferenceAnswer *answer = nullptr) const;
    // GET of one observation by the ID as listed; the HTTP status.
    int fetchStatus(const QString &collection, const QString &observationID) const;

    // How the reference clients decode a text body.
    static QString decode(const QByteArray &body, const QByteArray &contentType);

private:
    QString m_base;
    QByteArray m_token;
};

} // namespace testsupport
