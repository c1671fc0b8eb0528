#include "caom2/number_format.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace caom2 {

namespace {

char *copyText(char *out, std::string_view text)
{
    return std::copy(text.begin(), text.end(), out);
}

// The significant digits and decimal exponent of a std::to_chars scientific form ("-d.ddde-XX" or
// "de+XX"): value = 0.d1d2d3... * 10^(exponent + 1).
struct Decimal {
    char digits[24];
    int count = 0;
    int exponent = 0;
};

Decimal splitScientific(const char *first, const char *last)
{
    Decimal decimal;
    const char *p = first;
    if (p != last && *p == '-')
        ++p;
    for (; p != last && *p != 'e'; ++p) {
        if (*p != '.')
            decimal.digits[decimal.count++] = *p;
    }
    if (p != last)
        ++p; // 'e'
    if (p != last && *p == '+')
        ++p;
    std::from_chars(p, last, decimal.exponent);
    while (decimal.count > 1 && decimal.digits[decimal.count - 1] == '0')
        --decimal.count;
    return decimal;
}

// Java (JDK 19+) picks, among the decimals that round to the value, one of minimal length - but when
// that length is 1 it also considers 2-digit decimals and takes the closest (4.9E-324, not 5.0E-324).
// std::to_chars gives the shortest; this applies the 2-digit refinement.
Decimal javaDigits(double value)
{
    char buffer[kJavaDoubleMaxChars];
    const auto shortest = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    Decimal decimal = splitScientific(buffer, shortest.ptr);
    if (decimal.count != 1)
        return decimal;

    char twoDigits[kJavaDoubleMaxChars];
    const auto rounded =
        std::to_chars(twoDigits, twoDigits + sizeof twoDigits, value, std::chars_format::scientific, 1);
    double back = 0;
    const auto parsed = std::from_chars(twoDigits, rounded.ptr, back);
    if (parsed.ec != std::errc() || std::bit_cast<std::uint64_t>(back) != std::bit_cast<std::uint64_t>(value))
        return decimal;
    return splitScientific(twoDigits, rounded.ptr);
}

char *writeInt(char *out, int value)
{
    return std::to_chars(out, out + 8, value).ptr;
}

} // namespace

char *formatJavaDouble(char *first, double value)
{
    char *out = first;
    if (std::isnan(value))
        return copyText(out, "NaN");
    if (std::signbit(value))
        *out++ = '-';
    if (std::isinf(value))
        return copyText(out, "Infinity");
    if (value == 0)
        return copyText(out, "0.0");

    const Decimal decimal = javaDigits(value);
    const int exponent = decimal.exponent;
    if (exponent >= -3 && exponent < 7) {
        if (exponent >= 0) {
            // Integer part: the first exponent+1 digits, padded with zeros when there are fewer.
            const int integerDigits = exponent + 1;
            for (int i = 0; i < integerDigits; ++i)
                *out++ = i < decimal.count ? decimal.digits[i] : '0';
            *out++ = '.';
            if (decimal.count > integerDigits) {
                std::memcpy(out, decimal.digits + integerDigits,
                            static_cast<std::size_t>(decimal.count - integerDigits));
                out += decimal.count - integerDigits;
            } else {
                *out++ = '0';
            }
        } else {
            *out++ = '0';
            *out++ = '.';
            for (int i = 0; i < -exponent - 1; ++i)
                *out++ = '0';
            std::memcpy(out, decimal.digits, static_cast<std::size_t>(decimal.count));
            out += decimal.count;
        }
        return out;
    }

    *out++ = decimal.digits[0];
    *out++ = '.';
    if (decimal.count > 1) {
        std::memcpy(out, decimal.digits + 1, static_cast<std::size_t>(decimal.count - 1));
        out += decimal.count - 1;
    } else {
        *out++ = '0';
    }
    *out++ = 'E';
    return writeInt(out, exponent);
}

std::string javaDoubleToString(double value)
{
    char buffer[kJavaDoubleMaxChars];
    return std::string(buffer, formatJavaDouble(buffer, value));
}

void appendJavaDouble(std::string &out, double value)
{
    char buffer[kJavaDoubleMaxChars];
    out.append(buffer, formatJavaDouble(buffer, value));
}

} // namespace caom2
