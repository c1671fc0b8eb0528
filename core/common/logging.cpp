#include "common/logging.h"

Q_LOGGING_CATEGORY(lcCaom2Xml, "mirror.caom2.xml")
Q_LOGGING_CATEGORY(lcCli, "mirror.app.cli")
Q_LOGGING_CATEGORY(lcConsole, "mirror.ui.console")
