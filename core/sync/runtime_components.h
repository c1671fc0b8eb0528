#pragma once

#include <QStringList>

// What this build runs with, one line each: Qt, libcurl, OpenSSL, SQLite, and the CAOM versions read and
// written. Shown by `caom-sync --version`, `caom-console --version` and Help › About, so that an operator's bug
// report says the same thing whichever program it comes from. (Here because this layer links all the others.)
namespace harvest {

QStringList runtimeComponents();

} // namespace harvest
