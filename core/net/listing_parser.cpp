#include "net/listing_parser.h"

#include "caom2/types.h"

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

std::vector<std::string> splitTsvLine(std::string_view line, bool *sawQuotes)
{
    std::vector<std::string> fields;
    std::string field;
    bool inQuotes = false;
    bool fieldWasQuoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (inQuotes) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                inQuotes = false;
            } else {
                field += c;
            }
        } else if (c == '"' && field.empty() && !fieldWasQuoted) {
            inQuotes = true;
            fieldWasQuoted = true;
            if (sawQuotes)
                *sawQuotes = true;
        } else if (c == '\t') {
            fields.push_back(std::move(field));
            field.clear();
            fieldWasQuoted = false;
        } else {
            field += c;
        }
    }
    fields.push_back(std::move(field));
    return fields;
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
        if (c == '"' && m_inQuotes) {
            m_inQuotes = false;
            m_justClosedQuote = true;
            continue;
        }
        if (c == '"' && (m_atFieldStart || m_justClosedQuote)) {
            m_inQuotes = true; // opens a field, or "" inside a quoted field (closed and reopened at once)
            m_atFieldStart = false;
            m_justClosedQuote = false;
            continue;
        }
        m_justClosedQuote = false;
        m_atFieldStart = (c == '\t' || c == '\n') && !m_inQuotes;
        if (c == '\n' && !m_inQuotes) {
            std::string_view line;
            if (m_pending.empty()) {
                line = std::string_view(data + lineStart, i - lineStart);
            } else {
                m_pending.append(data + lineStart, i - lineStart);
                line = m_pending;
            }
            ++m_lines;
            const bool goOn = m_onLine(line);
            m_pending.clear();
            lineStart = i + 1;
            if (!goOn)
                return false;
        }
    }
    m_pending.append(data + lineStart, size - lineStart);
    return true;
}

} // namespace net
