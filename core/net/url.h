#pragma once

#include <string>
#include <string_view>

// Building partner URLs from identifiers that may hold any character CAOM allows ('+', '#', '?', '&',
// non-ASCII...). The reference client pasted identifiers into URLs raw; we encode every byte outside the
// RFC 3986 unreserved set.
namespace net {

// Percent-encodes one path segment (UTF-8 in, ASCII out): everything but A-Z a-z 0-9 - . _ ~ is encoded.
std::string encodePathSegment(std::string_view segment);

// Percent-encodes a query value (same set as a path segment).
std::string encodeQueryValue(std::string_view value);

// Decodes %XX escapes once; nullopt-free: malformed escapes are kept literally.
std::string decodePercent(std::string_view text);

// base + "/" + segment, without doubling a '/' the base already ends with.
std::string joinUrl(std::string_view base, std::string_view encodedPath);

// The URL with any userinfo (user:password@) removed, for messages and logs.
std::string redactUrl(std::string_view url);

} // namespace net
