#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QTableView;
class QTimer;

namespace store {
class StoreReader;
} // namespace store

namespace mirror::models {
class PublicationListModel;
class PublicationObservationsModel;
} // namespace mirror::models

namespace mirror::ui {

class MessageWidget;

// The Publications tab: every publication the store knows of, newest first, with the number of observations
// each used (a windowed list, searchable by bibcode, DOI, title, author or journal); the selected one's details
// with its bibcode and DOI as links, its proposals, and the observations it used. One click on an observation
// opens it in the browser.
//
// Object names: "publicationSearch", "publicationList", "publicationCount", "publicationTitle",
// "publicationLinks", "publicationProposals", "publicationObservations".
class PublicationsPage : public QWidget {
    Q_OBJECT

public:
    explicit PublicationsPage(QWidget *parent = nullptr);

    void setReader(store::StoreReader *reader);
    // The store changed: the list is read again when the page is shown.
    void storeChanged();

    models::PublicationListModel *listModel() const { return m_list; }
    models::PublicationObservationsModel *observationsModel() const { return m_observations; }

signals:
    // `source`: the partner the observation was harvested from, under which the browser shows it.
    void observationRequested(const QString &source, const QString &collection, const QString &observationID);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showSelected();
    void updateCount(qint64 count);

    models::PublicationListModel *m_list = nullptr;
    models::PublicationObservationsModel *m_observations = nullptr;
    QLineEdit *m_search = nullptr;
    QTimer *m_searchDelay = nullptr;
    QLabel *m_count = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_byline = nullptr;
    QLabel *m_links = nullptr;
    QLabel *m_proposals = nullptr;
    QLabel *m_observationsHeading = nullptr;
    QListView *m_observationList = nullptr;
    MessageWidget *m_message = nullptr;
    bool m_dirty = false;
};

// Links an operator follows: a bibcode to its ADS abstract page, a DOI to the publisher.
QString adsUrl(const QString &bibcode);
QString doiUrl(const QString &doi);

} // namespace mirror::ui
