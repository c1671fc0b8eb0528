// Substring search of observationIDs ("contains" in the browser): the SQL condition that finds them, through
// the trigram index of schema version 9 where it can help.
#pragma once

#include "store/store.h"

#include <QString>
#include <QVariantList>

namespace store {

// A condition on the observation table that holds when observation_id contains `text`, ignoring case (as the
// browser's filter does on both engines); appends its bound values to `values`. Wildcards in `text` are
// literal characters.
QString observationIdContains(Engine engine, const QString &text, QVariantList &values);

} // namespace store
