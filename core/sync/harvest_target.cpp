#include "sync/harvest_target.h"

namespace harvest {

QString harvestSourceKey(const QString &service, const QString &collectionString)
{
    QString collection = collectionString;
    collection.replace(QLatin1Char('?'), QLatin1Char('&'));
    return service + QLatin1Char('?') + collection;
}

std::pair<QString, QString> splitCollectionString(const QString &collectionString)
{
    const auto question = collectionString.indexOf(QLatin1Char('?'));
    if (question < 0)
        return {collectionString, {}};
    return {collectionString.left(question), collectionString.mid(question + 1)};
}

} // namespace harvest
