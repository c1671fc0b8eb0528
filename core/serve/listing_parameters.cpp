#include "serve/listing_parameters.h"

#include <QDateTime>
#include <QRegularExpression>

namespace serve {

std::optional<QString> queryParameter(const QUrlQuery &query, const QString &name)
{
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded))
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return std::nullopt;
}

std::optional<qint64> parseStrictTimestamp(const QString &text)
{
    static const QRegularExpression format(
        QStringLiteral("^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3})"));
    const auto match = format.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const QDate date(match.captured(1).toInt(), match.captured(2).toInt(), match.captured(3).toInt());
    const QTime time(match.captured(4).toInt(), match.captured(5).toInt(), match.captured(6).toInt(),
                     match.captured(7).toInt());
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    return QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch();
}

std::optional<ListingParameters> parseListingParameters(const QUrlQuery &query, int cap, QString *error)
{
    ListingParameters parameters;
    parameters.maxRecords = cap;
    if (const auto maxrec = queryParameter(query, QStringLiteral("maxrec"))) {
        bool ok = false;
        const qlonglong value = maxrec->toLongLong(&ok);
        if (!ok || value <= 0) {
            *error = QStringLiteral("invalid maxrec value: %1").arg(*maxrec);
            return std::nullopt;
        }
        parameters.maxRecords = int(std::min<qlonglong>(value, cap));
    }
    for (const auto &[name, target] :
         {std::pair{QStringLiteral("start"), &parameters.start}, std::pair{QStringLiteral("end"), &parameters.end}}) {
        if (const auto value = queryParameter(query, name)) {
            *target = parseStrictTimestamp(*value);
            if (!*target) {
                *error = QStringLiteral("invalid date format: %1").arg(*value);
                return std::nullopt;
            }
        }
    }
    if (const auto order = queryParameter(query, QStringLiteral("order"))) {
        if (order->compare(QLatin1String("desc"), Qt::CaseInsensitive) == 0)
            parameters.descending = true;
        else if (order->compare(QLatin1String("asc"), Qt::CaseInsensitive) != 0) {
            *error = QStringLiteral("invalid order value: %1").arg(*order);
            return std::nullopt;
        }
    }
    return parameters;
}

} // namespace serve
