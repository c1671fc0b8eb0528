#pragma once

#include <QIcon>
#include <QString>

// The console's one icon set (resources/icons/set): toolbar actions, views and observation states, drawn
// together so they look alike, each in a light-theme and a dark-theme variant. A state icon differs from the
// others by its shape as well as its colour, and always sits beside the state's word.
namespace mirror::models {

enum class IconName {
    // Actions
    OpenStore,
    Refresh,
    NewJob,
    Pause,
    Resume,
    Cancel,
    ExportReport,
    Filter,
    Settings,
    // Views
    Browser,
    Jobs,
    Discrepancies,
    Compare,
    Dashboard,
    Partner,
    Collection,
    Publications,
    // Observation and discrepancy states
    StateOk,
    StateDiffers,
    StateStale,
    StatePending,
    StateUnknown,
    StateMissingLocal,
    StateMissingRemote,
    StateSkipped,
};

// The icon in the variant that reads on the application's current window colour; a null icon when there is
// no QGuiApplication (command-line tools and model tests without a GUI).
QIcon icon(IconName name);
// The same for an explicit background: the dark-theme variant when `background` is dark.
QIcon icon(IconName name, bool darkBackground);

// The icon of a store::ObservationState value ("" or unrecognised: unknown), matching stateLook()'s glyph.
IconName stateIconName(const QString &state);

} // namespace mirror::models
