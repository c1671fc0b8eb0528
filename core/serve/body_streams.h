#pragma once

#include "serve/reply.h"
#include "serve/serve_options.h"
#include "store/observation_listing.h"

#include <QFile>
#include <QString>

#include <memory>

// The two bodies too long to hold: a state listing (up to --max-rec rows, a million or more) read from the
// store a page at a time, and an artifact file read from disk a piece at a time.
namespace serve {

// Bytes per piece of a file.
constexpr qint64 filePieceBytes = 256 * 1024;

// One listing row as the protocol writes it: collection, observationID, maxLastModified, accMetaChecksum.
void appendStateRow(QByteArray &body, const QString &collection, const store::StateListingRow &row,
                    const ServeOptions &options);

// The pages of one state listing after a cursor. Each page is read on whichever worker asks, through that
// worker's own store connection; nothing is held open between pages.
class ListingStream : public BodyStream {
public:
    ListingStream(std::shared_ptr<store::Store> store, store::StateListingQuery query, store::ListingCursor cursor,
                  const ServeOptions &options);
    QByteArray next(bool *last, QByteArray *error) override;

    // One page into `body`; false with `error` set when the store fails.
    static bool readPage(const store::ObservationListing &listing, const store::StateListingQuery &query,
                         store::ListingCursor &cursor, const ServeOptions &options, QByteArray &body,
                         QByteArray *error);

private:
    std::shared_ptr<store::Store> m_store;
    store::StateListingQuery m_query;
    store::ListingCursor m_cursor;
    ServeOptions m_format; // the listing's format and page size: no callbacks, nothing else is read
};

// Bytes [first, first + length) of an open file.
class FileStream : public BodyStream {
public:
    FileStream(std::unique_ptr<QFile> file, qint64 length);
    QByteArray next(bool *last, QByteArray *error) override;

private:
    std::unique_ptr<QFile> m_file;
    qint64 m_remaining;
};

} // namespace serve
