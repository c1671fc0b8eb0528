#pragma once

#include <QColor>
#include <QString>

// How an observation state looks everywhere in the console: a glyph, a word and a colour together, so the
// state is never told by colour alone (style.md, "Models and views"). Unknown states (not yet compared,
// anything new) look different from "ok".
namespace mirror::models {

struct StateLook {
    QString glyph;   // one character: ✓ ok, ⚠ stale, ≠ differs, ? unknown
    QString label;   // "ok", "stale", "differs", "unknown"
    QString tooltip; // one sentence saying what the state means
    QColor colour;   // foreground colour, readable on light and dark backgrounds
    QString text() const { return glyph + QLatin1Char(' ') + label; } // "⚠ stale"
};

// The look of a store::ObservationState value ("" or unrecognised → unknown).
StateLook stateLook(const QString &state);

// The worse of two states (differs > stale > unknown > ok), for rolling children up into a parent.
QString worseState(const QString &a, const QString &b);

} // namespace mirror::models
