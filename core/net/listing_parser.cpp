#include "net/listing_parser.h"

#include "caom2/types.h"

#include <algorithm>

namespace net {
namespace {

constexpr std::size_t quoteLimit = 80; // how much of a bad line an error message quotes

std::string quoteForMessage(std::string_view line)
{
    std::string shown(line.substr(0, quoteLimit));
    for (char &c : shown) {
        if (c == '\t')
            c = ' ';
        else if (static_cast<unsigned char>(c) < 0x20)
            c = '?';
    }
    if (line.size() > quoteLimit)
        shown += "...";
    return shown;
}

mirror::Error lineError(std::int64_t lineNumber, std::string_view line, const std::string &cause)
{
    return {mirror::ErrorCategory::Parse,
            "listing line " + std::to_string(lineNumber) + ": " + cause + ": \"" + quoteForMessage(line) + "\""};
}

std::string_view withoutCarriageReturn(std::string_view line)
{
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    return line;
}

std::string trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

} // namespace

QuoteState nextQuoteState(QuoteState state, char c)
{
    const bool separator = c == '\t' || c == '\n';
    switch (state) {
    case QuoteState::FieldStart:
        if (c == '"')
            return QuoteState::Quoted;
        return separator ? QuoteState::FieldStart : QuoteState::Bare;
    case QuoteState::Bare: return separator ? QuoteState::FieldStart : QuoteState::Bare;
    case QuoteState::Quoted: return c == '"' ? QuoteState::QuoteInQuoted : QuoteState::Quoted;
    case QuoteState::QuoteInQuoted:
        if (c == '"')
            return QuoteState::Quoted; // "" inside quotes
        return separator ? QuoteState::FieldStart : QuoteState::Bare;
    }
    return QuoteState::Bare;
}

namespace {

struct FieldRead {
    std::string value;
    std::size_t end = 0; // index of the TAB that ends the field, or the line's size
    bool quoted = false;
};

// A writer quotes a value only for one of these; quoting around anything else is part of the value.
bool neededQuoting(std::string_view content)
{
    return content.find_first_of("\t\r\n\"") != std::string_view::npos;
}

// The field from `start` read literally: up to the next TAB, every quote a character.
FieldRead literalField(std::string_view line, std::size_t start)
{
    const std::size_t end = std::min(line.find('\t', start), line.size());
    return {std::string(line.substr(start, end - start)), end, false};
}

// The field from `start`, unquoted when it is well-formed quoting of a value that needed it, else literal.
FieldRead readField(std::string_view line, std::size_t start)
{
    QuoteState state = QuoteState::FieldStart;
    std::string content;
    for (std::size_t i = start; i < line.size(); ++i) {
        const char c = line[i];
        const QuoteState next = nextQuoteState(state, c);
        const bool wasQuoted = state == QuoteState::Quoted || state == QuoteState::QuoteInQuoted;
        if (next == QuoteState::FieldStart && c == '\t') {
            if (state == QuoteState::QuoteInQuoted && neededQuoting(content))
                return {std::move(content), i, true};
            return literalField(line, start);
        }
        if (wasQuoted && next == QuoteState::Quoted)
            content += c; // a character inside quotes, or the second quote of ""
        else if (wasQuoted && next != QuoteState::QuoteInQuoted)
            return literalField(line, start);                             // a bare quote: the field was never quoted
        state = next == QuoteState::FieldStart ? QuoteState::Bare : next; // a newline here is content
    }
    if (state == QuoteState::QuoteInQuoted && neededQuoting(content))
        return {std::move(content), line.size(), true};
    return literalField(line, start);
}

} // namespace

std::vector<std::string> splitTsvLine(std::string_view line, bool *sawQuotes)
{
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        FieldRead field = readField(line, start);
        if (field.quoted && sawQuotes)
            *sawQuotes = true;
        fields.push_back(std::move(field.value));
        if (field.end >= line.size())
            return fields;
        start = field.end + 1;
    }
}

std::optional<std::int64_t> parseIvoaTimestamp(std::string_view text)
{
    std::string value = trimmed(text);
    if (value.size() > 10 && value[10] == ' ')
        value[10] = 'T';
    const auto date = caom2::Date::parse(value);
    if (!date)
        return std::nullopt;
    return date->msSinceEpoch;
}

std::string formatIvoaTimestamp(std::int64_t msSinceEpoch)
{
    return caom2::Date{msSinceEpoch}.toString();
}

mirror::Result<StateRow> parseStateLine(std::string_view rawLine, std::int64_t lineNumber)
{
    const std::string_view line = withoutCarriageReturn(rawLine);
    auto fields = splitTsvLine(line);
    // A row whose trailing empty columns were dropped by the writer still names its observation.
    if (fields.size() < 2 || fields.size() > 4)
        return lineError(lineNumber, line, "expected 4 tab-separated fields, found " + std::to_string(fields.size()));
    fields.resize(4);
    StateRow row;
    row.collection = trimmed(fields[0]);
    row.observationID = fields[1];
    if (row.collection.empty() || row.observationID.empty())
        return lineError(lineNumber, line, "empty collection or observationID");
    if (!trimmed(fields[2]).empty()) {
        row.maxLastModified = parseIvoaTimestamp(fields[2]);
        if (!row.maxLastModified)
            return lineError(lineNumber, line, "maxLastModified is not a timestamp");
    }
    row.accMetaChecksum = trimmed(fields[3]);
    if (!row.accMetaChecksum.empty() && row.accMetaChecksum.find(':') == std::string::npos)
        return lineError(lineNumber, line, "accMetaChecksum is not a checksum URI");
    return row;
}

mirror::Result<DeletionRow> parseDeletionLine(std::string_view rawLine, std::int64_t lineNumber)
{
    const std::string_view line = withoutCarriageReturn(rawLine);
    const auto fields = splitTsvLine(line);
    if (fields.size() != 4)
        return lineError(lineNumber, line, "expected 4 tab-separated fields, found " + std::to_string(fields.size()));
    DeletionRow row;
    row.id = trimmed(fields[0]);
    if (!caom2::Uuid::parse(row.id))
        return lineError(lineNumber, line, "first field is not a UUID");
    row.collection = trimmed(fields[1]);
    row.observationID = fields[2];
    if (row.collection.empty() || row.observationID.empty())
        return lineError(lineNumber, line, "empty collection or observationID");
    const auto deletedAt = parseIvoaTimestamp(fields[3]);
    if (!deletedAt)
        return lineError(lineNumber, line, "deletion time is not a timestamp");
    row.deletedAt = *deletedAt;
    return row;
}

bool LineAssembler::feed(const char *data, std::size_t size)
{
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < size; ++i) {
        const char c = data[i];
        QuoteState next = nextQuoteState(m_state, c);
        if (m_state == QuoteState::Quoted) {
            if (c == '\t')
                ++m_tabsInQuotes;
            else if (c == '\n' && m_fieldsPerRow > 0 && m_fieldsEnded + m_tabsInQuotes + 1 >= m_fieldsPerRow)
                next = QuoteState::FieldStart; // a complete row: its opening quote was a bare one
        }
        if (m_state == QuoteState::QuoteInQuoted && next == QuoteState::Bare) {
            m_fieldsEnded += m_tabsInQuotes; // a bare quote: the TABs it seemed to hold were separators
            m_tabsInQuotes = 0;
        }
        m_state = next;
        if (next != QuoteState::FieldStart)
            continue;
        m_tabsInQuotes = 0;
        if (c == '\t') {
            ++m_fieldsEnded;
            continue;
        }
        std::string_view line;
        if (m_pending.empty()) {
            line = std::string_view(data + lineStart, i - lineStart);
        } else {
            m_pending.append(data + lineStart, i - lineStart);
            line = m_pending;
        }
        ++m_lines;
        m_fieldsEnded = 0;
        const bool goOn = m_onLine(line);
        m_pending.clear();
        lineStart = i + 1;
        if (!goOn)
            return false;
    }
    m_pending.append(data + lineStart, size - lineStart);
    return true;
}

} // namespace net
