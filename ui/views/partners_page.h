#pragma once

#include "store/partner_comparison.h"

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace store {
class StoreReader;
} // namespace store

namespace mirror::charts {
class PartyBarChart;
} // namespace mirror::charts

namespace mirror::models {
class PartnerComparisonModel;
} // namespace mirror::models

namespace mirror::ui {

// Partners side by side: for a collection several partners hold, how many observations agree across all of them
// and the local copy, which differ, and which are missing where — a chart and a table of the disagreements, from
// the listing rows each partner was last seen with (nothing is fetched). Read on the store reader's thread.
//
// Object names: "partnersPage", "partnersCollection", "partnersSummary", "partnersTable".
class PartnersPage : public QWidget {
    Q_OBJECT

public:
    explicit PartnersPage(QWidget *parent = nullptr);

    void setReader(store::StoreReader *reader);
    // Reads the collections again, and the comparison of the one chosen.
    void refresh();
    void showCollection(const QString &collection);

    QComboBox *collectionChoice() const { return m_collection; }
    QString summary() const;
    charts::PartyBarChart *chart() const { return m_chart; }
    models::PartnerComparisonModel *model() const { return m_model; }

signals:
    void comparisonShown();

private:
    void onTaskDone(quint64 token, const QVariant &result);
    void onFailed(quint64 token, const QString &message);
    void compare();

    QPointer<store::StoreReader> m_reader;
    QMetaObject::Connection m_connections[2];
    quint64 m_collectionsToken = 0;
    quint64 m_compareToken = 0;
    QString m_wanted; // a collection asked for before the list arrived

    QComboBox *m_collection = nullptr;
    QLabel *m_summary = nullptr;
    charts::PartyBarChart *m_chart = nullptr;
    models::PartnerComparisonModel *m_model = nullptr;
    QTableView *m_table = nullptr;
};

} // namespace mirror::ui

Q_DECLARE_METATYPE(store::PartnerComparison)
