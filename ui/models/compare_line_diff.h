#pragma once

#include <QStringList>

#include <vector>

// Lines of two texts aligned as a side-by-side diff shows them (Meld, KDiff3): equal lines face each other,
// a run of removed lines faces the run of added lines that replaced it, and a line with nothing opposite faces a
// gap. Myers' O(ND) difference over interned lines, after the common head and tail are set aside, so two copies
// of a 5,000-line document that differ in a few places align in about a millisecond.
namespace mirror::models {

enum class LineChange {
    Same,      // the same text on both sides
    Changed,   // a line replaced by another
    LeftOnly,  // only on the left: a gap on the right
    RightOnly, // only on the right
};

struct AlignedLine {
    int left = -1;  // line index on the left, -1 for a gap
    int right = -1; // line index on the right, -1 for a gap
    LineChange change = LineChange::Same;
};

// Beyond this many differing lines the middle of the two texts is shown as one replaced block rather than
// searched line by line (the search costs memory in the square of the differences).
inline constexpr int kMaxLineDifferences = 1500;

std::vector<AlignedLine> alignLines(const QStringList &left, const QStringList &right);

} // namespace mirror::models
