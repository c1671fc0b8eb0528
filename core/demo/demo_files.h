#pragma once

#include "common/result.h"
#include "demo/demo_store.h"

#include <QByteArray>
#include <QString>

#include <atomic>

// The files the demo's partners publish beside their metadata, so that a newcomer can discover and download a
// demo collection's files from a demo partner and see them arrive verified. Every artifact of the generated
// collections gets a small file (1 to 4 KiB) of bytes derived from its URI; the demo's metadata describes exactly
// that file (its length and MD5), at every partner and in the demo store alike. One directory serves all three
// partners: the same URI has the same bytes everywhere.
namespace demo {

// The length of the demo file of `uri`, and its MD5 (32 lower-case hex digits).
qint64 demoFileSize(const QString &uri);
QByteArray demoFileMd5(const QString &uri, qint64 size);

// $XDG_CACHE_HOME/caom-mirror/demo-partner-files-v<version>: the partners' artifact root.
QString demoPartnerFilesPath();

// The partners' files, written when missing (into a directory beside, renamed into place when complete, so a
// half-written one is never taken for finished). Returns the directory.
mirror::Result<QString> ensureDemoPartnerFiles(const ProgressCallback &progress = {},
                                               const std::atomic<bool> *cancel = nullptr);

} // namespace demo
