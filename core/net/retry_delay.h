#pragma once

#include "net/http_client.h"

#include <atomic>
#include <chrono>
#include <random>

// The arithmetic of waiting between attempts, apart from libcurl so it can be read (and tested) alone.
namespace net::detail {

// 408, 429, 500, 502, 503, 504: the answers that say "try again later" rather than "no".
bool isRetryableStatus(long status);

// initialDelay * 2^(failedAttempts-1), capped at maxDelay, scaled by a factor drawn from [1-jitter, 1+jitter]
// so that many clients turned away together do not come back together.
std::chrono::milliseconds backoffDelay(const RetryPolicy &policy, int failedAttempts, std::mt19937_64 &random);

// Sleeps for `delay`, waking at least every 100 ms to look at `cancelled`; false when it was set.
bool interruptibleSleep(std::chrono::milliseconds delay, const std::atomic<bool> *cancelled);

} // namespace net::detail
