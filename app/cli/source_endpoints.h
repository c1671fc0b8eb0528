#pragma once

#include "common/partner_source.h"
#include "common/result.h"
#include "net/http_client.h"
#include "net/service_locator.h"

// A configured source turned into what the network layer needs: where to look (registry, capabilities or
// base URLs), HTTP options (timeouts, TLS, the credential read now), and which credential is held, so the
// locator picks the interface that accepts it. Used by `sources test` and `harvest`.
namespace cli {

struct SourceConnection {
    net::EndpointSpec spec;
    net::HttpOptions http;
    net::AuthMethod held = net::AuthMethod::Anonymous;
};

// Reads the credential (token file or environment variable) now, so a harvest started from cron sees the
// token as it is at start. Errors name the file or variable, never the content.
mirror::Result<SourceConnection> sourceConnection(const mirror::PartnerSource &source);

// A configured source by name (case-insensitive), from the shared settings. An empty name is an error that
// asks for --source (the option `harvest` takes).
mirror::Result<mirror::PartnerSource> findSource(const QString &name);

} // namespace cli
