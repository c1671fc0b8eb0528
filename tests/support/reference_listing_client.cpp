#include "reference_listing_client.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace testsupport {

ReferenceListingClient::ReferenceListingClient(QString observationsUrl, QByteArray token)
    : m_base(std::move(observationsUrl)),
      m_token(std::move(token))
{}

QString ReferenceListingClient::decode(const QByteArray &body, const QByteArray &contentType)
{
    QByteArray charset;
    for (const QByteArray &parameter : contentType.split(';')) {
        const QByteArray trimmed = parameter.trimmed();
        if (trimmed.toLower().startsWith("charset="))
            charset = trimmed.mid(8).trimmed().toLower();
    }
    if (charset == "utf-8" || charset == "utf8")
        return QString::fromUtf8(body);
    // No charset, US-ASCII or anything else: requests falls back to ISO-8859-1 for text/*.
    return QString::fromLatin1(body);
}

ReferenceAnswer ReferenceListingClient::get(const QString &url) const
{
    QNetworkAccessManager manager;
    QNetworkRequest request{QUrl::fromEncoded(url.toUtf8())};
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token);
    QNetworkReply *reply = manager.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(30000, &loop, &QEventLoop::quit);
    loop.exec();
    ReferenceAnswer answer;
    if (reply->isFinished()) {
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.contentType = reply->rawHeader("Content-Type");
        answer.body = reply->readAll();
        answer.text = decode(answer.body, answer.contentType);
    }
    reply->abort();
    delete reply;
    return answer;
}

QList<QStringList> ReferenceListingClient::listing(const QString &collection, const QString &query,
                                                   ReferenceAnswer *answerOut) const
{
    const ReferenceAnswer answer =
        get(m_base + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(collection))
            + (query.isEmpty() ? QString() : QLatin1Char('?') + query));
    QList<QStringList> rows;
    for (const QString &line : answer.text.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        rows << line.split(QLatin1Char('\t'));
    if (answerOut)
        *answerOut = answer;
    return rows;
}

int ReferenceListingClient::fetchStatus(const QString &collection, const QString &observationID) const
{
    return get(m_base + QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(collection)) + QLatin1Char('/')
               + QString::fromLatin1(QUrl::toPercentEncoding(observationID)))
        .status;
}

} // namespace testsupport
