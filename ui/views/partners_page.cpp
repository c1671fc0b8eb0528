#include "views/partners_page.h"

#include "charts/party_bar_chart.h"
#include "models/partner_comparison_model.h"
#include "store/store_reader.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace mirror::ui {

PartnersPage::PartnersPage(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("partnersPage"));
    qRegisterMetaType<store::PartnerComparison>();
    m_collection = new QComboBox(this);
    m_collection->setObjectName(QStringLiteral("partnersCollection"));
    m_collection->setMinimumContentsLength(12);
    connect(m_collection, &QComboBox::currentIndexChanged, this, &PartnersPage::compare);
    auto *label = new QLabel(tr("&Collection:"), this);
    label->setBuddy(m_collection);
    m_summary = new QLabel(tr("Reading which collections several partners hold\u2026"), this);
    m_summary->setObjectName(QStringLiteral("partnersSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_chart = new charts::PartyBarChart(this);
    m_model = new models::PartnerComparisonModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("partnersTable"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto *top = new QHBoxLayout;
    top->addWidget(label);
    top->addWidget(m_collection);
    top->addWidget(m_summary, 1);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_chart);
    split->addWidget(m_table);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);
}

void PartnersPage::setReader(store::StoreReader *reader)
{
    for (auto &connection : m_connections)
        disconnect(connection);
    m_reader = reader;
    m_collectionsToken = m_compareToken = 0;
    if (!reader)
        return;
    m_connections[0] = connect(reader, &store::StoreReader::taskDone, this, &PartnersPage::onTaskDone);
    m_connections[1] = connect(reader, &store::StoreReader::failed, this, &PartnersPage::onFailed);
    refresh();
}

void PartnersPage::refresh()
{
    if (!m_reader || m_collectionsToken)
        return;
    m_collectionsToken = m_reader->newToken();
    m_reader->requestTask(m_collectionsToken, [](const std::shared_ptr<store::Store> &s) -> mirror::Result<QVariant> {
        auto collections = store::comparableCollections(s);
        if (!collections)
            return collections.error();
        return QVariant(*collections);
    });
}

void PartnersPage::showCollection(const QString &collection)
{
    const int at = m_collection->findText(collection);
    if (at >= 0)
        m_collection->setCurrentIndex(at);
    else
        m_wanted = collection;
}

QString PartnersPage::summary() const
{
    return m_summary->text();
}

void PartnersPage::compare()
{
    const QString collection = m_collection->currentText();
    if (!m_reader || collection.isEmpty())
        return;
    if (m_compareToken)
        m_reader->cancel(m_compareToken);
    m_compareToken = m_reader->newToken();
    m_summary->setText(tr("Comparing the copies of %1\u2026").arg(collection));
    m_reader->requestTask(m_compareToken,
                          [collection](const std::shared_ptr<store::Store> &s) -> mirror::Result<QVariant> {
                              store::ComparisonRequest request;
                              request.collection = collection;
                              auto compared = store::comparePartners(s, request);
                              if (!compared)
                                  return compared.error();
                              return QVariant::fromValue(*compared);
                          });
}

void PartnersPage::onTaskDone(quint64 token, const QVariant &result)
{
    if (token == m_collectionsToken) {
        m_collectionsToken = 0;
        const QStringList collections = result.toStringList();
        const QString current = m_wanted.isEmpty() ? m_collection->currentText() : m_wanted;
        m_wanted.clear();
        {
            QSignalBlocker quiet(m_collection);
            m_collection->clear();
            m_collection->addItems(collections);
            m_collection->setCurrentIndex(std::max<int>(0, static_cast<int>(collections.indexOf(current))));
        }
        if (collections.isEmpty())
            m_summary->setText(tr("No collection is held by two partners, or by a partner and this mirror, yet. "
                                  "Harvest or validate a collection from a second partner to compare them."));
        compare();
        return;
    }
    if (token != m_compareToken)
        return;
    m_compareToken = 0;
    const auto comparison = result.value<store::PartnerComparison>();
    QString text = charts::comparisonSummary(comparison);
    if (comparison.disagreementsTruncated)
        text += QLatin1Char(' ') + tr("The table lists the first %1.").arg(comparison.disagreements.size());
    m_summary->setText(text);
    m_chart->setComparison(comparison);
    m_model->setComparison(comparison);
    emit comparisonShown();
}

void PartnersPage::onFailed(quint64 token, const QString &message)
{
    if (token == m_collectionsToken)
        m_collectionsToken = 0;
    else if (token == m_compareToken)
        m_compareToken = 0;
    else
        return;
    m_summary->setText(tr("\u2716 The partners could not be compared: %1").arg(message));
}

} // namespace mirror::ui
