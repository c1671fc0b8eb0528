// Substring search of observationIDs ("contains" in the browser): the SQL condition that finds them, through
// the trigram index of schema version 9 where it can help.
#pragma once

#include "store/store.h"

#include <QString>
#include <QVariantList>

namespace store {

struct IdSearch {
    QString condition;   // on the observation table
    QVariantList values; // bound to the condition's placeholders, in order
    // The matching rows are few and read by key from the index: the caller must not let the engine walk the
    // collection's index in order instead (SQLite would, and test every row of the collection against the
    // matches), so it writes its collection condition as "+collection = ?".
    bool readsMatchesByKey = false;
};

// How to find the observations whose observationID contains `text`, ignoring case (as the browser's filter
// does on both engines). Wildcards in `text` are literal characters. Asks the store how common the text is,
// to choose between the index and a scan in order.
IdSearch observationIdContains(Store &store, const QString &text);

} // namespace store
