#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

namespace mirror::ui {

// What a tab that is not built yet tells the operator: what it will show, which part of the product it
// waits for, and what can already be done instead. Honest placeholders keep an early console from
// looking broken (an empty pane reads as a bug, not as "later").
struct PlaceholderText {
    QString heading;      // one line: what the tab is for
    QString summary;      // a sentence or two in the operator's terms
    QStringList planned;  // what the finished tab shows, one item each
    QString waitsFor;     // the layer it comes with, e.g. "the sync engine (core/sync)"
    QString availableNow; // optional: what already works elsewhere (the CLI, say)
};

class PlaceholderPane : public QWidget {
    Q_OBJECT

public:
    explicit PlaceholderPane(const PlaceholderText &text, QWidget *parent = nullptr);
};

} // namespace mirror::ui
