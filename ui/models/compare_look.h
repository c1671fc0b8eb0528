#pragma once

#include "caom2/comparison.h"

#include <QColor>
#include <QString>
#include <QStringList>

// How a node of a comparison looks in the Compare view: a glyph, a word and a colour together (never colour
// alone), with "differs below" for an entity that is itself equal but holds a difference further down, and the
// copies named when an entity is only in some of them.
namespace mirror::models {

struct CompareLook {
    QString glyph;   // ✓ same, ≠ differs, ◐ only in some copies, ↓ differs below, ? not compared
    QString label;   // "same", "differs", "only in MAST", "differs below", "not compared"
    QString tooltip; // one sentence
    QColor colour;   // foreground, readable on the palette's base colour
    QString text() const { return glyph + QLatin1Char(' ') + label; }
};

CompareLook compareLook(const caom2::ComparisonNode &node, const QStringList &copyNames);

// The background of a row that differs (a field, a checksum): a light tint under dark text.
QColor differenceBackground();

// "Plane", "Artifact"... as the operator reads an entity's kind.
QString kindWord(caom2::EntityKind kind);

} // namespace mirror::models
