#pragma once

#include <QDialog>

class QDialogButtonBox;
class QTabWidget;

namespace mirror {
class Settings;
} // namespace mirror

namespace mirror::ui {

class MessageWidget;
class SourceListEditor;
class StoreSettingsPage;

// File › Settings: the store and the partner sources, written to the settings file caom-sync shares. Not modal:
// it can stay open beside the window. Problems are shown inline (on the page and in the band at the top);
// nothing is saved while a source is invalid.
//
// Object names: "settingsTabs", "settingsMessage", "settingsButtons".
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    SettingsDialog(Settings *settings, QWidget *parent = nullptr);

    // Loads the dialog from the settings (discarding unsaved edits).
    void reload();
    // Saves; false (with the reason shown) when something is invalid or the file cannot be written.
    bool apply();

    StoreSettingsPage *storePage() const { return m_store; }
    SourceListEditor *sourceEditor() const { return m_sources; }

signals:
    // After a successful apply. storeChanged: the store location is now different.
    void settingsApplied(bool storeChanged);

protected:
    void hideEvent(QHideEvent *event) override;

private:
    Settings *m_settings = nullptr;
    QTabWidget *m_tabs = nullptr;
    MessageWidget *m_message = nullptr;
    StoreSettingsPage *m_store = nullptr;
    SourceListEditor *m_sources = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace mirror::ui
