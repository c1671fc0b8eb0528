#pragma once

#include "net/http_client.h"

#include <curl/curl.h>

#include <cstdint>
#include <string>

// One attempt of one request on a reused libcurl handle: options in, what happened out. Retries,
// messages and logging belong to HttpClient; this file only speaks libcurl.
namespace net::detail {

struct AttemptResult {
    CURLcode code = CURLE_OK;
    std::string errorText;      // libcurl's error buffer (or its generic text) when code is not OK
    bool cancelled = false;     // request.cancelled was seen set
    bool sinkRefused = false;   // the sink returned false
    bool tooLarge = false;      // a body held in memory grew past request.maxBodyBytes
    bool answerStarted = false; // the headers of the final response arrived
    bool overlong = false;      // the server sent more than the answer's framing announced (a lying length)
    std::int64_t sinkBytes = 0; // bytes handed to the sink; non-zero forbids a retry
    std::int64_t elapsedMs = 0;
    HttpResponse response; // status, headers, body of the last response seen
};

class CurlTransfer {
public:
    CurlTransfer();
    ~CurlTransfer();
    CurlTransfer(const CurlTransfer &) = delete;
    CurlTransfer &operator=(const CurlTransfer &) = delete;

    AttemptResult run(const HttpOptions &options, const HttpRequest &request, const BodySink &sink);

private:
    void configure(const HttpOptions &options, const HttpRequest &request, curl_slist *headers, void *state);
    CURLcode drive(const std::atomic<bool> *cancelled, bool *cancelledHere);

    // The multi handle owns the connection cache, so a connection outlives each transfer and the next
    // request to the same host reuses it; driving it ourselves lets cancellation be noticed within 100 ms
    // (curl_easy_perform may sit up to a second in its poll).
    CURLM *m_multi = nullptr;
    CURL *m_easy = nullptr;
    char m_errorBuffer[CURL_ERROR_SIZE] = {};
};

} // namespace net::detail
