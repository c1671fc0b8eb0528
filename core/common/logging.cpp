#include "common/logging.h"

Q_LOGGING_CATEGORY(lcCaom2Xml, "mirror.caom2.xml")
Q_LOGGING_CATEGORY(lcCli, "mirror.app.cli")
Q_LOGGING_CATEGORY(lcConsole, "mirror.ui.console")
Q_LOGGING_CATEGORY(lcNetHttp, "mirror.net.http")
Q_LOGGING_CATEGORY(lcNetRegistry, "mirror.net.registry")
Q_LOGGING_CATEGORY(lcNetRepository, "mirror.net.repository")
Q_LOGGING_CATEGORY(lcServe, "mirror.serve.http")
Q_LOGGING_CATEGORY(lcSync, "mirror.sync.engine")
