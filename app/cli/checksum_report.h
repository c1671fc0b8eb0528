#pragma once

#include "caom2/checksum.h"
#include "caom2/entities.h"

#include <QString>

#include <string>
#include <string_view>

// What `caom-sync checksum` prints about one document, rendered to bytes by the thread that verified it, so the
// thread that writes the reports in order only copies bytes.
namespace cli {

// The human report: a header line naming the file and the observation, two lines per entity, the first
// disagreement and the reader's notes. `file` is the name as the operator gave it, in UTF-8.
void appendTextReport(std::string &out, std::string_view file, const caom2::ObservationDocument &document,
                      const caom2::Verification &verification);

// One element of the --json array, indented as it is inside the array, without the comma that separates it
// from the next.
void appendJsonReport(std::string &out, const QString &file, const caom2::ObservationDocument &document,
                      const caom2::Verification &verification);

// --trace: every field fed into every entity's metaChecksum, as hex, for comparing with the reference's trace.
void appendTrace(std::string &out, const caom2::Observation &observation);

} // namespace cli
