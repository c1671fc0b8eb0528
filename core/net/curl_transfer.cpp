#include "net/curl_transfer.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace net::detail {

namespace {

constexpr std::size_t errorBodyCap = 64 * 1024; // enough for a server's explanation, not for a document

// What the callbacks of one attempt share. libcurl shows every response of an attempt (1xx, redirects)
// through the same callbacks, so each status line starts a fresh response and only the final one counts.
struct AttemptState {
    const BodySink *sink = nullptr;
    const std::atomic<bool> *cancelled = nullptr;
    std::size_t maxBodyBytes = 0; // request.maxBodyBytes
    AttemptResult *result = nullptr;
    bool headersDone = false;
    bool toSink = false; // this response's body goes to the sink (2xx and a sink was given)
};

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

long parseStatus(std::string_view statusLine)
{
    // "HTTP/1.1 200 OK", "HTTP/2 200"
    const std::size_t space = statusLine.find(' ');
    if (space == std::string_view::npos)
        return 0;
    long status = 0;
    for (std::size_t i = space + 1; i < statusLine.size() && std::isdigit(static_cast<unsigned char>(statusLine[i]));
         ++i)
        status = status * 10 + (statusLine[i] - '0');
    return status;
}

std::size_t onHeader(char *data, std::size_t size, std::size_t count, void *user)
{
    auto &state = *static_cast<AttemptState *>(user);
    HttpResponse &response = state.result->response;
    const std::size_t length = size * count;
    const std::string_view line = trimmed(std::string_view(data, length));

    if (line.size() >= 5 && line.substr(0, 5) == "HTTP/") {
        response.status = parseStatus(line);
        response.headers.clear();
        response.body.clear();
        response.bodyBytes = 0;
        state.headersDone = false;
        state.toSink = false;
        state.result->answerStarted = false;
    } else if (line.empty()) {
        // End of a header block (or of the trailers, which changes nothing).
        state.headersDone = true;
        state.toSink = state.sink && *state.sink && response.status >= 200 && response.status <= 299;
        // Interim answers (100 Continue) and redirects being followed are not "the answer" yet, but a
        // redirect that is not followed is; either way a later status line resets this.
        state.result->answerStarted = response.status >= 200;
    } else if (const std::size_t colon = line.find(':'); colon != std::string_view::npos) {
        std::string name(trimmed(line.substr(0, colon)));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        response.headers.emplace_back(std::move(name), std::string(trimmed(line.substr(colon + 1))));
    }
    return length;
}

std::size_t onBody(char *data, std::size_t size, std::size_t count, void *user)
{
    auto &state = *static_cast<AttemptState *>(user);
    AttemptResult &result = *state.result;
    const std::size_t length = size * count;
    if (state.cancelled && state.cancelled->load()) {
        result.cancelled = true;
        return 0; // any value other than length aborts the transfer
    }
    if (state.toSink) {
        if (!(*state.sink)(data, length)) {
            result.sinkRefused = true;
            return 0;
        }
        result.sinkBytes += static_cast<std::int64_t>(length);
    } else {
        const bool success = result.response.status >= 200 && result.response.status <= 299;
        std::string &body = result.response.body;
        if (success && state.maxBodyBytes > 0
            && length > state.maxBodyBytes - std::min(state.maxBodyBytes, body.size())) {
            result.tooLarge = true;
            return 0;
        }
        const std::size_t room =
            success ? length : std::min(length, errorBodyCap - std::min(errorBodyCap, body.size()));
        body.append(data, room);
    }
    result.response.bodyBytes += static_cast<std::int64_t>(length);
    return length;
}

// libcurl reads only as many body bytes as Content-Length (or the chunks) announce and says so only in its
// informational text when more arrived: the one place a server that understates its length can be seen.
// The bytes past the announced end are never handed on, but the answer cannot be trusted either.
int onDebug(CURL *, curl_infotype type, char *data, std::size_t size, void *user)
{
    if (type != CURLINFO_TEXT)
        return 0;
    const std::string_view text(data, size);
    if (text.starts_with("Excess found") || text.starts_with("Leftovers after chunking"))
        static_cast<AttemptState *>(user)->result->overlong = true;
    return 0;
}

int onProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    auto &state = *static_cast<AttemptState *>(user);
    if (state.cancelled && state.cancelled->load()) {
        state.result->cancelled = true;
        return 1;
    }
    return 0;
}

std::string versionName(long version)
{
    switch (version) {
    case CURL_HTTP_VERSION_1_0: return "1.0";
    case CURL_HTTP_VERSION_1_1: return "1.1";
    case CURL_HTTP_VERSION_2_0: return "2";
    case CURL_HTTP_VERSION_3: return "3";
    default: return {};
    }
}

} // namespace

CurlTransfer::CurlTransfer() : m_multi(curl_multi_init()), m_easy(curl_easy_init()) {}

CurlTransfer::~CurlTransfer()
{
    curl_easy_cleanup(m_easy);
    curl_multi_cleanup(m_multi);
}

void CurlTransfer::configure(const HttpOptions &options, const HttpRequest &request, curl_slist *headers, void *state)
{
    // Reset keeps live connections and the TLS session cache; it only forgets the last request's options.
    curl_easy_reset(m_easy);
    CURL *h = m_easy;
    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, m_errorBuffer);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, state);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, state);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &onProgress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, state);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, &onDebug); // only its informational text is looked at
    curl_easy_setopt(h, CURLOPT_DEBUGDATA, state);
    curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
    // Bodies arrive in pieces of this size: one receive, one callback, one write to a file per piece. libcurl's
    // default of 16 KiB made a 64 MiB download 4,096 of each; the curl tool itself reads 100 KiB at a time.
    curl_easy_setopt(h, CURLOPT_BUFFERSIZE, 256L * 1024);

    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connectTimeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.totalTimeout.count()));
    if (options.lowSpeedBytesPerSecond > 0 && options.lowSpeedTime.count() > 0) {
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, options.lowSpeedBytesPerSecond);
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, static_cast<long>(options.lowSpeedTime.count()));
    }
    curl_easy_setopt(h, CURLOPT_USERAGENT, options.userAgent.c_str());
    if (options.acceptCompressed)
        curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, ""); // every encoding this libcurl can decode
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION,
                     options.http2 ? static_cast<long>(CURL_HTTP_VERSION_2TLS)
                                   : static_cast<long>(CURL_HTTP_VERSION_1_1));

    // TLS: verified unless the operator said otherwise; the client PEM holds chain and key together.
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.tls.verifyPeer ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.tls.verifyPeer ? 2L : 0L);
    if (!options.tls.caFile.empty())
        curl_easy_setopt(h, CURLOPT_CAINFO, options.tls.caFile.c_str());
    if (!options.tls.clientCertPem.empty()) {
        curl_easy_setopt(h, CURLOPT_SSLCERT, options.tls.clientCertPem.c_str());
        curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
        curl_easy_setopt(h, CURLOPT_SSLKEY, options.tls.clientCertPem.c_str());
        curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
    }

    // libcurl's own bearer support, unlike a hand-made Authorization header, is withheld from any host a
    // redirect leads to (CURLOPT_UNRESTRICTED_AUTH stays 0).
    if (!options.bearerToken.empty()) {
        curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BEARER));
        curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, options.bearerToken.c_str());
    }

    const std::string &method = request.method;
    if (method == "GET" || method == "HEAD") {
        // Redirects only for reads: replaying a write elsewhere is not ours to decide.
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
        curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
        curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        if (method == "HEAD")
            curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
        else
            curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
        if (method != "POST")
            curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
        if (method == "POST" || !request.body.empty()) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
        }
    }
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
}

CURLcode CurlTransfer::drive(const std::atomic<bool> *cancelled, bool *cancelledHere)
{
    CURLcode result = CURLE_OK;
    curl_multi_add_handle(m_multi, m_easy);
    int running = 1;
    for (;;) {
        const CURLMcode code = curl_multi_perform(m_multi, &running);
        if (code != CURLM_OK) {
            result = CURLE_FAILED_INIT;
            std::snprintf(m_errorBuffer, sizeof m_errorBuffer, "%s", curl_multi_strerror(code));
            break;
        }
        if (running == 0)
            break;
        if (cancelled && cancelled->load()) {
            *cancelledHere = true;
            break;
        }
        curl_multi_poll(m_multi, nullptr, 0, 100, nullptr);
    }
    int queued = 0;
    while (CURLMsg *message = curl_multi_info_read(m_multi, &queued)) {
        if (message->msg == CURLMSG_DONE && message->easy_handle == m_easy)
            result = message->data.result;
    }
    curl_multi_remove_handle(m_multi, m_easy);
    return result;
}

AttemptResult CurlTransfer::run(const HttpOptions &options, const HttpRequest &request, const BodySink &sink)
{
    const auto started = std::chrono::steady_clock::now();
    AttemptResult result;
    AttemptState state;
    state.sink = &sink;
    state.cancelled = request.cancelled;
    state.maxBodyBytes = request.maxBodyBytes;
    state.result = &result;

    curl_slist *headers = nullptr;
    for (const auto &[name, value] : request.headers)
        headers = curl_slist_append(headers, (name + ": " + value).c_str());
    if (!request.body.empty())
        headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip for small bodies

    m_errorBuffer[0] = '\0';
    configure(options, request, headers, &state);
    bool cancelledHere = false;
    result.code = drive(request.cancelled, &cancelledHere);
    curl_slist_free_all(headers);
    result.cancelled = result.cancelled || cancelledHere;

    if (result.code != CURLE_OK) {
        result.errorText = m_errorBuffer[0] != '\0' ? std::string(m_errorBuffer) : curl_easy_strerror(result.code);
        if (!state.headersDone)
            result.answerStarted = false;
    }
    char *effective = nullptr;
    if (curl_easy_getinfo(m_easy, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective)
        result.response.effectiveUrl = effective;
    long version = 0;
    if (curl_easy_getinfo(m_easy, CURLINFO_HTTP_VERSION, &version) == CURLE_OK)
        result.response.httpVersion = versionName(version);
    result.elapsedMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace net::detail
