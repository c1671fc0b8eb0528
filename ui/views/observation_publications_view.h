#pragma once

#include "store/publication_store.h"

#include <QLabel>
#include <QMetaType>
#include <QPointer>

namespace store {
class StoreReader;
} // namespace store

Q_DECLARE_METATYPE(std::optional<store::ObservationPublications>)

namespace mirror::ui {

// In the detail pane: the proposal an observation was taken for and the publications that used it, the bibcode
// (to ADS) and the DOI as links. Read off the GUI thread when another observation is shown; an answer for an
// observation no longer shown is dropped.
//
// Object name: "detailPublications".
class ObservationPublicationsView : public QLabel {
    Q_OBJECT

public:
    explicit ObservationPublicationsView(QWidget *parent = nullptr);

    void setReader(store::StoreReader *reader);
    // Reads the publications of this observation unless they are shown already; `force` reads them again.
    void showObservation(const QString &collection, const QString &observationID, bool force = false);
    void clearObservation();

    // The text for one observation's publications (rich text), for the view and its tests.
    static QString describe(const store::ObservationPublications &publications);

signals:
    void publicationsShown();

private:
    void onTaskDone(quint64 token, const QVariant &result);
    void onFailed(quint64 token, const QString &message);

    QPointer<store::StoreReader> m_reader;
    QMetaObject::Connection m_connections[2];
    QString m_collection;
    QString m_observationID;
    quint64 m_token = 0;
};

} // namespace mirror::ui
