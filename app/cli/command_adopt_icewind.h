#pragma once

#include <QStringList>

namespace cli {

// caom-sync sources adopt-icewind: an icewind database's harvest state taken over by a configured source.
int adoptIcewindState(const QStringList &arguments);

} // namespace cli
