#include "sync/listed_row_check.h"

#include <cstdio>

namespace harvest {
namespace {

// The first control character of UTF-8 text: a byte below 0x20 or 0x7f, or U+0080..U+009F (C2 80..C2 9F).
std::optional<unsigned> firstControlCharacter(std::string_view text)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7f)
            return byte;
        if (byte == 0xc2 && i + 1 < text.size()) {
            const auto next = static_cast<unsigned char>(text[i + 1]);
            if (next >= 0x80 && next <= 0x9f)
                return next;
        }
    }
    return std::nullopt;
}

std::string codePoint(unsigned value)
{
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "\\u%04X", value);
    return buffer;
}

} // namespace

std::string escapedControlCharacters(std::string_view text)
{
    std::string escaped;
    escaped.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7f) {
            escaped += codePoint(byte);
        } else if (byte == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80
                   && static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            escaped += codePoint(static_cast<unsigned char>(text[++i]));
        } else {
            escaped += text[i];
        }
    }
    return escaped;
}

std::optional<mirror::Error> refusedListedRow(const net::StateRow &row, const std::string &partner)
{
    const char *field = "observationID";
    auto character = firstControlCharacter(row.observationID);
    if (!character) {
        field = "collection";
        character = firstControlCharacter(row.collection);
    }
    if (!character)
        return std::nullopt;
    std::string uppercase = codePoint(*character).substr(2);
    return mirror::Error{mirror::ErrorCategory::PerItem,
                         "observation \"" + escapedControlCharacters(row.observationID) + "\" of collection \""
                             + escapedControlCharacters(row.collection) + "\" listed by " + partner + ": its " + field
                             + " holds the control character U+" + uppercase
                             + ", which no CAOM document can carry; the row is skipped and its document not asked "
                               "for"};
}

} // namespace harvest
