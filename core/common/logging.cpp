#include "common/logging.h"

Q_LOGGING_CATEGORY(lcCaom2Xml, "mirror.caom2.xml")
Q_LOGGING_CATEGORY(lcCli, "mirror.app.cli")
Q_LOGGING_CATEGORY(lcConsole, "mirror.ui.console")
// Per-request lines are debug: QT_LOGGING_RULES="mirror.net.*.debug=true" shows them.
Q_LOGGING_CATEGORY(lcNetHttp, "mirror.net.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNetRegistry, "mirror.net.registry", QtInfoMsg)
Q_LOGGING_CATEGORY(lcNetRepository, "mirror.net.repository", QtInfoMsg)
Q_LOGGING_CATEGORY(lcServe, "mirror.serve.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSync, "mirror.sync.engine", QtInfoMsg)
