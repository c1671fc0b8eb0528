#pragma once

#include <QString>

class QSettings;

namespace mirror {

// How many entries of the array `name` (as QSettings::beginReadArray reads it) a hand-edited file really holds:
// the highest entry number present. Readers take the smaller of this and the file's "size" key, so a file
// claiming two billion entries is read in no more steps than it has lines (found by fuzz_settings).
int presentArrayEntries(QSettings &file, const QString &name);

} // namespace mirror
