#include "views/source_list_editor.h"

#include "models/state_look.h"
#include "store/observation_store.h"
#include "views/message_widget.h"
#include "views/source_tester.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace mirror::ui {

namespace {

QString endpointPlaceholder(EndpointKind kind)
{
    switch (kind) {
    case EndpointKind::RegistryResource: return QStringLiteral("ivo://cadc.nrc.ca/ams");
    case EndpointKind::Capabilities: return QStringLiteral("https://archive.example.org/caom2/capabilities");
    case EndpointKind::BaseUrl: return QStringLiteral("https://archive.example.org/caom2/repo");
    }
    return {};
}

QString credentialPlaceholder(CredentialKind kind)
{
    switch (kind) {
    case CredentialKind::None: return SourceListEditor::tr("no credential: anonymous access");
    case CredentialKind::CertificateFile: return QStringLiteral("~/.ssl/cadcproxy.pem");
    case CredentialKind::TokenFile: return QStringLiteral("~/.config/caom-mirror/mast.token");
    case CredentialKind::TokenEnvironment: return QStringLiteral("MAST_API_TOKEN");
    }
    return {};
}

QString listText(const PartnerSource &source)
{
    const QString name = source.name.isEmpty() ? SourceListEditor::tr("(unnamed)") : source.name;
    return source.enabled ? name : SourceListEditor::tr("%1 (disabled)").arg(name);
}

} // namespace

SourceListEditor::SourceListEditor(QWidget *parent) : QWidget(parent), m_tester(defaultSourceTester())
{
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("sourceList"));
    m_list->setMaximumWidth(200);
    m_add = new QPushButton(tr("&Add"), this);
    m_add->setObjectName(QStringLiteral("addSource"));
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeSource"));

    m_form = new QWidget(this);
    m_name = new QLineEdit(m_form);
    m_name->setObjectName(QStringLiteral("sourceName"));
    m_name->setPlaceholderText(QStringLiteral("CADC"));
    m_enabled = new QCheckBox(tr("Harvest from this source"), m_form);
    m_enabled->setObjectName(QStringLiteral("sourceEnabled"));
    m_endpointKind = new QComboBox(m_form);
    m_endpointKind->setObjectName(QStringLiteral("sourceEndpointKind"));
    m_endpointKind->addItem(tr("Registry resource ID"), static_cast<int>(EndpointKind::RegistryResource));
    m_endpointKind->addItem(tr("Capabilities URL"), static_cast<int>(EndpointKind::Capabilities));
    m_endpointKind->addItem(tr("Base URL"), static_cast<int>(EndpointKind::BaseUrl));
    m_endpoint = new QLineEdit(m_form);
    m_endpoint->setObjectName(QStringLiteral("sourceEndpoint"));
    m_credentialKind = new QComboBox(m_form);
    m_credentialKind->setObjectName(QStringLiteral("sourceCredentialKind"));
    m_credentialKind->addItem(tr("None (anonymous)"), static_cast<int>(CredentialKind::None));
    m_credentialKind->addItem(tr("Certificate file (PEM)"), static_cast<int>(CredentialKind::CertificateFile));
    m_credentialKind->addItem(tr("Token file"), static_cast<int>(CredentialKind::TokenFile));
    m_credentialKind->addItem(tr("Token in environment variable"), static_cast<int>(CredentialKind::TokenEnvironment));
    m_credential = new QLineEdit(m_form);
    m_credential->setObjectName(QStringLiteral("sourceCredential"));
    m_browse = new QPushButton(tr("Browse\u2026"), m_form);
    m_credentialState = new QLabel(m_form);
    m_credentialState->setObjectName(QStringLiteral("sourceCredentialState"));
    m_credentialState->setForegroundRole(QPalette::PlaceholderText);
    m_credentialState->setWordWrap(true);
    m_collections = new QLineEdit(m_form);
    m_collections->setObjectName(QStringLiteral("sourceCollections"));
    m_collections->setPlaceholderText(tr("every collection the source offers"));
    m_collections->setToolTip(tr("Collection names separated by spaces, e.g. HST JWST"));
    m_deletions = new QLineEdit(m_form);
    m_deletions->setObjectName(QStringLiteral("sourceDeletions"));
    m_deletions->setPlaceholderText(tr("none: deletions at the partner are not mirrored"));
    m_deletions->setToolTip(tr("With a base URL: the partner's deletions endpoint. A registry resource or a "
                               "capabilities URL names it by itself."));
    m_caFile = new QLineEdit(m_form);
    m_caFile->setObjectName(QStringLiteral("sourceCaFile"));
    m_caFile->setPlaceholderText(tr("the system's certificate authorities"));
    m_caFile->setToolTip(tr("A PEM bundle of certificate authorities to trust for this partner instead of the "
                            "system's, e.g. for a partner with a private certificate authority."));
    auto *browseCa = new QPushButton(tr("Browse\u2026"), m_form);
    m_lag = new QSpinBox(m_form);
    m_lag->setObjectName(QStringLiteral("sourceLag"));
    m_lag->setRange(0, 7 * 24 * 3600);
    m_lag->setSingleStep(60);
    m_lag->setSuffix(tr(" s"));
    m_lag->setToolTip(tr("Observations changed at the partner during the last this many seconds are left for "
                         "the next harvest, so one still being written is never read half-way (default 300)."));
    m_message = new MessageWidget(m_form);
    m_message->setObjectName(QStringLiteral("sourceMessage"));
    m_message->setCloseButtonVisible(false);
    m_test = new QPushButton(tr("&Test"), m_form);
    m_test->setObjectName(QStringLiteral("testSource"));
    m_test->setToolTip(tr("Reach the partner as a harvest would and list the collections it offers "
                          "(as caom-sync sources test does)"));
    m_testMessage = new MessageWidget(m_form);
    m_testMessage->setObjectName(QStringLiteral("sourceTestMessage"));

    auto *credentialRow = new QHBoxLayout;
    credentialRow->addWidget(m_credential, 1);
    credentialRow->addWidget(m_browse);
    auto *secretNote =
        new QLabel(tr("Only the file's path or the variable's name is saved, never the secret."), m_form);
    secretNote->setWordWrap(true);
    secretNote->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("&Name"), m_name);
    form->addRow(QString(), m_enabled);
    form->addRow(tr("&Endpoint kind"), m_endpointKind);
    form->addRow(tr("End&point"), m_endpoint);
    form->addRow(tr("&Deletions"), m_deletions);
    form->addRow(tr("&Credential"), m_credentialKind);
    auto *credentialLabel = new QLabel(tr("&File or variable"), m_form);
    credentialLabel->setBuddy(m_credential);
    form->addRow(credentialLabel, credentialRow);
    form->addRow(QString(), m_credentialState);
    form->addRow(QString(), secretNote);
    auto *caRow = new QHBoxLayout;
    caRow->addWidget(m_caFile, 1);
    caRow->addWidget(browseCa);
    auto *caLabel = new QLabel(tr("C&A file"), m_form);
    caLabel->setBuddy(m_caFile);
    form->addRow(caLabel, caRow);
    form->addRow(tr("C&ollections"), m_collections);
    form->addRow(tr("&Lag"), m_lag);
    form->addRow(m_message);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addStretch(1);
    form->addRow(testRow);
    form->addRow(m_testMessage);

    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_remove);
    auto *left = new QVBoxLayout;
    left->addWidget(m_list, 1);
    left->addLayout(listButtons);
    auto *layout = new QHBoxLayout(this);
    layout->addLayout(left);
    layout->addWidget(m_form, 1);

    connect(m_list, &QListWidget::currentRowChanged, this, &SourceListEditor::showSource);
    connect(m_add, &QPushButton::clicked, this, &SourceListEditor::addSource);
    connect(m_remove, &QPushButton::clicked, this, &SourceListEditor::removeSelected);
    connect(m_browse, &QPushButton::clicked, this, &SourceListEditor::browseCredential);
    for (QLineEdit *edit : {m_name, m_endpoint, m_credential, m_collections, m_deletions, m_caFile})
        connect(edit, &QLineEdit::textEdited, this, &SourceListEditor::storeForm);
    connect(m_lag, &QSpinBox::valueChanged, this, &SourceListEditor::storeForm);
    connect(browseCa, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Choose the CA bundle"), m_caFile->text(),
                                                          tr("PEM files (*.pem *.crt);;All files (*)"));
        if (path.isEmpty())
            return;
        m_caFile->setText(path);
        storeForm();
    });
    connect(m_test, &QPushButton::clicked, this, &SourceListEditor::testSelected);
    connect(&m_testWatcher, &QFutureWatcher<mirror::Result<TestReport>>::finished, this,
            &SourceListEditor::onTestFinished);
    connect(m_enabled, &QCheckBox::toggled, this, &SourceListEditor::storeForm);
    connect(m_endpointKind, &QComboBox::currentIndexChanged, this, &SourceListEditor::storeForm);
    connect(m_credentialKind, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading && static_cast<CredentialKind>(m_credentialKind->currentData().toInt()) == CredentialKind::None)
            m_credential->clear();
        storeForm();
    });
    showSource(-1);
}

SourceListEditor::~SourceListEditor()
{
    if (m_testCancel)
        *m_testCancel = true; // the test ends by itself; nobody waits for it
}

void SourceListEditor::setTester(Tester tester)
{
    m_tester = std::move(tester);
}

void SourceListEditor::testSelected()
{
    if (m_current < 0 || m_testWatcher.isRunning() || !m_tester)
        return;
    const PartnerSource source = m_sources[static_cast<std::size_t>(m_current)];
    if (const auto valid = validate(source); !valid) {
        m_testMessage->showMessage(
            tr("Cannot test %1 yet: %2").arg(source.name, QString::fromStdString(valid.error().message)),
            MessageWidget::Kind::Error);
        emit testFinished(false);
        return;
    }
    m_testedName = source.name;
    m_testCancel = std::make_shared<std::atomic<bool>>(false);
    m_test->setEnabled(false);
    m_testMessage->showMessage(tr("Reaching %1\u2026").arg(source.name), MessageWidget::Kind::Information);
    m_testWatcher.setFuture(
        QtConcurrent::run([tester = m_tester, source, cancel = m_testCancel] { return tester(source, cancel.get()); }));
}

void SourceListEditor::onTestFinished()
{
    m_test->setEnabled(true);
    const mirror::Result<TestReport> report = m_testWatcher.result();
    if (!report) {
        m_testMessage->showMessage(QString::fromStdString(report.error().message), MessageWidget::Kind::Error);
        emit testFinished(false);
        return;
    }
    // Configured collections the partner does not offer ("HLSP?telescope=X" harvests HLSP).
    QStringList missing;
    const PartnerSource *tested = nullptr;
    for (const PartnerSource &source : m_sources)
        if (source.name == m_testedName)
            tested = &source;
    if (tested) {
        for (const QString &configured : tested->collections)
            if (!report->offered.contains(configured.section(QLatin1Char('?'), 0, 0)))
                missing << configured;
    }
    // What the operator came for first (reachable, which collections), where it reads them after.
    QString text =
        tr("%1 is reachable and offers %n collection(s): %2.", nullptr, static_cast<int>(report->offered.size()))
            .arg(m_testedName, report->offered.join(QStringLiteral(", ")));
    if (!missing.isEmpty())
        text += QLatin1Char(' ') + tr("Not offered: %1.").arg(missing.join(QStringLiteral(", ")));
    text += QLatin1Char('\n')
        + tr("Observations from %1; deletions %2.")
              .arg(report->observationsUrl,
                   report->deletionsUrl.isEmpty() ? tr("not available") : tr("from %1").arg(report->deletionsUrl));
    m_testMessage->showMessage(text, missing.isEmpty() ? MessageWidget::Kind::Positive : MessageWidget::Kind::Warning);
    emit testFinished(missing.isEmpty());
}

void SourceListEditor::setSources(const std::vector<PartnerSource> &sources)
{
    m_sources = sources;
    m_current = -1;
    m_fresh = -1;
    m_list->clear();
    for (const PartnerSource &source : m_sources)
        m_list->addItem(listText(source));
    select(m_sources.empty() ? -1 : 0);
    showSource(m_list->currentRow());
}

void SourceListEditor::select(int row)
{
    m_list->setCurrentRow(row);
}

void SourceListEditor::addSource()
{
    PartnerSource source;
    source.name = QStringLiteral("NEW");
    for (int n = 2;
         std::any_of(m_sources.begin(), m_sources.end(), [&](const PartnerSource &s) { return s.name == source.name; });
         ++n)
        source.name = QStringLiteral("NEW%1").arg(n);
    source.endpointKind = EndpointKind::BaseUrl;
    m_sources.push_back(source);
    m_list->addItem(listText(source));
    m_fresh = static_cast<int>(m_sources.size()) - 1;
    select(m_fresh);
    m_name->setFocus();
    m_name->selectAll();
    emit changed();
}

void SourceListEditor::removeSelected()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= static_cast<int>(m_sources.size()))
        return;
    m_current = -1; // the form belongs to the row being removed: do not store it back
    m_fresh = row == m_fresh ? -1 : (row < m_fresh ? m_fresh - 1 : m_fresh);
    m_sources.erase(m_sources.begin() + row);
    delete m_list->takeItem(row);
    showSource(m_list->currentRow());
    emit changed();
}

void SourceListEditor::showSource(int row)
{
    m_current = row >= 0 && row < static_cast<int>(m_sources.size()) ? row : -1;
    m_form->setEnabled(m_current >= 0);
    m_remove->setEnabled(m_current >= 0);
    m_loading = true;
    const PartnerSource source = m_current >= 0 ? m_sources[static_cast<std::size_t>(m_current)] : PartnerSource{};
    m_name->setText(source.name);
    m_enabled->setChecked(source.enabled);
    m_endpointKind->setCurrentIndex(m_endpointKind->findData(static_cast<int>(source.endpointKind)));
    m_endpoint->setText(source.endpoint);
    m_credentialKind->setCurrentIndex(m_credentialKind->findData(static_cast<int>(source.credentialKind)));
    m_credential->setText(source.credential);
    m_collections->setText(source.collections.join(QLatin1Char(' ')));
    m_deletions->setText(source.deletionsUrl);
    m_caFile->setText(source.caFile);
    m_lag->setValue(source.lagSeconds);
    m_loading = false;
    m_testMessage->hideMessage();
    updateCredentialWidgets();
    if (m_current >= 0)
        showValidity(source);
    else
        m_message->showMessage(tr("No partner source yet. Add one for each archive to harvest from."),
                               MessageWidget::Kind::Information);
}

void SourceListEditor::storeForm()
{
    if (m_loading || m_current < 0)
        return;
    PartnerSource &source = m_sources[static_cast<std::size_t>(m_current)];
    source.name = m_name->text().trimmed();
    source.enabled = m_enabled->isChecked();
    source.endpointKind = static_cast<EndpointKind>(m_endpointKind->currentData().toInt());
    source.endpoint = m_endpoint->text().trimmed();
    source.credentialKind = static_cast<CredentialKind>(m_credentialKind->currentData().toInt());
    source.credential = source.credentialKind == CredentialKind::None ? QString() : m_credential->text().trimmed();
    source.collections = m_collections->text().split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
    source.deletionsUrl = source.endpointKind == EndpointKind::BaseUrl ? m_deletions->text().trimmed() : QString();
    source.caFile = m_caFile->text().trimmed();
    source.lagSeconds = m_lag->value();
    updateListItem(m_current);
    updateCredentialWidgets();
    showValidity(source);
    emit changed();
}

void SourceListEditor::updateListItem(int row)
{
    if (QListWidgetItem *item = m_list->item(row))
        item->setText(listText(m_sources[static_cast<std::size_t>(row)]));
}

void SourceListEditor::updateCredentialWidgets()
{
    const auto kind = static_cast<CredentialKind>(m_credentialKind->currentData().toInt());
    m_endpoint->setPlaceholderText(
        endpointPlaceholder(static_cast<EndpointKind>(m_endpointKind->currentData().toInt())));
    m_credential->setPlaceholderText(credentialPlaceholder(kind));
    m_credential->setEnabled(kind != CredentialKind::None);
    m_browse->setEnabled(kind == CredentialKind::CertificateFile || kind == CredentialKind::TokenFile);
    m_deletions->setEnabled(static_cast<EndpointKind>(m_endpointKind->currentData().toInt()) == EndpointKind::BaseUrl);
    if (m_current >= 0 && kind != CredentialKind::None && !m_credential->text().trimmed().isEmpty()) {
        // Where the secret would come from and whether it is there now; a missing one is only a warning (the
        // file may be created later, the variable set in the harvest's environment).
        const QString described = describeCredential(m_sources[static_cast<std::size_t>(m_current)]);
        const bool missing = described.endsWith(QLatin1String("(missing)"))
            || described.endsWith(QLatin1String("(not set)")) || described.endsWith(QLatin1String("(not readable)"));
        m_credentialState->setText((missing ? QStringLiteral("\u26a0 ") : QStringLiteral("\u2713 ")) + described);
        const models::StateLook look =
            models::stateLook(missing ? store::ObservationState::stale : store::ObservationState::ok);
        m_credentialState->setStyleSheet(QStringLiteral("color: %1;").arg(look.colour.name()));
    } else {
        m_credentialState->clear();
    }
}

void SourceListEditor::browseCredential()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose the credential file"), m_credential->text());
    if (path.isEmpty())
        return;
    m_credential->setText(path);
    storeForm();
}

void SourceListEditor::showValidity(const PartnerSource &source)
{
    const auto valid = validate(source);
    int sameName = 0;
    for (const PartnerSource &other : m_sources)
        sameName += other.name.compare(source.name, Qt::CaseInsensitive) == 0 ? 1 : 0;
    const bool fresh = m_current >= 0 && m_current == m_fresh && source.endpoint.isEmpty();
    if (fresh)
        // Nothing typed yet is not a mistake: say what to fill in, not what is wrong.
        m_message->showMessage(tr("Give the source a short name and the endpoint it is reached at: a base URL, a "
                                  "capabilities URL or a registry resource ID."),
                               MessageWidget::Kind::Information);
    else if (!valid)
        m_message->showMessage(QString::fromStdString(valid.error().message), MessageWidget::Kind::Error);
    else if (sameName > 1)
        m_message->showMessage(tr("name: another source is called %1").arg(source.name), MessageWidget::Kind::Error);
    else
        m_message->hideMessage();
}

bool SourceListEditor::checkAll()
{
    for (int row = 0; row < static_cast<int>(m_sources.size()); ++row) {
        const PartnerSource &source = m_sources[static_cast<std::size_t>(row)];
        int sameName = 0;
        for (const PartnerSource &other : m_sources)
            sameName += other.name.compare(source.name, Qt::CaseInsensitive) == 0 ? 1 : 0;
        if (!validate(source) || sameName > 1) {
            m_fresh = -1; // saving: say what is wrong, even with a source just added
            select(row);
            showValidity(source);
            return false;
        }
    }
    return true;
}

} // namespace mirror::ui
