#include "models/compare_field_model.h"

#include "models/compare_entity_fields.h"
#include "models/compare_look.h"

#include <QFont>
#include <QPalette>
#include <QRegularExpression>

#include <map>

namespace mirror::models {

namespace {

// The top-level field a nested difference belongs to: "energy" for "energy.bounds.lower", "keywords" for
// "keywords[x]".
QString topLevel(const QString &field)
{
    const qsizetype cut = field.indexOf(QRegularExpression(QStringLiteral("[.\\[]")));
    return cut < 0 ? field : field.left(cut);
}

} // namespace

CompareFieldModel::CompareFieldModel(QObject *parent) : QAbstractTableModel(parent) {}

void CompareFieldModel::setOutcome(std::shared_ptr<const CompareOutcome> outcome)
{
    m_outcome = std::move(outcome);
    m_node.reset();
    rebuild();
}

void CompareFieldModel::setNode(std::optional<std::size_t> node)
{
    if (node == m_node)
        return;
    m_node = node;
    rebuild();
}

void CompareFieldModel::setOnlyDifferences(bool only)
{
    if (only == m_onlyDifferences)
        return;
    m_onlyDifferences = only;
    rebuild();
}

int CompareFieldModel::rowOfField(std::size_t fieldRow) const
{
    for (std::size_t r = 0; r < m_rows.size(); ++r)
        if (m_rows[r].fieldRow == static_cast<int>(fieldRow))
            return static_cast<int>(r);
    return -1;
}

void CompareFieldModel::rebuild()
{
    beginResetModel();
    m_rows.clear();
    if (m_outcome && m_node && *m_node < m_outcome->comparison.nodes.size()) {
        const caom2::Comparison &c = m_outcome->comparison;
        const caom2::ComparisonNode &node = c.nodes[*m_node];
        const std::size_t copies = m_outcome->copies.size();
        std::vector<Row> differing;
        for (const std::size_t f : node.fields) {
            const caom2::FieldRow &field = c.fields[f];
            Row row;
            row.field = QString::fromStdString(field.field);
            for (const auto &value : field.values)
                row.values.push_back(value ? std::optional(QString::fromStdString(*value)) : std::nullopt);
            row.values.resize(copies);
            row.fieldRow = static_cast<int>(f);
            row.differs = true;
            row.aggregate = field.aggregate;
            differing.push_back(std::move(row));
        }
        if (m_onlyDifferences) {
            m_rows = std::move(differing);
        } else {
            // Every top-level field any copy sets, in the first copy's order, each copy's value beside it; a
            // field with a difference inside is shown by its differing rows instead.
            std::vector<QString> order;
            std::map<QString, std::vector<std::optional<QString>>> values;
            for (std::size_t c2 = 0; c2 < copies; ++c2) {
                const auto &copy = m_outcome->copies[c2];
                if (!copy.observation || !node.copies[c2].present)
                    continue;
                for (const auto &[name, value] : entityFields(*copy.observation, node.path)) {
                    const QString key = QString::fromStdString(name);
                    auto [slot, inserted] = values.try_emplace(key, std::vector<std::optional<QString>>(copies));
                    if (inserted)
                        order.push_back(key);
                    slot->second[c2] = QString::fromStdString(value);
                }
            }
            std::vector<bool> placed(differing.size(), false);
            for (const QString &name : order) {
                bool expanded = false;
                for (std::size_t d = 0; d < differing.size(); ++d) {
                    if (!placed[d] && topLevel(differing[d].field) == name) {
                        m_rows.push_back(differing[d]);
                        placed[d] = true;
                        expanded = true;
                    }
                }
                if (!expanded)
                    m_rows.push_back({name, values[name], -1, false, false});
            }
            for (std::size_t d = 0; d < differing.size(); ++d)
                if (!placed[d])
                    m_rows.push_back(differing[d]);
        }
    }
    endResetModel();
}

int CompareFieldModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CompareFieldModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_outcome ? 0 : 1 + static_cast<int>(m_outcome->copies.size());
}

QVariant CompareFieldModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    const std::size_t copy = static_cast<std::size_t>(index.column() - 1);
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == 0)
            return QString((row.aggregate     ? QStringLiteral("\u2248 ")
                                : row.differs ? QStringLiteral("\u2260 ")
                                              : QStringLiteral("   "))
                           + row.field);
        if (copy < row.values.size())
            return row.values[copy] ? *row.values[copy] : tr("(absent)");
        return tr("(absent)");
    case Qt::ToolTipRole:
        if (index.column() == 0 && row.aggregate)
            return tr("Summarises the entities below: it differs because something further down does");
        if (index.column() == 0 && row.differs)
            return tr("The copies disagree on this field");
        if (index.column() > 0 && copy < row.values.size() && row.values[copy])
            return *row.values[copy];
        break;
    case Qt::BackgroundRole:
        if (row.differs && !row.aggregate)
            return differenceBackground();
        break;
    case Qt::ForegroundRole:
        if (row.differs && !row.aggregate)
            return QColor(Qt::black); // on the light tint, whatever the palette
        if (index.column() > 0 && (copy >= row.values.size() || !row.values[copy]))
            return QPalette().color(QPalette::PlaceholderText);
        break;
    case Qt::FontRole:
        if (index.column() > 0 && (copy >= row.values.size() || !row.values[copy])) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        break;
    case FieldRowRole: return row.fieldRow;
    case DiffersRole: return row.differs;
    case PathRole:
        if (row.fieldRow >= 0)
            return QString::fromStdString(m_outcome->comparison.fields[static_cast<std::size_t>(row.fieldRow)].path);
        if (m_node) {
            const std::string &nodePath = m_outcome->comparison.nodes[*m_node].path;
            return nodePath.empty() ? row.field
                                    : QString(QString::fromStdString(nodePath) + QLatin1Char('.') + row.field);
        }
        break;
    default: break;
    }
    return {};
}

QVariant CompareFieldModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || !m_outcome)
        return {};
    if (section == 0)
        return tr("Field");
    const std::size_t copy = static_cast<std::size_t>(section - 1);
    return copy < m_outcome->copies.size() ? m_outcome->copies[copy].name : QVariant();
}

} // namespace mirror::models
