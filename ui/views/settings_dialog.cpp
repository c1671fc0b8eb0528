#include "views/settings_dialog.h"

#include "common/settings.h"
#include "views/message_widget.h"
#include "views/source_list_editor.h"
#include "views/store_session.h"
#include "views/store_settings_page.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace mirror::ui {

SettingsDialog::SettingsDialog(Settings *settings, QWidget *parent) : QDialog(parent), m_settings(settings)
{
    setWindowTitle(tr("Settings"));
    setObjectName(QStringLiteral("settingsDialog"));
    m_message = new MessageWidget(this);
    m_message->setObjectName(QStringLiteral("settingsMessage"));
    m_store = new StoreSettingsPage(this);
    m_sources = new SourceListEditor(this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("settingsTabs"));
    m_tabs->addTab(m_store, tr("&Store"));
    m_tabs->addTab(m_sources, tr("&Partner sources"));

    auto *file = new QLabel(
        tr("Saved in %1, shared with caom-sync.").arg(withHomeAbbreviated(m_settings->sharedFileName())), this);
    file->setObjectName(QStringLiteral("settingsFile"));
    file->setWordWrap(true);
    file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    file->setForegroundRole(QPalette::PlaceholderText);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("settingsButtons"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (apply())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);
    connect(m_sources, &SourceListEditor::changed, m_message, &MessageWidget::hideMessage);
    connect(m_store, &StoreSettingsPage::changed, m_message, &MessageWidget::hideMessage);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(file);
    layout->addWidget(m_buttons);

    const QByteArray geometry = m_settings->value(SettingKey::SettingsDialogGeometry).toByteArray();
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(760, 600); // the source form with its test result, within a 1024x700 screen
    reload();
}

void SettingsDialog::reload()
{
    m_store->setLocation(m_settings->storeLocation());
    m_store->setOfferDemo(m_settings->value(SettingKey::OfferDemoWithoutStore).toBool());
    m_sources->setSources(m_settings->sources());
    m_message->hideMessage();
}

bool SettingsDialog::apply()
{
    if (!m_sources->checkAll()) {
        m_tabs->setCurrentWidget(m_sources);
        m_message->showMessage(tr("A partner source needs fixing before the settings can be saved."),
                               MessageWidget::Kind::Error);
        return false;
    }
    const QString before = m_settings->storeLocation();
    if (auto stored = m_settings->setStoreLocation(m_store->location()); !stored) {
        m_tabs->setCurrentWidget(m_store);
        m_message->showMessage(QString::fromStdString(stored.error().message), MessageWidget::Kind::Error);
        return false;
    }
    (void)m_settings->setValue(SettingKey::OfferDemoWithoutStore, m_store->offerDemo());
    if (auto stored = m_settings->setSources(m_sources->sources()); !stored) {
        m_tabs->setCurrentWidget(m_sources);
        m_message->showMessage(QString::fromStdString(stored.error().message), MessageWidget::Kind::Error);
        return false;
    }
    if (auto synced = m_settings->sync(); !synced) {
        m_message->showMessage(QString::fromStdString(synced.error().message), MessageWidget::Kind::Error);
        return false;
    }
    m_message->showMessage(tr("Saved."), MessageWidget::Kind::Positive);
    emit settingsApplied(m_settings->storeLocation() != before);
    return true;
}

void SettingsDialog::hideEvent(QHideEvent *event)
{
    (void)m_settings->setValue(SettingKey::SettingsDialogGeometry, saveGeometry());
    QDialog::hideEvent(event);
}

} // namespace mirror::ui
