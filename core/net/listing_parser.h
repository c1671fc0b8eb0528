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

// Splits one line into TAB-separated fields. Two writers meet here: the reference's CSV writer wraps a value
// holding TAB, '"', CR or LF in quotes with inner quotes doubled; our `serve` (and any plain TSV writer) wraps
// only values holding TAB, CR or LF, so a '"' may stand bare anywhere, even first. A field is read as quoted
// only when it is well formed CSV quoting AND its content needed quoting (holds TAB, CR, LF or '"'): no
// writer quotes `x` as `"x"`, so `"x"` is the identifier `"x"`. Anything else is taken literally;
// `sawQuotes` reports a field read as quoted.
std::vector<std::string> splitTsvLine(std::string_view line, bool *sawQuotes = nullptr);

// The wire's "IVOA format", yyyy-MM-ddTHH:mm:ss.SSS in UTC without a zone. Reading is lenient like the
// reference (missing fraction, a trailing Z, a space for the T).
std::optional<std::int64_t> parseIvoaTimestamp(std::string_view text);
std::string formatIvoaTimestamp(std::int64_t msSinceEpoch);

// Parsers for one line (without its newline; a trailing CR is tolerated). Errors are Parse errors that quote
// the line number and the offending text.
mirror::Result<StateRow> parseStateLine(std::string_view line, std::int64_t lineNumber);
mirror::Result<DeletionRow> parseDeletionLine(std::string_view line, std::int64_t lineNumber);

// The quote states of one field, shared by the line assembler and the field splitter so both read quoting
// the same way. A quote opens a quoted field only at the field's start; inside, "" is a quote and a quote
// followed by TAB or the line's end closes the field; a quote followed by anything else shows that the
// opening quote was a bare one (the field is literal).
enum class QuoteState {
    FieldStart,
    Bare,          // an unquoted field (a '"' here is just a character)
    Quoted,        // inside a quoted field: TAB, CR and LF are content
    QuoteInQuoted, // a quote inside a quoted field: doubled, closing, or the sign of a bare opening quote
};
// The state after `c`; TAB and LF outside a quoted field return FieldStart (they end the field).
QuoteState nextQuoteState(QuoteState state, char c);

// Feeds arbitrary chunks of a listing body and hands complete lines to `onLine`. Quoted fields may hold
// newlines, so a newline inside quotes continues the line, except when the line already has its
// `fieldsPerRow` fields with the opening quote read as bare: that is an identifier starting with a bare '"'
// (as our serve writes it). A quoted value spanning lines is mistaken for one only when it holds enough TABs
// before its newline to complete the row (an identifier with both TABs and a newline: never seen).
class LineAssembler {
public:
    using LineHandler = std::function<bool(std::string_view line)>; // false: stop reading

    // Both listings have 4 fields per row (the collection list 1); 0 = a newline inside quotes always
    // continues the line.
    explicit LineAssembler(LineHandler onLine, int fieldsPerRow = 4)
        : m_onLine(std::move(onLine)),
          m_fieldsPerRow(fieldsPerRow)
    {}

    // False when the handler asked to stop.
    bool feed(const char *data, std::size_t size);
    // True when the body ended cleanly (empty, or its last byte was a newline outside quotes).
    bool endedCleanly() const { return m_pending.empty(); }
    std::size_t pendingBytes() const { return m_pending.size(); }
    std::int64_t lines() const { return m_lines; }

private:
    LineHandler m_onLine;
    int m_fieldsPerRow = 4;
    std::string m_pending;
    QuoteState m_state = QuoteState::FieldStart;
    int m_fieldsEnded = 0;  // fields of the current line ended by a TAB outside quotes
    int m_tabsInQuotes = 0; // TABs inside the current quoted field (separators if its quote was bare)
    std::int64_t m_lines = 0;
};

} // namespace net
