#pragma once

#include "sync/engine.h"

#include <QJsonObject>
#include <QString>

// How caom-sync shows a harvest: one progress line on a terminal, a short text report per run, or JSON.
namespace cli {

QString progressLine(const harvest::JobProgress &progress);
QString reportText(const harvest::JobResult &result);
QJsonObject reportJson(const harvest::JobResult &result);

} // namespace cli
