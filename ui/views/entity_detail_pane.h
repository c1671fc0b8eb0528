#pragma once

#include "models/entity_ref.h"
#include "store/observation_display_state.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTreeView;

namespace store {
class StoreReader;
} // namespace store

namespace mirror::models {
class EntityDetailModel;
} // namespace mirror::models

namespace mirror::ui {

class MessageWidget;
class ObservationPublicationsView;
class ViewCopier;

// The browser's right-hand pane: which entity is selected (kind, name, where it sits in its observation), its
// metaChecksum and accMetaChecksum with whether the stored values agree with the content, and every field of
// it grouped as the model groups them (EntityDetailModel). Values are copied with the context menu or Edit ›
// Copy; "Open document" shows the observation's CAOM XML.
//
// Object names: "detailTitle", "detailPath", "detailState", "detailMetaChecksum", "detailAccChecksum",
// "detailChecksumState", "detailFields", "openDocument".
class EntityDetailPane : public QWidget {
    Q_OBJECT

public:
    EntityDetailPane(models::EntityDetailModel *model, QWidget *parent = nullptr);

    QTreeView *fieldsView() const { return m_fields; }
    ObservationPublicationsView *publicationsView() const { return m_publications; }
    // The reader the proposal and publications of the shown observation are read through.
    void setReader(store::StoreReader *reader);
    ViewCopier *copier() const { return m_copier; }
    // What the pane says when nothing is selected.
    void showNothing(const QString &hint);
    // The entity was selected and is on its way (the model shows "Loading…" until it arrives). `state` is its
    // observation's sync state (store::ObservationState).
    void showPending(const models::EntityRef &ref, const QString &state);
    // The selected row is still being read: says so instead of describing whatever was selected before.
    void showLoadingRow();

signals:
    void openDocumentRequested();

private:
    void onEntityShown(const models::EntityRef &ref);
    void onLoadFailed(const QString &message);
    void onDisplayStateShown(const QString &collection, const QString &observationID, const store::DisplayState &state);
    QString fieldValue(const QStringList &path) const;

    models::EntityDetailModel *m_model = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_path = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_stateDetail = nullptr; // why, since when, both checksums, what to do next
    models::EntityRef m_shown;       // what the fields show, to keep their scroll position when it is read again
    QLabel *m_meta = nullptr;
    QLabel *m_acc = nullptr;
    QLabel *m_checksumState = nullptr;
    QWidget *m_checksums = nullptr;
    QPushButton *m_openDocument = nullptr;
    MessageWidget *m_message = nullptr;
    QTreeView *m_fields = nullptr;
    ViewCopier *m_copier = nullptr;
    ObservationPublicationsView *m_publications = nullptr;
};

} // namespace mirror::ui
