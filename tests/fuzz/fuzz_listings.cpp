// libFuzzer target: the repository service's listing lines (observation states and deletions) and the
// registry's resource-caps text, as they arrive from a partner.
#include "net/listing_parser.h"
#include "net/service_locator.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    std::size_t start = 0;
    std::int64_t lineNumber = 1;
    while (start <= bytes.size()) {
        const std::size_t end = bytes.find('\n', start);
        const std::string_view line =
            bytes.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        (void)net::parseStateLine(line, lineNumber);
        (void)net::parseDeletionLine(line, lineNumber);
        (void)net::parseIvoaTimestamp(line);
        if (end == std::string_view::npos)
            break;
        start = end + 1;
        ++lineNumber;
    }
    (void)net::lookupResourceCaps(bytes, "ivo://cadc.nrc.ca/ams", "https://registry.example.org/resource-caps");
    return 0;
}
