#pragma once

#include "command_list.h"

#include <string_view>

// The commands that only read and write document files: checksum, diff, convert, validate. They need no store
// and no network, so the front program runs them itself, having loaded nothing but Qt Core: a checksum of a
// few files is over before the engine's libraries (Qt's SQL, network and HTTP server, libcurl) would have been
// loaded.
namespace cli {

// nullptr when `name` is not a document command.
CommandFunction documentCommand(std::string_view name);

} // namespace cli
