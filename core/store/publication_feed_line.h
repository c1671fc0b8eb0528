#pragma once

#include "common/result.h"
#include "store/publication_store.h"

#include <QByteArray>

// One line of the publication link feed (docs/publications.md): a JSON object per line. The one place that
// reads and writes the format, for `serve`, the sync job and the import of a local file alike.
namespace store {

// The line for a link, without its line break.
QByteArray writeFeedLine(const PublicationLink &link);

// A link from one line (without its line break). The error says what is wrong with the line (Parse), without
// the line number, which only the caller knows.
mirror::Result<PublicationLink> readFeedLine(const QByteArray &line);

// The feed's time format, UTC: "2024-05-01T12:00:00.000" (a trailing Z is accepted on reading).
QByteArray feedTimestamp(qint64 ms);
std::optional<qint64> parseFeedTimestamp(const QString &text);

} // namespace store
