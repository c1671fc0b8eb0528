#include "common/harvest_schedule.h"

#include "common/settings.h"
#include "common/settings_arrays.h"

#include <QRegularExpression>
#include <QSet>
#include <QSettings>

#include <algorithm>

namespace mirror {

namespace {

const QString schedulesArray = QStringLiteral("schedules");

// A unit name from a source and collection: systemd allows letters, digits and ":_.\-" in names.
QString unitName(const HarvestSchedule &schedule)
{
    QString name = schedule.source;
    if (!schedule.collection.isEmpty())
        name += QLatin1Char('-') + schedule.collection;
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9_.-]"));
    return QStringLiteral("caom-sync-harvest-") + name.replace(unsafe, QStringLiteral("_"));
}

} // namespace

Result<void> validate(const HarvestSchedule &schedule)
{
    if (schedule.source.trimmed().isEmpty())
        return Error{ErrorCategory::Fatal, "source: a schedule needs a source"};
    if (schedule.everyMinutes < shortestScheduleMinutes || schedule.everyMinutes > longestScheduleMinutes)
        return Error{ErrorCategory::Fatal,
                     "every: " + std::to_string(schedule.everyMinutes) + " minutes is outside 1 minute .. 1 week"};
    return {};
}

QString systemdTimer(const HarvestSchedule &schedule)
{
    const QString name = unitName(schedule);
    const QString what = schedule.collection.isEmpty()
        ? schedule.source
        : QStringLiteral("%1 from %2").arg(schedule.collection, schedule.source);
    QString command = QStringLiteral("/usr/bin/caom-sync harvest --source %1").arg(schedule.source);
    if (!schedule.collection.isEmpty())
        command += QStringLiteral(" --collection %1").arg(schedule.collection);
    command += QStringLiteral(" --mode incremental --quiet");
    return QStringLiteral("# /etc/systemd/system/%1.service\n"
                          "[Unit]\n"
                          "Description=Incremental CAOM metadata harvest of %2\n"
                          "Wants=network-online.target\n"
                          "After=network-online.target\n\n"
                          "[Service]\n"
                          "Type=oneshot\n"
                          "User=caom-mirror\n"
                          "ExecStart=%3\n"
                          "SuccessExitStatus=1\n"
                          "TimeoutStopSec=30\n\n"
                          "# /etc/systemd/system/%1.timer\n"
                          "[Unit]\n"
                          "Description=Incremental CAOM metadata harvest of %2 every %4 minutes\n\n"
                          "[Timer]\n"
                          "OnBootSec=2min\n"
                          "OnUnitInactiveSec=%4min\n"
                          "Persistent=true\n\n"
                          "[Install]\n"
                          "WantedBy=timers.target\n")
        .arg(name, what, command)
        .arg(schedule.everyMinutes);
}

std::vector<HarvestSchedule> Settings::schedules() const
{
    std::vector<HarvestSchedule> schedules;
    QSettings &file = settingsFor(SettingScope::Shared);
    const int present = presentArrayEntries(file, schedulesArray);
    const int size = std::min(file.beginReadArray(schedulesArray), present);
    for (int i = 0; i < size; ++i) {
        file.setArrayIndex(i);
        HarvestSchedule schedule;
        schedule.source = file.value(QStringLiteral("source")).toString();
        schedule.collection = file.value(QStringLiteral("collection")).toString();
        bool ok = false;
        const int minutes = file.value(QStringLiteral("everyMinutes")).toInt(&ok);
        if (ok)
            schedule.everyMinutes = minutes;
        const QString enabled = file.value(QStringLiteral("enabled"), QStringLiteral("true")).toString();
        schedule.enabled = enabled != QStringLiteral("false");
        // A hand-edited entry that cannot be used is left out rather than run wrongly.
        if (validate(schedule))
            schedules.push_back(std::move(schedule));
    }
    file.endArray();
    return schedules;
}

Result<void> Settings::setSchedules(const std::vector<HarvestSchedule> &schedules)
{
    QSet<QString> seen;
    for (const HarvestSchedule &schedule : schedules) {
        if (auto valid = validate(schedule); !valid)
            return valid;
        const QString key = schedule.source.toLower() + QLatin1Char('\n') + schedule.collection;
        if (seen.contains(key))
            return Error{ErrorCategory::Fatal,
                         "schedule of " + schedule.source.toStdString() + " " + schedule.collection.toStdString()
                             + ": given twice"};
        seen.insert(key);
    }
    QSettings &file = settingsFor(SettingScope::Shared);
    file.remove(schedulesArray);
    file.beginWriteArray(schedulesArray, static_cast<int>(schedules.size()));
    for (int i = 0; i < static_cast<int>(schedules.size()); ++i) {
        const HarvestSchedule &schedule = schedules[static_cast<std::size_t>(i)];
        file.setArrayIndex(i);
        file.setValue(QStringLiteral("source"), schedule.source);
        file.setValue(QStringLiteral("collection"), schedule.collection);
        file.setValue(QStringLiteral("everyMinutes"), schedule.everyMinutes);
        file.setValue(QStringLiteral("enabled"), schedule.enabled);
    }
    file.endArray();
    return {};
}

} // namespace mirror
