#include "net/library_versions.h"

#include <curl/curl.h>
#include <openssl/crypto.h>

namespace net {

QString curlVersion()
{
    const curl_version_info_data *info = curl_version_info(CURLVERSION_NOW);
    return QStringLiteral("libcurl ") + QString::fromLatin1(info && info->version ? info->version : "unknown");
}

QString opensslVersion()
{
    return QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION));
}

} // namespace net
