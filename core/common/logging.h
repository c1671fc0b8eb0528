#pragma once

#include <QLoggingCategory>

// Every logging category of the product, defined in one place (logging.cpp).
// Names follow mirror.<layer>.<component>; enable with QT_LOGGING_RULES="mirror.*.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcCaom2Xml)
Q_DECLARE_LOGGING_CATEGORY(lcCli)
Q_DECLARE_LOGGING_CATEGORY(lcConsole)
Q_DECLARE_LOGGING_CATEGORY(lcNetHttp)       // mirror.net.http: one debug line per request, warnings for TLS
Q_DECLARE_LOGGING_CATEGORY(lcNetRegistry)   // mirror.net.registry: registry and capabilities resolution
Q_DECLARE_LOGGING_CATEGORY(lcNetRepository) // mirror.net.repository: listings and documents
Q_DECLARE_LOGGING_CATEGORY(lcServe)         // mirror.serve.http: the server's own events
Q_DECLARE_LOGGING_CATEGORY(lcSync)          // mirror.sync.engine: jobs and their runs
