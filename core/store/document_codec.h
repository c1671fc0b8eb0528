#pragma once

#include "caom2/entities.h"
#include "common/result.h"

#include <QByteArray>

// How an observation document is kept in the store: canonical CAOM 2.4 XML (our writer), zlib-compressed.
// Any version read is kept as 2.4: the model, and so every checksum, is the same.
namespace store {

mirror::Result<QByteArray> encodeDocument(const caom2::Observation &observation, int *uncompressedSize = nullptr);
mirror::Result<QByteArray> decodeDocumentXml(const QByteArray &stored);
mirror::Result<caom2::Observation> decodeDocument(const QByteArray &stored, const QString &context);

} // namespace store
