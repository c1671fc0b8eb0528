#include "net/http_date.h"

#include <curl/curl.h>

#include <array>
#include <cstdio>
#include <ctime>

namespace net {

std::optional<std::int64_t> parseHttpDate(std::string_view value)
{
    // curl_getdate knows all three forms (and is lenient about spacing); it needs a terminated string.
    const std::string text(value);
    if (text.empty())
        return std::nullopt;
    const time_t when = curl_getdate(text.c_str(), nullptr);
    if (when == -1)
        return std::nullopt;
    return static_cast<std::int64_t>(when) * 1000;
}

std::string formatHttpDate(std::int64_t msSinceEpoch)
{
    // Written by hand: strftime's %a and %b follow the locale, and HTTP wants the English names.
    static constexpr std::array<const char *, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char *, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::int64_t seconds = msSinceEpoch / 1000;
    if (msSinceEpoch < 0 && msSinceEpoch % 1000 != 0)
        --seconds; // floor, so a time just before 1970 is not rounded up into it
    const time_t when = static_cast<time_t>(seconds);
    std::tm parts{};
    gmtime_r(&when, &parts);
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[parts.tm_wday], parts.tm_mday,
                  months[parts.tm_mon], parts.tm_year + 1900, parts.tm_hour, parts.tm_min, parts.tm_sec);
    return buffer;
}

} // namespace net
