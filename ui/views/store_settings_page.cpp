#include "views/store_settings_page.h"

#include "common/settings.h"
#include "store/store_location.h"
#include "views/message_widget.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace mirror::ui {

StoreSettingsPage::StoreSettingsPage(QWidget *parent) : QWidget(parent)
{
    m_location = new QLineEdit(this);
    m_location->setObjectName(QStringLiteral("storeLocation"));
    m_location->setPlaceholderText(store::defaultSqlitePath());
    m_location->setClearButtonEnabled(true);
    m_browse = new QPushButton(tr("Browse\u2026"), this);
    m_browse->setObjectName(QStringLiteral("browseStore"));
    m_test = new QPushButton(tr("&Test connection"), this);
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_message = new MessageWidget(this);
    m_message->setObjectName(QStringLiteral("storeMessage"));
    m_offerDemo = new QCheckBox(tr("At start, offer the &demo store while this store does not exist yet"), this);
    m_offerDemo->setObjectName(QStringLiteral("offerDemo"));

    auto *explanation = new QLabel(
        tr("A SQLite file, or a PostgreSQL database given as postgresql://user@host[:port]/database for shared or "
           "large mirrors. Empty means the default file shown in grey. caom-sync uses the same store unless given "
           "--store. PostgreSQL passwords come from PGPASSWORD or ~/.pgpass; one typed into the URL is used for "
           "testing only and is never saved."),
        this);
    explanation->setWordWrap(true);
    explanation->setForegroundRole(QPalette::PlaceholderText);

    auto *row = new QHBoxLayout;
    row->addWidget(m_location, 1);
    row->addWidget(m_browse);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addStretch(1);
    auto *label = new QLabel(tr("&Store"), this);
    label->setBuddy(m_location);
    auto *form = new QFormLayout;
    form->addRow(label, row);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(explanation);
    layout->addLayout(testRow);
    layout->addWidget(m_message);
    layout->addSpacing(12);
    layout->addWidget(m_offerDemo);
    layout->addStretch(1);

    connect(m_browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Choose or create a SQLite store"), location().isEmpty() ? store::defaultSqlitePath() : location(),
            tr("SQLite stores (*.sqlite *.db);;All files (*)"), nullptr, QFileDialog::DontConfirmOverwrite);
        if (!path.isEmpty()) {
            m_location->setText(path);
            emit changed();
        }
    });
    connect(m_location, &QLineEdit::textEdited, this, [this] {
        m_message->hideMessage();
        warnAboutPassword();
        emit changed();
    });
    connect(m_test, &QPushButton::clicked, this, &StoreSettingsPage::testConnection);
    connect(m_offerDemo, &QCheckBox::toggled, this, &StoreSettingsPage::changed);
    connect(&m_watcher, &QFutureWatcher<Result<store::StoreProbe>>::finished, this, &StoreSettingsPage::onTestFinished);
}

// A test in progress is not waited for (a server that does not answer holds it until its time-out): the probe
// owns copies of all it uses and finishes on its worker; its answer goes nowhere.
StoreSettingsPage::~StoreSettingsPage() = default;

void StoreSettingsPage::setLocation(const QString &location)
{
    m_location->setText(location);
    m_message->hideMessage();
}

QString StoreSettingsPage::location() const
{
    return m_location->text().trimmed();
}

void StoreSettingsPage::setOfferDemo(bool offer)
{
    m_offerDemo->setChecked(offer);
}

bool StoreSettingsPage::offerDemo() const
{
    return m_offerDemo->isChecked();
}

void StoreSettingsPage::warnAboutPassword()
{
    if (sanitizeStoreLocation(location()) != location())
        m_message->showMessage(tr("The password in this URL is used to test the connection but is not saved: set "
                                  "PGPASSWORD or add it to ~/.pgpass."),
                               MessageWidget::Kind::Warning);
}

void StoreSettingsPage::testConnection()
{
    if (m_watcher.isRunning())
        return;
    auto parsed = store::parseStoreLocation(location());
    if (!parsed) {
        m_message->showMessage(QString::fromStdString(parsed.error().message), MessageWidget::Kind::Error);
        emit testFinished(false);
        return;
    }
    m_test->setEnabled(false);
    m_message->showMessage(tr("Connecting to %1\u2026").arg(parsed->redacted()), MessageWidget::Kind::Information);
    const store::StoreLocation where = parsed.value();
    m_watcher.setFuture(QtConcurrent::run([where] { return store::probeStore(where); }));
}

void StoreSettingsPage::onTestFinished()
{
    m_test->setEnabled(true);
    const Result<store::StoreProbe> probe = m_watcher.result();
    if (!probe) {
        m_message->showMessage(QString::fromStdString(probe.error().describe()), MessageWidget::Kind::Error);
        emit testFinished(false);
        return;
    }
    const bool usable = probe->schemaVersion <= probe->latestSchemaVersion;
    m_message->showMessage(probe->summary(), usable ? MessageWidget::Kind::Positive : MessageWidget::Kind::Error);
    emit testFinished(usable);
}

} // namespace mirror::ui
