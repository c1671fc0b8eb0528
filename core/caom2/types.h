#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Atomic value types of the CAOM2 model (spec caom2-model.md, notation table and §4.3).
namespace caom2 {

// A 128-bit UUID kept as its 16 bytes in text order (= Java msb then lsb, big-endian).
struct Uuid {
    std::array<std::uint8_t, 16> bytes{};

    // Accepts the 8-4-4-4-12 form in either letter case; nullopt for anything else.
    static std::optional<Uuid> parse(std::string_view text);
    std::string toString() const; // lowercase 8-4-4-4-12
    int version() const { return bytes[6] >> 4; }

    friend bool operator==(const Uuid &, const Uuid &) = default;
    friend auto operator<=>(const Uuid &, const Uuid &) = default; // plain 128-bit value order
};

// A UTC instant with millisecond precision. Only whole seconds are hashed (§4.3).
struct Date {
    std::int64_t msSinceEpoch = 0;

    // Lenient IVOA reader (§3.5): date only, missing fraction, 1..9 fraction digits read as a decimal
    // fraction, trailing 'Z'. nullopt when the text is not a date.
    static std::optional<Date> parse(std::string_view text);
    std::string toString() const; // yyyy-MM-ddTHH:mm:ss.SSS, as the Java writer does
    std::int64_t secondsTruncated() const { return msSinceEpoch / 1000; } // toward zero, as Java

    friend bool operator==(const Date &, const Date &) = default;
    friend auto operator<=>(const Date &, const Date &) = default;
};

// A URI kept as its text. Distinct from std::string because it hashes and sorts differently (§4.3, §4.4).
struct Uri {
    std::string text;

    friend bool operator==(const Uri &, const Uri &) = default;
};

// Java java.net.URI.compareTo order (spec §4.4), used to order URI sets.
int compareJavaUri(std::string_view left, std::string_view right);

// Java String.compareTo (UTF-16 code unit order) over UTF-8 strings.
int compareJavaString(std::string_view left, std::string_view right);

// Java String.trim: removes leading and trailing characters <= U+0020.
std::string_view javaTrim(std::string_view text);

} // namespace caom2
