#include "common/log_hub.h"
#include "common/settings.h"
#include "demo/demo_store.h"
#include "demo_partners.h"
#include "sync/runtime_components.h"
#include "views/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QIcon>
#include <QStringList>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

// --help and --version only print, and they should work where there is no display (over ssh, in scripts),
// so for them no QApplication is created: that would try to connect to a display and abort without one.
bool onlyPrints(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *option : {"-h", "-?", "--help", "--help-all", "-v", "--version"}) {
            if (std::strcmp(argv[i], option) == 0)
                return true;
        }
    }
    return false;
}

void warn(const QString &message)
{
    std::fprintf(stderr, "caom-console: %s\n", qPrintable(message));
}

// The application icon (resources/icons) in the sizes window managers and task bars ask for; rendered PNGs, so
// no SVG image plugin is needed.
QIcon applicationIcon()
{
    QIcon icon;
    for (int size : {16, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/app-%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace

int main(int argc, char *argv[])
{
    const bool gui = !onlyPrints(argc, argv);
    std::unique_ptr<QCoreApplication> app;
    if (gui)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);

    // Organisation and application names decide where QSettings keeps the window layout:
    // ~/.config/CAOM Mirror/caom-console.conf on Linux. Preferences live in $XDG_CONFIG_HOME/caom-mirror.
    QCoreApplication::setOrganizationName(QStringLiteral("CAOM Mirror"));
    QCoreApplication::setApplicationName(QStringLiteral("caom-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAOM_MIRROR_VERSION));
    if (gui) {
        QGuiApplication::setApplicationDisplayName(QStringLiteral("CAOM Mirror Console"));
        // The desktop matches the window to its entry (and icon) by this name.
        QGuiApplication::setDesktopFileName(QStringLiteral("org.caom-mirror.Console"));
        QGuiApplication::setWindowIcon(applicationIcon());
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main",
                                    "Operations console for keeping CAOM2 metadata mirrors in sync "
                                    "between MAST, CADC and ESDC."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate("main",
                                    "Open the demo store: generated HST and JWST collections and real CAOM "
                                    "samples with some sync trouble, built in the cache directory when missing "
                                    "(no network needed)."));
    const QCommandLineOption storeOption(
        QStringLiteral("store"),
        QCoreApplication::translate("main",
                                    "Open this store instead of the one in the settings: a SQLite file path or "
                                    "postgresql://user@host[:port]/database."),
        QStringLiteral("PATH|URL"));
    parser.addOption(demoOption);
    parser.addOption(storeOption);

    // parse() rather than process(): an option this version does not know is reported and ignored instead
    // of refusing to start, so launchers written for a newer console still open this one.
    if (!parser.parse(QCoreApplication::arguments()))
        warn(parser.errorText() + QStringLiteral(" (ignored)"));
    if (parser.isSet(helpOption))
        parser.showHelp(0);
    if (parser.isSet(versionOption)) {
        // As caom-sync prints it: the version, then what it runs with.
        QString text = QStringLiteral("caom-console %1\n").arg(QCoreApplication::applicationVersion());
        for (const QString &component : harvest::runtimeComponents())
            text += QStringLiteral("  ") + component + QLatin1Char('\n');
        std::fputs(qPrintable(text), stdout);
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        warn(QStringLiteral("ignoring arguments: ") + parser.positionalArguments().join(QLatin1Char(' ')));

    // Preferences and partner sources in the settings file shared with caom-sync; window layout in the
    // machine-local QSettings of this application. The demo has settings of its own beside its store, so its
    // partners never appear among the operator's.
    const bool demo = parser.isSet(demoOption);
    const QString demoDir = QFileInfo(demo::defaultDemoStorePath()).absolutePath();
    std::unique_ptr<mirror::Settings> settingsOwner = demo
        ? std::make_unique<mirror::Settings>(demoDir + QStringLiteral("/demo-settings.ini"),
                                             demoDir + QStringLiteral("/demo-console.conf"))
        : std::make_unique<mirror::Settings>();
    mirror::Settings &settings = *settingsOwner;
    // Every message (the engine's above all) goes to the log view and to a rotating file in the state folder.
    mirror::LogHub::install(mirror::LogHub::defaultLogFilePath());
    mirror::ui::MainWindow window(&settings);
    window.show();
    std::unique_ptr<DemoPartners> partners;
    if (demo) {
        // Files downloaded in the demo go beside its store, never into the operator's own artifact root.
        if (settings.value(mirror::SettingKey::ArtifactRoot).toString().isEmpty())
            (void)settings.setValue(mirror::SettingKey::ArtifactRoot,
                                    QString(demoDir + QStringLiteral("/demo-artifacts")));
        window.openDemo();
        partners = std::make_unique<DemoPartners>();
        QObject::connect(partners.get(), &DemoPartners::ready, &window,
                         [&settings, &window](const std::vector<mirror::PartnerSource> &sources) {
                             // The ports are new each time: the demo's sources are rewritten at every start.
                             if (auto saved = settings.setSources(sources); !saved)
                                 warn(QString::fromStdString(saved.error().message));
                             window.reloadSources();
                         });
        QObject::connect(partners.get(), &DemoPartners::failed, &window, [](const QString &message) {
            warn(QStringLiteral("the demo partners are not available: ") + message);
        });
        partners->start();
    } else if (parser.isSet(storeOption)) {
        window.openStore(parser.value(storeOption));
    } else {
        window.openConfiguredStore();
    }
    const int status = QCoreApplication::exec();
    (void)settings.sync();
    partners.reset(); // the servers stop before the window and the settings go
    mirror::LogHub::uninstall();
    return status;
}
