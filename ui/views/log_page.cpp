#include "views/log_page.h"

#include "common/log_hub.h"
#include "models/log_model.h"
#include "models/model_roles.h"
#include "views/store_session.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QTimer>
#include <QTreeView>
#include <QVBoxLayout>

namespace mirror::ui {

namespace {

constexpr int pullMs = 250;

} // namespace

LogPage::LogPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("logPage"));
    m_model = new models::LogModel(LogHub::capacity(), this);
    m_filter = new models::LogFilterModel(this);
    m_filter->setSourceModel(m_model);

    m_level = new QComboBox(this);
    m_level->setObjectName(QStringLiteral("logLevel"));
    m_level->addItem(tr("Debug and above"), 0);
    m_level->addItem(tr("Info and above"), 1);
    m_level->addItem(tr("Warnings and errors"), 2);
    m_level->addItem(tr("Errors only"), 3);
    m_level->setCurrentIndex(1);
    m_filter->setMinimumSeverity(1);
    m_category = new QComboBox(this);
    m_category->setObjectName(QStringLiteral("logCategory"));
    m_category->setToolTip(tr("Which part of the program logged the message"));
    m_job = new QComboBox(this);
    m_job->setObjectName(QStringLiteral("logJob"));
    m_job->setToolTip(tr("The job the message was logged for"));
    m_age = new QComboBox(this);
    m_age->setObjectName(QStringLiteral("logAge"));
    m_age->addItem(tr("Any time"), 0);
    m_age->addItem(tr("Last 15 minutes"), 15 * 60);
    m_age->addItem(tr("Last hour"), 3600);
    m_age->addItem(tr("Last 24 hours"), 24 * 3600);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("logSearch"));
    m_search->setPlaceholderText(tr("Search messages"));
    m_search->setClearButtonEnabled(true);
    auto *copy = new QPushButton(tr("Copy"), this);
    copy->setObjectName(QStringLiteral("logCopy"));
    copy->setToolTip(tr("Copy the selected messages (all shown when none is selected), as lines of the log file"));
    updateChoices();

    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setModel(m_filter);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->resizeSection(models::LogModel::TimeColumn, 170);
    m_view->header()->resizeSection(models::LogModel::LevelColumn, 80);
    m_view->header()->resizeSection(models::LogModel::CategoryColumn, 150);
    m_view->header()->resizeSection(models::LogModel::JobColumn, 170);
    auto *copyShortcut = new QShortcut(QKeySequence::Copy, m_view, nullptr, nullptr, Qt::WidgetShortcut);
    connect(copyShortcut, &QShortcut::activated, this, &LogPage::copySelection);

    const QString path = LogHub::logFilePath();
    m_file = new QLabel(path.isEmpty() ? tr("Messages are kept in memory only.")
                                       : tr("The same messages are written to %1.").arg(withHomeAbbreviated(path)),
                        this);
    m_file->setObjectName(QStringLiteral("logFile"));
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_file->setForegroundRole(QPalette::PlaceholderText);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_level);
    bar->addWidget(m_category);
    bar->addWidget(m_job);
    bar->addWidget(m_age);
    bar->addWidget(m_search, 1);
    bar->addWidget(copy);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_file);

    connect(m_level, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setMinimumSeverity(m_level->currentData().toInt()); });
    connect(m_category, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setCategory(m_category->currentData().toString()); });
    connect(m_job, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setJob(m_job->currentData().toString()); });
    connect(m_age, &QComboBox::currentIndexChanged, this, &LogPage::applyAge);
    connect(m_search, &QLineEdit::textChanged, m_filter, &models::LogFilterModel::setSearch);
    connect(copy, &QPushButton::clicked, this, &LogPage::copySelection);
    connect(m_model, &models::LogModel::choicesChanged, this, &LogPage::updateChoices);

    m_timer = new QTimer(this);
    m_timer->setInterval(pullMs);
    connect(m_timer, &QTimer::timeout, this, &LogPage::pull);
    m_timer->start();
    pull();
}

void LogPage::pull()
{
    QScrollBar *scroll = m_view->verticalScrollBar();
    const bool atBottom = scroll->value() >= scroll->maximum() - 2;
    m_model->pull();
    if (m_age->currentData().toInt() > 0)
        applyAge(); // the window moves with the clock
    if (atBottom)
        m_view->scrollToBottom();
}

void LogPage::applyAge()
{
    const int seconds = m_age->currentData().toInt();
    m_filter->setNewerThan(seconds > 0 ? QDateTime::currentMSecsSinceEpoch() - qint64(seconds) * 1000 : 0);
}

void LogPage::showJob(const QString &job)
{
    updateChoices();
    const int at = m_job->findData(job);
    if (at >= 0)
        m_job->setCurrentIndex(at);
}

void LogPage::updateChoices()
{
    const auto refill = [](QComboBox *box, const QString &any, const QStringList &values) {
        const QString current = box->currentData().toString();
        QSignalBlocker block(box);
        box->clear();
        box->addItem(any, QString());
        for (const QString &value : values)
            box->addItem(value, value);
        box->setCurrentIndex(std::max(0, box->findData(current)));
    };
    refill(m_category, tr("Every category"), m_model->categories());
    refill(m_job, tr("Every job"), m_model->jobs());
}

QString LogPage::selectedText() const
{
    QModelIndexList rows = m_view->selectionModel()->selectedRows();
    QStringList lines;
    if (rows.isEmpty()) {
        for (int row = 0; row < m_filter->rowCount(); ++row)
            lines << m_filter->index(row, 0).data(models::ModelRole::CopyText).toString();
    } else {
        std::sort(rows.begin(), rows.end(),
                  [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        for (const QModelIndex &index : rows)
            lines << index.data(models::ModelRole::CopyText).toString();
    }
    return lines.join(QLatin1Char('\n'));
}

void LogPage::copySelection() const
{
    QApplication::clipboard()->setText(selectedText());
}

} // namespace mirror::ui
