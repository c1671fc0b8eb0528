#pragma once

#include "common/partner_source.h"

#include <QJsonObject>
#include <QString>

// How caom-sync shows a configured source, in `sources list` and after `sources add`: a short block of text
// for people, or JSON for scripts. Credentials are described (file present, variable set), never shown,
// and a source whose TLS certificate is not verified says so in capitals.
namespace cli {

QString sourceText(const mirror::PartnerSource &source);
QJsonObject sourceJson(const mirror::PartnerSource &source);

} // namespace cli
