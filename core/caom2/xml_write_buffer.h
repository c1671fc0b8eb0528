#pragma once

#include "caom2/types.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// The XML syntax layer of the writer: one growing std::string, 2-space pretty printing with LF line
// ends, every element in the caom2 prefix, escaping that refuses text XML 1.0 cannot carry. Knows
// nothing about CAOM; xml_write_context.h adds versions, paths and error reporting on top.
namespace caom2 {

// Appends text escaped for element content (attribute == false) or a double-quoted attribute value.
// Returns false, leaving out partly appended, when text is not well-formed UTF-8 or holds a character
// XML 1.0 does not allow (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF).
bool appendXmlEscaped(std::string &out, std::string_view text, bool attribute);

// Appends the lowercase 8-4-4-4-12 form (what Uuid::toString returns), without allocating.
void appendUuid(std::string &out, const Uuid &uuid);

// Appends yyyy-MM-ddTHH:mm:ss.SSS, the text Date::toString returns, without allocating.
void appendDate(std::string &out, const Date &date);

class XmlWriteBuffer {
public:
    explicit XmlWriteBuffer(std::size_t reserveBytes);

    // `<?xml version="1.0" encoding="UTF-8"?>`; must come first.
    void declaration();

    // "<caom2:name" on a new line; attributes may follow until endStartTag().
    void beginStartTag(std::string_view name);
    // ` name="value"`: value escaped; false when it cannot be written (see appendXmlEscaped).
    bool attribute(std::string_view qualifiedName, std::string_view value);
    // ` name="value"` for text known to need no escaping (UUIDs, dates, namespace URIs we own).
    void plainAttribute(std::string_view qualifiedName, std::string_view value);
    void uuidAttribute(std::string_view qualifiedName, const Uuid &uuid);
    void dateAttribute(std::string_view qualifiedName, const Date &date);
    // ">": the element stays open, its children are indented one level deeper.
    void endStartTag();

    void open(std::string_view name)
    {
        beginStartTag(name);
        endStartTag();
    }
    void close(); // closes the innermost open element (as <caom2:x /> when nothing was written in it)

    // <caom2:name>text</caom2:name> on one line; text escaped, false when it cannot be written.
    bool textElement(std::string_view name, std::string_view text);
    // Same for text that needs no escaping (numbers, enumeration values, dates).
    void plainElement(std::string_view name, std::string_view text);
    void integerElement(std::string_view name, std::int64_t value);
    void doubleElement(std::string_view name, double value); // Java Double.toString text
    void boolElement(std::string_view name, bool value);
    void dateElement(std::string_view name, const Date &date);

    // Names of the elements currently open, outermost first (for error and drop paths).
    const std::vector<std::string_view> &openElements() const { return m_open; }

    std::size_t size() const { return m_out.size(); }
    std::string take(); // the document, with a final line end

private:
    void newLine();
    void startLeaf(std::string_view name);
    void endLeaf(std::string_view name);

    std::string m_out;
    std::vector<std::string_view> m_open; // element names are string literals or model-owned text
    bool m_inStartTag = false;
    std::size_t m_startTagEnd = 0; // size of m_out right after the last '>' of a start tag
};

} // namespace caom2
