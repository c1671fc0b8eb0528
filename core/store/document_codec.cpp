#include "store/document_codec.h"

#include "caom2/xml_reader.h"
#include "caom2/xml_writer.h"

#include <QString>

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace store {

namespace {

// Stored documents start with one byte naming their codec, so the codec can change without a migration.
constexpr char codecZstd = 'Z';
// 'D': the document without its derivable checksums, after the 16 bytes of the observation's accMetaChecksum.
constexpr char codecZstdDerivable = 'D';
constexpr qsizetype accDigestBytes = 16;
// zstd level 3 compresses CAOM XML about tenfold at several hundred MB/s; zlib's default was the single
// largest cost of an upsert (a third of the time) for a worse ratio.
constexpr int zstdLevel = 3;
constexpr std::size_t maxDocumentBytes = 64u << 20; // as caom2::ReadLimits: larger is never a real document
constexpr std::size_t keptScratchBytes = 4u << 20;  // compression buffer a thread keeps between documents

bool checksumsAreDerivable(const std::vector<caom2::EntityChecksums> &checksums)
{
    return !checksums.empty() && std::all_of(checksums.begin(), checksums.end(), [](const caom2::EntityChecksums &c) {
        return c.storedMetaChecksum && c.storedAccMetaChecksum && *c.storedMetaChecksum == c.metaChecksum
            && *c.storedAccMetaChecksum == c.accMetaChecksum;
    });
}

// `header` bytes, then the zstd frame of `xml`.
mirror::Result<QByteArray> compress(std::string_view header, const std::string &xml)
{
    // Compressed into a scratch buffer of the worst-case size, then copied out at its real size: a QByteArray of
    // the worst case, truncated, keeps its whole capacity, so every prepared document held about as much memory
    // as its uncompressed XML (a batch of the sample mix, 23 MB instead of 1 MB, faulted in afresh every batch).
    // One context and one buffer per thread: creating a context per document costs more than compressing a
    // small one. Freed when the thread ends (reader and worker threads come and go with stores and jobs).
    thread_local const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context(ZSTD_createCCtx(), &ZSTD_freeCCtx);
    thread_local std::vector<char> scratch;
    scratch.resize(std::max(scratch.size(), ZSTD_compressBound(xml.size())));
    const std::size_t size =
        ZSTD_compressCCtx(context.get(), scratch.data(), scratch.size(), xml.data(), xml.size(), zstdLevel);
    if (ZSTD_isError(size))
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             std::string("cannot compress a document: ") + ZSTD_getErrorName(size)};
    QByteArray stored(static_cast<qsizetype>(header.size() + size), Qt::Uninitialized);
    std::memcpy(stored.data(), header.data(), header.size());
    std::memcpy(stored.data() + header.size(), scratch.data(), size);
    if (scratch.size() > keptScratchBytes)
        std::vector<char>().swap(scratch); // a rare huge document does not pin its size to the thread
    return stored;
}

mirror::Result<QByteArray> uncompress(const char *frame, std::size_t frameSize)
{
    const unsigned long long contentSize = ZSTD_getFrameContentSize(frame, frameSize);
    if (contentSize == ZSTD_CONTENTSIZE_ERROR || contentSize == ZSTD_CONTENTSIZE_UNKNOWN
        || contentSize > maxDocumentBytes)
        return mirror::Error{mirror::ErrorCategory::Parse, "the stored document is damaged (bad compressed frame)"};
    QByteArray xml(static_cast<qsizetype>(contentSize), Qt::Uninitialized);
    thread_local const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> context(ZSTD_createDCtx(), &ZSTD_freeDCtx);
    const std::size_t size =
        ZSTD_decompressDCtx(context.get(), xml.data(), static_cast<std::size_t>(xml.size()), frame, frameSize);
    if (ZSTD_isError(size) || size != contentSize)
        return mirror::Error{mirror::ErrorCategory::Parse, "the stored document is damaged (cannot uncompress)"};
    return xml;
}

// The observation of a stored document, with its checksums in place whichever way it was kept. The messages are
// about the stored bytes; the caller names the observation.
mirror::Result<caom2::Observation> readStored(const QByteArray &stored)
{
    if (stored.isEmpty() || (stored[0] != codecZstd && stored[0] != codecZstdDerivable))
        return mirror::Error{mirror::ErrorCategory::Parse, "the stored document has an unknown encoding"};
    const bool derivable = stored[0] == codecZstdDerivable;
    const qsizetype header = derivable ? 1 + accDigestBytes : 1;
    if (stored.size() <= header)
        return mirror::Error{mirror::ErrorCategory::Parse, "the stored document is damaged (too short)"};
    auto xml = uncompress(stored.constData() + header, static_cast<std::size_t>(stored.size() - header));
    if (!xml)
        return xml.error();
    caom2::ReadResult read =
        caom2::readObservation(std::string_view(xml->constData(), static_cast<std::size_t>(xml->size())));
    if (!read.ok)
        return mirror::Error{mirror::ErrorCategory::Parse, "the stored document is damaged: " + read.error.toString()};
    caom2::Observation &observation = read.document.observation;
    if (derivable) {
        caom2::assignChecksums(observation);
        const auto kept = caom2::parseChecksumUri(observation.accMetaChecksum.value_or(std::string()));
        if (!kept || std::memcmp(kept->data(), stored.constData() + 1, accDigestBytes) != 0)
            return mirror::Error{mirror::ErrorCategory::Parse,
                                 "the stored document is damaged (its checksums no longer derive as written)"};
    }
    return std::move(observation);
}

} // namespace

mirror::Result<QByteArray> encodeDocument(const caom2::Observation &observation,
                                          const std::vector<caom2::EntityChecksums> &checksums, int *uncompressedSize)
{
    const bool derivable = checksumsAreDerivable(checksums);
    caom2::WriteOptions options;
    options.caomVersion = 24;
    options.schemaStrict = false; // keep what the partner published, even where the XSD would object
    options.writeChecksums = !derivable;
    const caom2::WriteResult written = caom2::writeObservation(observation, options);
    if (!written.ok)
        return mirror::Error{mirror::ErrorCategory::PerItem,
                             "cannot store observation " + observation.collection + "/" + observation.observationID
                                 + ": " + written.error};
    if (uncompressedSize)
        *uncompressedSize = static_cast<int>(written.xml.size());
    if (!derivable)
        return compress(std::string_view(&codecZstd, 1), written.xml);
    const auto acc = caom2::parseChecksumUri(checksums.front().accMetaChecksum);
    if (!acc)
        return mirror::Error{mirror::ErrorCategory::Fatal, "cannot store a computed checksum"};
    char header[1 + accDigestBytes];
    header[0] = codecZstdDerivable;
    std::memcpy(header + 1, acc->data(), accDigestBytes);
    return compress(std::string_view(header, sizeof header), written.xml);
}

mirror::Result<QByteArray> decodeDocumentXml(const QByteArray &stored)
{
    if (!stored.isEmpty() && stored[0] == codecZstd)
        return uncompress(stored.constData() + 1, static_cast<std::size_t>(stored.size() - 1));
    // Kept without checksums: read, derive them, write again. Our writer is canonical, so this gives back the very
    // bytes the document had before they were left out.
    auto observation = readStored(stored);
    if (!observation)
        return observation.error();
    caom2::WriteOptions options;
    options.caomVersion = 24;
    options.schemaStrict = false;
    caom2::WriteResult written = caom2::writeObservation(*observation, options);
    if (!written.ok)
        return mirror::Error{mirror::ErrorCategory::Parse,
                             "the stored document cannot be written again: " + written.error};
    return QByteArray(written.xml.data(), static_cast<qsizetype>(written.xml.size()));
}

mirror::Result<caom2::Observation> decodeDocument(const QByteArray &stored, const QString &context)
{
    auto observation = readStored(stored);
    if (!observation)
        return mirror::Error{observation.error().category, context.toStdString() + ": " + observation.error().message};
    return observation;
}

bool isKeptWithoutChecksums(const QByteArray &stored)
{
    return !stored.isEmpty() && stored[0] == codecZstdDerivable;
}

} // namespace store
