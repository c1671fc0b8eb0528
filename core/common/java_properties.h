#pragma once

#include <QString>
#include <vector>

// A Java .properties file read as the Java runtime reads it: `key=value`, `key: value` or `key value`; `#` and
// `!` comments; a trailing backslash continues the line; \t \n \r \f \uXXXX and \<char> escapes. Repeated keys
// are all kept, in order (icewind lists one collection per line under the same key).
namespace mirror {

struct PropertyEntry {
    QString key;
    QString value;
    int line = 0; // where the entry starts, from 1
};

std::vector<PropertyEntry> parseJavaProperties(const QString &text);

} // namespace mirror
