#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

// MD5 (RFC 1321), fed piece by piece. The checksums hash thousands of small entities per document, and a
// library's digest context costs more to set up for each of them than hashing their few hundred bytes; this one
// is four words on the stack. Not for anything that needs a secure hash: CAOM's checksums are MD5 by definition.
namespace caom2::detail {

class Md5 {
public:
    void add(const void *bytes, std::size_t size);
    void add(std::string_view bytes) { add(bytes.data(), bytes.size()); }
    std::array<std::uint8_t, 16> finish(); // the digest; the object is spent afterwards

private:
    void compress(const unsigned char *block);

    std::uint32_t m_state[4] = {0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u};
    std::uint64_t m_length = 0; // bytes added
    unsigned char m_pending[64];
    std::size_t m_pendingSize = 0;
};

} // namespace caom2::detail
