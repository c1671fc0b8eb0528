#pragma once

#include "caom2/checksum.h"
#include "caom2/entities.h"

#include <optional>
#include <string>

// Why a document's declared checksums disagree with what its own fields give: which entity is the cause,
// and whether another known child ordering (the Python library's, or Java's before 2019-07-17) reproduces
// every declared value, which means the partner computed them with other software rather than that the
// metadata changed. The kind of finding partners sort out between themselves.
namespace caom2 {

struct ChecksumDiagnosis {
    int declaredValues = 0;                // declared metaChecksum/accMetaChecksum values found in the document
    int mismatches = 0;                    // of those, how many differ from the canonical (Java) computation
    std::string firstMismatchPath;         // identity path of the cause ("" = the observation); empty when none
    std::string firstMismatchKind;         // "metaChecksum" or "accMetaChecksum"
    std::string declared;                  // the cause's declared value
    std::string computed;                  // and the canonical recomputed one
    std::optional<ChildOrder> explainedBy; // Python or JavaLegacy when that order reproduces every value

    bool agrees() const { return mismatches == 0; }
    // One or two sentences in the operator's language, e.g. "declared accMetaChecksum of
    // planes[productID=cal] is md5:…, its fields give md5:…; the Python library's child order reproduces
    // every declared value". "" when everything agrees.
    std::string summary() const;
};

ChecksumDiagnosis diagnoseChecksums(const Observation &observation);

// "Java (canonical)", "Python library (caom2tools)", "Java before 2019-07-17"
std::string describeOrder(ChildOrder order);

} // namespace caom2
