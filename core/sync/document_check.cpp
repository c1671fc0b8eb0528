#include "sync/document_check.h"

#include "caom2/checksum.h"
#include "caom2/xml_reader.h"

namespace harvest {

mirror::Result<CheckedDocument> checkDocument(const std::string &xml, const std::string &collection,
                                              const std::string &observationID, const QString &sourceName)
{
    const std::string what = "caom:" + collection + "/" + observationID;
    if (xml.empty())
        return mirror::Error{mirror::ErrorCategory::Parse, what + ": the service sent an empty document"};
    caom2::ReadResult read = caom2::readObservation(xml, what);
    if (!read.ok)
        return mirror::Error{mirror::ErrorCategory::Parse, "invalid document: " + read.error.toString()};
    caom2::Observation &observation = read.document.observation;
    if (observation.collection != collection || observation.observationID != observationID) {
        return mirror::Error{mirror::ErrorCategory::Parse,
                             what + ": the service sent caom:" + observation.collection + "/"
                                 + observation.observationID + " instead"};
    }
    const std::string computed = caom2::toChecksumUri(caom2::accDigest(observation));
    if (observation.accMetaChecksum && *observation.accMetaChecksum != computed) {
        return mirror::Error{mirror::ErrorCategory::Checksum,
                             what + ": mismatched accMetaChecksum (harvest): declared " + *observation.accMetaChecksum
                                 + ", computed " + computed};
    }
    CheckedDocument checked;
    checked.id = QUuid::fromString(QString::fromStdString(observation.id.toString()));
    if (observation.maxLastModified)
        checked.maxLastModified = observation.maxLastModified->msSinceEpoch;
    checked.accMetaChecksum = QString::fromStdString(computed);
    auto prepared = store::prepareUpsert(
        store::UpsertItem(std::move(observation), sourceName, store::ObservationState::ok, read.document.caomVersion));
    if (!prepared) {
        mirror::Error error = prepared.error();
        error.message = what + ": " + error.message;
        return error;
    }
    checked.prepared = std::move(*prepared);
    return checked;
}

} // namespace harvest
