#pragma once

#include <optional>
#include <string_view>

// URIs split as java.net.URI splits them, for sorting many: compareJavaUri(text, text) (types.h) splits both
// sides at every comparison, which costs more than the sort itself; these parts are split once per URI.
namespace caom2 {

// The components of a URI (raw, undecoded), viewing the text they were split from, which must outlive them.
struct JavaUriParts {
    std::optional<std::string_view> scheme;
    bool opaque = false;
    std::string_view schemeSpecificPart;
    std::optional<std::string_view> authority;
    std::optional<std::string_view> userInfo;
    std::optional<std::string_view> host;
    int port = -1;
    std::optional<std::string_view> path;
    std::optional<std::string_view> query;
    std::optional<std::string_view> fragment;

    static JavaUriParts of(std::string_view text);
};

// java.net.URI.compareTo order (spec §4.4) over parts already split.
int compareJavaUri(const JavaUriParts &left, const JavaUriParts &right);

} // namespace caom2
