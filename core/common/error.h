#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace mirror {

// The small error taxonomy of docs/architecture.md: callers branch on the category, people read the
// message. Categories decide retry policy later (transient is retried, parse/checksum become skip records).
enum class ErrorCategory {
    Fatal,     // the job cannot go on (bad configuration, store unusable)
    PerItem,   // one observation or file failed; the rest continue
    Transient, // worth retrying later (timeouts, 5xx)
    Auth,      // credentials missing or refused
    Checksum,  // content does not match its declared checksum
    Parse,     // a document or listing could not be read
    Conflict,  // someone else changed or holds the thing
    Io,        // a local file could not be read or written
    Cancelled, // the operator (or a shutdown) asked the work to stop
};

std::string_view categoryName(ErrorCategory category);

struct Error {
    Error() = default;
    Error(ErrorCategory errorCategory, std::string errorMessage, std::string errorDetail = {})
        : category(errorCategory),
          message(std::move(errorMessage)),
          detail(std::move(errorDetail))
    {}

    ErrorCategory category = ErrorCategory::Fatal;
    std::string message; // one line an operator can act on: names the file/observation and the cause
    std::string detail;  // optional longer context (never secrets)

    std::string describe() const { return detail.empty() ? message : message + " (" + detail + ")"; }
};

inline std::string_view categoryName(ErrorCategory category)
{
    switch (category) {
    case ErrorCategory::Fatal: return "fatal";
    case ErrorCategory::PerItem: return "item";
    case ErrorCategory::Transient: return "transient";
    case ErrorCategory::Auth: return "auth";
    case ErrorCategory::Checksum: return "checksum";
    case ErrorCategory::Parse: return "parse";
    case ErrorCategory::Conflict: return "conflict";
    case ErrorCategory::Io: return "io";
    case ErrorCategory::Cancelled: return "cancelled";
    }
    return "unknown";
}

// The category named by categoryName(), or nullopt.
inline std::optional<ErrorCategory> errorCategoryFromName(std::string_view name)
{
    for (ErrorCategory category : {ErrorCategory::Fatal, ErrorCategory::PerItem, ErrorCategory::Transient,
                                   ErrorCategory::Auth, ErrorCategory::Checksum, ErrorCategory::Parse,
                                   ErrorCategory::Conflict, ErrorCategory::Io, ErrorCategory::Cancelled})
        if (categoryName(category) == name)
            return category;
    return std::nullopt;
}

} // namespace mirror
