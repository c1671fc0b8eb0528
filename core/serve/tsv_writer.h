#pragma once

#include <QByteArray>
#include <QString>

// Listing lines as the reference's CSV writer in tab mode produces them: a value holding TAB, '"', CR or LF
// is wrapped in quotes with inner quotes doubled; with `ascii`, non-ASCII characters become '?' (the
// reference's US-ASCII listings), otherwise UTF-8.
namespace serve {

void appendTsvField(QByteArray &line, const QString &value, bool ascii);

} // namespace serve
