#include "models/icon_set.h"

#include "store/observation_display_state.h"
#include "store/observation_store.h"

#include <QGuiApplication>
#include <QPalette>

#include <array>

namespace mirror::models {
namespace {

// The file stem of each icon under resources/icons/set, in IconName's order.
constexpr std::array<const char *, 25> stems = {
    "action-open-store",    "action-refresh",      "action-new-job",
    "action-pause",         "action-resume",       "action-cancel",
    "action-export-report", "action-filter",       "action-settings",
    "view-browser",         "view-jobs",           "view-discrepancies",
    "view-compare",         "view-dashboard",      "view-partner",
    "view-collection",      "view-publications",   "state-ok",
    "state-differs",        "state-stale",         "state-pending",
    "state-unknown",        "state-missing-local", "state-missing-remote",
    "state-skipped",
};
static_assert(stems.size() == static_cast<std::size_t>(IconName::StateSkipped) + 1, "one stem per icon");

} // namespace

QIcon icon(IconName name, bool darkBackground)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return {};
    const QString stem = QString::fromLatin1(stems[static_cast<std::size_t>(name)]);
    const QString theme = darkBackground ? QStringLiteral("dark") : QStringLiteral("light");
    QIcon result;
    for (int size : {16, 24, 32, 48})
        result.addFile(QStringLiteral(":/icons/set/%1/%2-%3.png").arg(theme, stem).arg(size), QSize(size, size));
    return result;
}

QIcon icon(IconName name)
{
    const bool dark = qobject_cast<QGuiApplication *>(QCoreApplication::instance())
        && QGuiApplication::palette().color(QPalette::Window).lightnessF() < 0.5;
    return icon(name, dark);
}

IconName stateIconName(const QString &state)
{
    if (state == store::ObservationState::ok)
        return IconName::StateOk;
    if (state == store::ObservationState::stale)
        return IconName::StateStale;
    if (state == store::ObservationState::differs)
        return IconName::StateDiffers;
    if (state == store::ObservationState::pending)
        return IconName::StatePending;
    return IconName::StateUnknown;
}

} // namespace mirror::models
