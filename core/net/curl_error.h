#pragma once

#include "common/error.h"

#include <curl/curl.h>

#include <cstdint>
#include <string>
#include <string_view>

// How a failed libcurl transfer becomes one of our errors, and whether it is worth another attempt.
namespace net::detail {

struct TransferFailure {
    CURLcode code = CURLE_OK;
    std::string text;           // libcurl's error buffer, or its generic text when the buffer is empty
    bool answerStarted = false; // the final response's headers had arrived
    std::int64_t bodyBytes = 0; // body bytes of the final response received before the failure
    std::int64_t elapsedMs = 0;
};

// Certificate and handshake trouble: the peer is not who it should be, or refused our credentials.
// TLS 1.3 servers refuse a missing client certificate after the handshake, so a receive error carrying a
// TLS alert counts too.
bool isTlsFailure(const TransferFailure &failure);

// Refused, reset, timed out, or cut short: another attempt may well succeed.
bool isRetryableTransport(const TransferFailure &failure);

// "GET https://host/path: <what happened>", categorised: Auth for TLS, Transient for the network.
mirror::Error transportError(std::string_view method, std::string_view redactedUrl, const TransferFailure &failure);

} // namespace net::detail
