#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// HTTP dates (RFC 9110 §5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT", and the two obsolete forms a recipient
// must still accept. Used for Retry-After and for reading a partner's clock from its Date header.
namespace net {

// Milliseconds since 1970 UTC (whole seconds), or nullopt when `value` is not an HTTP date.
std::optional<std::int64_t> parseHttpDate(std::string_view value);

// The preferred form (IMF-fixdate) of a time given in milliseconds since 1970 UTC; sub-seconds dropped.
std::string formatHttpDate(std::int64_t msSinceEpoch);

} // namespace net
