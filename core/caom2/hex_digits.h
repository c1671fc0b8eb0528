#pragma once

#include <array>
#include <cstdint>

// The value of a hex digit by table instead of by comparisons. Every entity of every document read has an id and
// up to two stored checksums: 96 random digits and letters, whose "is it 0-9?" branch the processor guesses
// wrong about half the time. perf showed parsing the stored checksums at 3 % of `caom-sync checksum`.
namespace caom2::detail {

// -1 for anything that is not a hex digit, so that OR-ing the values of a whole text tells whether any was not.
constexpr std::array<std::int8_t, 256> hexDigitTable(bool acceptCapitals)
{
    std::array<std::int8_t, 256> table{};
    table.fill(-1);
    for (int digit = 0; digit < 10; ++digit)
        table[std::size_t('0' + digit)] = std::int8_t(digit);
    for (int letter = 0; letter < 6; ++letter) {
        table[std::size_t('a' + letter)] = std::int8_t(10 + letter);
        if (acceptCapitals)
            table[std::size_t('A' + letter)] = std::int8_t(10 + letter);
    }
    return table;
}

inline constexpr std::array<std::int8_t, 256> hexDigits = hexDigitTable(true);
inline constexpr std::array<std::int8_t, 256> lowercaseHexDigits = hexDigitTable(false);

inline int hexValue(const std::array<std::int8_t, 256> &table, char c)
{
    return table[static_cast<unsigned char>(c)];
}

} // namespace caom2::detail
