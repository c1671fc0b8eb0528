#include "models/detail_tree.h"

#include "caom2/checksum.h"
#include "caom2/diff_format.h"
#include "caom2/fields.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <functional>
#include <string_view>

namespace mirror::models {

namespace {
QString summaryText(const std::string &text);
} // namespace

int DetailTree::addSummarised(int parent, QString name, const std::string &text)
{
    const QString full = QString::fromStdString(text);
    const int index = add(parent, std::move(name), summaryText(text));
    DetailNode &node = nodes[static_cast<std::size_t>(index)];
    if (node.value != full)
        node.fullValue = full;
    return index;
}

int DetailTree::add(int parent, QString name, QString value)
{
    const int index = static_cast<int>(nodes.size());
    DetailNode node;
    node.name = std::move(name);
    node.value = std::move(value);
    node.parent = parent;
    node.row = static_cast<int>(nodes[static_cast<std::size_t>(parent)].children.size());
    nodes.push_back(std::move(node));
    nodes[static_cast<std::size_t>(parent)].children.push_back(index);
    return index;
}

QString humanFieldName(const char *name)
{
    const QString raw = QString::fromLatin1(name);
    QString out;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QChar c = raw.at(i);
        const bool prevUpper = i > 0 && raw.at(i - 1).isUpper();
        const bool nextUpper = i + 1 < raw.size() && raw.at(i + 1).isUpper();
        if (i == 0) {
            out += c.toUpper();
            continue;
        }
        if ((c.isUpper() && !prevUpper) || (c.isDigit() && !raw.at(i - 1).isDigit()))
            out += QLatin1Char(' ');
        // A lone capital starts a word ("targetPosition" → "Target position"); acronyms stay ("runID").
        out += c.isUpper() && !prevUpper && !nextUpper ? c.toLower() : c;
    }
    return out;
}

namespace {

using namespace caom2;

QString tr(const char *text)
{
    return QCoreApplication::translate("EntityDetail", text);
}

QString absentText()
{
    return QStringLiteral("\u2014");
}

constexpr qsizetype summaryLimit = 160;

QString summaryText(const std::string &text)
{
    QString s = QString::fromStdString(text);
    if (s.size() > summaryLimit)
        s = s.left(summaryLimit - 1) + QChar(0x2026);
    return s;
}

// Types read as one value (their own appendValueText), even when they have a field table.
template <typename T>
constexpr bool isAtom = walk::isOneOf<T, ObservationUri, PlaneUri>;

template <typename T>
constexpr bool isStruct = HasFields<T>::value && !isAtom<T>;

template <typename T>
constexpr bool isComposite = isStruct<T> || walk::IsVariant<T>::value;

template <typename T>
void addValue(DetailTree &tree, int parent, const QString &name, const T &value);

template <typename T>
void addFieldsOf(DetailTree &tree, int parent, const T &object)
{
    forEachField(object, [&](const char *fieldName, const auto &member) {
        addValue(tree, parent, QString::fromLatin1(fieldName), member);
    });
}

template <typename T>
void addValue(DetailTree &tree, int parent, const QString &name, const T &value)
{
    if constexpr (walk::IsOptional<T>::value) {
        if (value) {
            addValue(tree, parent, name, *value);
        } else {
            const int node = tree.add(parent, name, absentText());
            tree.nodes[static_cast<std::size_t>(node)].absent = true;
        }
    } else if constexpr (walk::IsVariant<T>::value) {
        const int node = tree.addSummarised(parent, name, valueText(value));
        std::visit([&](const auto &alternative) { addFieldsOf(tree, node, alternative); }, value);
    } else if constexpr (walk::IsVector<T>::value) {
        using Element = typename T::value_type;
        if (value.empty()) {
            const int node = tree.add(parent, name, tr("(none)"));
            tree.nodes[static_cast<std::size_t>(node)].absent = true;
        } else if constexpr (isComposite<Element>) {
            const int node = tree.add(
                parent, name,
                QCoreApplication::translate("EntityDetail", "%n item(s)", nullptr, static_cast<int>(value.size())));
            for (std::size_t i = 0; i < value.size(); ++i)
                addValue(tree, node, QStringLiteral("[%1]").arg(i), value[i]);
        } else {
            tree.add(parent, name, QString::fromStdString(valueText(value)));
        }
    } else if constexpr (isStruct<T>) {
        const int node = tree.addSummarised(parent, name, valueText(value));
        addFieldsOf(tree, node, value);
    } else {
        tree.add(parent, name, QString::fromStdString(valueText(value)));
    }
}

// The group of an entity's own plain fields, and one group per value object, in the order a person expects
// (the checksum order of fields.h is alphabetical).
template <typename Entity>
struct Grouping;

template <>
struct Grouping<Observation> {
    static constexpr std::array order{"algorithm", "proposal",   "target",      "targetPosition",
                                      "telescope", "instrument", "environment", "requirements"};
};
template <>
struct Grouping<Plane> {
    static constexpr std::array order{"provenance", "observable", "metrics",      "quality", "position",
                                      "energy",     "time",       "polarization", "custom"};
};
template <>
struct Grouping<Artifact> {
    static constexpr std::array<const char *, 0> order{};
};
template <>
struct Grouping<Part> {
    static constexpr std::array<const char *, 0> order{};
};
template <>
struct Grouping<Chunk> {
    static constexpr std::array order{"observable", "position", "energy", "time", "polarization", "custom"};
};

template <typename Entity>
int groupRank(const char *name)
{
    const auto &order = Grouping<Entity>::order;
    for (std::size_t i = 0; i < order.size(); ++i)
        if (std::string_view(order[i]) == name)
            return static_cast<int>(i);
    return static_cast<int>(order.size());
}

template <typename T>
struct Unwrapped {
    using type = T;
};
template <typename T>
struct Unwrapped<std::optional<T>> {
    using type = T;
};

void addDate(DetailTree &tree, int parent, const char *name, const std::optional<Date> &date)
{
    addValue(tree, parent, QString::fromLatin1(name), date);
}

void addChecksums(DetailTree &tree, const EntityBase &base, const std::string &meta, const std::string &acc)
{
    const int group = tree.add(0, tr("Checksums"));
    auto pair = [&](const char *name, const std::optional<std::string> &stored, const std::string &computed) {
        const bool differs = stored && *stored != computed;
        const int storedRow = tree.add(group, QStringLiteral("%1 (stored)").arg(QLatin1String(name)),
                                       stored ? QString::fromStdString(*stored) : absentText());
        const int computedRow =
            tree.add(group, QStringLiteral("%1 (computed)").arg(QLatin1String(name)), QString::fromStdString(computed));
        DetailNode &s = tree.nodes[static_cast<std::size_t>(storedRow)];
        DetailNode &c = tree.nodes[static_cast<std::size_t>(computedRow)];
        s.absent = !stored;
        if (!stored)
            s.tooltip = tr("The document does not carry this checksum (CAOM 2.2)");
        if (differs) {
            s.mismatch = c.mismatch = true;
            s.value = QStringLiteral("\u2260 ") + s.value;
            s.tooltip = c.tooltip = tr("Stored and computed %1 differ").arg(QLatin1String(name));
            tree.mismatch = true;
            tree.nodes[static_cast<std::size_t>(group)].mismatch = true;
        }
    };
    pair("metaChecksum", base.metaChecksum, meta);
    pair("accMetaChecksum", base.accMetaChecksum, acc);
    tree.nodes[static_cast<std::size_t>(group)].value =
        tree.mismatch ? tr("\u2260 stored and computed differ") : tr("\u2713 stored values agree");
}

// Builds: the plain group (entity base fields, the kind-specific extras, then every non-structured field),
// one group per value object field in Grouping order, then Checksums.
template <typename Entity, typename Extras>
DetailTree build(const Entity &entity, const QString &plainGroup, Extras extras)
{
    DetailTree tree;
    const int plain = tree.add(0, plainGroup);
    addValue(tree, plain, QStringLiteral("id"), entity.id.toString());
    extras(tree, plain);

    struct Group {
        int rank;
        const char *name;
        std::function<void(DetailTree &)> add;
    };
    std::vector<Group> groups;
    forEachField(entity, [&](const char *name, const auto &member) {
        using Member = std::decay_t<decltype(member)>;
        using Inner = typename Unwrapped<Member>::type;
        if constexpr (isStruct<Inner>) {
            groups.push_back({groupRank<Entity>(name), name, [name, &member](DetailTree &t) {
                                  if constexpr (walk::IsOptional<Member>::value) {
                                      if (!member) {
                                          const int node = t.add(0, humanFieldName(name), absentText());
                                          t.nodes[static_cast<std::size_t>(node)].absent = true;
                                          return;
                                      }
                                      const int node = t.addSummarised(0, humanFieldName(name), valueText(*member));
                                      addFieldsOf(t, node, *member);
                                  } else {
                                      const int node = t.addSummarised(0, humanFieldName(name), valueText(member));
                                      addFieldsOf(t, node, member);
                                  }
                              }});
        } else {
            addValue(tree, plain, QString::fromLatin1(name), member);
        }
    });
    addDate(tree, plain, "lastModified", entity.lastModified);
    addDate(tree, plain, "maxLastModified", entity.maxLastModified);
    addValue(tree, plain, QStringLiteral("metaProducer"), entity.metaProducer);

    std::stable_sort(groups.begin(), groups.end(), [](const Group &a, const Group &b) { return a.rank < b.rank; });
    for (const Group &group : groups)
        group.add(tree);

    addChecksums(tree, entity, toChecksumUri(metaDigest(entity)), toChecksumUri(accDigest(entity)));
    return tree;
}

} // namespace

DetailTree buildDetail(const Observation &observation)
{
    return build(observation, tr("Identity"), [&](DetailTree &tree, int plain) {
        tree.add(plain, QStringLiteral("observation type"),
                 QString::fromLatin1(observationKindName(observation.kind).data(),
                                     static_cast<qsizetype>(observationKindName(observation.kind).size())));
        tree.add(plain, QStringLiteral("planes"), QString::number(observation.planes.size()));
    });
}

DetailTree buildDetail(const Plane &plane)
{
    return build(plane, tr("Identity"), [&](DetailTree &tree, int plain) {
        tree.add(plain, QStringLiteral("artifacts"), QString::number(plane.artifacts.size()));
    });
}

DetailTree buildDetail(const Artifact &artifact)
{
    return build(artifact, tr("Artifact"), [&](DetailTree &tree, int plain) {
        tree.add(plain, QStringLiteral("parts"), QString::number(artifact.parts.size()));
    });
}

DetailTree buildDetail(const Part &part)
{
    return build(part, tr("Part"), [&](DetailTree &tree, int plain) {
        tree.add(plain, QStringLiteral("chunks"), QString::number(part.chunks.size()));
    });
}

DetailTree buildDetail(const Chunk &chunk)
{
    return build(chunk, tr("Chunk"), [](DetailTree &, int) {});
}

} // namespace mirror::models
