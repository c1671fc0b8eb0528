#include "net/retry_delay.h"

#include "net/http_date.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <thread>

namespace net {

std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now)
{
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front())))
        value.remove_prefix(1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
        value.remove_suffix(1);
    if (value.empty())
        return std::nullopt;

    if (std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        // delta-seconds; anything longer than a day is as good as "a day" and must not overflow.
        if (value.size() > 9)
            return std::chrono::milliseconds(std::chrono::hours(24));
        return std::chrono::milliseconds(std::stoll(std::string(value)) * 1000);
    }

    const auto when = parseHttpDate(value);
    if (!when)
        return std::nullopt;
    const auto target = std::chrono::system_clock::time_point(std::chrono::milliseconds(*when));
    if (target <= now)
        return std::chrono::milliseconds(0);
    return std::chrono::duration_cast<std::chrono::milliseconds>(target - now);
}

namespace detail {

bool isRetryableStatus(long status)
{
    switch (status) {
    case 408:
    case 429:
    case 500:
    case 502:
    case 503:
    case 504: return true;
    default: return false;
    }
}

std::chrono::milliseconds backoffDelay(const RetryPolicy &policy, int failedAttempts, std::mt19937_64 &random)
{
    const double initial = static_cast<double>(policy.initialDelay.count());
    const double cap = static_cast<double>(policy.maxDelay.count());
    const int exponent = std::clamp(failedAttempts - 1, 0, 62);
    const double base = std::min(cap, initial * std::pow(2.0, exponent));
    const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
    double factor = 1.0;
    if (jitter > 0.0) {
        std::uniform_real_distribution<double> spread(1.0 - jitter, 1.0 + jitter);
        factor = spread(random);
    }
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(base * factor)));
}

bool interruptibleSleep(std::chrono::milliseconds delay, const std::atomic<bool> *cancelled)
{
    using clock = std::chrono::steady_clock;
    const auto until = clock::now() + delay;
    for (;;) {
        if (cancelled && cancelled->load())
            return false;
        const auto now = clock::now();
        if (now >= until)
            return true;
        std::this_thread::sleep_for(std::min<clock::duration>(until - now, std::chrono::milliseconds(100)));
    }
}

} // namespace detail
} // namespace net
