#include "caom2/utf8.h"

#include <cstdint>
#include <cstring>

namespace caom2 {

std::optional<std::size_t> firstInvalidUtf8(std::string_view text)
{
    const auto *bytes = reinterpret_cast<const unsigned char *>(text.data());
    const std::size_t size = text.size();
    std::size_t i = 0;
    while (i < size) {
        // Fast path: ASCII skipped 32 and then 8 bytes at a time (CAOM documents are almost entirely ASCII;
        // one test per 32 bytes lets the compiler keep four loads in flight).
        if (i + 32 <= size) {
            std::uint64_t words[4];
            std::memcpy(words, bytes + i, 32);
            if (((words[0] | words[1] | words[2] | words[3]) & 0x8080808080808080ULL) == 0) {
                i += 32;
                continue;
            }
        }
        if (i + 8 <= size) {
            std::uint64_t chunk;
            std::memcpy(&chunk, bytes + i, 8);
            if ((chunk & 0x8080808080808080ULL) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char lead = bytes[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char min2 = 0x80;
        unsigned char max2 = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                min2 = 0xA0; // no overlongs
            if (lead == 0xED)
                max2 = 0x9F; // no surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                min2 = 0x90;
            if (lead == 0xF4)
                max2 = 0x8F; // nothing above U+10FFFF
        } else {
            return i;
        }
        if (i + length > size)
            return i;
        if (bytes[i + 1] < min2 || bytes[i + 1] > max2)
            return i;
        for (std::size_t k = 2; k < length; ++k)
            if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF)
                return i;
        i += length;
    }
    return std::nullopt;
}

} // namespace caom2
