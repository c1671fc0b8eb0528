#pragma once

#include "store/publication_store.h"

#include <QAbstractTableModel>
#include <QMetaType>
#include <QPointer>

#include <map>
#include <optional>
#include <set>
#include <vector>

namespace store {
class StoreReader;
} // namespace store

// A window of the publication list as the reader hands it over.
struct PublicationWindow {
    int first = 0;
    std::vector<store::PublicationSummary> rows;
};
Q_DECLARE_METATYPE(PublicationWindow)

namespace mirror::models {

// The publications of the store (those with a live link), newest year first, with the number of observations
// each used: counted first, then read in windows of `windowSize` rows as the view shows them, off the GUI thread
// through the store reader. A search (bibcode, DOI, title, authors, journal) restarts the list; answers to
// an older search are dropped by their tokens. Rows not read yet show "Loading…".
class PublicationListModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        YearColumn,
        BibcodeColumn,
        TitleColumn,
        AuthorsColumn,
        JournalColumn,
        ObservationsColumn,
        ColumnCount
    };
    static constexpr int windowSize = 100;
    static constexpr int windowsKept = 20; // the windows farthest from the last one asked for go first

    explicit PublicationListModel(QObject *parent = nullptr);

    void setReader(store::StoreReader *reader);
    void setSearch(const QString &text);
    QString search() const { return m_search; }
    // Reads the list again (the store changed).
    void refresh();

    // The publication of a row, when its window has arrived.
    std::optional<store::PublicationSummary> publicationAt(int row) const;
    bool loading() const { return m_countToken != 0; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void countChanged(qint64 count);
    void windowArrived();
    void loadFailed(const QString &message);

private:
    void onTaskDone(quint64 token, const QVariant &result);
    void onFailed(quint64 token, const QString &message);
    void requestWindow(int window) const;
    const store::PublicationSummary *row(int row) const;

    QPointer<store::StoreReader> m_reader;
    QMetaObject::Connection m_connections[2];
    QString m_search;
    qint64 m_count = 0;
    quint64 m_countToken = 0;
    // Read lazily from data(): the windows asked for are state of the cache, not of the list.
    mutable std::map<int, std::vector<store::PublicationSummary>> m_windows;
    mutable std::map<quint64, int> m_pending; // token -> window
    mutable std::set<int> m_asked;
};

// "Smith, J.; Garcia, M. et al." for a list of authors.
QString shortAuthors(const QStringList &authors);

} // namespace mirror::models
