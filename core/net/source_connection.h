#pragma once

#include "common/partner_source.h"
#include "common/result.h"
#include "net/http_client.h"
#include "net/service_locator.h"

// A configured source turned into what the network layer needs: where to look (registry, capabilities or
// base URLs), HTTP options (timeouts, TLS, the credential read now), and which credential is held, so the
// locator picks the interface that accepts it. The console and caom-sync both start here.
namespace net {

struct SourceConnection {
    EndpointSpec spec;
    HttpOptions http;
    AuthMethod held = AuthMethod::Anonymous;
};

// Reads the credential (token file or environment variable) now, so a harvest started from cron sees the
// token as it is at start. Errors name the file or variable, never the content.
mirror::Result<SourceConnection> sourceConnection(const mirror::PartnerSource &source);

} // namespace net
