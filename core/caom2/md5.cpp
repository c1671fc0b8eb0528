#include "caom2/md5.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace caom2::detail {

namespace {

// The four round functions of RFC 1321, section 3.4.
struct RoundF {
    static std::uint32_t apply(std::uint32_t x, std::uint32_t y, std::uint32_t z) { return (x & y) | (~x & z); }
};
struct RoundG {
    static std::uint32_t apply(std::uint32_t x, std::uint32_t y, std::uint32_t z) { return (x & z) | (y & ~z); }
};
struct RoundH {
    static std::uint32_t apply(std::uint32_t x, std::uint32_t y, std::uint32_t z) { return x ^ y ^ z; }
};
struct RoundI {
    static std::uint32_t apply(std::uint32_t x, std::uint32_t y, std::uint32_t z) { return y ^ (x | ~z); }
};

// One of the 64 operations: a = b + ((a + fn(b, c, d) + word + constant) <<< shift), the word and constant added
// by the caller.
template <typename Fn>
inline std::uint32_t step(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t d, std::uint32_t input,
                          int shift)
{
    return b + std::rotl(a + Fn::apply(b, c, d) + input, shift);
}

std::uint32_t littleEndianWord(const unsigned char *p)
{
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
}

} // namespace

void Md5::compress(const unsigned char *block)
{
    std::uint32_t x[16];
    for (int i = 0; i < 16; ++i)
        x[i] = littleEndianWord(block + 4 * i);
    std::uint32_t a = m_state[0];
    std::uint32_t b = m_state[1];
    std::uint32_t c = m_state[2];
    std::uint32_t d = m_state[3];
    // The 64 operations written out (word index, constant floor(2^32 * |sin(i + 1)|), shift), as the RFC lists them.
    a = step<RoundF>(a, b, c, d, x[0] + 0xd76aa478u, 7);
    d = step<RoundF>(d, a, b, c, x[1] + 0xe8c7b756u, 12);
    c = step<RoundF>(c, d, a, b, x[2] + 0x242070dbu, 17);
    b = step<RoundF>(b, c, d, a, x[3] + 0xc1bdceeeu, 22);
    a = step<RoundF>(a, b, c, d, x[4] + 0xf57c0fafu, 7);
    d = step<RoundF>(d, a, b, c, x[5] + 0x4787c62au, 12);
    c = step<RoundF>(c, d, a, b, x[6] + 0xa8304613u, 17);
    b = step<RoundF>(b, c, d, a, x[7] + 0xfd469501u, 22);
    a = step<RoundF>(a, b, c, d, x[8] + 0x698098d8u, 7);
    d = step<RoundF>(d, a, b, c, x[9] + 0x8b44f7afu, 12);
    c = step<RoundF>(c, d, a, b, x[10] + 0xffff5bb1u, 17);
    b = step<RoundF>(b, c, d, a, x[11] + 0x895cd7beu, 22);
    a = step<RoundF>(a, b, c, d, x[12] + 0x6b901122u, 7);
    d = step<RoundF>(d, a, b, c, x[13] + 0xfd987193u, 12);
    c = step<RoundF>(c, d, a, b, x[14] + 0xa679438eu, 17);
    b = step<RoundF>(b, c, d, a, x[15] + 0x49b40821u, 22);
    a = step<RoundG>(a, b, c, d, x[1] + 0xf61e2562u, 5);
    d = step<RoundG>(d, a, b, c, x[6] + 0xc040b340u, 9);
    c = step<RoundG>(c, d, a, b, x[11] + 0x265e5a51u, 14);
    b = step<RoundG>(b, c, d, a, x[0] + 0xe9b6c7aau, 20);
    a = step<RoundG>(a, b, c, d, x[5] + 0xd62f105du, 5);
    d = step<RoundG>(d, a, b, c, x[10] + 0x02441453u, 9);
    c = step<RoundG>(c, d, a, b, x[15] + 0xd8a1e681u, 14);
    b = step<RoundG>(b, c, d, a, x[4] + 0xe7d3fbc8u, 20);
    a = step<RoundG>(a, b, c, d, x[9] + 0x21e1cde6u, 5);
    d = step<RoundG>(d, a, b, c, x[14] + 0xc33707d6u, 9);
    c = step<RoundG>(c, d, a, b, x[3] + 0xf4d50d87u, 14);
    b = step<RoundG>(b, c, d, a, x[8] + 0x455a14edu, 20);
    a = step<RoundG>(a, b, c, d, x[13] + 0xa9e3e905u, 5);
    d = step<RoundG>(d, a, b, c, x[2] + 0xfcefa3f8u, 9);
    c = step<RoundG>(c, d, a, b, x[7] + 0x676f02d9u, 14);
    b = step<RoundG>(b, c, d, a, x[12] + 0x8d2a4c8au, 20);
    a = step<RoundH>(a, b, c, d, x[5] + 0xfffa3942u, 4);
    d = step<RoundH>(d, a, b, c, x[8] + 0x8771f681u, 11);
    c = step<RoundH>(c, d, a, b, x[11] + 0x6d9d6122u, 16);
    b = step<RoundH>(b, c, d, a, x[14] + 0xfde5380cu, 23);
    a = step<RoundH>(a, b, c, d, x[1] + 0xa4beea44u, 4);
    d = step<RoundH>(d, a, b, c, x[4] + 0x4bdecfa9u, 11);
    c = step<RoundH>(c, d, a, b, x[7] + 0xf6bb4b60u, 16);
    b = step<RoundH>(b, c, d, a, x[10] + 0xbebfbc70u, 23);
    a = step<RoundH>(a, b, c, d, x[13] + 0x289b7ec6u, 4);
    d = step<RoundH>(d, a, b, c, x[0] + 0xeaa127fau, 11);
    c = step<RoundH>(c, d, a, b, x[3] + 0xd4ef3085u, 16);
    b = step<RoundH>(b, c, d, a, x[6] + 0x04881d05u, 23);
    a = step<RoundH>(a, b, c, d, x[9] + 0xd9d4d039u, 4);
    d = step<RoundH>(d, a, b, c, x[12] + 0xe6db99e5u, 11);
    c = step<RoundH>(c, d, a, b, x[15] + 0x1fa27cf8u, 16);
    b = step<RoundH>(b, c, d, a, x[2] + 0xc4ac5665u, 23);
    a = step<RoundI>(a, b, c, d, x[0] + 0xf4292244u, 6);
    d = step<RoundI>(d, a, b, c, x[7] + 0x432aff97u, 10);
    c = step<RoundI>(c, d, a, b, x[14] + 0xab9423a7u, 15);
    b = step<RoundI>(b, c, d, a, x[5] + 0xfc93a039u, 21);
    a = step<RoundI>(a, b, c, d, x[12] + 0x655b59c3u, 6);
    d = step<RoundI>(d, a, b, c, x[3] + 0x8f0ccc92u, 10);
    c = step<RoundI>(c, d, a, b, x[10] + 0xffeff47du, 15);
    b = step<RoundI>(b, c, d, a, x[1] + 0x85845dd1u, 21);
    a = step<RoundI>(a, b, c, d, x[8] + 0x6fa87e4fu, 6);
    d = step<RoundI>(d, a, b, c, x[15] + 0xfe2ce6e0u, 10);
    c = step<RoundI>(c, d, a, b, x[6] + 0xa3014314u, 15);
    b = step<RoundI>(b, c, d, a, x[13] + 0x4e0811a1u, 21);
    a = step<RoundI>(a, b, c, d, x[4] + 0xf7537e82u, 6);
    d = step<RoundI>(d, a, b, c, x[11] + 0xbd3af235u, 10);
    c = step<RoundI>(c, d, a, b, x[2] + 0x2ad7d2bbu, 15);
    b = step<RoundI>(b, c, d, a, x[9] + 0xeb86d391u, 21);
    m_state[0] += a;
    m_state[1] += b;
    m_state[2] += c;
    m_state[3] += d;
}

void Md5::add(const void *bytes, std::size_t size)
{
    const auto *p = static_cast<const unsigned char *>(bytes);
    m_length += size;
    if (m_pendingSize > 0) {
        const std::size_t take = std::min(size, sizeof m_pending - m_pendingSize);
        std::memcpy(m_pending + m_pendingSize, p, take);
        m_pendingSize += take;
        p += take;
        size -= take;
        if (m_pendingSize < sizeof m_pending)
            return;
        compress(m_pending);
        m_pendingSize = 0;
    }
    for (; size >= 64; p += 64, size -= 64)
        compress(p);
    std::memcpy(m_pending, p, size);
    m_pendingSize = size;
}

std::array<std::uint8_t, 16> Md5::finish()
{
    // Padding: one 1 bit, zeros to 56 bytes modulo 64, then the length in bits as 64 bits, least significant first.
    const std::uint64_t bits = m_length * 8;
    unsigned char tail[72] = {0x80};
    const std::size_t zeros = (m_pendingSize < 56 ? 56 : 120) - m_pendingSize;
    for (int i = 0; i < 8; ++i)
        tail[zeros + static_cast<std::size_t>(i)] = static_cast<unsigned char>(bits >> (8 * i));
    add(tail, zeros + 8);
    std::array<std::uint8_t, 16> digest{};
    for (std::size_t i = 0; i < 16; ++i)
        digest[i] = static_cast<std::uint8_t>(m_state[i / 4] >> (8 * (i % 4)));
    return digest;
}

} // namespace caom2::detail
