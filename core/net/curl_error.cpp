#include "net/curl_error.h"

namespace net::detail {

namespace {

bool contains(std::string_view text, std::string_view part)
{
    return text.find(part) != std::string_view::npos;
}

bool isCutShort(const TransferFailure &failure)
{
    if (!failure.answerStarted)
        return false;
    switch (failure.code) {
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_GOT_NOTHING:
    case CURLE_BAD_CONTENT_ENCODING: return true;
    default: return false;
    }
}

// Plain words for the certificate problems operators meet most, ahead of libcurl's own text.
std::string tlsSummary(const TransferFailure &failure)
{
    const std::string_view text = failure.text;
    if (contains(text, "expired"))
        return "TLS certificate has expired";
    if (contains(text, "subject name") || contains(text, "does not match target host"))
        return "TLS certificate is for a different host";
    if (contains(text, "self-signed") || contains(text, "self signed"))
        return "TLS certificate is self-signed";
    if (contains(text, "unable to get local issuer") || contains(text, "unknown ca"))
        return "TLS certificate is from an unknown authority";
    if (contains(text, "certificate required") || contains(text, "alert bad certificate"))
        return "the server refused our client certificate (or that we sent none)";
    if (contains(text, "alert handshake failure"))
        return "the server refused the TLS handshake (it may require a client certificate)";
    if (failure.code == CURLE_SSL_CERTPROBLEM)
        return "the client certificate could not be used";
    if (failure.code == CURLE_SSL_CACERT_BADFILE)
        return "the CA file could not be read";
    return "TLS failure";
}

} // namespace

bool isTlsFailure(const TransferFailure &failure)
{
    switch (failure.code) {
    case CURLE_PEER_FAILED_VERIFICATION: // also CURLE_SSL_CACERT since 7.62
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT: return true;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR: return contains(failure.text, "SSL") && contains(failure.text, "alert");
    default: return false;
    }
}

bool isRetryableTransport(const TransferFailure &failure)
{
    if (isTlsFailure(failure))
        return false;
    switch (failure.code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return true;
    default: return false;
    }
}

mirror::Error transportError(std::string_view method, std::string_view redactedUrl, const TransferFailure &failure)
{
    std::string message(method);
    message += ' ';
    message += redactedUrl;
    message += ": ";
    if (isTlsFailure(failure)) {
        message += tlsSummary(failure);
        return {mirror::ErrorCategory::Auth, message, failure.text};
    }
    if (failure.code == CURLE_OPERATION_TIMEDOUT) {
        message += "timed out after " + std::to_string(failure.elapsedMs) + " ms";
        if (failure.answerStarted)
            message += " (" + std::to_string(failure.bodyBytes) + " body bytes received)";
    } else if (isCutShort(failure)) {
        message += "body cut short after " + std::to_string(failure.bodyBytes) + " bytes";
    } else if (failure.code == CURLE_COULDNT_CONNECT) {
        message += "connection failed";
    } else if (failure.code == CURLE_COULDNT_RESOLVE_HOST) {
        message += "host not found";
    } else if (failure.code == CURLE_GOT_NOTHING) {
        message += "the server closed the connection without answering";
    } else if (failure.code == CURLE_RECV_ERROR || failure.code == CURLE_SEND_ERROR) {
        message += "connection lost";
    } else if (failure.code == CURLE_TOO_MANY_REDIRECTS) {
        message += "too many redirects";
    } else {
        message += "transfer failed";
    }
    // A URL libcurl cannot use is this item's problem; anything else about the network may pass.
    const bool itemProblem = failure.code == CURLE_URL_MALFORMAT || failure.code == CURLE_UNSUPPORTED_PROTOCOL
        || failure.code == CURLE_TOO_MANY_REDIRECTS;
    return {itemProblem ? mirror::ErrorCategory::PerItem : mirror::ErrorCategory::Transient, message, failure.text};
}

} // namespace net::detail
