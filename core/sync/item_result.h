#pragma once

#include "common/error.h"
#include "net/listing_parser.h"
#include "sync/document_check.h"

#include <optional>

// One listed observation on its way through a harvest: what the listing said, and what became of it.
namespace harvest {

enum class ItemOutcome {
    Unchanged, // the store already holds this (URI, accMetaChecksum): not fetched, nothing to write
    Fetched,   // a verified document, ready to commit
    NotFound,  // the service answered 404: deleted since it was listed
    Failed,    // could not be fetched or verified: becomes a skip record
};

struct ItemResult {
    qint64 sequence = 0; // position in listing order; commits happen strictly in this order
    net::StateRow row;
    ItemOutcome outcome = ItemOutcome::Unchanged;
    std::optional<CheckedDocument> document; // Fetched
    mirror::Error error;                     // Failed
    qint64 bytes = 0;
};

} // namespace harvest
