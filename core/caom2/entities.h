#pragma once

#include "caom2/values.h"

#include <optional>
#include <string>
#include <vector>

// The five CAOM2 entities (spec §1, §2.1-2.6). Children are kept in document order: identity is the
// key (productID, uri, name, id), never the position; checksums and diffs order them as the spec says.
namespace caom2 {

// State every entity carries as XML attributes. Stored checksums are what the document claimed; they are
// never inputs to the computation (checksum.h computes fresh values).
struct EntityBase {
    Uuid id;
    std::optional<Date> lastModified;
    std::optional<Date> maxLastModified;        // 2.3+
    std::optional<std::string> metaChecksum;    // 2.3+, as stored ("md5:<hex>")
    std::optional<std::string> accMetaChecksum; // 2.3+, as stored
    std::optional<Uri> metaProducer;            // 2.4; hashed right after the id when present
    friend bool operator==(const EntityBase &, const EntityBase &) = default;
};

struct Chunk : EntityBase {
    std::optional<ProductType> productType;
    std::optional<std::int32_t> naxis;
    std::optional<std::int32_t> observableAxis;
    std::optional<std::int32_t> positionAxis1;
    std::optional<std::int32_t> positionAxis2;
    std::optional<std::int32_t> energyAxis;
    std::optional<std::int32_t> timeAxis;
    std::optional<std::int32_t> polarizationAxis;
    std::optional<std::int32_t> customAxis; // 2.4
    std::optional<ObservableAxis> observable;
    std::optional<SpatialWCS> position;
    std::optional<SpectralWCS> energy;
    std::optional<TemporalWCS> time;
    std::optional<PolarizationWCS> polarization;
    std::optional<CustomWCS> custom; // 2.4
    friend bool operator==(const Chunk &, const Chunk &) = default;
};

struct Part : EntityBase {
    std::string name;
    std::optional<ProductType> productType;
    std::vector<Chunk> chunks;
    friend bool operator==(const Part &, const Part &) = default;
};

struct Artifact : EntityBase {
    Uri uri;
    ProductType productType;
    ReleaseType releaseType = ReleaseType::Data;
    std::optional<Date> contentRelease; // 2.4
    std::vector<Uri> contentReadGroups; // set, 2.4
    std::optional<std::string> contentType;
    std::optional<std::int64_t> contentLength;
    std::optional<Uri> contentChecksum; // 2.3+
    std::vector<Part> parts;
    friend bool operator==(const Artifact &, const Artifact &) = default;
};

struct Plane : EntityBase {
    std::string productID;
    std::optional<Uri> creatorID; // 2.3+
    std::optional<Date> metaRelease;
    std::vector<Uri> metaReadGroups; // set, 2.4
    std::optional<Date> dataRelease;
    std::vector<Uri> dataReadGroups; // set, 2.4
    std::optional<DataProductType> dataProductType;
    std::optional<CalibrationLevel> calibrationLevel;
    std::optional<Provenance> provenance;
    std::optional<Observable> observable; // 2.4
    std::optional<Metrics> metrics;
    std::optional<DataQuality> quality;
    std::optional<Position> position;
    std::optional<Energy> energy;
    std::optional<Time> time;
    std::optional<Polarization> polarization;
    std::optional<CustomAxis> custom; // 2.4
    std::vector<Artifact> artifacts;
    friend bool operator==(const Plane &, const Plane &) = default;
};

struct Observation : EntityBase {
    ObservationKind kind = ObservationKind::Simple;
    std::string collection;
    std::string observationID;
    std::optional<Date> metaRelease;
    std::vector<Uri> metaReadGroups; // set, 2.4
    std::optional<std::int32_t> sequenceNumber;
    Algorithm algorithm{"exposure"};
    std::optional<std::string> type; // free text such as OBJECT or FLAT
    std::optional<ObservationIntentType> intent;
    std::optional<Proposal> proposal;
    std::optional<Target> target;
    std::optional<TargetPosition> targetPosition;
    std::optional<Requirements> requirements;
    std::optional<Telescope> telescope;
    std::optional<Instrument> instrument;
    std::optional<Environment> environment;
    std::vector<Plane> planes;
    std::vector<ObservationUri> members; // set; Derived only
    friend bool operator==(const Observation &, const Observation &) = default;
};

// A document as read: the observation plus what the XML said about itself.
struct ObservationDocument {
    int caomVersion = 24; // 22, 23 or 24, decided by the root namespace
    Observation observation;
    std::vector<std::string> warnings; // things read leniently (e.g. a duplicate chunk id dropped)
};

} // namespace caom2
