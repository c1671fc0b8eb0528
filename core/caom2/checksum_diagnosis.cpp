#include "caom2/checksum_diagnosis.h"

namespace caom2 {

std::string describeOrder(ChildOrder order)
{
    switch (order) {
    case ChildOrder::Java: return "the canonical Java order";
    case ChildOrder::Python: return "the Python library's order (caom2tools)";
    case ChildOrder::JavaLegacy: return "the Java order used before 2019-07-17";
    }
    return {};
}

std::string ChecksumDiagnosis::summary() const
{
    if (agrees())
        return {};
    const std::string where = firstMismatchPath.empty() ? "the observation" : firstMismatchPath;
    std::string text =
        "declared " + firstMismatchKind + " of " + where + " is " + declared + ", its fields give " + computed;
    if (mismatches > 1)
        text +=
            " (" + std::to_string(mismatches) + " of " + std::to_string(declaredValues) + " declared values disagree)";
    if (explainedBy)
        text += "; ordering children by " + describeOrder(*explainedBy)
            + " reproduces every declared value, so the values were computed by other software and the "
              "metadata itself is consistent";
    else if (firstMismatchKind == "metaChecksum")
        text += "; no child ordering explains it: the entity's own fields changed after its checksum was "
                "computed";
    else
        text += "; no known child ordering explains it";
    return text;
}

ChecksumDiagnosis diagnoseChecksums(const Observation &observation)
{
    ChecksumDiagnosis diagnosis;
    const Verification canonical = verifyChecksums(observation, ChildOrder::Java);
    diagnosis.declaredValues = canonical.storedValues;
    diagnosis.mismatches = canonical.mismatches;
    if (canonical.ok() || !canonical.firstMismatch)
        return diagnosis;
    const EntityVerification &cause = canonical.entities[*canonical.firstMismatch];
    diagnosis.firstMismatchPath = cause.path;
    if (!cause.metaAgrees()) {
        diagnosis.firstMismatchKind = "metaChecksum";
        diagnosis.declared = cause.storedMetaText;
        diagnosis.computed = cause.metaChecksum();
    } else {
        diagnosis.firstMismatchKind = "accMetaChecksum";
        diagnosis.declared = cause.storedAccText;
        diagnosis.computed = cause.accMetaChecksum();
    }
    // The child order only changes accMetaChecksum: a differing metaChecksum cannot be explained by it.
    if (diagnosis.firstMismatchKind == "accMetaChecksum") {
        for (const ChildOrder other : {ChildOrder::Python, ChildOrder::JavaLegacy}) {
            if (verifyChecksums(observation, other).ok()) {
                diagnosis.explainedBy = other;
                break;
            }
        }
    }
    return diagnosis;
}

} // namespace caom2
