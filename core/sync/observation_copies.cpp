#include "sync/observation_copies.h"

#include "caom2/xml_reader.h"
#include "net/repository_client.h"
#include "net/service_locator.h"
#include "net/source_connection.h"
#include "store/observation_store.h"

namespace harvest {

namespace {

QString text(const std::string &value)
{
    return QString::fromStdString(value);
}

QString named(const QString &collection, const QString &observationID)
{
    return collection + QLatin1Char('/') + observationID;
}

// Parses a fetched or stored document into the copy; a document that does not read is an unavailable copy.
void readInto(ObservationCopy &copy, const QString &collection, const QString &observationID)
{
    const caom2::ReadResult read = caom2::readObservation(
        std::string_view(copy.xml.constData(), static_cast<std::size_t>(copy.xml.size())), copy.origin.toStdString());
    if (!read.ok) {
        copy.error = QStringLiteral("%1 from %2 is not a readable CAOM document: %3")
                         .arg(named(collection, observationID), copy.name, text(read.error.toString()));
        return;
    }
    copy.observation = read.document.observation;
    copy.available = true;
}

} // namespace

ObservationCopy readLocalCopy(const std::shared_ptr<store::Store> &store, const QString &collection,
                              const QString &observationID)
{
    ObservationCopy copy;
    copy.name = QStringLiteral("local");
    copy.origin = QStringLiteral("the local store");
    auto document = store::ObservationStore(store).document(collection, observationID);
    if (!document) {
        copy.error = QStringLiteral("cannot read %1 from the local store: %2")
                         .arg(named(collection, observationID), text(document.error().message));
        return copy;
    }
    if (!*document) {
        copy.available = true; // read, and not there
        return copy;
    }
    copy.xml = **document;
    readInto(copy, collection, observationID);
    return copy;
}

ObservationCopy fetchPartnerCopy(const mirror::PartnerSource &source, const QString &collection,
                                 const QString &observationID, const std::atomic<bool> *cancelled)
{
    ObservationCopy copy;
    copy.name = source.name;
    copy.origin = source.endpoint;
    const auto fail = [&](const std::string &cause) {
        copy.error = QStringLiteral("cannot fetch %1 from %2: %3")
                         .arg(named(collection, observationID), source.name, text(cause));
        return copy;
    };
    auto connection = net::sourceConnection(source);
    if (!connection)
        return fail(connection.error().message);
    net::ServiceLocator locator(connection->http);
    auto endpoints = locator.locate(connection->spec, connection->held, cancelled);
    if (!endpoints)
        return fail(endpoints.error().message);
    net::RepositoryClient client(*endpoints, connection->http);
    copy.origin = text(client.observationUrl(collection.toStdString(), observationID.toStdString()));
    auto fetched = client.getObservation(collection.toStdString(), observationID.toStdString(), cancelled);
    if (!fetched)
        return fail(fetched.error().message);
    if (!*fetched) {
        copy.available = true; // the partner answered: it has no such observation
        return copy;
    }
    copy.xml = QByteArray::fromStdString((*fetched)->xml);
    readInto(copy, collection, observationID);
    return copy;
}

std::vector<caom2::ComparedCopy> comparedCopies(const std::vector<ObservationCopy> &copies)
{
    std::vector<caom2::ComparedCopy> out;
    for (const ObservationCopy &copy : copies)
        out.push_back({copy.name.toStdString(), copy.observation ? &*copy.observation : nullptr, copy.available});
    return out;
}

} // namespace harvest
