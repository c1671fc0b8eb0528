#pragma once

#include "common/partner_source.h"
#include "common/result.h"

#include <QString>
#include <QStringList>

// Moving from the reference tools: a partner source read from an icewind configuration (icewind.properties:
// repository service, collections, destination database, the cadcproxy.pem beside it), or from a file holding
// the older caom2harvester's command line (--resourceID=... --collection=...). What has no counterpart here,
// or must not be copied (the database password), is listed with what to do instead.
namespace mirror {

struct IcewindImport {
    PartnerSource source;
    QStringList carriedOver;    // "repository service ivo://cadc.nrc.ca/ams (line 4)"...
    QStringList notCarriedOver; // one sentence each, saying what to do instead
};

// `name` names the source; empty: derived from the service's host ("ivo://cadc.nrc.ca/ams" gives "CADC").
// Fails, naming the file, when it cannot be read or names no repository service.
Result<IcewindImport> importIcewind(const QString &path, const QString &name = {});

} // namespace mirror
