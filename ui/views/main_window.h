#pragma once

#include <QMainWindow>

class QCloseEvent;
class QDockWidget;
class QLabel;
class QTabWidget;
class QTreeWidget;

namespace mirror::ui {

// The console's frame: partner navigator on the left, one tab per task in the centre, store status at the
// bottom. Today the panes say what is coming; the frame, menus and remembered layout are real.
//
// Child widgets carry object names ("partners", "mainTabs", "storeStatus", "partnersDock") so tests and
// later views can find them without accessors that would freeze the layout.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createNavigator();
    void createTabs();
    void createMenus();
    void createStatusBar();
    void restoreLayout();
    void saveLayout() const;
    void showAbout();

    QDockWidget *m_partnersDock = nullptr;
    QTreeWidget *m_partners = nullptr;
    QTabWidget *m_tabs = nullptr;
    QLabel *m_storeStatus = nullptr;
};

} // namespace mirror::ui
