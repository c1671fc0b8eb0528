#pragma once

#include "common/result.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// HTTP(S) over libcurl, the way every partner call goes out: explicit timeouts, bounded retries with
// back-off that honour Retry-After, TLS peers verified unless the operator turned it off, credentials that
// never reach a log or an error message, and bodies streamed to the caller as they arrive.
namespace net {

// When and how often a request is tried again. Only failures that happen before any body byte reached the
// caller are retried (connection refused or reset, timeouts, 408/429/500/502/503/504): once bytes were
// handed over, the caller owns recovery (a listing re-queries from its cursor).
struct RetryPolicy {
    int maxAttempts = 4;                             // first try included; 1 = never retry
    std::chrono::milliseconds initialDelay{500};     // doubled after each failed attempt...
    std::chrono::milliseconds maxDelay{30000};       // ...up to this
    std::chrono::milliseconds retryAfterCap{128000}; // a server's Retry-After is honoured up to this
    double jitter = 0.2;                             // each delay is scaled by a random factor in [1-j, 1+j]
    std::uint64_t seed = 0;                          // 0: seeded from the clock; tests fix it
};

struct TlsOptions {
    bool verifyPeer = true;    // false only when the operator says so; each client warns once per host
    std::string caFile;        // PEM bundle to trust instead of the system store ("" = system store)
    std::string clientCertPem; // one PEM holding the certificate (chain) and its key, as cadcproxy.pem
};

struct HttpOptions {
    std::chrono::milliseconds connectTimeout{10000};
    std::chrono::milliseconds totalTimeout{300000}; // whole request; 0 = no limit (large downloads)
    long lowSpeedBytesPerSecond = 1;                // abort when slower than this...
    std::chrono::seconds lowSpeedTime{60};          // ...for this long (a hung server)
    RetryPolicy retry;
    TlsOptions tls;
    std::string bearerToken; // sent as "Authorization: Bearer ..."; never logged
    std::string userAgent = "caom-mirror";
    bool acceptCompressed = true; // gzip/deflate, decoded before the caller sees the body
    bool http2 = true;            // negotiated over TLS where the server offers it
};

struct HttpRequest {
    std::string method = "GET";
    std::string url; // already percent-encoded where it needs to be (see url.h)
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;                             // sent for PUT/POST
    const std::atomic<bool> *cancelled = nullptr; // polled at least every 200 ms while waiting or transferring
    // A 2xx body held in memory (no sink) is abandoned once it grows past this many bytes, counted after
    // decompression: a compressed answer that inflates a thousandfold, or one that never ends, costs no more
    // memory than this. The request then fails (PerItem, "larger than N bytes"). 0 = no limit.
    std::size_t maxBodyBytes = 0;
};

struct HttpResponse {
    long status = 0;
    std::vector<std::pair<std::string, std::string>> headers; // names lower-case, in arrival order
    std::string body;           // the body when no sink was given, or the (capped) body of a non-2xx answer
    std::int64_t bodyBytes = 0; // bytes delivered (to the sink or into body), after decompression
    std::optional<std::int64_t> contentLength; // as announced, when it was
    int attempts = 1;
    std::string effectiveUrl; // after redirects
    std::string httpVersion;  // "1.1", "2"

    // First header with this name (case-insensitive), or nullopt.
    std::optional<std::string> header(std::string_view name) const;
};

// Receives a 2xx body as it arrives; returning false aborts the transfer (the request then fails with
// PerItem "aborted by the receiver"). Never called for non-2xx answers: those bodies go to
// HttpResponse::body, capped at 64 KiB, for the error message.
using BodySink = std::function<bool(const char *data, std::size_t size)>;

// One client per thread: it keeps one libcurl handle, so consecutive requests to a host reuse the
// connection (and its TLS session). Not thread-safe; cheap to create.
class HttpClient {
public:
    explicit HttpClient(HttpOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    // Ok with the final response whenever the server answered, whatever the status (after retries of the
    // retryable ones). An Error when no complete answer came: Transient for timeouts, resets, refused
    // connections and bodies cut short (fewer bytes than announced, a chunked body without its end);
    // Auth for TLS failures (unknown CA, expired, wrong host; the message says which); Cancelled when
    // request.cancelled was set. Messages name the method and URL (without query secrets), never a header.
    mirror::Result<HttpResponse> perform(const HttpRequest &request, const BodySink &sink = {});

    const HttpOptions &options() const { return m_options; }
    // How many times this client has tried a request again since it was made (a retryable status, or a
    // connection that failed before any body byte reached the caller): runs report it so an operator sees a
    // flaky partner even when every item got through in the end.
    std::int64_t retries() const { return m_retries; }

private:
    struct Impl;
    HttpOptions m_options;
    std::unique_ptr<Impl> m_impl;
    std::int64_t m_retries = 0;
};

// The error an operator should see for a non-2xx answer: 401/403 Auth, 404 PerItem ("not found"),
// 408/429/5xx Transient, other 4xx PerItem; the message names `what`, the status and the first line of the
// server's text.
mirror::Error statusError(const HttpResponse &response, std::string_view what);

// Seconds to wait from a Retry-After value (delta-seconds or an HTTP date), if it parses.
std::optional<std::chrono::milliseconds> parseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

// libcurl's global set-up, once per process before threads start (safe to call more than once).
void initialiseHttp();

} // namespace net
