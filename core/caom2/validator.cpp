#include "caom2/validator.h"

#include "caom2/diff_format.h"
#include "caom2/fields.h"
#include "caom2/identity_path.h"
#include "caom2/validator_rules.h"

#include <algorithm>

// Every value of the observation is visited once through the field tables of fields.h; a rule is a check()
// overload for the type it concerns, so a rule about Axis holds for every Axis wherever it sits. Paths are
// built only for issues (LazyPath), so validating a large valid document builds no strings.
namespace caom2 {

namespace {

constexpr std::string_view kForbiddenInPath = " /\\%";

// Not named quoted(): for a std::string argument, argument-dependent lookup would prefer std::quoted wherever
// <iomanip> ends up included (the precompiled header brings it in).
std::string inQuotes(std::string_view text)
{
    return "'" + std::string(text) + "'";
}

std::string describe(char c)
{
    return c == ' ' ? std::string("a space") : "'" + std::string(1, c) + "'";
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

class Validator {
public:
    std::vector<ValidationIssue> take() { return std::move(m_issues); }

    void observation(const Observation &observation)
    {
        requirePathComponent("collection", observation.collection);
        requirePathComponent("observationID", observation.observationID);
        if (observation.kind == ObservationKind::Derived && observation.algorithm.name == "exposure")
            issue("algorithm.name",
                  "a DerivedObservation's algorithm may not be 'exposure' (reserved for SimpleObservation)");
        if (observation.kind == ObservationKind::Simple && !observation.members.empty())
            issue("members", "a SimpleObservation has no members; found " + std::to_string(observation.members.size()));
        walkFields(observation);
        children(observation.planes, "productID", [](const Plane &p) { return p.productID; });
    }

private:
    void issue(std::string_view field, std::string message)
    {
        m_issues.push_back({field.empty() ? m_path.text() : m_path.textWith(field), std::move(message)});
    }

    void requireText(std::string_view field, const std::string &value)
    {
        if (javaTrim(value).empty())
            issue(field, std::string(field) + " is required but empty");
    }

    void requirePathComponent(std::string_view field, const std::string &value)
    {
        if (value.empty()) {
            issue(field, std::string(field) + " is required but empty");
            return;
        }
        const auto bad = value.find_first_of(kForbiddenInPath);
        if (bad != std::string::npos)
            issue(field,
                  std::string(field) + " " + inQuotes(value) + " contains " + describe(value[bad])
                      + "; a path component may not contain a space, '/', '\\' or '%'");
    }

    // ---- generic walk ----

    template <typename T>
    void inspect(const T &value)
    {
        if constexpr (walk::IsOptional<T>::value) {
            if (value)
                inspect(*value);
        } else if constexpr (walk::IsVector<T>::value) {
            if constexpr (walk::isSetElement<typename T::value_type>) {
                for (const auto &element : value)
                    checkElement(element);
            } else {
                for (std::size_t i = 0; i < value.size(); ++i) {
                    auto scope = m_path.scopedIndex(i);
                    inspect(value[i]);
                }
            }
        } else if constexpr (walk::IsVariant<T>::value) {
            std::visit([&](const auto &alternative) { inspect(alternative); }, value);
        } else if constexpr (HasFields<T>::value) {
            check(value);
            walkFields(value);
        } else {
            checkAtom(value);
        }
    }

    template <typename T>
    void walkFields(const T &object)
    {
        forEachField(object, [&](const char *name, const auto &member) {
            auto scope = m_path.scoped(name);
            inspect(member);
        });
    }

    // ---- entities ----

    // Walks the children of one kind, reporting identities used twice (the references key them).
    template <typename E, typename Key>
    void children(const std::vector<E> &items, std::string_view keyName, Key key)
    {
        std::vector<const E *> sorted;
        for (const E &item : items)
            sorted.push_back(&item);
        std::stable_sort(sorted.begin(), sorted.end(), [&](const E *a, const E *b) { return key(*a) < key(*b); });
        for (std::size_t i = 0; i < sorted.size();) {
            std::size_t end = i + 1;
            while (end < sorted.size() && key(*sorted[end]) == key(*sorted[i]))
                ++end;
            if (end - i > 1) {
                const std::string segment = identitySegment(*sorted[i]);
                auto scope = m_path.scoped(segment);
                issue({},
                      std::string(keyName) + " " + inQuotes(valueText(key(*sorted[i]))) + " is used by "
                          + std::to_string(end - i) + " siblings; it must be unique");
            }
            i = end;
        }
        for (const E &item : items) {
            const std::string segment = identitySegment(item);
            auto scope = m_path.scoped(segment);
            entity(item);
        }
    }

    void entity(const Plane &plane)
    {
        requirePathComponent("productID", plane.productID);
        walkFields(plane);
        children(plane.artifacts, "uri", [](const Artifact &a) { return a.uri.text; });
    }

    void entity(const Artifact &artifact)
    {
        requireText("uri", artifact.uri.text);
        if (artifact.contentChecksum)
            checkContentChecksum(artifact.contentChecksum->text);
        walkFields(artifact);
        children(artifact.parts, "name", [](const Part &p) { return p.name; });
    }

    void entity(const Part &part)
    {
        requireText("name", part.name);
        walkFields(part);
        children(part.chunks, "id", [](const Chunk &c) { return c.id; });
    }

    void entity(const Chunk &chunk)
    {
        for (detail::RuleProblem &problem : detail::checkChunkAxes(chunk))
            issue(problem.path, std::move(problem.message));
        walkFields(chunk);
    }

    void checkContentChecksum(const std::string &text)
    {
        const auto colon = text.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
            issue("contentChecksum",
                  "contentChecksum " + inQuotes(text) + " is not of the form <algorithm>:<hex value>");
            return;
        }
        const std::string_view value = std::string_view(text).substr(colon + 1);
        if (!std::all_of(value.begin(), value.end(), isHex))
            issue("contentChecksum",
                  "contentChecksum " + inQuotes(text) + " has characters other than hex digits after "
                      + inQuotes(text.substr(0, colon + 1)));
    }

    // ---- set elements ----

    void checkElement(const std::string &keyword)
    {
        if (keyword.find('|') != std::string::npos)
            issue({}, "keyword " + inQuotes(keyword) + " contains '|', which is reserved as a separator");
    }

    void checkElement(const ObservationUri &member)
    {
        checkCaomUri(member.uri.text, 2, "caom:<collection>/<observationID>");
    }

    void checkElement(const PlaneUri &input)
    {
        checkCaomUri(input.uri.text, 3, "caom:<collection>/<observationID>/<productID>");
    }

    template <typename T>
    void checkElement(const T &)
    {}

    void checkCaomUri(const std::string &text, std::size_t components, const char *form)
    {
        constexpr std::string_view scheme = "caom:";
        if (text.rfind(scheme, 0) != 0) {
            issue({}, inQuotes(text) + " is not a caom: URI; expected " + form);
            return;
        }
        std::vector<std::string_view> parts;
        std::string_view rest = std::string_view(text).substr(scheme.size());
        for (std::size_t slash; (slash = rest.find('/')) != std::string_view::npos; rest.remove_prefix(slash + 1))
            parts.push_back(rest.substr(0, slash));
        parts.push_back(rest);
        if (parts.size() != components) {
            issue({}, inQuotes(text) + " has " + std::to_string(parts.size()) + " path components; expected " + form);
            return;
        }
        for (const std::string_view part : parts) {
            const auto bad = part.find_first_of(kForbiddenInPath);
            if (part.empty())
                issue({}, inQuotes(text) + " has an empty path component; expected " + form);
            else if (bad != std::string_view::npos)
                issue({},
                      inQuotes(text) + " has a component containing " + describe(part[bad])
                          + "; a path component may not contain a space, '\\' or '%'");
        }
    }

    // ---- atoms ----

    void checkAtom(const ProductType &type)
    {
        if (type.term.empty()) {
            issue({}, "productType is required but empty");
            return;
        }
        const auto parsed = parseProductType(type.term);
        if (!parsed || parsed->term != type.term)
            issue({},
                  "productType " + inQuotes(type.term) + " is neither a CAOM term nor a <namespace>#<term> extension");
    }

    void checkAtom(const DataProductType &type)
    {
        const auto parsed = parseDataProductType(type.term, 24);
        if (!parsed || parsed->term != type.term)
            issue({},
                  "dataProductType " + inQuotes(type.term)
                      + " is neither a CAOM term nor a <namespace>#<term> extension");
    }

    template <typename T>
    void checkAtom(const T &)
    {}

    // ---- value objects ----

    void check(const Algorithm &value) { requireText("name", value.name); }
    void check(const Proposal &value) { requireText("id", value.id); }
    void check(const Target &value) { requireText("name", value.name); }
    void check(const TargetPosition &value) { requireText("coordsys", value.coordsys); }
    void check(const Telescope &value) { requireText("name", value.name); }
    void check(const Instrument &value) { requireText("name", value.name); }
    void check(const Provenance &value) { requireText("name", value.name); }
    void check(const Observable &value) { requireText("ucd", value.ucd); }
    void check(const CustomAxis &value) { requireText("ctype", value.ctype); }
    void check(const Axis &value) { requireText("ctype", value.ctype); }
    void check(const SpectralWCS &value) { requireText("specsys", value.specsys); }

    void check(const EnergyTransition &value)
    {
        requireText("species", value.species);
        requireText("transition", value.transition);
    }

    void check(const Circle &circle)
    {
        if (!(circle.radius > 0))
            issue("radius", "radius " + valueText(circle.radius) + " must be greater than 0");
    }

    void check(const Dimension2D &dimension)
    {
        if (dimension.naxis1 <= 0)
            issue("naxis1", "naxis1 " + valueText(dimension.naxis1) + " must be greater than 0");
        if (dimension.naxis2 <= 0)
            issue("naxis2", "naxis2 " + valueText(dimension.naxis2) + " must be greater than 0");
    }

    void check(const Interval &interval)
    {
        if (interval.upper < interval.lower)
            issue("upper", "upper " + valueText(interval.upper) + " is less than lower " + valueText(interval.lower));
    }

    void check(const PolarizationWCS &polarization)
    {
        if (polarization.axis.axis.ctype != "STOKES")
            issue("axis.axis.ctype",
                  "polarization axis ctype is " + inQuotes(polarization.axis.axis.ctype) + "; it must be STOKES");
    }

    void check(const CoordRange2D &range)
    {
        const auto same = [&](const char *name, double start, double end) {
            if (start == end)
                issue({},
                      "start and end have the same " + std::string(name) + " " + valueText(start)
                          + "; they must differ in pix and val of both coordinates");
        };
        same("coord1.pix", range.start.coord1.pix, range.end.coord1.pix);
        same("coord2.pix", range.start.coord2.pix, range.end.coord2.pix);
        same("coord1.val", range.start.coord1.val, range.end.coord1.val);
        same("coord2.val", range.start.coord2.val, range.end.coord2.val);
    }

    void check(const CoordPolygon2D &polygon)
    {
        if (polygon.vertices.size() < 3)
            issue("vertices",
                  "polygon has " + std::to_string(polygon.vertices.size()) + " vertices; at least 3 are needed");
    }

    void check(const Polygon &polygon)
    {
        for (detail::RuleProblem &problem : detail::checkPolygon(polygon))
            issue(problem.path, std::move(problem.message));
    }

    void check(const SampledInterval &interval)
    {
        for (detail::RuleProblem &problem : detail::checkSampledInterval(interval))
            issue(problem.path, std::move(problem.message));
    }

    template <typename T>
    void check(const T &)
    {}

    LazyPath m_path;
    std::vector<ValidationIssue> m_issues;
};

} // namespace

std::vector<ValidationIssue> validateObservation(const Observation &observation)
{
    Validator validator;
    validator.observation(observation);
    return validator.take();
}

} // namespace caom2
