// libFuzzer target: a VOSI capabilities document from a partner, and choosing endpoints from what it offers.
#include "net/capabilities.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    auto capabilities = net::parseCapabilities(bytes, "https://partner.example.org/caom2/capabilities");
    if (capabilities)
        for (net::AuthMethod held : {net::AuthMethod::Anonymous, net::AuthMethod::Certificate, net::AuthMethod::Token})
            (void)net::selectEndpoints(capabilities.value(), held, "https://partner.example.org/caom2/capabilities");
    return 0;
}
