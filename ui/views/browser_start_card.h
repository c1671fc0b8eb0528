#pragma once

#include "demo/demo_store.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace mirror::ui {

// What the browser shows instead of the tree while there is nothing to browse: the first-start offer when no
// store exists yet (open the demo, choose a store, settings), progress while a store opens or the demo store is
// built, and why opening failed. Inline, never a modal dialog.
//
// Object names: "startHeading", "startText", "startProgress", "openDemoButton", "openStoreButton",
// "settingsButton".
class BrowserStartCard : public QWidget {
    Q_OBJECT

public:
    explicit BrowserStartCard(QWidget *parent = nullptr);

    // No store at `path` yet.
    void showNoStore(const QString &path);
    void showOpening(const QString &what, bool demo);
    void showProgress(const demo::DemoProgress &progress);
    void showFailed(const QString &what, const QString &message);
    // A store is open but holds no observation.
    void showEmptyStore(const QString &what);

signals:
    void openDemoRequested();
    void openStoreRequested();
    void settingsRequested();

private:
    void setButtonsVisible(bool visible);

    QLabel *m_heading = nullptr;
    QLabel *m_text = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_openDemo = nullptr;
    QPushButton *m_openStore = nullptr;
    QPushButton *m_settings = nullptr;
};

} // namespace mirror::ui
