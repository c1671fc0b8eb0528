#include "views/publications_page.h"

#include "models/publication_list_model.h"
#include "models/publication_observations_model.h"
#include "views/message_widget.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

namespace mirror::ui {

QString adsUrl(const QString &bibcode)
{
    return QStringLiteral("https://ui.adsabs.harvard.edu/abs/") + QString::fromLatin1(QUrl::toPercentEncoding(bibcode))
        + QStringLiteral("/abstract");
}

QString doiUrl(const QString &doi)
{
    return QStringLiteral("https://doi.org/") + QString::fromLatin1(QUrl::toPercentEncoding(doi, "/"));
}

namespace {

QLabel *wrappedLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    return label;
}

} // namespace

PublicationsPage::PublicationsPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("publicationsPage"));
    m_list = new models::PublicationListModel(this);
    m_observations = new models::PublicationObservationsModel(this);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("publicationSearch"));
    m_search->setPlaceholderText(tr("Search bibcode, DOI, title, author or journal"));
    m_search->setClearButtonEnabled(true);
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(250); // one query when the operator pauses, not one per key
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, [this] { m_list->setSearch(m_search->text().trimmed()); });
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("publicationCount"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("publicationList"));
    m_table->setModel(m_list);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // The title takes what is left; the short columns fit their contents, so the counts are never cut off.
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(models::PublicationListModel::TitleColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(models::PublicationListModel::AuthorsColumn, QHeaderView::Interactive);
    header->resizeSection(models::PublicationListModel::AuthorsColumn, 190);
    header->setMinimumSectionSize(40);
    m_table->setWordWrap(false);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &PublicationsPage::showSelected);
    connect(m_list, &models::PublicationListModel::windowArrived, this, [this] {
        // The selected row's details may have been waiting for its window.
        if (m_title->text().isEmpty() && m_table->currentIndex().isValid())
            showSelected();
    });
    connect(m_list, &models::PublicationListModel::countChanged, this, &PublicationsPage::updateCount);
    connect(m_list, &models::PublicationListModel::loadFailed, this, [this](const QString &message) {
        m_message->showMessage(tr("Could not read the publications: %1").arg(message), MessageWidget::Kind::Error);
    });
    connect(m_list, &QAbstractItemModel::modelReset, this, [this] {
        m_observations->setPublication(QString());
        showSelected();
    });

    auto *details = new QWidget(this);
    m_title = wrappedLabel(QStringLiteral("publicationTitle"), details);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    m_byline = wrappedLabel(QStringLiteral("publicationByline"), details);
    m_links = wrappedLabel(QStringLiteral("publicationLinks"), details);
    m_links->setOpenExternalLinks(true);
    m_proposals = wrappedLabel(QStringLiteral("publicationProposals"), details);
    m_observationsHeading = new QLabel(details);
    m_observationsHeading->setObjectName(QStringLiteral("publicationObservationsHeading"));
    m_observationList = new QListView(details);
    m_observationList->setObjectName(QStringLiteral("publicationObservations"));
    m_observationList->setModel(m_observations);
    m_observationList->setUniformItemSizes(true);
    m_observationList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto open = [this](const QModelIndex &index) {
        if (index.isValid())
            emit observationRequested(index.data(models::PublicationObservationsModel::SourceRole).toString(),
                                      index.data(models::PublicationObservationsModel::CollectionRole).toString(),
                                      index.data(models::PublicationObservationsModel::ObservationIdRole).toString());
    };
    connect(m_observationList, &QListView::clicked, this, open);
    connect(m_observationList, &QListView::activated, this, open); // Enter from the keyboard
    connect(m_observations, &models::PublicationObservationsModel::loaded, this, [this](int count) {
        m_observationsHeading->setText(
            count == 0 ? tr("No observation of its proposals is in this store yet.")
                       : tr("Observations it used (%1) \u2014 click one to open it in the browser:").arg(count));
    });
    connect(m_observations, &models::PublicationObservationsModel::loadFailed, this, [this](const QString &message) {
        m_observationsHeading->setText(tr("Could not read its observations: %1").arg(message));
    });

    auto *detailLayout = new QVBoxLayout(details);
    detailLayout->setContentsMargins(8, 0, 0, 0);
    detailLayout->addWidget(m_title);
    detailLayout->addWidget(m_byline);
    detailLayout->addWidget(m_links);
    detailLayout->addWidget(m_proposals);
    detailLayout->addWidget(m_observationsHeading);
    detailLayout->addWidget(m_observationList, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("publicationsSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({900, 500});

    m_message = new MessageWidget(this);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);
    showSelected();
}

void PublicationsPage::setReader(store::StoreReader *reader)
{
    m_message->hideMessage();
    m_list->setReader(reader);
    m_observations->setReader(reader);
}

void PublicationsPage::storeChanged()
{
    if (isVisible())
        m_list->refresh();
    else
        m_dirty = true;
}

void PublicationsPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty) {
        m_dirty = false;
        m_list->refresh();
    }
}

void PublicationsPage::updateCount(qint64 count)
{
    m_count->setText(m_list->search().isEmpty() ? tr("%n publication(s)", nullptr, static_cast<int>(count))
                                                : tr("%n found", nullptr, static_cast<int>(count)));
    if (count == 0 && m_list->search().isEmpty())
        m_title->setText(tr("No publications yet. A publications sync from a partner (Jobs, or "
                            "caom-sync publications sync) brings them."));
}

void PublicationsPage::showSelected()
{
    const QModelIndex current = m_table->currentIndex();
    const auto publication = current.isValid() ? m_list->publicationAt(current.row()) : std::nullopt;
    if (!publication) {
        m_title->setText(current.isValid() ? QString() : tr("Select a publication to see the observations it used."));
        m_byline->clear();
        m_links->clear();
        m_proposals->clear();
        m_observationsHeading->clear();
        m_observationList->hide(); // an empty box reads as a list that failed to load
        m_observations->setPublication(QString());
        return;
    }
    const store::PublicationRecord &p = publication->publication;
    m_title->setText(p.title.isEmpty() ? p.bibcode : p.title);
    QStringList byline;
    if (!p.authors.isEmpty())
        byline << p.authors.join(QStringLiteral("; "));
    QString where = p.journal;
    if (p.year)
        where += (where.isEmpty() ? QString() : QStringLiteral(", ")) + QString::number(*p.year);
    if (!where.isEmpty())
        byline << where;
    m_byline->setText(byline.join(QStringLiteral(" \u2014 ")));
    QString links = QStringLiteral("%1 <a href=\"%2\">%3</a>")
                        .arg(tr("Bibcode:"), adsUrl(p.bibcode).toHtmlEscaped(), p.bibcode.toHtmlEscaped());
    if (!p.doi.isEmpty())
        links += QStringLiteral(" &nbsp; %1 <a href=\"%2\">%3</a>")
                     .arg(tr("DOI:"), doiUrl(p.doi).toHtmlEscaped(), p.doi.toHtmlEscaped());
    m_links->setText(links);
    m_proposals->setText(tr("From proposal(s): %1").arg(publication->proposals.join(QStringLiteral(", "))));
    m_observationsHeading->setText(tr("Reading the observations it used\u2026"));
    m_observationList->show();
    m_observations->setPublication(p.bibcode);
}

} // namespace mirror::ui
