#pragma once

#include "common/result.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The repository's listings (spec caom2-sync.md §1.4), parsed as they stream in. The format has no header,
// no row count and no end marker, so truncation can only be seen in the last line: a body that does not
// end with a newline is treated as cut short, never as a short final page (§1.6).
namespace net {

// One row of an observation-state listing: collection, observationID, maxLastModified, accMetaChecksum.
struct StateRow {
    std::string collection;
    std::string observationID;
    std::optional<std::int64_t> maxLastModified; // ms since 1970 UTC; empty field = null
    std::string accMetaChecksum;                 // "md5:..." or "" when the field was empty
};

// One row of a deleted-observation listing: the deleted observation's UUID, its URI parts, and when.
struct DeletionRow {
    std::string id; // UUID text as listed
    std::string collection;
    std::string observationID;
    std::int64_t deletedAt = 0; // ms since 1970 UTC
};

// Splits one line into TAB-separated fields. A field wrapped in double quotes (the reference's CSV writer
// quotes values holding TAB, '"', CR or LF) is unquoted with "" read as '"'; `sawQuotes` reports it.
std::vector<std::string> splitTsvLine(std::string_view line, bool *sawQuotes = nullptr);

// The wire's "IVOA format", yyyy-MM-ddTHH:mm:ss.SSS in UTC without a zone. Reading is lenient like the
// reference (missing fraction, a trailing Z, a space for the T).
std::optional<std::int64_t> parseIvoaTimestamp(std::string_view text);
std::string formatIvoaTimestamp(std::int64_t msSinceEpoch);

// Parsers for one line (without its newline; a trailing CR is tolerated). Errors are Parse errors that quote
// the line number and the offending text.
mirror::Result<StateRow> parseStateLine(std::string_view line, std::int64_t lineNumber);
mirror::Result<DeletionRow> parseDeletionLine(std::string_view line, std::int64_t lineNumber);

// Feeds arbitrary chunks of a listing body and hands complete lines to `onLine`. Quoted fields may hold
// newlines, so a line ends only at a newline outside quotes.
class LineAssembler {
public:
    using LineHandler = std::function<bool(std::string_view line)>; // false: stop reading

    explicit LineAssembler(LineHandler onLine) : m_onLine(std::move(onLine)) {}

    // False when the handler asked to stop.
    bool feed(const char *data, std::size_t size);
    // True when the body ended cleanly (empty, or its last byte was a newline outside quotes).
    bool endedCleanly() const { return m_pending.empty(); }
    std::size_t pendingBytes() const { return m_pending.size(); }
    std::int64_t lines() const { return m_lines; }

private:
    LineHandler m_onLine;
    std::string m_pending;
    bool m_inQuotes = false;
    bool m_justClosedQuote = false;
    bool m_atFieldStart = true; // a quote opens a quoted field only here, as CSV writers place them
    std::int64_t m_lines = 0;
};

} // namespace net
