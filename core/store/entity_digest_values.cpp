#include "store/entity_digest_values.h"

#include <QUuid>

namespace store {

namespace {

constexpr qsizetype digestBytes = 16;

QByteArray bytesOf(const QVariant &stored)
{
    return stored.metaType().id() == QMetaType::QByteArray ? stored.toByteArray() : QByteArray();
}

} // namespace

int binaryEntityDigestsSchemaVersion()
{
    return 10;
}

QByteArray uuidBytes(const caom2::Uuid &id)
{
    return {reinterpret_cast<const char *>(id.bytes.data()), static_cast<qsizetype>(id.bytes.size())};
}

QByteArray checksumBytes(const std::string &checksum)
{
    const QByteArray text = QByteArray::fromStdString(checksum);
    if (text.size() == 4 + 2 * digestBytes && text.startsWith("md5:")) {
        const QByteArray hex = text.mid(4);
        const QByteArray bytes = QByteArray::fromHex(hex);
        // fromHex skips what is not a digit: only a round trip proves the text was all digits.
        if (bytes.size() == digestBytes && bytes.toHex() == hex.toLower())
            return bytes;
    }
    return text;
}

QString storedUuidText(const QVariant &stored)
{
    const QByteArray bytes = bytesOf(stored);
    if (bytes.size() == digestBytes)
        return QUuid::fromRfc4122(bytes).toString(QUuid::WithoutBraces);
    return bytes.isEmpty() ? stored.toString() : QString::fromUtf8(bytes);
}

QString storedChecksumText(const QVariant &stored)
{
    const QByteArray bytes = bytesOf(stored);
    if (bytes.size() == digestBytes)
        return QStringLiteral("md5:") + QString::fromLatin1(bytes.toHex());
    return bytes.isEmpty() ? stored.toString() : QString::fromUtf8(bytes);
}

} // namespace store
