#include "views/entity_detail_pane.h"

#include "models/entity_detail_model.h"
#include "models/model_roles.h"
#include "models/state_look.h"
#include "store/observation_store.h"
#include "views/elided_tooltips.h"
#include "views/message_widget.h"
#include "views/observation_publications_view.h"
#include "views/view_copier.h"

#include <QFontDatabase>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace mirror::ui {

namespace {

QLabel *selectableLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return label;
}

// "planes[productID=x_cal] › artifacts[uri=…] › parts[name=SCI] › chunks[id=…]"
QString pathText(const models::EntityRef &ref)
{
    static const char *const levels[] = {"plane", "artifact", "part", "chunk"};
    QStringList parts{ref.collection + QLatin1Char('/') + ref.observationID};
    for (int i = 0; i < ref.path.size() && i < 4; ++i)
        parts << QStringLiteral("%1 %2").arg(QLatin1String(levels[i]), ref.path[i]);
    return parts.join(QStringLiteral("  \u203a  "));
}

} // namespace

EntityDetailPane::EntityDetailPane(models::EntityDetailModel *model, QWidget *parent) : QWidget(parent), m_model(model)
{
    m_title = selectableLabel(QStringLiteral("detailTitle"), this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_path = selectableLabel(QStringLiteral("detailPath"), this);
    m_path->setWordWrap(true);
    m_path->setForegroundRole(QPalette::PlaceholderText);

    m_state = selectableLabel(QStringLiteral("detailState"), this);
    m_state->setWordWrap(true);
    m_state->hide();
    m_stateDetail = selectableLabel(QStringLiteral("detailStateDetail"), this);
    m_stateDetail->setWordWrap(true);
    m_stateDetail->hide();

    m_openDocument = new QPushButton(tr("Open &document"), this);
    m_openDocument->setObjectName(QStringLiteral("openDocument"));
    m_openDocument->setToolTip(tr("Show the observation's CAOM XML as the store keeps it (Ctrl+D)"));
    m_openDocument->setEnabled(false);
    connect(m_openDocument, &QPushButton::clicked, this, &EntityDetailPane::openDocumentRequested);

    // The two checksums in full, in a fixed-width font, right under the title: the values an operator
    // compares with a partner's.
    m_checksums = new QWidget(this);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_meta = selectableLabel(QStringLiteral("detailMetaChecksum"), m_checksums);
    m_acc = selectableLabel(QStringLiteral("detailAccChecksum"), m_checksums);
    m_meta->setFont(fixed);
    m_acc->setFont(fixed);
    m_checksumState = selectableLabel(QStringLiteral("detailChecksumState"), m_checksums);
    m_checksumState->setWordWrap(true);
    auto *grid = new QGridLayout(m_checksums);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(2);
    // Each name above its value, so a whole checksum fits the pane's width even on a small screen.
    grid->addWidget(new QLabel(QStringLiteral("metaChecksum"), m_checksums), 0, 0);
    grid->addWidget(m_meta, 1, 0);
    grid->addWidget(new QLabel(QStringLiteral("accMetaChecksum"), m_checksums), 2, 0);
    grid->addWidget(m_acc, 3, 0);
    grid->addWidget(m_checksumState, 4, 0);
    grid->setColumnStretch(0, 1);

    m_message = new MessageWidget(this);
    m_publications = new ObservationPublicationsView(this);

    m_fields = new QTreeView(this);
    m_fields->setObjectName(QStringLiteral("detailFields"));
    m_fields->setModel(m_model);
    m_fields->setUniformRowHeights(true);
    m_fields->setAlternatingRowColors(true);
    m_fields->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_fields->setTextElideMode(Qt::ElideMiddle);
    m_fields->header()->setStretchLastSection(true);
    m_fields->header()->resizeSection(models::EntityDetailModel::FieldColumn, 200);
    m_copier = new ViewCopier(m_fields);
    new ElidedToolTips(m_fields);

    auto *top = new QHBoxLayout;
    auto *titles = new QVBoxLayout;
    titles->setSpacing(2);
    titles->addWidget(m_title);
    titles->addWidget(m_path);
    titles->addWidget(m_state);
    titles->addWidget(m_stateDetail);
    top->addLayout(titles, 1);
    top->addWidget(m_openDocument, 0, Qt::AlignTop);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_checksums);
    layout->addWidget(m_message);
    layout->addWidget(m_publications);
    layout->addWidget(m_fields, 1);
    layout->addStretch(); // takes the room while the fields are hidden

    connect(m_model, &models::EntityDetailModel::entityShown, this, &EntityDetailPane::onEntityShown);
    connect(m_model, &models::EntityDetailModel::loadFailed, this, &EntityDetailPane::onLoadFailed);
    connect(m_model, &models::EntityDetailModel::displayStateShown, this, &EntityDetailPane::onDisplayStateShown);
    showNothing(tr("Select an observation, plane, artifact, part or chunk to see all of its fields."));
}

void EntityDetailPane::setReader(store::StoreReader *reader)
{
    m_publications->setReader(reader);
}

void EntityDetailPane::showNothing(const QString &hint)
{
    m_title->setText(tr("Nothing selected"));
    m_path->setText(hint);
    m_state->hide();
    m_stateDetail->hide();
    m_shown = {};
    m_fields->hide(); // an empty table reads as something that failed to load
    m_checksums->hide();
    m_publications->clearObservation();
    m_message->hideMessage();
    m_openDocument->setEnabled(false);
}

void EntityDetailPane::showPending(const models::EntityRef &ref, const QString &state)
{
    // The observation's sync state, which every entity below it shares (the store verifies them together).
    const models::StateLook look = models::stateLook(state);
    m_state->setText(tr("Observation state: %1 \u2014 %2").arg(look.text(), look.tooltip));
    m_state->setStyleSheet(QStringLiteral("color: %1;").arg(look.colour.name()));
    m_state->show();
    m_stateDetail->hide(); // until the reasons for this observation arrive
    m_title->setText(QStringLiteral("%1 %2").arg(models::nodeKindName(ref.kind()),
                                                 ref.path.isEmpty() ? ref.observationID : ref.path.back()));
    m_path->setText(pathText(ref));
    m_checksums->hide();
    m_message->hideMessage();
    m_fields->show();
}

void EntityDetailPane::showLoadingRow()
{
    m_title->setText(tr("Loading\u2026"));
    m_path->setText(tr("The selected row is being read from the store."));
    m_state->hide();
    m_stateDetail->hide();
    m_checksums->hide();
    m_message->hideMessage();
    m_fields->hide();
    m_openDocument->setEnabled(false);
    m_shown = {};
}

void EntityDetailPane::onDisplayStateShown(const QString &collection, const QString &observationID,
                                           const store::DisplayState &state)
{
    // The model answers only for the entity asked for last (older answers are dropped by their tokens).
    Q_UNUSED(collection)
    Q_UNUSED(observationID)
    const models::StateLook look = models::stateLook(state.state);
    m_state->setText(tr("Observation state: %1 \u2014 %2").arg(look.text(), state.summary));
    m_state->setStyleSheet(QStringLiteral("color: %1;").arg(look.colour.name()));
    m_state->show();
    QStringList lines;
    if (!state.detail.isEmpty())
        lines << state.detail;
    if (!state.partnerChecksum.isEmpty() && state.partnerChecksum != state.ourChecksum)
        lines << tr("accMetaChecksum at %1: %2\naccMetaChecksum here: %3")
                     .arg(state.partner.isEmpty() ? tr("the partner") : state.partner, state.partnerChecksum,
                          state.ourChecksum.isEmpty() ? tr("none") : state.ourChecksum);
    if (!state.nextStep.isEmpty())
        lines << tr("What to do: %1").arg(state.nextStep);
    m_stateDetail->setText(lines.join(QLatin1Char('\n')));
    m_stateDetail->setVisible(!lines.isEmpty());
}

QString EntityDetailPane::fieldValue(const QStringList &path) const
{
    const QModelIndex index = m_model->find(path);
    if (!index.isValid() || index.data(models::ModelRole::Absent).toBool())
        return {};
    return index.siblingAtColumn(models::EntityDetailModel::ValueColumn).data(Qt::DisplayRole).toString();
}

void EntityDetailPane::onEntityShown(const models::EntityRef &ref)
{
    const QString kind = models::nodeKindName(ref.kind());
    const QString name = ref.path.isEmpty() ? ref.observationID : ref.path.back();
    m_title->setText(QStringLiteral("%1 %2").arg(kind, name));
    m_path->setText(pathText(ref));
    m_message->hideMessage();
    m_fields->show();
    // The same entity read again (the store changed): keep where the operator was in its fields.
    const bool again = m_shown == ref;
    const int scroll = m_fields->verticalScrollBar()->value();
    m_shown = ref;
    // Every entity of an observation shares its proposal; read again when the observation itself was re-read.
    m_publications->showObservation(ref.collection, ref.observationID, again);

    const QString group = tr("Checksums");
    const QString storedMeta = fieldValue({group, QStringLiteral("metaChecksum (stored)")});
    const QString storedAcc = fieldValue({group, QStringLiteral("accMetaChecksum (stored)")});
    const QString computedMeta = fieldValue({group, QStringLiteral("metaChecksum (computed)")});
    const QString computedAcc = fieldValue({group, QStringLiteral("accMetaChecksum (computed)")});
    m_meta->setText(storedMeta.isEmpty() ? computedMeta : storedMeta);
    m_acc->setText(storedAcc.isEmpty() ? computedAcc : storedAcc);
    if (m_model->checksumMismatch()) {
        m_checksumState->setText(tr("\u2260 The document's stored checksums do not match its content; see "
                                    "Checksums below."));
        m_checksumState->setStyleSheet(
            QStringLiteral("color: %1;").arg(models::stateLook(store::ObservationState::differs).colour.name()));
    } else if (storedMeta.isEmpty()) {
        m_checksumState->setText(tr("? The document stores no checksums; these are computed from its content."));
        m_checksumState->setStyleSheet(QStringLiteral("color: %1;").arg(models::stateLook(QString()).colour.name()));
    } else {
        m_checksumState->setText(tr("\u2713 The document's stored checksums match its content."));
        m_checksumState->setStyleSheet(
            QStringLiteral("color: %1;").arg(models::stateLook(store::ObservationState::ok).colour.name()));
    }
    m_checksums->show();
    m_openDocument->setEnabled(!m_model->document().isEmpty());

    // Groups open, their nested structures (WCS axes, functions) closed: everything is one click away.
    m_fields->collapseAll();
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_fields->expand(m_model->index(row, 0));
    if (again)
        m_fields->verticalScrollBar()->setValue(scroll);
    else
        m_fields->scrollToTop();
}

void EntityDetailPane::onLoadFailed(const QString &message)
{
    m_checksums->hide();
    m_openDocument->setEnabled(false);
    m_message->showMessage(tr("Could not show this entity: %1").arg(message), MessageWidget::Kind::Error);
}

} // namespace mirror::ui
