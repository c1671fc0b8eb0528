#pragma once

#include "common/harvest_schedule.h"
#include "common/partner_source.h"
#include "common/result.h"

#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>
#include <vector>

class QSettings;

// Settings of the console and of caom-sync, in the style of KeePassXC's Config: one table names every key,
// its type, its default and where it lives. Two places:
//   Shared  $XDG_CONFIG_HOME/caom-mirror/settings.ini (IniFormat), read by both programs: the operator's
//           preferences and the partner sources. Documented in docs/settings.md.
//   Local   QSettings' default location of the running application (for the console
//           ~/.config/CAOM Mirror/caom-console.conf): window geometry, splitter positions, answered prompts.
//           Machine-local state that a copied settings.ini should not carry along.
// Secrets never enter either file: credentials are referenced by file path or environment variable name,
// and passwords are cut out of URLs before they are written (see sanitizeStoreLocation()).
namespace mirror {

enum class SettingScope { Shared, Local };

enum class SettingKey {
    // Shared preferences
    StoreLocation,         // SQLite file path or postgresql:// URL without password; "" = default SQLite file
    OfferDemoWithoutStore, // console: offer the demo store at start when the configured store does not exist
    BrowserIdMatch,        // "prefix" or "contains": how the browser's observationID filter matches
    ArtifactRoot,          // directory of the mirrored artifact files; "" = defaultArtifactRoot()
    // Local state
    MainWindowGeometry,
    MainWindowState,
    MainWindowTab,
    BrowserSplitter,
    BrowserTreeHeader,
    SettingsDialogGeometry,
};

struct SettingDefinition {
    SettingKey key;
    QString name; // the key in the file, "group/name"
    SettingScope scope;
    QMetaType::Type type;
    QVariant defaultValue;
    QStringList choices; // for text keys with a fixed set of values; empty = any
};

// Every key, in SettingKey order.
const std::vector<SettingDefinition> &settingDefinitions();
const SettingDefinition &settingDefinition(SettingKey key);

class Settings {
public:
    // Shared file at sharedSettingsPath(); local state in QSettings' default location.
    Settings();
    // Explicit files, for tests and tools: the shared file and the local file (both IniFormat).
    Settings(const QString &sharedPath, const QString &localPath);
    ~Settings();
    Settings(const Settings &) = delete;
    Settings &operator=(const Settings &) = delete;

    // $XDG_CONFIG_HOME/caom-mirror/settings.ini, ~/.config/caom-mirror/settings.ini when unset.
    static QString sharedSettingsPath();

    QString sharedFileName() const;
    QString localFileName() const;

    // The stored value converted to the key's type, or its default when absent or not convertible.
    QVariant value(SettingKey key) const;
    // Stores a value of the key's type; a value that does not convert is refused. Storing the default
    // removes the key, so a later change of default reaches operators who never chose otherwise.
    Result<void> setValue(SettingKey key, const QVariant &value);
    void reset(SettingKey key);

    // The configured store as given to parseStoreLocation(): "" means the default SQLite file.
    QString storeLocation() const;
    // Stores the location with any password removed (it belongs in PGPASSWORD or ~/.pgpass).
    Result<void> setStoreLocation(const QString &location);

    // The configured artifact root, or defaultArtifactRoot() when none is.
    QString artifactRoot() const;
    // $XDG_DATA_HOME/caom-mirror/artifacts (or ~/.local/share/caom-mirror/artifacts).
    static QString defaultArtifactRoot();

    std::vector<PartnerSource> sources() const;
    // The source of that name (compared case-insensitively); NotFound names the settings file.
    Result<PartnerSource> source(const QString &name) const;
    // Replaces the list. Every source is checked first (validate()); nothing is written if one is refused.
    Result<void> setSources(const std::vector<PartnerSource> &sources);

    // "Run incremental every N minutes" while the console is open (harvest_schedule.cpp). Unusable entries of a
    // hand-edited file are left out; setSchedules() refuses invalid or doubled ones and writes nothing then.
    std::vector<HarvestSchedule> schedules() const;
    Result<void> setSchedules(const std::vector<HarvestSchedule> &schedules);

    // Writes pending changes; an unwritable or malformed file is an Io error naming it.
    Result<void> sync();

private:
    QSettings &settingsFor(SettingScope scope) const;

    std::unique_ptr<QSettings> m_shared;
    std::unique_ptr<QSettings> m_local;
};

// A store location with any password removed from a postgresql:// URL; other text is returned unchanged.
QString sanitizeStoreLocation(const QString &location);

} // namespace mirror
