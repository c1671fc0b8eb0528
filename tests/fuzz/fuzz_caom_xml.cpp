// libFuzzer target: the CAOM XML reader on any bytes. A document it accepts must also survive what the engine
// does next with it: checksums computed, written back, and the written text read again (a document we write
// and cannot read would be a mirror we cannot serve).
#include "caom2/checksum.h"
#include "caom2/xml_reader.h"
#include "caom2/xml_writer.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    caom2::ReadLimits limits;
    caom2::ReadResult read = caom2::readObservation(bytes, "fuzz.xml", limits);
    if (!read.ok)
        return 0; // refused with a message: what must happen to bad input
    // Verifying compares digests as bytes: it must judge every stored value as comparing the texts does.
    const std::vector<caom2::EntityChecksums> report = caom2::computeChecksums(read.document.observation);
    const caom2::Verification verification = caom2::verifyChecksums(read.document.observation);
    if (verification.entities.size() != report.size()) {
        std::fprintf(stderr, "verify saw %zu entities, the report %zu\n", verification.entities.size(), report.size());
        std::abort();
    }
    for (std::size_t i = 0; i < report.size(); ++i) {
        const caom2::EntityVerification &entity = verification.entities[i];
        if (entity.metaAgrees() != report[i].metaAgrees() || entity.accAgrees() != report[i].accAgrees()
            || entity.metaChecksum() != report[i].metaChecksum
            || entity.storedMetaChecksum() != report[i].storedMetaChecksum) {
            std::fprintf(stderr, "verify and the report disagree about entity %zu\n", i);
            std::abort();
        }
    }
    const caom2::WriteResult written = caom2::writeObservation(read.document.observation);
    if (!written.ok)
        return 0; // the writer refuses values XML cannot carry; that is a clear error, not a crash
    const caom2::ReadResult again = caom2::readObservation(written.xml, "rewritten.xml", limits);
    if (!again.ok) {
        std::fprintf(stderr, "a document we wrote cannot be read back: %s\n", again.error.toString().c_str());
        std::abort();
    }
    return 0;
}
