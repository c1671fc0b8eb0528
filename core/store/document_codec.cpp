#include "store/document_codec.h"

#include "caom2/xml_reader.h"
#include "caom2/xml_writer.h"

#include <QString>

#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

namespace store {

namespace {

// Stored documents start with one byte naming their codec, so the codec can change without a migration.
constexpr char codecZstd = 'Z';
// zstd level 3 compresses CAOM XML about tenfold at several hundred MB/s; zlib's default was the single
// largest cost of an upsert (a third of the time) for a worse ratio.
constexpr int zstdLevel = 3;
constexpr std::size_t maxDocumentBytes = 64u << 20; // as caom2::ReadLimits: larger is never a real document
constexpr std::size_t keptScratchBytes = 4u << 20;  // compression buffer a thread keeps between documents

} // namespace

mirror::Result<QByteArray> encodeDocument(const caom2::Observation &observation, int *uncompressedSize)
{
    caom2::WriteOptions options;
    options.caomVersion = 24;
    options.schemaStrict = false; // keep what the partner published, even where the XSD would object
    const caom2::WriteResult written = caom2::writeObservation(observation, options);
    if (!written.ok)
        return mirror::Error{mirror::ErrorCategory::PerItem,
                             "cannot store observation " + observation.collection + "/" + observation.observationID
                                 + ": " + written.error};
    if (uncompressedSize)
        *uncompressedSize = static_cast<int>(written.xml.size());
    // Compressed into a scratch buffer of the worst-case size, then copied out at its real size: a QByteArray of
    // the worst case, truncated, keeps its whole capacity, so every prepared document held about as much memory
    // as its uncompressed XML (a batch of the sample mix, 23 MB instead of 1 MB, faulted in afresh every batch).
    // One context and one buffer per thread: creating a context per document costs more than compressing a
    // small one. Freed when the thread ends (reader and worker threads come and go with stores and jobs).
    thread_local const std::unique_ptr<ZSTD_CCtx, decltype(&ZSTD_freeCCtx)> context(ZSTD_createCCtx(), &ZSTD_freeCCtx);
    thread_local std::vector<char> scratch;
    scratch.resize(std::max(scratch.size(), ZSTD_compressBound(written.xml.size())));
    const std::size_t size = ZSTD_compressCCtx(context.get(), scratch.data(), scratch.size(), written.xml.data(),
                                               written.xml.size(), zstdLevel);
    if (ZSTD_isError(size))
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             std::string("cannot compress a document: ") + ZSTD_getErrorName(size)};
    QByteArray stored(static_cast<qsizetype>(1 + size), Qt::Uninitialized);
    stored[0] = codecZstd;
    std::memcpy(stored.data() + 1, scratch.data(), size);
    if (scratch.size() > keptScratchBytes)
        std::vector<char>().swap(scratch); // a rare huge document does not pin its size to the thread
    return stored;
}

mirror::Result<QByteArray> decodeDocumentXml(const QByteArray &stored)
{
    if (stored.isEmpty() || stored[0] != codecZstd)
        return mirror::Error{mirror::ErrorCategory::Parse, "the stored document has an unknown encoding"};
    const char *frame = stored.constData() + 1;
    const std::size_t frameSize = static_cast<std::size_t>(stored.size() - 1);
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

mirror::Result<caom2::Observation> decodeDocument(const QByteArray &stored, const QString &context)
{
    auto xml = decodeDocumentXml(stored);
    if (!xml)
        return mirror::Error{xml.error().category, context.toStdString() + ": " + xml.error().message};
    caom2::ReadResult read = caom2::readObservation(
        std::string_view(xml->constData(), static_cast<std::size_t>(xml->size())), context.toStdString());
    if (!read.ok)
        return mirror::Error{mirror::ErrorCategory::Parse, read.error.toString()};
    return std::move(read.document.observation);
}

} // namespace store
