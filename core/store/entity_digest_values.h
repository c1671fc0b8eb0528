#pragma once

#include "caom2/types.h"

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <string>

// Entity ids and metadata checksums in the plane, artifact, part and chunk rows are kept as their 16 bytes
// (schema version 10) instead of 36 characters of text: 60 bytes less per row, a thousand per typical
// observation. Everything shown or printed is still the text: a UUID's 8-4-4-4-12 form, "md5:" and hex.
namespace store {

// The schema version from which entity rows hold bytes; stores below it (only migration tests open them) keep
// text, and the writer follows the store.
int binaryEntityDigestsSchemaVersion();

QByteArray uuidBytes(const caom2::Uuid &id);
// "md5:" followed by 32 hexadecimal digits, as its 16 bytes. Our own checksums always have that form; anything
// else is kept as its text's bytes, which storedChecksumText() gives back unchanged.
QByteArray checksumBytes(const std::string &checksum);

// A stored id or checksum as the operator reads it, from bytes or from text (stores below version 10).
QString storedUuidText(const QVariant &stored);
QString storedChecksumText(const QVariant &stored);

} // namespace store
