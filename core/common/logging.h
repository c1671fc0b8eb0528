#pragma once

#include <QLoggingCategory>

// Every logging category of the product, defined in one place (logging.cpp).
// Names follow mirror.<layer>.<component>; enable with QT_LOGGING_RULES="mirror.*.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcCaom2Xml)
Q_DECLARE_LOGGING_CATEGORY(lcCli)
Q_DECLARE_LOGGING_CATEGORY(lcConsole)
