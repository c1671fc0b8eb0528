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
    QColor colour;   // foreground colour, at least 4.5:1 against the background it was chosen for
    QString text() const { return glyph + QLatin1Char(' ') + label; } // "⚠ stale"
};

// The look of a store::ObservationState value ("" or unrecognised → unknown), its colour chosen for text on the
// application palette's Base colour (white when there is no application).
StateLook stateLook(const QString &state);
// The same, its colour chosen for small text on `background`: dark colours on a light background, light ones on a
// dark background, each at least 4.5:1 (WCAG AA) against the usual backgrounds of its kind.
StateLook stateLook(const QString &state, const QColor &background);

// The WCAG 2 contrast ratio of two colours, 1 to 21.
double contrastRatio(const QColor &a, const QColor &b);

// The worse of two states (differs > stale > unknown > ok), for rolling children up into a parent.
QString worseState(const QString &a, const QString &b);

} // namespace mirror::models
