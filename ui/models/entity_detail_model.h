#pragma once

#include "caom2/entities.h"
#include "models/detail_tree.h"
#include "models/entity_ref.h"
#include "store/store_reader.h"
#include "sync/local_copy.h"

#include <QAbstractItemModel>
#include <QByteArray>
#include <QPointer>

#include <memory>

// Every field of one entity (observation, plane, artifact, part or chunk) of a loaded caom2::Observation, as a
// tree of (field, value) grouped the way the CAOM2 model groups them: for an observation Identity, Algorithm,
// Proposal, Target, Target position, Telescope, Instrument, Environment, Requirements; for a plane Identity,
// Provenance, Observable, Metrics, Quality, Position, Energy, Time, Polarization, Custom; for a chunk Identity
// and each WCS (Observable, Position, Energy, Time, Polarization, Custom) down to every axis and its
// sub-structures. The fields come from caom2::Fields<T> (fields.h), so a field added to the model appears here
// by itself. Fields that are not set are listed too, as "—" with ModelRole::Absent = true. Value objects show a
// compact summary in the value column of their row and their fields as children; lists show their length and
// one child per element.
//
// A last group, Checksums, lists metaChecksum and accMetaChecksum as stored in the document and as computed;
// when stored and computed differ both rows say so (glyph, text, colour; ModelRole::Mismatch = true).
//
// An artifact read through the reader gets a last group, Local copy: whether this mirror holds the file
// (harvest::localCopyStatus: present and verified, gone, changed, corrupt...), its path, when it was verified.
//
// Columns: field, value. ModelRole::CopyText gives "value" for leaves and "field: value" lines for groups.
namespace mirror::models {

class EntityDetailModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column { FieldColumn, ValueColumn, ColumnCount };

    explicit EntityDetailModel(QObject *parent = nullptr);
    ~EntityDetailModel() override;

    // Synchronous use (tests, a document opened from disk): holds this observation (and optionally its XML)
    // and shows the observation itself.
    void setObservation(std::shared_ptr<const caom2::Observation> observation, QByteArray xml = {});
    // Selects an entity of the held observation by identity: {} the observation, {productID} a plane,
    // {productID, artifactURI} an artifact, {.., partName} a part, {.., chunkId} a chunk. False (and an empty
    // model) when there is no such entity.
    bool selectEntity(const QStringList &identityPath);
    // The same by position in document order: {planeIndex, artifactIndex, partIndex, chunkIndex}, 0 to 4 entries.
    bool selectPosition(const QList<int> &positions);

    // Asynchronous use (the browser): the reader used by showEntity (not owned).
    void setReader(store::StoreReader *reader);
    // Shows an entity of a stored observation: selects at once when that observation is held, otherwise shows
    // a "Loading…" row, reads it through the reader and selects when it arrives (an error row on failure).
    // A newer call wins over an older one still loading.
    void showEntity(const EntityRef &ref);
    // The store changed: reads the shown observation's state again, and its document too when its row changed
    // (another checksum or modification time), and an artifact's local copy. The fields stay until the new ones arrive;
    // answers meant for an entity no longer shown are dropped.
    void reload();
    void clear();
    // The state the shown observation is shown with, and why (store::observationDisplayState), once read.
    const std::optional<store::DisplayState> &displayState() const { return m_state; }

    std::shared_ptr<const caom2::Observation> observation() const { return m_observation; }
    QByteArray document() const { return m_xml; } // the XML as stored, when read through the reader
    EntityRef current() const { return m_current; }
    store::NodeKind currentKind() const { return m_kind; }
    // True when a stored checksum of the shown entity differs from the computed one.
    bool checksumMismatch() const { return m_tree.mismatch; }
    // The row at a path of field names from the top, e.g. {"Target", "name"} or {"Checksums", "metaChecksum
    // (stored)"}; invalid when absent. For tests and for views that keep the expanded state.
    QModelIndex find(const QStringList &names) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    // The model now lists this entity (after selectEntity/selectPosition/showEntity succeeded).
    void entityShown(const mirror::models::EntityRef &ref);
    // showEntity could not read the observation or find the entity; an error row says the same.
    void loadFailed(const QString &message);
    // The shown observation's state arrived (after showEntity or reload).
    void displayStateShown(const QString &collection, const QString &observationID, const store::DisplayState &state);

private:
    void show(DetailTree tree);
    void showStatus(RowStatus status, const QString &text);
    void onObservationLoaded(quint64 token, const caom2::Observation &observation, const QByteArray &xml);
    void onFailed(quint64 token, const QString &message);
    void requestState(const EntityRef &ref, bool reloading);
    void onDisplayStateLoaded(quint64 token, const store::ObservationSummary &row, const store::DisplayState &state);
    void requestLocalCopy();
    void onTaskDone(quint64 token, const QVariant &result);
    void showLocalCopy(const harvest::LocalCopyStatus &status);

    std::shared_ptr<const caom2::Observation> m_observation;
    QByteArray m_xml;
    EntityRef m_current;
    store::NodeKind m_kind = store::NodeKind::Observation;
    DetailTree m_tree;
    QPointer<store::StoreReader> m_reader;
    QMetaObject::Connection m_connections[4];
    quint64 m_pendingToken = 0;
    EntityRef m_pendingRef;
    quint64 m_stateToken = 0;
    EntityRef m_stateRef;
    bool m_stateReload = false;
    std::optional<store::DisplayState> m_state;
    QString m_rowChecksum; // of the observation row last read with its state
    std::optional<qint64> m_rowModified;
    quint64 m_copyToken = 0; // the local copy of the shown artifact, being read
    QString m_copyUri;
};

} // namespace mirror::models

Q_DECLARE_METATYPE(mirror::models::EntityRef)
