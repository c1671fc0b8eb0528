#include "serve/body_streams.h"

#include "net/listing_parser.h"
#include "serve/tsv_writer.h"

namespace serve {

void appendStateRow(QByteArray &body, const QString &collection, const store::StateListingRow &row,
                    const ServeOptions &options)
{
    appendTsvField(body, collection, options.asciiListings, options.listingQuoting);
    body += '\t';
    appendTsvField(body, row.observationID, options.asciiListings, options.listingQuoting);
    body += '\t';
    if (row.maxLastModified)
        body += QByteArray::fromStdString(net::formatIvoaTimestamp(*row.maxLastModified));
    body += '\t' + row.accMetaChecksum.toLatin1() + '\n';
}

ListingStream::ListingStream(std::shared_ptr<store::Store> store, store::StateListingQuery query,
                             store::ListingCursor cursor, const ServeOptions &options)
    : m_store(std::move(store)),
      m_query(std::move(query)),
      m_cursor(cursor),
      m_format()
{
    m_format.asciiListings = options.asciiListings;
    m_format.listingQuoting = options.listingQuoting;
    m_format.listingPageRows = options.listingPageRows;
}

bool ListingStream::readPage(const store::ObservationListing &listing, const store::StateListingQuery &query,
                             store::ListingCursor &cursor, const ServeOptions &options, QByteArray &body,
                             QByteArray *error)
{
    auto read = listing.nextPage(query, cursor, options.listingPageRows, [&](const store::StateListingRow &row) {
        appendStateRow(body, query.collection, row, options);
    });
    if (!read) {
        *error = "store error: " + QByteArray::fromStdString(read.error().message);
        return false;
    }
    return true;
}

QByteArray ListingStream::next(bool *last, QByteArray *error)
{
    QByteArray page;
    const store::ObservationListing listing(m_store);
    // A page may come back empty without being the last (a segment ended exactly on a page boundary).
    while (page.isEmpty() && !m_cursor.finished)
        if (!readPage(listing, m_query, m_cursor, m_format, page, error))
            return {};
    *last = m_cursor.finished;
    return page;
}

FileStream::FileStream(std::unique_ptr<QFile> file, qint64 length) : m_file(std::move(file)), m_remaining(length) {}

QByteArray FileStream::next(bool *last, QByteArray *error)
{
    const QByteArray piece = m_file->read(std::min(m_remaining, filePieceBytes));
    if (piece.isEmpty() && m_remaining > 0) {
        // The file shrank or cannot be read any more: the answer is cut, never padded.
        *error = "cannot read " + m_file->fileName().toUtf8() + ": " + m_file->errorString().toUtf8();
        return {};
    }
    m_remaining -= piece.size();
    *last = m_remaining <= 0;
    return piece;
}

} // namespace serve
