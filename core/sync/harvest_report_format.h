#pragma once

#include "sync/engine.h"

#include <QJsonObject>
#include <QString>

// How a harvest is told to people and scripts, the same in caom-sync and the console: one progress line, a
// short text report per run, or the JSON facts of `caom-sync harvest --json`.
namespace harvest {

QString progressLine(const JobProgress &progress);
QString reportText(const JobResult &result);
QJsonObject reportJson(const JobResult &result);

} // namespace harvest
