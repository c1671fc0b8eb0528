#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>

namespace mirror::ui {

// What a tab that is not in the console yet tells the operator, in the operator's words: what it will hold, and
// how to do the same today (a caom-sync command, another pane). An empty pane reads as a bug, not as "later".
struct PlaceholderText {
    QString heading;     // one line: what the tab is for
    QString summary;     // a sentence or two in the operator's terms
    QStringList planned; // what the tab will hold, one item each
    QString meanwhile;   // how to do it today, e.g. "Harvests are run from caom-sync for now: ..."
};

class PlaceholderPane : public QWidget {
    Q_OBJECT

public:
    explicit PlaceholderPane(const PlaceholderText &text, QWidget *parent = nullptr);
};

} // namespace mirror::ui
