#pragma once

#include <QDialog>

class QTextBrowser;

namespace mirror::ui {

// Help › User guide: the guides of docs/ (the console's, the operator's guide to caom-sync, troubleshooting),
// compiled into the program with their screenshots, so the guide always matches the version running and
// needs neither a network nor a browser. Links between the pages work; Back returns.
//
// Object names: "userGuide", "userGuideText".
class UserGuideWindow : public QDialog {
    Q_OBJECT

public:
    explicit UserGuideWindow(QWidget *parent = nullptr);

    // Shows a page of the guide: "console.md", "operator-guide.md", "troubleshooting.md".
    void showPage(const QString &page);
    QTextBrowser *browser() const { return m_browser; }
    // The first page: the console's guide when this build has one, else the operator's guide.
    static QString homePage();

private:
    QTextBrowser *m_browser = nullptr;
};

} // namespace mirror::ui
