#include "serve/tsv_writer.h"

namespace serve {

void appendTsvField(QByteArray &line, const QString &value, bool ascii, ListingQuoting quoting)
{
    QByteArray bytes;
    if (ascii) {
        bytes.reserve(value.size());
        for (const QChar c : value)
            bytes += c.unicode() < 0x80 ? char(c.unicode()) : '?';
    } else {
        bytes = value.toUtf8();
    }
    const bool quote = bytes.contains('\t') || bytes.contains('\r') || bytes.contains('\n')
        || (quoting == ListingQuoting::ReferenceCsv && bytes.contains('"'));
    if (!quote) {
        line += bytes;
        return;
    }
    line += '"';
    line += bytes.replace("\"", "\"\"");
    line += '"';
}

} // namespace serve
