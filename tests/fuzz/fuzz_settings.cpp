// libFuzzer target: the shared settings file (settings.ini), which operators edit by hand. Every value is read
// as the console and caom-sync read it: each preference, the store location, the artifact root, the partner
// sources and the schedules. A schedule read back from a hand-edited file must be a usable one: unusable
// entries are left out (settings.h).
#include "common/harvest_schedule.h"
#include "common/partner_source.h"
#include "common/settings.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static QTemporaryDir directory;
    const QString sharedPath = directory.filePath(QStringLiteral("settings.ini"));
    const QString localPath = directory.filePath(QStringLiteral("local.ini"));
    {
        QFile file(sharedPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        file.write(reinterpret_cast<const char *>(data), static_cast<qint64>(size));
    }

    mirror::Settings settings(sharedPath, localPath);
    for (const mirror::SettingDefinition &definition : mirror::settingDefinitions())
        (void)settings.value(definition.key);
    (void)settings.storeLocation();
    (void)settings.artifactRoot();
    for (const mirror::PartnerSource &source : settings.sources()) {
        (void)mirror::validate(source);
        (void)mirror::describeCredential(source);
    }
    for (const mirror::HarvestSchedule &schedule : settings.schedules())
        if (!mirror::validate(schedule))
            std::abort(); // libFuzzer keeps the input
    (void)settings.source(QStringLiteral("CADC"));
    return 0;
}
