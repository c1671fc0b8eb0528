#pragma once

#include "common/error.h"
#include "net/listing_parser.h"

#include <optional>
#include <string>
#include <string_view>

// A listed row whose observation cannot be asked for: its observationID (or collection) holds a control
// character, which no CAOM document can carry. The row is refused alone, as a skip record with this reason,
// and the rest of the listing is harvested; its document is never requested.
namespace harvest {

// The text with every control character (C0, DEL, C1) written as \uXXXX, so a message shows what was listed
// without a terminal or a log acting on it.
std::string escapedControlCharacters(std::string_view text);

// A PerItem error naming the observation (escaped), the partner and the character, or nullopt for a row
// that may be fetched.
std::optional<mirror::Error> refusedListedRow(const net::StateRow &row, const std::string &partner);

} // namespace harvest
