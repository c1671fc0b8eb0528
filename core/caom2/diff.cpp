#include "caom2/diff.h"

#include "caom2/child_identity.h"
#include "caom2/diff_format.h"
#include "caom2/fields.h"
#include "caom2/identity_path.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <type_traits>
#include <utility>

// The walk follows the field tables of fields.h, so a field added there is diffed without touching this
// file. Values are compared before anything is formatted and the path is a stack of borrowed segments
// (LazyPath), so equal fields cost one comparison each; text is built only for what differs.
namespace caom2 {

namespace {

// Set order and set equality: the orders normalize.h keeps the sets in.
int compareElements(const std::string &a, const std::string &b)
{
    return compareJavaString(a, b);
}
int compareElements(const Uri &a, const Uri &b)
{
    return compareJavaUri(a.text, b.text);
}
int compareElements(const ObservationUri &a, const ObservationUri &b)
{
    return compareJavaUri(a.uri.text, b.uri.text);
}
int compareElements(const PlaneUri &a, const PlaneUri &b)
{
    return compareJavaUri(a.uri.text, b.uri.text);
}

template <typename Enum, std::enable_if_t<std::is_enum_v<Enum>, int> = 0>
int compareElements(Enum a, Enum b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

// Doubles compare as the checksum sees them: by bit pattern, every NaN alike. So -0.0 vs 0.0 is reported
// (it changes a metaChecksum) and NaN vs NaN is not.
bool sameDouble(double a, double b)
{
    if (a != a && b != b)
        return true;
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

template <typename T, typename Compare>
std::vector<const T *> sortedPointers(const std::vector<T> &items, Compare compare)
{
    std::vector<const T *> pointers;
    pointers.reserve(items.size());
    for (const T &item : items)
        pointers.push_back(&item);
    // Stable, so entities with a repeated identity keep their document order for matching by position.
    std::stable_sort(pointers.begin(), pointers.end(), [&](const T *a, const T *b) { return compare(*a, *b) < 0; });
    return pointers;
}

class Differ {
public:
    explicit Differ(const DiffOptions &options) : m_options(options) {}

    std::vector<FieldDifference> take() { return std::move(m_out); }

    void observation(const Observation &left, const Observation &right)
    {
        attributes(left, right);
        if (left.kind != right.kind) {
            auto scope = m_path.scoped("kind");
            report(std::string(observationKindName(left.kind)), std::string(observationKindName(right.kind)));
        }
        value(left, right);
        children(left.planes, right.planes);
    }

private:
    void report(std::string left, std::string right, bool leftPresent = true, bool rightPresent = true)
    {
        m_out.push_back({m_path.text(), std::move(left), std::move(right), leftPresent, rightPresent});
    }

    template <typename T>
    void field(std::string_view name, const T &left, const T &right)
    {
        auto scope = m_path.scoped(name);
        value(left, right);
    }

    void attributes(const EntityBase &left, const EntityBase &right)
    {
        if (!m_options.includeEntityAttributes)
            return;
        field("id", left.id, right.id);
        field("lastModified", left.lastModified, right.lastModified);
        field("maxLastModified", left.maxLastModified, right.maxLastModified);
        field("metaChecksum", left.metaChecksum, right.metaChecksum);
        field("accMetaChecksum", left.accMetaChecksum, right.accMetaChecksum);
        field("metaProducer", left.metaProducer, right.metaProducer);
    }

    template <typename T>
    void value(const T &left, const T &right)
    {
        if constexpr (walk::IsOptional<T>::value) {
            if (left && right)
                value(*left, *right);
            else if (left)
                report(valueText(*left), {}, true, false);
            else if (right)
                report({}, valueText(*right), false, true);
        } else if constexpr (walk::IsVector<T>::value) {
            if constexpr (walk::isSetElement<typename T::value_type>)
                setDifference(left, right);
            else
                listDifference(left, right);
        } else if constexpr (walk::IsVariant<T>::value) {
            if (left.index() != right.index()) {
                report(std::string(typeName(left)), std::string(typeName(right)));
                return;
            }
            std::visit(
                [&](const auto &alternative) {
                    using Alternative = std::decay_t<decltype(alternative)>;
                    value(alternative, std::get<Alternative>(right));
                },
                left);
        } else if constexpr (std::is_same_v<T, double>) {
            if (!sameDouble(left, right))
                report(valueText(left), valueText(right));
        } else if constexpr (HasFields<T>::value) {
            forEachFieldPair(left, right, [&](const char *name, const auto &a, const auto &b) { field(name, a, b); });
        } else {
            if (!(left == right))
                report(valueText(left), valueText(right));
        }
    }

    // Element i against element i; elements beyond the shorter list are reported one by one as present on
    // one side, which is how a length difference shows.
    template <typename T>
    void listDifference(const std::vector<T> &left, const std::vector<T> &right)
    {
        const std::size_t common = std::min(left.size(), right.size());
        for (std::size_t i = 0; i < common; ++i) {
            auto scope = m_path.scopedIndex(i);
            value(left[i], right[i]);
        }
        for (std::size_t i = common; i < left.size(); ++i) {
            auto scope = m_path.scopedIndex(i);
            report(valueText(left[i]), {}, true, false);
        }
        for (std::size_t i = common; i < right.size(); ++i) {
            auto scope = m_path.scopedIndex(i);
            report({}, valueText(right[i]), false, true);
        }
    }

    // Removed and added elements, each at "<set>[<element>]", in set order.
    template <typename T>
    void setDifference(const std::vector<T> &left, const std::vector<T> &right)
    {
        if (left == right)
            return;
        const auto compare = [](const T &a, const T &b) { return compareElements(a, b); };
        const auto a = sortedPointers(left, compare);
        const auto b = sortedPointers(right, compare);
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < a.size() || j < b.size()) {
            const int order = i == a.size() ? 1 : (j == b.size() ? -1 : compareElements(*a[i], *b[j]));
            if (order < 0)
                reportElement(*a[i], true);
            else if (order > 0)
                reportElement(*b[j], false);
            // Step over the element just handled and any duplicates of it on either side.
            const T &current = order <= 0 ? *a[i] : *b[j];
            while (i < a.size() && compareElements(*a[i], current) == 0)
                ++i;
            while (j < b.size() && compareElements(*b[j], current) == 0)
                ++j;
        }
    }

    template <typename T>
    void reportElement(const T &element, bool removed)
    {
        std::string text = valueText(element);
        auto scope = m_path.scopedKey(text);
        if (removed)
            report(text, {}, true, false);
        else
            report({}, text, false, true);
    }

    // Children matched by identity. Entities sharing an identity on a side (repeated chunk ids) are paired
    // by their position among the equal ones and get that position in the path: chunks[id=...][1].
    template <typename E>
    void children(const std::vector<E> &left, const std::vector<E> &right)
    {
        const auto compare = [](const E &a, const E &b) { return compareIdentity(a, b); };
        const auto a = sortedPointers(left, compare);
        const auto b = sortedPointers(right, compare);
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < a.size() || j < b.size()) {
            const int order = i == a.size() ? 1 : (j == b.size() ? -1 : compareIdentity(*a[i], *b[j]));
            std::size_t leftEnd = i;
            std::size_t rightEnd = j;
            const E &key = order <= 0 ? *a[i] : *b[j];
            while (order <= 0 && leftEnd < a.size() && compareIdentity(*a[leftEnd], key) == 0)
                ++leftEnd;
            while (order >= 0 && rightEnd < b.size() && compareIdentity(*b[rightEnd], key) == 0)
                ++rightEnd;
            const std::size_t leftCount = leftEnd - i;
            const std::size_t rightCount = rightEnd - j;
            const bool repeated = leftCount > 1 || rightCount > 1;
            for (std::size_t k = 0; k < std::max(leftCount, rightCount); ++k) {
                const E *l = k < leftCount ? a[i + k] : nullptr;
                const E *r = k < rightCount ? b[j + k] : nullptr;
                const std::string segment = identitySegment(l ? *l : *r);
                auto scope = m_path.scoped(segment);
                if (repeated)
                    m_path.pushIndex(k);
                if (l && r)
                    entity(*l, *r);
                else if (l)
                    report(presentEntityText(*l), "(absent)", true, false);
                else
                    report("(absent)", presentEntityText(*r), false, true);
                if (repeated)
                    m_path.pop();
            }
            i = leftEnd;
            j = rightEnd;
        }
    }

    static std::string presentEntityText(const EntityBase &entity) { return "id=" + entity.id.toString(); }

    template <typename E>
    void entity(const E &left, const E &right)
    {
        attributes(left, right);
        value(left, right);
        descend(left, right);
    }

    void descend(const Plane &left, const Plane &right) { children(left.artifacts, right.artifacts); }
    void descend(const Artifact &left, const Artifact &right) { children(left.parts, right.parts); }
    void descend(const Part &left, const Part &right) { children(left.chunks, right.chunks); }
    void descend(const Chunk &, const Chunk &) {}

    const DiffOptions &m_options;
    LazyPath m_path;
    std::vector<FieldDifference> m_out;
};

} // namespace

std::vector<FieldDifference> diffObservations(const Observation &left, const Observation &right,
                                              const DiffOptions &options)
{
    Differ differ(options);
    differ.observation(left, right);
    return differ.take();
}

} // namespace caom2
