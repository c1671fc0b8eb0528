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
    // Decoded by hand: this runs for two checksums of every entity row an upsert writes. Our checksums are
    // lower case; any other text is kept as it is.
    const auto digit = [](char c) {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        return -1; // upper case too: its text would not come back as it was
    };
    if (checksum.size() == 4 + 2 * digestBytes && checksum.compare(0, 4, "md5:") == 0) {
        QByteArray bytes(digestBytes, Qt::Uninitialized);
        for (qsizetype i = 0; i < digestBytes; ++i) {
            const int high = digit(checksum[static_cast<std::size_t>(4 + 2 * i)]);
            const int low = digit(checksum[static_cast<std::size_t>(5 + 2 * i)]);
            if (high < 0 || low < 0)
                return QByteArray::fromStdString(checksum);
            bytes[i] = static_cast<char>(high << 4 | low);
        }
        return bytes;
    }
    return QByteArray::fromStdString(checksum);
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
