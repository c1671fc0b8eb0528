#include "views/job_launch_dialog.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QScreen>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

namespace mirror::ui {

namespace {

constexpr int NameRole = Qt::UserRole + 1;
// A source's child meaning "whatever the partner offers" (a source configured without collections).
constexpr int EverythingRole = Qt::UserRole + 2;

// The artifact modes share the button group with the harvest modes, above their ids.
constexpr int artifactModeBase = 100;

int artifactModeId(harvest::ArtifactMode mode)
{
    return artifactModeBase + static_cast<int>(mode);
}

std::optional<harvest::ArtifactMode> artifactModeOf(int id)
{
    if (id < artifactModeBase)
        return std::nullopt;
    return static_cast<harvest::ArtifactMode>(id - artifactModeBase);
}

QString joinedCollections(const JobRequest &request)
{
    return request.collections.isEmpty() ? JobLaunchDialog::tr("its configured collections")
                                         : request.collections.join(QStringLiteral(", "));
}

} // namespace

JobLaunchDialog::JobLaunchDialog(const std::vector<PartnerSource> &sources,
                                 const std::vector<std::pair<QString, QString>> &known, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("New job"));
    setObjectName(QStringLiteral("jobLaunchDialog"));

    m_targets = new QTreeWidget(this);
    m_targets->setObjectName(QStringLiteral("jobTargets"));
    m_targets->setHeaderLabels({tr("Source and collections")});
    m_targets->header()->hide();
    m_targets->setRootIsDecorated(true);
    for (const PartnerSource &source : sources) {
        auto *parentItem = new QTreeWidgetItem(m_targets);
        parentItem->setText(0, source.enabled ? source.name : tr("%1 (disabled)").arg(source.name));
        parentItem->setData(0, NameRole, source.name);
        parentItem->setFlags(parentItem->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsAutoTristate);
        parentItem->setCheckState(0, Qt::Unchecked);
        std::set<QString> shown;
        const auto addChild = [&](const QString &collection, const QString &label) {
            auto *child = new QTreeWidgetItem(parentItem);
            child->setText(0, label);
            child->setData(0, NameRole, collection);
            child->setFlags(child->flags() | Qt::ItemIsUserCheckable);
            child->setCheckState(0, Qt::Unchecked);
            shown.insert(collection);
            return child;
        };
        if (source.collections.isEmpty()) {
            QTreeWidgetItem *everything = addChild(QString(), tr("every collection %1 offers").arg(source.name));
            everything->setData(0, EverythingRole, true);
        }
        for (const QString &collection : source.collections)
            addChild(collection, collection);
        for (const auto &[knownSource, collection] : known)
            if (knownSource.compare(source.name, Qt::CaseInsensitive) == 0 && !collection.isEmpty()
                && !shown.count(collection))
                addChild(collection, tr("%1 (in the store, not configured)").arg(collection));
        parentItem->setExpanded(true);
    }

    // Modes, each with its own options beside it.
    auto *modeBox = new QGroupBox(tr("Mode"), this);
    auto *modeGrid = new QGridLayout(modeBox);
    m_modes = new QButtonGroup(this);
    const auto addMode = [&](harvest::HarvestMode mode, const QString &name, const QString &objectName,
                             const QString &explanation, int row) {
        auto *button = new QRadioButton(name, modeBox);
        button->setObjectName(objectName);
        m_modes->addButton(button, static_cast<int>(mode));
        modeGrid->addWidget(button, row, 0, Qt::AlignTop);
        auto *text = new QLabel(explanation, modeBox);
        text->setWordWrap(true);
        text->setForegroundRole(QPalette::PlaceholderText);
        modeGrid->addWidget(text, row + 1, 0, 1, 2);
    };
    addMode(harvest::HarvestMode::Incremental, tr("&Incremental"), QStringLiteral("modeIncremental"),
            tr("Deletions, then new and changed observations since the last harvest."), 0);
    addMode(harvest::HarvestMode::Retry, tr("&Retry skipped"), QStringLiteral("modeRetry"),
            tr("Try again the observations that failed before and are due."), 2);
    m_reason = new QComboBox(modeBox);
    m_reason->setObjectName(QStringLiteral("retryReason"));
    m_reason->addItem(tr("every reason"), QString());
    const std::pair<mirror::ErrorCategory, QString> reasons[] = {
        {mirror::ErrorCategory::Transient, tr("transient (time-outs, server errors)")},
        {mirror::ErrorCategory::Checksum, tr("checksum mismatches")},
        {mirror::ErrorCategory::Parse, tr("unreadable documents")},
        {mirror::ErrorCategory::PerItem, tr("other item failures")},
        {mirror::ErrorCategory::Auth, tr("refused access")}};
    for (const auto &[category, label] : reasons)
        m_reason->addItem(label, QString::fromUtf8(mirror::categoryName(category)));
    modeGrid->addWidget(m_reason, 2, 1);
    addMode(harvest::HarvestMode::Validate, tr("&Validate"), QStringLiteral("modeValidate"),
            tr("Compare the whole collection with the partner and record what differs."), 4);
    m_repair = new QCheckBox(tr("and re&pair what differs"), modeBox);
    m_repair->setObjectName(QStringLiteral("validateRepair"));
    modeGrid->addWidget(m_repair, 4, 1);
    addMode(harvest::HarvestMode::Full, tr("&Full"), QStringLiteral("modeFull"),
            tr("Re-fetch and verify every observation, writing only what changed; the incremental position stays."), 6);
    auto *fullOptions = new QWidget(modeBox);
    auto *fullLayout = new QHBoxLayout(fullOptions);
    fullLayout->setContentsMargins(0, 0, 0, 0);
    m_from = new QCheckBox(tr("from"), fullOptions);
    m_from->setObjectName(QStringLiteral("fullFrom"));
    m_fromTime = new QDateTimeEdit(QDateTime::currentDateTimeUtc().addDays(-30), fullOptions);
    m_fromTime->setObjectName(QStringLiteral("fullFromTime"));
    m_fromTime->setTimeSpec(Qt::UTC);
    m_fromTime->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
    m_fromTime->setCalendarPopup(true);
    m_prune = new QCheckBox(tr("then p&rune"), fullOptions);
    m_prune->setObjectName(QStringLiteral("fullPrune"));
    m_prune->setToolTip(tr("Afterwards delete local observations of this source that the partner no longer has."));
    fullLayout->addWidget(m_from);
    fullLayout->addWidget(m_fromTime);
    fullLayout->addWidget(m_prune);
    fullLayout->addStretch();
    modeGrid->addWidget(fullOptions, 6, 1);
    modeGrid->setColumnStretch(1, 1);
    m_modes->button(static_cast<int>(harvest::HarvestMode::Incremental))->setChecked(true);

    // The artifact files, in the same group of modes: one job does one thing.
    auto *filesBox = new QGroupBox(tr("Files"), this);
    auto *filesGrid = new QGridLayout(filesBox);
    const auto addFilesMode = [&](harvest::ArtifactMode mode, const QString &name, const QString &objectName,
                                  const QString &explanation, int row) {
        auto *button = new QRadioButton(name, filesBox);
        button->setObjectName(objectName);
        m_modes->addButton(button, artifactModeId(mode));
        filesGrid->addWidget(button, row, 0, Qt::AlignTop);
        auto *text = new QLabel(explanation, filesBox);
        text->setWordWrap(true);
        text->setForegroundRole(QPalette::PlaceholderText);
        filesGrid->addWidget(text, row + 1, 0, 1, 2);
    };
    addFilesMode(harvest::ArtifactMode::Discover, tr("Find files to &copy"), QStringLiteral("modeFilesDiscover"),
                 tr("Queue the released files that the stored observations describe and this mirror lacks."), 0);
    addFilesMode(harvest::ArtifactMode::Download, tr("&Download files"), QStringLiteral("modeFilesDownload"),
                 tr("Fetch the queued files into the artifact root, each checked against its length and checksum "
                    "before it gets its name."),
                 2);
    addFilesMode(harvest::ArtifactMode::Validate, tr("Check local &files"), QStringLiteral("modeFilesValidate"),
                 tr("Depth 1: every file present with its length; 2: checksums recomputed; 3: also against the "
                    "partner's current metadata. Missing and corrupt files are queued for download."),
                 4);
    m_depth = new QSpinBox(filesBox);
    m_depth->setObjectName(QStringLiteral("artifactDepth"));
    m_depth->setRange(1, 3);
    m_depth->setPrefix(tr("depth "));
    filesGrid->addWidget(m_depth, 4, 1, Qt::AlignLeft);
    addFilesMode(harvest::ArtifactMode::Diff, tr("Compare files with the &partner"), QStringLiteral("modeFilesDiff"),
                 tr("List the files the partner describes that are missing or differ here, changing nothing."), 6);
    filesGrid->setColumnStretch(1, 1);

    m_command = new QLabel(this);
    m_command->setObjectName(QStringLiteral("jobCommand"));
    m_command->setWordWrap(true);
    m_command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_command->setToolTip(tr("The same job from the command line, for a script or a system timer."));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("jobProblem"));
    m_problem->setWordWrap(true);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton *start = m_buttons->addButton(tr("&Start"), QDialogButtonBox::AcceptRole);
    start->setObjectName(QStringLiteral("jobStart"));
    start->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    auto *targetsLabel = new QLabel(tr("&Sources and collections:"), this);
    targetsLabel->setBuddy(m_targets);
    layout->addWidget(targetsLabel);
    layout->addWidget(m_targets, 1);
    layout->addWidget(modeBox);
    layout->addWidget(filesBox);
    layout->addWidget(m_command);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_targets, &QTreeWidget::itemChanged, this, &JobLaunchDialog::updateState);
    connect(m_modes, &QButtonGroup::idToggled, this, &JobLaunchDialog::updateState);
    for (QCheckBox *box : {m_repair, m_from, m_prune})
        connect(box, &QCheckBox::toggled, this, &JobLaunchDialog::updateState);
    connect(m_reason, &QComboBox::currentIndexChanged, this, &JobLaunchDialog::updateState);
    connect(m_depth, &QSpinBox::valueChanged, this, &JobLaunchDialog::updateState);
    connect(m_fromTime, &QDateTimeEdit::dateTimeChanged, this, &JobLaunchDialog::updateState);
    // Tall enough for every mode without scrolling, never taller than the screen (1024x700 included): the
    // source tree gives up its height first.
    const int available = screen() ? screen()->availableGeometry().height() - 60 : 640;
    resize(560, std::min(820, std::max(available, minimumSizeHint().height())));
    updateState();
}

QTreeWidgetItem *JobLaunchDialog::sourceItem(const QString &name) const
{
    for (int i = 0; i < m_targets->topLevelItemCount(); ++i)
        if (m_targets->topLevelItem(i)->data(0, NameRole).toString().compare(name, Qt::CaseInsensitive) == 0)
            return m_targets->topLevelItem(i);
    return nullptr;
}

void JobLaunchDialog::preselect(const QString &source, const QString &collection)
{
    QSignalBlocker block(m_targets);
    for (int i = 0; i < m_targets->topLevelItemCount(); ++i)
        m_targets->topLevelItem(i)->setCheckState(0, Qt::Unchecked);
    if (QTreeWidgetItem *item = sourceItem(source)) {
        bool found = false;
        for (int i = 0; i < item->childCount() && !collection.isEmpty(); ++i) {
            if (item->child(i)->data(0, NameRole).toString() == collection) {
                item->child(i)->setCheckState(0, Qt::Checked);
                found = true;
            }
        }
        if (!found && !collection.isEmpty()) {
            auto *child = new QTreeWidgetItem(item);
            child->setText(0, collection);
            child->setData(0, NameRole, collection);
            child->setFlags(child->flags() | Qt::ItemIsUserCheckable);
            child->setCheckState(0, Qt::Checked);
        }
        if (collection.isEmpty())
            item->setCheckState(0, Qt::Checked);
        m_targets->setCurrentItem(item);
    }
    block.unblock();
    updateState();
}

void JobLaunchDialog::setMode(harvest::HarvestMode mode)
{
    m_modes->button(static_cast<int>(mode))->setChecked(true);
}

void JobLaunchDialog::setArtifactMode(harvest::ArtifactMode mode)
{
    m_modes->button(artifactModeId(mode))->setChecked(true);
}

std::vector<JobRequest> JobLaunchDialog::requests() const
{
    std::vector<JobRequest> requests;
    const std::optional<harvest::ArtifactMode> artifactMode = artifactModeOf(m_modes->checkedId());
    const auto mode =
        artifactMode ? harvest::HarvestMode::Incremental : static_cast<harvest::HarvestMode>(m_modes->checkedId());
    for (int i = 0; i < m_targets->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_targets->topLevelItem(i);
        JobRequest request;
        request.source = item->data(0, NameRole).toString();
        bool any = false;
        bool everything = false;
        for (int c = 0; c < item->childCount(); ++c) {
            const QTreeWidgetItem *child = item->child(c);
            if (child->checkState(0) != Qt::Checked)
                continue;
            any = true;
            if (child->data(0, EverythingRole).toBool())
                everything = true;
            else
                request.collections << child->data(0, NameRole).toString();
        }
        if (!any && item->checkState(0) == Qt::Unchecked)
            continue;
        if (everything)
            request.collections.clear(); // the partner's whole offer includes the others
        request.mode = mode;
        request.artifactMode = artifactMode;
        if (artifactMode == harvest::ArtifactMode::Validate)
            request.depth = m_depth->value();
        request.repair = mode == harvest::HarvestMode::Validate && m_repair->isChecked();
        request.prune = mode == harvest::HarvestMode::Full && m_prune->isChecked();
        if (mode == harvest::HarvestMode::Full && m_from->isChecked())
            request.fullFrom = m_fromTime->dateTime().toMSecsSinceEpoch();
        if (mode == harvest::HarvestMode::Retry && !m_reason->currentData().toString().isEmpty())
            request.retryReason = mirror::errorCategoryFromName(m_reason->currentData().toString().toStdString());
        requests.push_back(std::move(request));
    }
    return requests;
}

void JobLaunchDialog::updateState()
{
    const auto mode = artifactModeOf(m_modes->checkedId()) ? harvest::HarvestMode::Incremental
                                                           : static_cast<harvest::HarvestMode>(m_modes->checkedId());
    m_depth->setEnabled(artifactModeOf(m_modes->checkedId()) == harvest::ArtifactMode::Validate);
    m_reason->setEnabled(mode == harvest::HarvestMode::Retry);
    m_repair->setEnabled(mode == harvest::HarvestMode::Validate);
    m_from->setEnabled(mode == harvest::HarvestMode::Full);
    m_fromTime->setEnabled(mode == harvest::HarvestMode::Full && m_from->isChecked());
    m_prune->setEnabled(mode == harvest::HarvestMode::Full);

    const std::vector<JobRequest> chosen = requests();
    QStringList commands;
    for (const JobRequest &request : chosen)
        commands << commandLine(request);
    m_command->setText(commands.isEmpty()
                           ? QString()
                           : tr("Same as: <tt>%1</tt>")
                                 .arg(commands.join(QStringLiteral("<br>"))
                                          .toHtmlEscaped()
                                          .replace(QStringLiteral("&lt;br&gt;"), QStringLiteral("<br>"))));
    QString problem;
    if (m_targets->topLevelItemCount() == 0)
        problem = tr("No partner source is configured: add one in File \u203a Settings first.");
    else if (chosen.empty())
        problem = tr("Tick the sources or collections to work on.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Cancel)->setDefault(false);
    for (QAbstractButton *button : m_buttons->buttons())
        if (m_buttons->buttonRole(button) == QDialogButtonBox::AcceptRole)
            button->setEnabled(!chosen.empty());
}

QString JobLaunchDialog::confirmationText(const std::vector<JobRequest> &requests)
{
    QStringList parts;
    for (const JobRequest &request : requests) {
        const QString where = tr("%1 from %2").arg(joinedCollections(request), request.source);
        if (request.mode == harvest::HarvestMode::Validate && request.repair)
            parts << tr("<p><b>Validate and repair</b> %1 changes the local store:</p><ul>"
                        "<li>observations whose copy differs from %2's are replaced by %2's copy;</li>"
                        "<li>observations %2 lists and the store lacks are fetched and stored;</li>"
                        "<li>local observations that came from %2 and that %2 no longer has are <b>deleted</b>, "
                        "each only after %2 answers that it is gone.</li></ul>"
                        "<p>Observations from other partners are not touched.</p>")
                         .arg(where.toHtmlEscaped(), request.source.toHtmlEscaped());
        if (request.mode == harvest::HarvestMode::Full && request.prune)
            parts << tr("<p><b>Full harvest and prune</b> %1: after every observation has been checked, local "
                        "observations that came from %2 and that %2 no longer lists are <b>deleted</b> (a "
                        "validate-and-repair pass ends the job, which also fetches what is missing and replaces "
                        "what differs).</p>")
                         .arg(where.toHtmlEscaped(), request.source.toHtmlEscaped());
    }
    return parts.join(QString());
}

} // namespace mirror::ui
