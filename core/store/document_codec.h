#pragma once

#include "caom2/checksum.h"
#include "caom2/entities.h"
#include "common/result.h"

#include <QByteArray>

#include <vector>

// How an observation document is kept in the store: canonical CAOM 2.4 XML (our writer), zstd-compressed.
// Any version read is kept as 2.4: the model, and so every checksum, is the same.
//
// A document whose every entity carries both checksums, each equal to the recomputed value, is kept without them:
// they are about a fifth of its compressed bytes and can be derived again exactly. Reading it back recomputes them
// and checks the observation's accMetaChecksum, kept beside the document, so what is read is byte for byte what
// was written. A document with a missing or differing checksum is kept as it came, so the partner's values stay.
namespace store {

// `checksums`: computeChecksums(observation), which the caller needs anyway for the index rows.
mirror::Result<QByteArray> encodeDocument(const caom2::Observation &observation,
                                          const std::vector<caom2::EntityChecksums> &checksums,
                                          int *uncompressedSize = nullptr);
mirror::Result<QByteArray> decodeDocumentXml(const QByteArray &stored);
mirror::Result<caom2::Observation> decodeDocument(const QByteArray &stored, const QString &context);

// Whether a stored document was kept without its derivable checksums (for tests and measurements).
bool isKeptWithoutChecksums(const QByteArray &stored);

} // namespace store
