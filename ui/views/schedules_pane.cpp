#include "views/schedules_pane.h"

#include "common/settings.h"
#include "models/schedule_model.h"
#include "views/job_scheduler.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeView>
#include <QVBoxLayout>

namespace mirror::ui {

SchedulesPane::SchedulesPane(Settings *settings, JobScheduler *scheduler, QWidget *parent)
    : QWidget(parent),
      m_settings(settings),
      m_scheduler(scheduler)
{
    setObjectName(QStringLiteral("schedulesPane"));
    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("schedulesView"));
    m_view->setModel(scheduler->model());
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->resizeSection(models::ScheduleModel::CollectionColumn, 150);
    m_view->header()->resizeSection(models::ScheduleModel::EveryColumn, 140);
    m_view->header()->resizeSection(models::ScheduleModel::EnabledColumn, 50);

    auto *add = new QPushButton(tr("Add\u2026"), this);
    add->setObjectName(QStringLiteral("addScheduleButton"));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setObjectName(QStringLiteral("removeScheduleButton"));
    m_timer = new QPushButton(tr("As a system timer\u2026"), this);
    m_timer->setObjectName(QStringLiteral("scheduleTimerButton"));
    m_timer->setToolTip(tr("The systemd units that run the same schedule on a server, without the console"));
    auto *note = new QLabel(tr("Schedules run while the console is open; a collection another program is harvesting "
                               "is skipped, and the row says so."),
                            this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    auto *bar = new QHBoxLayout;
    bar->addWidget(add);
    bar->addWidget(m_remove);
    bar->addWidget(m_timer);
    bar->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(note);

    connect(add, &QPushButton::clicked, this, &SchedulesPane::addSchedule);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_view->currentIndex().isValid())
            m_scheduler->model()->remove(m_view->currentIndex().row());
    });
    connect(m_timer, &QPushButton::clicked, this, &SchedulesPane::showTimerUnits);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SchedulesPane::updateButtons);
    connect(scheduler->model(), &QAbstractItemModel::modelReset, this, &SchedulesPane::updateButtons);
    connect(scheduler->model(), &QAbstractItemModel::rowsRemoved, this, &SchedulesPane::updateButtons);
    updateButtons();
}

void SchedulesPane::updateButtons()
{
    const bool selected = m_view->currentIndex().isValid();
    m_remove->setEnabled(selected);
    m_timer->setEnabled(selected);
}

void SchedulesPane::addSchedule()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Add a schedule"));
    auto *source = new QComboBox(&dialog);
    for (const PartnerSource &configured : m_settings->sources())
        source->addItem(configured.name);
    auto *collection = new QComboBox(&dialog);
    const auto fillCollections = [&] {
        collection->clear();
        collection->addItem(tr("its configured collections"), QString());
        if (auto configured = m_settings->source(source->currentText()))
            for (const QString &name : configured->collections)
                collection->addItem(name, name);
    };
    fillCollections();
    connect(source, &QComboBox::currentIndexChanged, &dialog, fillCollections);
    auto *minutes = new QSpinBox(&dialog);
    minutes->setRange(shortestScheduleMinutes, longestScheduleMinutes);
    minutes->setValue(10);
    minutes->setSuffix(tr(" minutes"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setEnabled(source->count() > 0);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *form = new QFormLayout(&dialog);
    if (source->count() == 0)
        form->addRow(
            new QLabel(tr("No partner source is configured: add one in File \u203a Settings first."), &dialog));
    form->addRow(tr("&Source:"), source);
    form->addRow(tr("&Collection:"), collection);
    form->addRow(tr("Incremental &every:"), minutes);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    HarvestSchedule schedule;
    schedule.source = source->currentText();
    schedule.collection = collection->currentData().toString();
    schedule.everyMinutes = minutes->value();
    m_scheduler->model()->add(schedule);
}

void SchedulesPane::showTimerUnits()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    const QString units = systemdTimer(m_scheduler->model()->rowAt(current.row()).schedule);
    QDialog dialog(this);
    dialog.setWindowTitle(tr("The same schedule as a system timer"));
    auto *text = new QPlainTextEdit(units, &dialog);
    text->setReadOnly(true);
    text->setObjectName(QStringLiteral("timerUnits"));
    auto *explain = new QLabel(tr("Save each part under the name in its first line, then run <tt>systemctl "
                                  "daemon-reload</tt> and <tt>systemctl enable --now NAME.timer</tt>. The service "
                                  "runs caom-sync as the user <tt>caom-mirror</tt>, with that user's settings file."),
                               &dialog);
    explain->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QPushButton *copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, &dialog, [units] { QApplication::clipboard()->setText(units); });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(explain);
    layout->addWidget(text, 1);
    layout->addWidget(buttons);
    dialog.resize(640, 520);
    dialog.exec();
}

} // namespace mirror::ui
