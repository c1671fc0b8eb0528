#include "net/http_client.h"

#include "common/logging.h"
#include "net/curl_error.h"
#include "net/curl_transfer.h"
#include "net/retry_delay.h"
#include "net/url.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <random>
#include <set>

namespace net {

namespace {

using mirror::Error;
using mirror::ErrorCategory;

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Secrets never leave through an error: libcurl's texts should not hold the token, but a message is cheap
// to scrub and a leaked token is not.
void scrub(std::string &text, const std::string &secret)
{
    if (secret.empty())
        return;
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
        text.replace(at, secret.size(), "***");
}

Error scrubbed(Error error, const std::string &secret)
{
    scrub(error.message, secret);
    scrub(error.detail, secret);
    return error;
}

std::string hostOf(const std::string &url)
{
    std::string host;
    CURLU *parsed = curl_url();
    char *part = nullptr;
    if (curl_url_set(parsed, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK
        && curl_url_get(parsed, CURLUPART_HOST, &part, 0) == CURLUE_OK) {
        host = part;
        curl_free(part);
    }
    curl_url_cleanup(parsed);
    return host;
}

bool isHttps(std::string_view url)
{
    return url.size() >= 8 && equalsIgnoreCase(url.substr(0, 8), "https://");
}

// The first line of a server's error text, short enough for one message line.
std::string firstLine(std::string_view body)
{
    if (body.find('\0') != std::string_view::npos)
        return {}; // not text
    while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front())))
        body.remove_prefix(1);
    body = body.substr(0, body.find('\n'));
    while (!body.empty() && std::isspace(static_cast<unsigned char>(body.back())))
        body.remove_suffix(1);
    constexpr std::size_t limit = 200;
    std::string line(body.substr(0, limit));
    if (body.size() > limit)
        line += "...";
    return line;
}

std::optional<std::int64_t> parseLength(const std::optional<std::string> &value)
{
    if (!value || value->empty() || !std::all_of(value->begin(), value->end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        }))
        return std::nullopt;
    try {
        return std::stoll(*value);
    } catch (...) {
        return std::nullopt;
    }
}

} // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const
{
    for (const auto &[key, value] : headers) {
        if (equalsIgnoreCase(key, name))
            return value;
    }
    return std::nullopt;
}

void initialiseHttp()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct HttpClient::Impl {
    detail::CurlTransfer transfer;
    std::mt19937_64 random;
    std::set<std::string> warnedHosts; // hosts already named in an "unverified TLS" warning
};

HttpClient::HttpClient(HttpOptions options) : m_options(std::move(options))
{
    initialiseHttp();
    m_impl = std::make_unique<Impl>();
    const std::uint64_t seed = m_options.retry.seed != 0
        ? m_options.retry.seed
        : static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    m_impl->random.seed(seed);
}

HttpClient::~HttpClient() = default;

mirror::Result<HttpResponse> HttpClient::perform(const HttpRequest &request, const BodySink &sink)
{
    using clock = std::chrono::steady_clock;
    const auto started = clock::now();
    const std::string shownUrl = redactUrl(request.url);
    const QString logUrl = QString::fromStdString(shownUrl);
    const QString logMethod = QString::fromStdString(request.method);
    const int maxAttempts = std::max(1, m_options.retry.maxAttempts);
    const auto elapsedMs = [&] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - started).count();
    };
    const auto fail = [&](Error error, int attempts) -> mirror::Result<HttpResponse> {
        qCDebug(lcNetHttp).noquote() << logMethod << logUrl << "failed:" << QString::fromStdString(error.message)
                                     << "ms" << elapsedMs() << "attempts" << attempts;
        return scrubbed(std::move(error), m_options.bearerToken);
    };
    const auto cancelledError = [&] {
        return Error(ErrorCategory::Cancelled, request.method + " " + shownUrl + ": cancelled");
    };

    if (!m_options.tls.verifyPeer && isHttps(request.url)) {
        const std::string host = hostOf(request.url);
        if (m_impl->warnedHosts.insert(host).second)
            qCWarning(lcNetHttp).noquote()
                << "TLS certificate verification is turned off for" << QString::fromStdString(host);
    }

    for (int attempt = 1;; ++attempt) {
        if (request.cancelled && request.cancelled->load())
            return fail(cancelledError(), attempt);

        detail::AttemptResult result = m_impl->transfer.run(m_options, request, sink);
        if (result.cancelled)
            return fail(cancelledError(), attempt);
        if (result.sinkRefused)
            return fail(Error(ErrorCategory::PerItem, request.method + " " + shownUrl + ": aborted by the receiver"),
                        attempt);
        if (result.tooLarge)
            return fail(Error(ErrorCategory::PerItem,
                              request.method + " " + shownUrl + ": the answer is larger than "
                                  + std::to_string(request.maxBodyBytes)
                                  + " bytes (counted after decompression); refused without reading the rest"),
                        attempt);

        if (result.overlong)
            return fail(Error(ErrorCategory::Transient,
                              request.method + " " + shownUrl
                                  + ": the service sent more bytes than its Content-Length announced; the answer is "
                                    "not trusted"),
                        attempt);

        if (result.code == CURLE_OK) {
            HttpResponse &response = result.response;
            response.attempts = attempt;
            response.contentLength = parseLength(response.header("content-length"));
            if (detail::isRetryableStatus(response.status) && attempt < maxAttempts) {
                std::chrono::milliseconds delay = detail::backoffDelay(m_options.retry, attempt, m_impl->random);
                if (const auto retryAfter = response.header("retry-after")) {
                    if (const auto asked = parseRetryAfter(*retryAfter, std::chrono::system_clock::now()))
                        delay = std::min(*asked, m_options.retry.retryAfterCap);
                }
                qCDebug(lcNetHttp).noquote() << logMethod << logUrl << "status" << response.status << "attempt"
                                             << attempt << "retrying in" << delay.count() << "ms";
                if (!detail::interruptibleSleep(delay, request.cancelled))
                    return fail(cancelledError(), attempt);
                ++m_retries;
                continue;
            }
            qCDebug(lcNetHttp).noquote() << logMethod << logUrl << "status" << response.status << "bytes"
                                         << response.bodyBytes << "ms" << elapsedMs() << "attempts" << attempt;
            return std::move(response);
        }

        detail::TransferFailure failure;
        failure.code = result.code;
        failure.text = result.errorText;
        failure.answerStarted = result.answerStarted;
        failure.bodyBytes = result.response.bodyBytes;
        failure.elapsedMs = result.elapsedMs;
        // Bytes the caller already holds cannot be taken back, so only an untouched sink allows another try.
        if (detail::isRetryableTransport(failure) && result.sinkBytes == 0 && attempt < maxAttempts) {
            const auto delay = detail::backoffDelay(m_options.retry, attempt, m_impl->random);
            qCDebug(lcNetHttp).noquote() << logMethod << logUrl << "attempt" << attempt
                                         << "failed:" << QString::fromStdString(failure.text) << "- retrying in"
                                         << delay.count() << "ms";
            if (!detail::interruptibleSleep(delay, request.cancelled))
                return fail(cancelledError(), attempt);
            ++m_retries;
            continue;
        }
        Error error = detail::transportError(request.method, shownUrl, failure);
        if (attempt > 1)
            error.message += " (after " + std::to_string(attempt) + " attempts)";
        return fail(std::move(error), attempt);
    }
}

Error statusError(const HttpResponse &response, std::string_view what)
{
    const long status = response.status;
    ErrorCategory category = ErrorCategory::PerItem;
    std::string meaning;
    if (status == 401 || status == 403) {
        category = ErrorCategory::Auth;
        meaning = status == 401 ? "not authorised" : "forbidden";
    } else if (status == 404) {
        meaning = "not found";
    } else if (detail::isRetryableStatus(status) || (status >= 500 && status <= 599)) {
        category = ErrorCategory::Transient;
        meaning = status == 429 ? "too many requests" : status == 408 ? "request timeout" : "server error";
    }
    std::string message(what);
    message += ": HTTP " + std::to_string(status);
    if (!meaning.empty())
        message += " " + meaning;
    const std::string text = firstLine(response.body);
    if (!text.empty())
        message += ": " + text;
    return {category, message};
}

} // namespace net
