#pragma once

#include "serve/serve_options.h"

#include <QByteArray>

// The VOSI capabilities and availability documents of our service, built per request from the base URL
// the client used (scheme, Host header, prefix), so a client behind a proxy is sent back through it.
namespace serve {

QByteArray capabilitiesDocument(const ServeOptions &options, const QByteArray &baseUrl);
QByteArray availabilityDocument(bool available, const QString &note);

} // namespace serve
