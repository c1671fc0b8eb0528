#pragma once

#include <QString>

// The versions of the transfer libraries this build runs with (not the ones it was compiled against: a
// Debian security update changes them under us), for --version, Help › About and bug reports.
namespace net {

QString curlVersion();    // "libcurl 7.88.1"
QString opensslVersion(); // "OpenSSL 3.0.15 3 Sep 2024"

} // namespace net
