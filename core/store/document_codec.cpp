#include "store/document_codec.h"

#include "caom2/xml_reader.h"
#include "caom2/xml_writer.h"

#include <QString>

namespace store {

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
    // Level 6 (zlib's default) shrinks CAOM XML about eight-fold; higher levels gain little and cost a lot.
    return qCompress(reinterpret_cast<const uchar *>(written.xml.data()), static_cast<qsizetype>(written.xml.size()), 6);
}

mirror::Result<QByteArray> decodeDocumentXml(const QByteArray &stored)
{
    QByteArray xml = qUncompress(stored);
    if (xml.isEmpty())
        return mirror::Error{mirror::ErrorCategory::Parse, "the stored document is damaged (cannot uncompress)"};
    return xml;
}

mirror::Result<caom2::Observation> decodeDocument(const QByteArray &stored, const QString &context)
{
    auto xml = decodeDocumentXml(stored);
    if (!xml)
        return mirror::Error{xml.error().category, context.toStdString() + ": " + xml.error().message};
    caom2::ReadResult read = caom2::readObservation(std::string_view(xml->constData(), static_cast<std::size_t>(xml->size())),
                                                    context.toStdString());
    if (!read.ok)
        return mirror::Error{mirror::ErrorCategory::Parse, read.error.toString()};
    return std::move(read.document.observation);
}

} // namespace store
