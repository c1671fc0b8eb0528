#include "models/entity_detail_model.h"

#include "models/model_roles.h"
#include "models/observation_cells.h"
#include "models/state_look.h"

#include <QColor>
#include <QDateTime>
#include <QDir>
#include <QFont>
#include <QLocale>

namespace mirror::models {

namespace {

template <typename T, typename Match>
const T *findEntity(const std::vector<T> &children, Match match)
{
    for (const T &child : children)
        if (match(child))
            return &child;
    return nullptr;
}

template <typename T>
const T *childAt(const std::vector<T> &children, int position)
{
    return position >= 0 && position < static_cast<int>(children.size()) ? &children[static_cast<std::size_t>(position)]
                                                                         : nullptr;
}

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace

EntityDetailModel::EntityDetailModel(QObject *parent) : QAbstractItemModel(parent) {}

EntityDetailModel::~EntityDetailModel() = default;

void EntityDetailModel::setObservation(std::shared_ptr<const caom2::Observation> observation, QByteArray xml)
{
    if (m_reader && m_pendingToken)
        m_reader->cancel(m_pendingToken);
    m_pendingToken = 0;
    m_observation = std::move(observation);
    m_xml = std::move(xml);
    if (!m_observation) {
        clear();
        return;
    }
    selectEntity({});
}

bool EntityDetailModel::selectEntity(const QStringList &identityPath)
{
    if (!m_observation || identityPath.size() > 4) {
        show(DetailTree{});
        return false;
    }
    auto fail = [this] {
        show(DetailTree{});
        return false;
    };
    const caom2::Observation &o = *m_observation;
    QList<int> positions;
    const caom2::Plane *plane = nullptr;
    const caom2::Artifact *artifact = nullptr;
    const caom2::Part *part = nullptr;
    const caom2::Chunk *chunk = nullptr;
    if (identityPath.size() > 0) {
        plane = findEntity(o.planes, [&](const caom2::Plane &p) { return fromStd(p.productID) == identityPath[0]; });
        if (!plane)
            return fail();
        positions << static_cast<int>(plane - o.planes.data());
    }
    if (identityPath.size() > 1) {
        artifact = findEntity(plane->artifacts,
                              [&](const caom2::Artifact &a) { return fromStd(a.uri.text) == identityPath[1]; });
        if (!artifact)
            return fail();
        positions << static_cast<int>(artifact - plane->artifacts.data());
    }
    if (identityPath.size() > 2) {
        part = findEntity(artifact->parts, [&](const caom2::Part &p) { return fromStd(p.name) == identityPath[2]; });
        if (!part)
            return fail();
        positions << static_cast<int>(part - artifact->parts.data());
    }
    if (identityPath.size() > 3) {
        chunk = findEntity(part->chunks, [&](const caom2::Chunk &c) {
            return fromStd(c.id.toString()).compare(identityPath[3], Qt::CaseInsensitive) == 0;
        });
        if (!chunk)
            return fail();
        positions << static_cast<int>(chunk - part->chunks.data());
    }
    return selectPosition(positions);
}

bool EntityDetailModel::selectPosition(const QList<int> &positions)
{
    if (!m_observation || positions.size() > 4) {
        show(DetailTree{});
        return false;
    }
    const caom2::Observation &o = *m_observation;
    EntityRef ref{fromStd(o.collection), fromStd(o.observationID), {}};
    const caom2::Plane *plane = positions.size() > 0 ? childAt(o.planes, positions[0]) : nullptr;
    const caom2::Artifact *artifact = plane && positions.size() > 1 ? childAt(plane->artifacts, positions[1]) : nullptr;
    const caom2::Part *part = artifact && positions.size() > 2 ? childAt(artifact->parts, positions[2]) : nullptr;
    const caom2::Chunk *chunk = part && positions.size() > 3 ? childAt(part->chunks, positions[3]) : nullptr;
    const qsizetype found = !plane ? 0 : !artifact ? 1 : !part ? 2 : !chunk ? 3 : 4;
    if (found < positions.size()) {
        show(DetailTree{});
        return false;
    }
    if (plane)
        ref.path << fromStd(plane->productID);
    if (artifact)
        ref.path << fromStd(artifact->uri.text);
    if (part)
        ref.path << fromStd(part->name);
    if (chunk)
        ref.path << fromStd(chunk->id.toString());

    DetailTree tree = chunk ? buildDetail(*chunk)
        : part              ? buildDetail(*part)
        : artifact          ? buildDetail(*artifact)
        : plane             ? buildDetail(*plane)
                            : buildDetail(o);
    m_current = ref;
    m_kind = ref.kind();
    show(std::move(tree));
    if (artifact && !part)
        requestLocalCopy();
    emit entityShown(m_current);
    return true;
}

void EntityDetailModel::requestLocalCopy()
{
    if (m_reader && m_copyToken)
        m_reader->cancel(m_copyToken);
    m_copyToken = 0;
    if (!m_reader || m_kind != store::NodeKind::Artifact || m_current.path.size() < 2)
        return;
    m_copyUri = m_current.path.at(1);
    m_copyToken = m_reader->newToken();
    m_reader->requestTask(m_copyToken,
                          [uri = m_copyUri](const std::shared_ptr<store::Store> &s) -> mirror::Result<QVariant> {
                              auto status = harvest::localCopyStatus(s, uri);
                              if (!status)
                                  return status.error();
                              return QVariant::fromValue(*status);
                          });
}

void EntityDetailModel::onTaskDone(quint64 token, const QVariant &result)
{
    if (token != m_copyToken || token == 0)
        return;
    m_copyToken = 0;
    // Dropped when another entity came on screen meanwhile.
    if (m_kind == store::NodeKind::Artifact && m_current.path.size() >= 2 && m_current.path.at(1) == m_copyUri)
        showLocalCopy(result.value<harvest::LocalCopyStatus>());
}

void EntityDetailModel::showLocalCopy(const harvest::LocalCopyStatus &status)
{
    const QString groupName = tr("Local copy");
    std::vector<int> &top = m_tree.nodes[0].children;
    // A reload replaces the group it showed before.
    for (std::size_t i = 0; i < top.size(); ++i)
        if (m_tree.nodes[static_cast<std::size_t>(top[i])].name == groupName) {
            beginRemoveRows({}, int(i), int(i));
            top.erase(top.begin() + static_cast<std::ptrdiff_t>(i));
            for (std::size_t j = i; j < top.size(); ++j)
                m_tree.nodes[static_cast<std::size_t>(top[j])].row = int(j);
            endRemoveRows();
            break;
        }
    const int at = static_cast<int>(top.size());
    beginInsertRows({}, at, at);
    const bool bad =
        status.state != harvest::LocalCopyState::Verified && status.state != harvest::LocalCopyState::NotDownloaded;
    const int group = m_tree.add(0, groupName, harvest::localCopyStateText(status.state));
    const int state = m_tree.add(group, tr("State"), harvest::localCopyStateText(status.state));
    const QString meaning = harvest::localCopyStateMeaning(status);
    for (int node : {group, state}) {
        m_tree.nodes[static_cast<std::size_t>(node)].tooltip = meaning;
        m_tree.nodes[static_cast<std::size_t>(node)].mismatch = bad;
    }
    if (status.copy) {
        m_tree.add(group, tr("Path"), QDir::toNativeSeparators(status.copy->localPath));
        const int verified =
            m_tree.add(group, tr("Verified"),
                       status.copy->verifiedAt
                           ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(*status.copy->verifiedAt).toUTC(),
                                                QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                           : QStringLiteral("—"));
        m_tree.nodes[static_cast<std::size_t>(verified)].absent = !status.copy->verifiedAt;
        if (!status.copy->contentChecksum.isEmpty())
            m_tree.add(group, tr("Checksum verified against"), status.copy->contentChecksum);
        if (status.sizeOnDisk)
            m_tree.add(group, tr("Length on disk"), QLocale().toString(*status.sizeOnDisk));
    }
    endInsertRows();
}

void EntityDetailModel::setReader(store::StoreReader *reader)
{
    for (auto &connection : m_connections)
        disconnect(connection);
    if (m_reader && m_pendingToken)
        m_reader->cancel(m_pendingToken);
    m_pendingToken = 0;
    if (m_reader && m_stateToken)
        m_reader->cancel(m_stateToken);
    m_stateToken = 0;
    if (m_reader && m_copyToken)
        m_reader->cancel(m_copyToken);
    m_copyToken = 0;
    m_state.reset();
    m_reader = reader;
    if (!m_reader)
        return;
    m_connections[0] =
        connect(m_reader, &store::StoreReader::observationLoaded, this, &EntityDetailModel::onObservationLoaded);
    m_connections[1] = connect(m_reader, &store::StoreReader::failed, this, &EntityDetailModel::onFailed);
    m_connections[2] =
        connect(m_reader, &store::StoreReader::displayStateLoaded, this, &EntityDetailModel::onDisplayStateLoaded);
    m_connections[3] = connect(m_reader, &store::StoreReader::taskDone, this, &EntityDetailModel::onTaskDone);
}

void EntityDetailModel::showEntity(const EntityRef &ref)
{
    if (m_reader && m_pendingToken)
        m_reader->cancel(m_pendingToken);
    m_pendingToken = 0;
    if (!(m_stateRef.collection == ref.collection && m_stateRef.observationID == ref.observationID && m_state))
        m_state.reset();
    requestState(ref, false);
    if (m_observation && fromStd(m_observation->collection) == ref.collection
        && fromStd(m_observation->observationID) == ref.observationID) {
        if (!selectEntity(ref.path)) {
            const QString message =
                tr("%1/%2 has no entity %3").arg(ref.collection, ref.observationID, ref.path.join(QLatin1Char('/')));
            showStatus(RowStatus::Error, message);
            emit loadFailed(message);
        }
        return;
    }
    if (!m_reader) {
        const QString message = tr("No store to read %1/%2 from").arg(ref.collection, ref.observationID);
        showStatus(RowStatus::Error, message);
        emit loadFailed(message);
        return;
    }
    m_pendingRef = ref;
    m_pendingToken = m_reader->newToken();
    showStatus(RowStatus::Loading, loadingText());
    m_reader->requestObservation(m_pendingToken, ref.collection, ref.observationID);
}

void EntityDetailModel::requestState(const EntityRef &ref, bool reloading)
{
    if (m_reader && m_stateToken)
        m_reader->cancel(m_stateToken);
    m_stateToken = 0;
    if (!m_reader)
        return;
    m_stateRef = ref;
    m_stateReload = reloading;
    m_stateToken = m_reader->newToken();
    m_reader->requestDisplayState(m_stateToken, ref.collection, ref.observationID);
}

void EntityDetailModel::reload()
{
    if (!m_reader)
        return;
    // The entity shown, or the one on its way (its state may have been read before the change).
    const EntityRef ref = m_pendingToken ? m_pendingRef : m_current;
    if (!ref.collection.isEmpty())
        requestState(ref, true);
    if (!m_pendingToken)
        requestLocalCopy(); // a download or a files check may have changed it
}

void EntityDetailModel::onDisplayStateLoaded(quint64 token, const store::ObservationSummary &row,
                                             const store::DisplayState &state)
{
    if (token != m_stateToken || token == 0)
        return;
    m_stateToken = 0;
    const bool rowChanged = row.accMetaChecksum != m_rowChecksum || row.maxLastModified != m_rowModified;
    m_rowChecksum = row.accMetaChecksum;
    m_rowModified = row.maxLastModified;
    m_state = state;
    emit displayStateShown(m_stateRef.collection, m_stateRef.observationID, state);
    if (m_stateReload && rowChanged && m_reader && !m_pendingToken) {
        // Rewritten under us (a repair, a harvest): read the document again; the old fields stay till then.
        m_observation.reset();
        m_pendingRef = m_stateRef;
        m_pendingToken = m_reader->newToken();
        m_reader->requestObservation(m_pendingToken, m_pendingRef.collection, m_pendingRef.observationID);
    }
}

void EntityDetailModel::clear()
{
    if (m_reader && m_pendingToken)
        m_reader->cancel(m_pendingToken);
    m_pendingToken = 0;
    if (m_reader && m_stateToken)
        m_reader->cancel(m_stateToken);
    m_stateToken = 0;
    m_state.reset();
    m_stateRef = {};
    m_rowChecksum.clear();
    m_rowModified.reset();
    m_observation.reset();
    m_xml.clear();
    m_current = {};
    m_kind = store::NodeKind::Observation;
    show(DetailTree{});
}

void EntityDetailModel::onObservationLoaded(quint64 token, const caom2::Observation &observation, const QByteArray &xml)
{
    if (token != m_pendingToken || token == 0)
        return;
    m_pendingToken = 0;
    m_observation = std::make_shared<const caom2::Observation>(observation);
    m_xml = xml;
    if (!selectEntity(m_pendingRef.path)) {
        const QString message =
            tr("%1/%2 has no entity %3")
                .arg(m_pendingRef.collection, m_pendingRef.observationID, m_pendingRef.path.join(QLatin1Char('/')));
        showStatus(RowStatus::Error, message);
        emit loadFailed(message);
    }
}

void EntityDetailModel::onFailed(quint64 token, const QString &message)
{
    if (token != 0 && token == m_stateToken) {
        m_stateToken = 0; // the fields' own reading says what went wrong, if anything did
        return;
    }
    if (token != 0 && token == m_copyToken) {
        m_copyToken = 0;
        const int at = static_cast<int>(m_tree.nodes[0].children.size());
        beginInsertRows({}, at, at);
        const int group = m_tree.add(0, tr("Local copy"), tr("\u2716 Could not be read: %1").arg(message));
        m_tree.nodes[static_cast<std::size_t>(group)].mismatch = true;
        endInsertRows();
        return;
    }
    if (token != m_pendingToken || token == 0)
        return;
    m_pendingToken = 0;
    showStatus(RowStatus::Error, message);
    emit loadFailed(message);
}

void EntityDetailModel::show(DetailTree tree)
{
    beginResetModel();
    m_tree = std::move(tree);
    endResetModel();
}

void EntityDetailModel::showStatus(RowStatus status, const QString &text)
{
    DetailTree tree;
    const int row = tree.add(0, text);
    tree.nodes[static_cast<std::size_t>(row)].status = status;
    tree.nodes[static_cast<std::size_t>(row)].tooltip = text;
    show(std::move(tree));
}

QModelIndex EntityDetailModel::find(const QStringList &names) const
{
    int node = 0;
    for (const QString &name : names) {
        int next = -1;
        for (int child : m_tree.nodes[static_cast<std::size_t>(node)].children)
            if (m_tree.nodes[static_cast<std::size_t>(child)].name == name) {
                next = child;
                break;
            }
        if (next < 0)
            return {};
        node = next;
    }
    if (node == 0)
        return {};
    return createIndex(m_tree.nodes[static_cast<std::size_t>(node)].row, 0, static_cast<quintptr>(node));
}

QModelIndex EntityDetailModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return {};
    const auto parentNode = parent.isValid() ? static_cast<std::size_t>(parent.internalId()) : 0;
    const std::vector<int> &children = m_tree.nodes[parentNode].children;
    if (row >= static_cast<int>(children.size()))
        return {};
    return createIndex(row, column, static_cast<quintptr>(children[static_cast<std::size_t>(row)]));
}

QModelIndex EntityDetailModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parentNode = m_tree.nodes[static_cast<std::size_t>(child.internalId())].parent;
    if (parentNode <= 0)
        return {};
    return createIndex(m_tree.nodes[static_cast<std::size_t>(parentNode)].row, 0, static_cast<quintptr>(parentNode));
}

int EntityDetailModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    const auto node = parent.isValid() ? static_cast<std::size_t>(parent.internalId()) : 0;
    return static_cast<int>(m_tree.nodes[node].children.size());
}

int EntityDetailModel::columnCount(const QModelIndex &parent) const
{
    Q_UNUSED(parent)
    return ColumnCount;
}

QVariant EntityDetailModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const DetailNode &node = m_tree.nodes[static_cast<std::size_t>(index.internalId())];
    if (node.status != RowStatus::Ready)
        return placeholderData(node.status, node.name, index.column() == FieldColumn, role);
    const bool group = node.parent == 0;
    switch (role) {
    case Qt::DisplayRole: return index.column() == FieldColumn ? node.name : node.value;
    case Qt::ToolTipRole: return node.tooltip.isEmpty() ? QVariant() : QVariant(node.tooltip);
    case Qt::ForegroundRole:
        if (node.mismatch)
            return stateLook(store::ObservationState::differs).colour;
        if (node.absent)
            return stateLook(QString()).colour; // the grey of "unknown", readable on light and dark
        return {};
    case Qt::FontRole:
        if (group || node.mismatch) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case ModelRole::Absent: return node.absent;
    case ModelRole::Mismatch: return node.mismatch;
    case ModelRole::RowStatus: return static_cast<int>(node.status);
    case ModelRole::NodeKind: return static_cast<int>(m_kind);
    case ModelRole::Collection: return m_current.collection;
    case ModelRole::ObservationId: return m_current.observationID;
    case ModelRole::EntityPath: return m_current.path;
    case ModelRole::CopyText: {
        // A value is copied whole, never as the "…"-cut text shown; a row without a value of its own (a group)
        // copies its children, one "name: value" line each.
        const QString full = node.fullValue.isEmpty() ? node.value : node.fullValue;
        if (index.column() == ValueColumn && (!full.isEmpty() || node.children.empty()))
            return full;
        if (node.children.empty())
            return QString(node.name + QStringLiteral(": ") + full);
        QStringList lines;
        for (int child : node.children) {
            const DetailNode &c = m_tree.nodes[static_cast<std::size_t>(child)];
            lines << c.name + QStringLiteral(": ") + (c.fullValue.isEmpty() ? c.value : c.fullValue);
        }
        return lines.join(QLatin1Char('\n'));
    }
    case ModelRole::FullText:
        return index.column() == FieldColumn ? node.name : (node.fullValue.isEmpty() ? node.value : node.fullValue);
    default: return {};
    }
}

QVariant EntityDetailModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case FieldColumn: return tr("Field");
    case ValueColumn: return tr("Value");
    default: return {};
    }
}

Qt::ItemFlags EntityDetailModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const DetailNode &node = m_tree.nodes[static_cast<std::size_t>(index.internalId())];
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (node.children.empty())
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

} // namespace mirror::models
