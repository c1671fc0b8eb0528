#include "caom2/xml_write_buffer.h"

#include "caom2/number_format.h"

#include <array>
#include <cassert>
#include <charconv>
#include <utility>

namespace caom2 {

namespace {

constexpr std::string_view kPrefix = "caom2:";

// What to do with each ASCII byte: copy it, replace it by an entity, or refuse it.
enum class AsciiAction : std::uint8_t { Copy, Escape, Refuse };

constexpr std::array<AsciiAction, 128> makeAsciiActions(bool attribute)
{
    std::array<AsciiAction, 128> actions{};
    for (int c = 0; c < 0x20; ++c)
        actions[c] = AsciiAction::Refuse;
    // Tab and LF are legal, but an attribute value would come back as a space (attribute value
    // normalisation), and a raw CR becomes LF in any text (line-end normalisation): write references.
    actions['\r'] = AsciiAction::Escape;
    actions['\t'] = attribute ? AsciiAction::Escape : AsciiAction::Copy;
    actions['\n'] = attribute ? AsciiAction::Escape : AsciiAction::Copy;
    actions['&'] = AsciiAction::Escape;
    actions['<'] = AsciiAction::Escape;
    actions['>'] = AsciiAction::Escape; // needed only after "]]", but cheaper to always escape
    if (attribute)
        actions['"'] = AsciiAction::Escape;
    return actions;
}

constexpr std::array<AsciiAction, 128> kTextActions = makeAsciiActions(false);
constexpr std::array<AsciiAction, 128> kAttributeActions = makeAsciiActions(true);

std::string_view entityFor(char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\t': return "&#9;";
    case '\n': return "&#10;";
    case '\r': return "&#13;";
    default: return {};
    }
}

bool isContinuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

// Length of the well-formed UTF-8 sequence starting at p (first byte >= 0x80) that encodes an XML 1.0
// character, or 0. Rejects overlong forms, surrogates, code points above U+10FFFF, U+FFFE and U+FFFF.
std::size_t xmlCharLength(const unsigned char *p, const unsigned char *end)
{
    const unsigned char lead = p[0];
    const auto available = static_cast<std::size_t>(end - p);
    if (lead >= 0xC2 && lead <= 0xDF)
        return available >= 2 && isContinuation(p[1]) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        if (available < 3 || !isContinuation(p[1]) || !isContinuation(p[2]))
            return 0;
        if (lead == 0xE0 && p[1] < 0xA0)
            return 0; // overlong
        if (lead == 0xED && p[1] >= 0xA0)
            return 0; // UTF-16 surrogate
        if (lead == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)
            return 0; // U+FFFE, U+FFFF
        return 3;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        if (available < 4 || !isContinuation(p[1]) || !isContinuation(p[2]) || !isContinuation(p[3]))
            return 0;
        if (lead == 0xF0 && p[1] < 0x90)
            return 0; // overlong
        if (lead == 0xF4 && p[1] >= 0x90)
            return 0; // above U+10FFFF
        return 4;
    }
    return 0; // stray continuation byte, overlong 2-byte lead (C0, C1) or F5..FF
}

// A line end and enough spaces for any depth a CAOM document reaches (15 levels) with room to spare,
// appended in one piece: the line start is the writer's most frequent operation.
constexpr std::string_view kLineStart = "\n                                                               "
                                        "                                                                ";

// Days since 1970-01-01 to a proleptic Gregorian date (the well-known era-based civil-from-days method).
void civilFromDays(std::int64_t days, std::int64_t &year, int &month, int &day)
{
    const std::int64_t z = days + 719468; // days since 0000-03-01
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t dayOfEra = z - era * 146097;
    const std::int64_t yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const std::int64_t dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // from March 1
    const std::int64_t shiftedMonth = (5 * dayOfYear + 2) / 153;                                   // March = 0
    day = static_cast<int>(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    month = static_cast<int>(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
}

char *twoDigits(char *out, int value)
{
    out[0] = static_cast<char>('0' + value / 10);
    out[1] = static_cast<char>('0' + value % 10);
    return out + 2;
}

} // namespace

bool appendXmlEscaped(std::string &out, std::string_view text, bool attribute)
{
    const auto &actions = attribute ? kAttributeActions : kTextActions;
    const auto *p = reinterpret_cast<const unsigned char *>(text.data());
    const auto *end = p + text.size();
    const auto *run = p; // start of the bytes not yet appended
    while (p != end) {
        const unsigned char c = *p;
        if (c >= 0x80) {
            const std::size_t length = xmlCharLength(p, end);
            if (length == 0)
                return false;
            p += length;
            continue;
        }
        const AsciiAction action = actions[c];
        if (action == AsciiAction::Copy) {
            ++p;
            continue;
        }
        if (action == AsciiAction::Refuse)
            return false;
        out.append(reinterpret_cast<const char *>(run), static_cast<std::size_t>(p - run));
        out.append(entityFor(static_cast<char>(c)));
        run = ++p;
    }
    out.append(reinterpret_cast<const char *>(run), static_cast<std::size_t>(p - run));
    return true;
}

void appendUuid(std::string &out, const Uuid &uuid)
{
    static constexpr char kHex[] = "0123456789abcdef";
    char text[36];
    char *q = text;
    for (std::size_t i = 0; i < uuid.bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *q++ = '-';
        *q++ = kHex[uuid.bytes[i] >> 4];
        *q++ = kHex[uuid.bytes[i] & 0x0F];
    }
    out.append(text, sizeof text);
}

void appendDate(std::string &out, const Date &date)
{
    constexpr std::int64_t msPerDay = 86400000;
    std::int64_t days = date.msSinceEpoch / msPerDay;
    std::int64_t msOfDay = date.msSinceEpoch % msPerDay;
    if (msOfDay < 0) {
        msOfDay += msPerDay;
        --days;
    }
    std::int64_t year = 0;
    int month = 0;
    int day = 0;
    civilFromDays(days, year, month, day);
    if (year < 0 || year > 9999) {
        out.append(date.toString()); // not a 4-digit year: leave the unusual form to Date itself
        return;
    }
    const auto ms = static_cast<int>(msOfDay);
    char text[23]; // yyyy-MM-ddTHH:mm:ss.SSS
    char *q = twoDigits(text, static_cast<int>(year / 100));
    q = twoDigits(q, static_cast<int>(year % 100));
    *q++ = '-';
    q = twoDigits(q, month);
    *q++ = '-';
    q = twoDigits(q, day);
    *q++ = 'T';
    q = twoDigits(q, ms / 3600000);
    *q++ = ':';
    q = twoDigits(q, ms / 60000 % 60);
    *q++ = ':';
    q = twoDigits(q, ms / 1000 % 60);
    *q++ = '.';
    *q++ = static_cast<char>('0' + ms % 1000 / 100);
    q = twoDigits(q, ms % 100);
    out.append(text, sizeof text);
}

XmlWriteBuffer::XmlWriteBuffer(std::size_t reserveBytes)
{
    m_out.reserve(reserveBytes);
    m_open.reserve(32);
}

void XmlWriteBuffer::declaration()
{
    m_out.append(R"(<?xml version="1.0" encoding="UTF-8"?>)");
}

void XmlWriteBuffer::newLine()
{
    const std::size_t length = 1 + 2 * m_open.size();
    m_out.append(kLineStart.substr(0, length < kLineStart.size() ? length : kLineStart.size()));
}

void XmlWriteBuffer::beginStartTag(std::string_view name)
{
    assert(!m_inStartTag);
    newLine();
    m_out.push_back('<');
    m_out.append(kPrefix);
    m_out.append(name);
    m_inStartTag = true;
    m_open.push_back(name);
}

bool XmlWriteBuffer::attribute(std::string_view qualifiedName, std::string_view value)
{
    assert(m_inStartTag);
    m_out.push_back(' ');
    m_out.append(qualifiedName);
    m_out.append("=\"");
    const bool ok = appendXmlEscaped(m_out, value, true);
    m_out.push_back('"');
    return ok;
}

void XmlWriteBuffer::plainAttribute(std::string_view qualifiedName, std::string_view value)
{
    assert(m_inStartTag);
    m_out.push_back(' ');
    m_out.append(qualifiedName);
    m_out.append("=\"");
    m_out.append(value);
    m_out.push_back('"');
}

void XmlWriteBuffer::uuidAttribute(std::string_view qualifiedName, const Uuid &uuid)
{
    assert(m_inStartTag);
    m_out.push_back(' ');
    m_out.append(qualifiedName);
    m_out.append("=\"");
    appendUuid(m_out, uuid);
    m_out.push_back('"');
}

void XmlWriteBuffer::dateAttribute(std::string_view qualifiedName, const Date &date)
{
    assert(m_inStartTag);
    m_out.push_back(' ');
    m_out.append(qualifiedName);
    m_out.append("=\"");
    appendDate(m_out, date);
    m_out.push_back('"');
}

void XmlWriteBuffer::endStartTag()
{
    assert(m_inStartTag);
    m_out.push_back('>');
    m_inStartTag = false;
    m_startTagEnd = m_out.size();
}

void XmlWriteBuffer::close()
{
    assert(!m_inStartTag && !m_open.empty());
    const std::string_view name = m_open.back();
    m_open.pop_back();
    if (m_out.size() == m_startTagEnd) {
        // Nothing was written inside (e.g. 2.3 metrics whose only value was 2.4's sampleSNR).
        m_out.back() = ' ';
        m_out.append("/>");
        return;
    }
    newLine();
    m_out.append("</");
    m_out.append(kPrefix);
    m_out.append(name);
    m_out.push_back('>');
}

void XmlWriteBuffer::startLeaf(std::string_view name)
{
    assert(!m_inStartTag);
    newLine();
    m_out.push_back('<');
    m_out.append(kPrefix);
    m_out.append(name);
    m_out.push_back('>');
}

void XmlWriteBuffer::endLeaf(std::string_view name)
{
    m_out.append("</");
    m_out.append(kPrefix);
    m_out.append(name);
    m_out.push_back('>');
}

bool XmlWriteBuffer::textElement(std::string_view name, std::string_view text)
{
    startLeaf(name);
    const bool ok = appendXmlEscaped(m_out, text, false);
    endLeaf(name);
    return ok;
}

void XmlWriteBuffer::plainElement(std::string_view name, std::string_view text)
{
    startLeaf(name);
    m_out.append(text);
    endLeaf(name);
}

void XmlWriteBuffer::integerElement(std::string_view name, std::int64_t value)
{
    char text[24];
    const auto result = std::to_chars(text, text + sizeof text, value);
    plainElement(name, std::string_view(text, static_cast<std::size_t>(result.ptr - text)));
}

void XmlWriteBuffer::doubleElement(std::string_view name, double value)
{
    char text[kJavaDoubleMaxChars];
    const char *end = formatJavaDouble(text, value);
    plainElement(name, std::string_view(text, static_cast<std::size_t>(end - text)));
}

void XmlWriteBuffer::dateElement(std::string_view name, const Date &date)
{
    startLeaf(name);
    appendDate(m_out, date);
    endLeaf(name);
}

void XmlWriteBuffer::boolElement(std::string_view name, bool value)
{
    plainElement(name, value ? std::string_view("true") : std::string_view("false"));
}

std::string XmlWriteBuffer::take()
{
    assert(m_open.empty() && !m_inStartTag);
    m_out.push_back('\n');
    return std::move(m_out);
}

} // namespace caom2
