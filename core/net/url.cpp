#include "net/url.h"

namespace net {

namespace {

bool isUnreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
        || c == '_' || c == '~';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Every byte outside the unreserved set becomes %XX: CAOM identifiers may hold '+', '#', '?', '&' and
// non-ASCII, and a server must see them as data, never as URL syntax.
std::string encodeUnreserved(std::string_view text)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (isUnreserved(c)) {
            out += ch;
        } else {
            out += '%';
            out += digits[c >> 4];
            out += digits[c & 0x0F];
        }
    }
    return out;
}

} // namespace

std::string encodePathSegment(std::string_view segment)
{
    return encodeUnreserved(segment);
}

std::string encodeQueryValue(std::string_view value)
{
    return encodeUnreserved(value);
}

std::string decodePercent(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const int high = hexValue(text[i + 1]);
            const int low = hexValue(text[i + 2]);
            if (high >= 0 && low >= 0) {
                out += static_cast<char>((high << 4) | low);
                i += 2;
                continue;
            }
        }
        out += text[i]; // a malformed escape stays as written rather than failing the whole string
    }
    return out;
}

std::string joinUrl(std::string_view base, std::string_view encodedPath)
{
    if (base.empty())
        return std::string(encodedPath);
    if (encodedPath.empty())
        return std::string(base);
    const bool baseSlash = base.back() == '/';
    const bool pathSlash = encodedPath.front() == '/';
    std::string out(base);
    if (baseSlash && pathSlash)
        out.pop_back();
    else if (!baseSlash && !pathSlash)
        out += '/';
    out += encodedPath;
    return out;
}

std::string redactUrl(std::string_view url)
{
    // The authority starts after "//" (right after the scheme, or at the start of a scheme-relative URL).
    std::size_t authorityStart = std::string_view::npos;
    const std::size_t schemeEnd = url.find("://");
    if (schemeEnd != std::string_view::npos && url.find_first_of("/?#") > schemeEnd)
        authorityStart = schemeEnd + 3;
    else if (url.substr(0, 2) == "//")
        authorityStart = 2;
    if (authorityStart == std::string_view::npos)
        return std::string(url);
    std::size_t authorityEnd = url.find_first_of("/?#", authorityStart);
    if (authorityEnd == std::string_view::npos)
        authorityEnd = url.size();
    // The last '@' ends the userinfo: a password may itself hold an unencoded '@'.
    const std::size_t at = url.substr(authorityStart, authorityEnd - authorityStart).rfind('@');
    if (at == std::string_view::npos)
        return std::string(url);
    std::string out(url.substr(0, authorityStart));
    out += url.substr(authorityStart + at + 1);
    return out;
}

} // namespace net
