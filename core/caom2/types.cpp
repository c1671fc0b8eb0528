#include "caom2/types.h"

#include "caom2/hex_digits.h"
#include "caom2/java_uri.h"

#include <charconv>
#include <cstdio>
#include <cstring>

namespace caom2 {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civilFromDays(std::int64_t z, std::int64_t &y, unsigned &m, unsigned &d)
{
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2 ? 1 : 0;
}

bool readDigits(std::string_view text, std::size_t &pos, std::size_t count, int &value)
{
    if (pos + count > text.size())
        return false;
    value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    pos += count;
    return true;
}

int compareAsciiIgnoreCase(std::string_view a, std::string_view b)
{
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
        const char ca = lower(a[i]);
        const char cb = lower(b[i]);
        if (ca != cb)
            return static_cast<unsigned char>(ca) < static_cast<unsigned char>(cb) ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}

int compareOptional(const std::optional<std::string_view> &a, const std::optional<std::string_view> &b)
{
    if (!a && !b)
        return 0;
    if (!a)
        return -1;
    if (!b)
        return 1;
    return compareJavaString(*a, *b);
}

JavaUriParts splitUri(std::string_view text)
{
    JavaUriParts parts;
    if (const auto hash = text.find('#'); hash != std::string_view::npos) {
        parts.fragment = text.substr(hash + 1);
        text = text.substr(0, hash);
    }
    const auto colon = text.find(':');
    const auto firstSpecial = text.find_first_of("/?");
    if (colon != std::string_view::npos && colon > 0
        && (firstSpecial == std::string_view::npos || colon < firstSpecial)) {
        parts.scheme = text.substr(0, colon);
        text = text.substr(colon + 1);
        if (text.empty() || text.front() != '/') {
            parts.opaque = true;
            parts.schemeSpecificPart = text;
            return parts;
        }
    }
    parts.schemeSpecificPart = text;
    if (text.substr(0, 2) == "//") {
        text = text.substr(2);
        const auto end = text.find_first_of("/?");
        parts.authority = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
        std::string_view hostPort = *parts.authority;
        if (const auto at = hostPort.rfind('@'); at != std::string_view::npos) {
            parts.userInfo = hostPort.substr(0, at);
            hostPort = hostPort.substr(at + 1);
        }
        const auto portColon = hostPort.rfind(':');
        if (portColon != std::string_view::npos && hostPort.find(']', portColon) == std::string_view::npos) {
            int port = -1;
            const auto digits = hostPort.substr(portColon + 1);
            if (!digits.empty()
                && std::from_chars(digits.data(), digits.data() + digits.size(), port).ec == std::errc{})
                parts.port = port;
            hostPort = hostPort.substr(0, portColon);
        }
        if (!hostPort.empty())
            parts.host = hostPort;
    }
    const auto question = text.find('?');
    parts.path = text.substr(0, question);
    if (question != std::string_view::npos)
        parts.query = text.substr(question + 1);
    return parts;
}

} // namespace

std::optional<Uuid> Uuid::parse(std::string_view text)
{
    if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
        return std::nullopt;
    // Where each byte's two digits start: every entity of every document read has an id, so no branch per dash.
    static constexpr std::size_t starts[16] = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
    Uuid uuid;
    int invalid = 0;
    for (std::size_t i = 0; i < 16; ++i) {
        const int high = detail::hexValue(detail::hexDigits, text[starts[i]]);
        const int low = detail::hexValue(detail::hexDigits, text[starts[i] + 1]);
        invalid |= high | low; // negative when either is not a hex digit
        uuid.bytes[i] = static_cast<std::uint8_t>(static_cast<unsigned>(high) << 4 | static_cast<unsigned>(low));
    }
    if (invalid < 0)
        return std::nullopt;
    return uuid;
}

std::string Uuid::toString() const
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string text;
    text.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            text.push_back('-');
        text.push_back(digits[bytes[i] >> 4]);
        text.push_back(digits[bytes[i] & 0x0F]);
    }
    return text;
}

std::optional<Date> Date::parse(std::string_view text)
{
    text = javaTrim(text);
    std::size_t pos = 0;
    int year = 0;
    int month = 0;
    int day = 0;
    if (!readDigits(text, pos, 4, year) || pos >= text.size() || text[pos++] != '-' || !readDigits(text, pos, 2, month)
        || pos >= text.size() || text[pos++] != '-' || !readDigits(text, pos, 2, day))
        return std::nullopt;
    int hour = 0;
    int minute = 0;
    int second = 0;
    std::int64_t millis = 0;
    if (pos < text.size() && (text[pos] == 'T' || text[pos] == ' ')) {
        ++pos;
        if (!readDigits(text, pos, 2, hour) || pos >= text.size() || text[pos++] != ':'
            || !readDigits(text, pos, 2, minute) || pos >= text.size() || text[pos++] != ':'
            || !readDigits(text, pos, 2, second))
            return std::nullopt;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            // The fraction is a decimal fraction of a second (".1" is 100 ms); digits beyond the
            // millisecond are dropped: they are never hashed and the Java writer keeps three.
            std::size_t digits = 0;
            int scale = 100;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                if (digits < 3) {
                    millis += (text[pos] - '0') * scale;
                    scale /= 10;
                }
                ++digits;
                ++pos;
            }
            if (digits == 0 || digits > 9)
                return std::nullopt;
        }
    }
    if (pos < text.size() && text[pos] == 'Z')
        ++pos;
    if (pos != text.size())
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    const std::int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second;
    return Date{seconds * 1000 + millis};
}

std::string Date::toString() const
{
    std::int64_t days = msSinceEpoch / 86400000;
    std::int64_t msOfDay = msSinceEpoch % 86400000;
    if (msOfDay < 0) {
        msOfDay += 86400000;
        --days;
    }
    std::int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civilFromDays(days, year, month, day);
    char buffer[40];
    const int length = std::snprintf(
        buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lld", static_cast<long long>(year), month, day,
        static_cast<long long>(msOfDay / 3600000), static_cast<long long>(msOfDay / 60000 % 60),
        static_cast<long long>(msOfDay / 1000 % 60), static_cast<long long>(msOfDay % 1000));
    return std::string(buffer, static_cast<std::size_t>(length));
}

std::string_view javaTrim(std::string_view text)
{
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && static_cast<unsigned char>(text[begin]) <= 0x20)
        ++begin;
    while (end > begin && static_cast<unsigned char>(text[end - 1]) <= 0x20)
        --end;
    return text.substr(begin, end - begin);
}

int compareJavaString(std::string_view left, std::string_view right)
{
    // UTF-8 byte order equals code point order; UTF-16 code unit order differs only where a supplementary
    // character (a surrogate pair, 0xD800..0xDBFF first) meets a BMP character in U+E000..U+FFFF.
    const std::size_t n = std::min(left.size(), right.size());
    std::size_t i = 0;
    // The common start eight bytes at a time: sorted URIs share long prefixes ("caom:COLLECTION/...").
    for (std::uint64_t a = 0, b = 0; i + 8 <= n; i += 8) {
        std::memcpy(&a, left.data() + i, 8);
        std::memcpy(&b, right.data() + i, 8);
        if (a != b)
            break;
    }
    while (i < n && left[i] == right[i])
        ++i;
    if (i == n)
        return left.size() == right.size() ? 0 : (left.size() < right.size() ? -1 : 1);
    auto codePointAt = [](std::string_view s, std::size_t at) -> std::uint32_t {
        while (at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80)
            --at;
        const auto lead = static_cast<unsigned char>(s[at]);
        int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
        std::uint32_t cp = extra == 3 ? (lead & 0x07u)
            : extra == 2              ? (lead & 0x0Fu)
            : extra == 1              ? (lead & 0x1Fu)
                                      : lead;
        for (int k = 1; k <= extra && at + static_cast<std::size_t>(k) < s.size(); ++k)
            cp = cp << 6 | (static_cast<unsigned char>(s[at + static_cast<std::size_t>(k)]) & 0x3Fu);
        return cp;
    };
    auto firstUnit = [](std::uint32_t cp) -> std::uint32_t {
        return cp >= 0x10000 ? 0xD800 + ((cp - 0x10000) >> 10) : cp;
    };
    const std::uint32_t a = codePointAt(left, i);
    const std::uint32_t b = codePointAt(right, i);
    if ((a >= 0x10000) == (b >= 0x10000))
        return static_cast<unsigned char>(left[i]) < static_cast<unsigned char>(right[i]) ? -1 : 1;
    return firstUnit(a) < firstUnit(b) ? -1 : 1;
}

JavaUriParts JavaUriParts::of(std::string_view text)
{
    return splitUri(text);
}

int compareJavaUri(std::string_view left, std::string_view right)
{
    return compareJavaUri(splitUri(left), splitUri(right));
}

int compareJavaUri(const JavaUriParts &a, const JavaUriParts &b)
{
    // 1. scheme, ignoring case; a URI without scheme sorts first
    if (a.scheme || b.scheme) {
        if (!a.scheme)
            return -1;
        if (!b.scheme)
            return 1;
        if (const int c = compareAsciiIgnoreCase(*a.scheme, *b.scheme); c != 0)
            return c;
    }
    // 2. opaque URIs sort after hierarchical ones
    if (a.opaque != b.opaque)
        return a.opaque ? 1 : -1;
    if (a.opaque) {
        if (const int c = compareJavaString(a.schemeSpecificPart, b.schemeSpecificPart); c != 0)
            return c;
        return compareOptional(a.fragment, b.fragment);
    }
    // 3. hierarchical: authority (by parts when both have a host), path, query, fragment
    if (a.host && b.host) {
        if (const int c = compareOptional(a.userInfo, b.userInfo); c != 0)
            return c;
        if (const int c = compareAsciiIgnoreCase(*a.host, *b.host); c != 0)
            return c;
        if (a.port != b.port)
            return a.port < b.port ? -1 : 1;
    } else if (const int c = compareOptional(a.authority, b.authority); c != 0) {
        return c;
    }
    if (const int c = compareOptional(a.path, b.path); c != 0)
        return c;
    if (const int c = compareOptional(a.query, b.query); c != 0)
        return c;
    return compareOptional(a.fragment, b.fragment);
}

} // namespace caom2
