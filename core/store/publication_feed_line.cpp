#include "store/publication_feed_line.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QTimeZone>

#include <cmath>

namespace store {

namespace {

mirror::Error lineError(const QString &cause)
{
    return {mirror::ErrorCategory::Parse, cause.toStdString()};
}

// Texts as the store keeps them: line breaks and NULs become spaces (lists are kept a line an item).
QString cleanText(const QString &text)
{
    QString out = text;
    for (QChar &c : out)
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QChar(0))
            c = QLatin1Char(' ');
    return out.trimmed();
}

// An optional text field: absent or null is "", anything but a string is an error naming the field.
mirror::Result<QString> textField(const QJsonObject &object, const char *name, const char *owner)
{
    const QJsonValue value = object.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isString())
        return lineError(QStringLiteral("%1.%2 is not a text").arg(QLatin1String(owner), QLatin1String(name)));
    return cleanText(value.toString());
}

mirror::Result<QStringList> listField(const QJsonObject &object, const char *name, const char *owner)
{
    const QJsonValue value = object.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return QStringList();
    if (!value.isArray())
        return lineError(QStringLiteral("%1.%2 is not a list of texts").arg(QLatin1String(owner), QLatin1String(name)));
    QStringList out;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString())
            return lineError(QStringLiteral("%1.%2 holds something that is not a text")
                                 .arg(QLatin1String(owner), QLatin1String(name)));
        if (const QString text = cleanText(item.toString()); !text.isEmpty())
            out << text;
    }
    return out;
}

void putText(QJsonObject &object, const char *name, const QString &value)
{
    if (!value.isEmpty())
        object.insert(QLatin1String(name), value);
}

void putList(QJsonObject &object, const char *name, const QStringList &values)
{
    if (!values.isEmpty())
        object.insert(QLatin1String(name), QJsonArray::fromStringList(values));
}

} // namespace

QByteArray feedTimestamp(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc())
        .toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz"))
        .toLatin1();
}

std::optional<qint64> parseFeedTimestamp(const QString &text)
{
    QString trimmed = text.trimmed();
    if (trimmed.endsWith(QLatin1Char('Z')))
        trimmed.chop(1);
    for (const QString &format : {QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz"), QStringLiteral("yyyy-MM-ddTHH:mm:ss")}) {
        QDateTime parsed = QDateTime::fromString(trimmed, format);
        if (parsed.isValid()) {
            parsed.setTimeZone(QTimeZone::utc());
            return parsed.toMSecsSinceEpoch();
        }
    }
    return std::nullopt;
}

QByteArray writeFeedLine(const PublicationLink &link)
{
    QJsonObject proposal;
    proposal.insert(QLatin1String("id"), link.proposal.id);
    QJsonObject publication;
    publication.insert(QLatin1String("bibcode"), link.publication.bibcode);
    if (!link.deleted) {
        putText(proposal, "pi", link.proposal.pi);
        putText(proposal, "title", link.proposal.title);
        putText(proposal, "cycle", link.proposal.cycle);
        putList(proposal, "keywords", link.proposal.keywords);
        putText(proposal, "abstract", link.proposal.abstract);
        putText(publication, "doi", link.publication.doi);
        putText(publication, "title", link.publication.title);
        putList(publication, "authors", link.publication.authors);
        if (link.publication.year)
            publication.insert(QLatin1String("year"), *link.publication.year);
        putText(publication, "journal", link.publication.journal);
    }
    QJsonObject record;
    record.insert(QLatin1String("lastModified"), QString::fromLatin1(feedTimestamp(link.lastModified)));
    if (link.deleted)
        record.insert(QLatin1String("deleted"), true);
    record.insert(QLatin1String("proposal"), proposal);
    record.insert(QLatin1String("publication"), publication);
    return QJsonDocument(record).toJson(QJsonDocument::Compact);
}

mirror::Result<PublicationLink> readFeedLine(const QByteArray &line)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return lineError(
            QStringLiteral("not JSON (%1 at character %2)").arg(parseError.errorString()).arg(parseError.offset + 1));
    if (!document.isObject())
        return lineError(QStringLiteral("not a JSON object"));
    const QJsonObject record = document.object();
    PublicationLink link;

    const QJsonValue modified = record.value(QLatin1String("lastModified"));
    if (!modified.isString())
        return lineError(QStringLiteral("lastModified is missing"));
    const auto time = parseFeedTimestamp(modified.toString());
    if (!time)
        return lineError(QStringLiteral("lastModified \"%1\" is not a time like 2024-05-01T12:00:00.000")
                             .arg(modified.toString().left(40)));
    link.lastModified = *time;
    const QJsonValue deleted = record.value(QLatin1String("deleted"));
    if (!deleted.isUndefined() && !deleted.isNull() && !deleted.isBool())
        return lineError(QStringLiteral("deleted is neither true nor false"));
    link.deleted = deleted.toBool(false);

    const QJsonValue proposalValue = record.value(QLatin1String("proposal"));
    const QJsonValue publicationValue = record.value(QLatin1String("publication"));
    if (!proposalValue.isObject())
        return lineError(QStringLiteral("proposal is missing"));
    if (!publicationValue.isObject())
        return lineError(QStringLiteral("publication is missing"));
    const QJsonObject proposal = proposalValue.toObject();
    const QJsonObject publication = publicationValue.toObject();

    auto id = textField(proposal, "id", "proposal");
    auto bibcode = textField(publication, "bibcode", "publication");
    if (!id)
        return id.error();
    if (!bibcode)
        return bibcode.error();
    if (id->isEmpty())
        return lineError(QStringLiteral("proposal.id is missing"));
    if (bibcode->isEmpty())
        return lineError(QStringLiteral("publication.bibcode is missing"));
    link.proposal.id = *id;
    link.publication.bibcode = *bibcode;
    if (link.deleted)
        return link; // a deletion names the link; anything else it carries is of no use

    const std::pair<QString *, const char *> proposalTexts[] = {
        {&link.proposal.pi, "pi"}, {&link.proposal.title, "title"}, {&link.proposal.abstract, "abstract"}};
    for (const auto &[target, name] : proposalTexts) {
        auto value = textField(proposal, name, "proposal");
        if (!value)
            return value.error();
        *target = *value;
    }
    // A cycle is often given as a number (HST cycle 27, a JWST cycle 1).
    const QJsonValue cycle = proposal.value(QLatin1String("cycle"));
    if (cycle.isDouble())
        link.proposal.cycle = QString::number(cycle.toInteger());
    else if (auto text = textField(proposal, "cycle", "proposal"); text)
        link.proposal.cycle = *text;
    else
        return text.error();
    auto keywords = listField(proposal, "keywords", "proposal");
    if (!keywords)
        return keywords.error();
    link.proposal.keywords = *keywords;

    const std::pair<QString *, const char *> publicationTexts[] = {
        {&link.publication.doi, "doi"}, {&link.publication.title, "title"}, {&link.publication.journal, "journal"}};
    for (const auto &[target, name] : publicationTexts) {
        auto value = textField(publication, name, "publication");
        if (!value)
            return value.error();
        *target = *value;
    }
    auto authors = listField(publication, "authors", "publication");
    if (!authors)
        return authors.error();
    link.publication.authors = *authors;
    const QJsonValue year = publication.value(QLatin1String("year"));
    if (!year.isUndefined() && !year.isNull()) {
        const double value = year.toDouble(-1);
        if (!year.isDouble() || value < 1000 || value > 9999 || value != std::floor(value))
            return lineError(QStringLiteral("publication.year is not a four-digit year"));
        link.publication.year = static_cast<int>(value);
    }
    return link;
}

} // namespace store
