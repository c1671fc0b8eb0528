#pragma once

#include "caom2/entities.h"

#include <tuple>
#include <type_traits>

// Field tables of every CAOM2 class in CHECKSUM order (spec §4.8: ascending Java field name). The
// checksum encoder, the structural diff and the validator walk these tables, so adding a field is one
// line here plus the reader and writer. Entity base fields (id, lastModified, checksums, metaProducer)
// and child collections are deliberately absent: they are not state fields.
namespace caom2 {

template <typename Class, typename Member>
struct Field {
    const char *name;
    Member Class::*member;
};

template <typename Class, typename Member>
constexpr Field<Class, Member> field(const char *name, Member Class::*member)
{
    return {name, member};
}

template <typename T>
struct Fields; // specialised below for every value object and entity

template <typename T, typename = void>
struct HasFields : std::false_type {};
template <typename T>
struct HasFields<T, std::void_t<decltype(Fields<T>::list)>> : std::true_type {};

// Calls visit(name, value) for each field of object, in checksum order.
template <typename T, typename Visit>
void forEachField(const T &object, Visit &&visit)
{
    std::apply([&](const auto &...f) { (visit(f.name, object.*(f.member)), ...); }, Fields<T>::list);
}

// Calls visit(name, leftValue, rightValue) for each field of two objects of one class.
template <typename T, typename Visit>
void forEachFieldPair(const T &left, const T &right, Visit &&visit)
{
    std::apply([&](const auto &...f) { (visit(f.name, left.*(f.member), right.*(f.member)), ...); }, Fields<T>::list);
}

#define CAOM2_FIELDS(Type, ...)                                    \
    template <>                                                    \
    struct Fields<Type> {                                          \
        using C = Type;                                            \
        static constexpr auto list = std::make_tuple(__VA_ARGS__); \
    }
#define F(name) field(#name, &C::name)

// Entities
CAOM2_FIELDS(Observation, F(algorithm), F(collection), F(environment), F(instrument), F(intent), F(members),
             F(metaReadGroups), F(metaRelease), F(observationID), F(proposal), F(requirements), F(sequenceNumber),
             F(target), F(targetPosition), F(telescope), F(type));
CAOM2_FIELDS(Plane, F(calibrationLevel), F(creatorID), F(custom), F(dataProductType), F(dataReadGroups), F(dataRelease),
             F(energy), F(metaReadGroups), F(metaRelease), F(metrics), F(observable), F(polarization), F(position),
             F(productID), F(provenance), F(quality), F(time));
CAOM2_FIELDS(Artifact, F(contentChecksum), F(contentLength), F(contentReadGroups), F(contentRelease), F(contentType),
             F(productType), F(releaseType), F(uri));
CAOM2_FIELDS(Part, F(name), F(productType));
CAOM2_FIELDS(Chunk, F(custom), F(customAxis), F(energy), F(energyAxis), F(naxis), F(observable), F(observableAxis),
             F(polarization), F(polarizationAxis), F(position), F(positionAxis1), F(positionAxis2), F(productType),
             F(time), F(timeAxis));

// Observation and plane value objects
CAOM2_FIELDS(Algorithm, F(name));
CAOM2_FIELDS(Proposal, F(id), F(keywords), F(pi), F(project), F(title));
CAOM2_FIELDS(Target, F(keywords), F(moving), F(name), F(redshift), F(standard), F(targetID), F(type));
CAOM2_FIELDS(TargetPosition, F(coordinates), F(coordsys), F(equinox));
CAOM2_FIELDS(Telescope, F(geoLocationX), F(geoLocationY), F(geoLocationZ), F(keywords), F(name));
CAOM2_FIELDS(Instrument, F(keywords), F(name));
CAOM2_FIELDS(Environment, F(ambientTemp), F(elevation), F(humidity), F(photometric), F(seeing), F(tau),
             F(wavelengthTau));
CAOM2_FIELDS(Requirements, F(flag));
CAOM2_FIELDS(Provenance, F(inputs), F(keywords), F(lastExecuted), F(name), F(producer), F(project), F(reference),
             F(runID), F(version));
CAOM2_FIELDS(Metrics, F(background), F(backgroundStddev), F(fluxDensityLimit), F(magLimit), F(sampleSNR),
             F(sourceNumberDensity));
CAOM2_FIELDS(DataQuality, F(flag));
CAOM2_FIELDS(Observable, F(ucd));
CAOM2_FIELDS(Position, F(bounds), F(dimension), F(resolution), F(resolutionBounds), F(sampleSize), F(timeDependent));
CAOM2_FIELDS(Energy, F(bandpassName), F(bounds), F(dimension), F(energyBands), F(resolvingPower),
             F(resolvingPowerBounds), F(restwav), F(sampleSize), F(transition));
CAOM2_FIELDS(EnergyTransition, F(species), F(transition));
CAOM2_FIELDS(Time, F(bounds), F(dimension), F(exposure), F(resolution), F(resolutionBounds), F(sampleSize));
CAOM2_FIELDS(Polarization, F(dimension), F(states));
CAOM2_FIELDS(CustomAxis, F(bounds), F(ctype), F(dimension));
CAOM2_FIELDS(ObservationUri, F(uri));
CAOM2_FIELDS(PlaneUri, F(uri));

// Geometry
CAOM2_FIELDS(Point, F(cval1), F(cval2));
CAOM2_FIELDS(Circle, F(center), F(radius));
CAOM2_FIELDS(Polygon, F(points), F(samples));
CAOM2_FIELDS(MultiPolygon, F(vertices));
CAOM2_FIELDS(Vertex, F(cval1), F(cval2), F(type));
CAOM2_FIELDS(Interval, F(lower), F(upper));
CAOM2_FIELDS(SampledInterval, F(lower), F(samples), F(upper));
CAOM2_FIELDS(Dimension2D, F(naxis1), F(naxis2));

// WCS
CAOM2_FIELDS(Axis, F(ctype), F(cunit));
CAOM2_FIELDS(RefCoord, F(pix), F(val));
CAOM2_FIELDS(Coord2D, F(coord1), F(coord2));
CAOM2_FIELDS(ValueCoord2D, F(coord1), F(coord2));
CAOM2_FIELDS(CoordError, F(rnder), F(syser));
CAOM2_FIELDS(CoordRange1D, F(end), F(start));
CAOM2_FIELDS(CoordRange2D, F(end), F(start));
CAOM2_FIELDS(CoordBounds1D, F(samples));
CAOM2_FIELDS(CoordCircle2D, F(center), F(radius));
CAOM2_FIELDS(CoordPolygon2D, F(vertices));
CAOM2_FIELDS(CoordFunction1D, F(delta), F(naxis), F(refCoord));
CAOM2_FIELDS(CoordFunction2D, F(cd11), F(cd12), F(cd21), F(cd22), F(dimension), F(refCoord));
CAOM2_FIELDS(CoordAxis1D, F(axis), F(bounds), F(error), F(function), F(range));
CAOM2_FIELDS(CoordAxis2D, F(axis1), F(axis2), F(bounds), F(error1), F(error2), F(function), F(range));
CAOM2_FIELDS(Slice, F(axis), F(bin));
CAOM2_FIELDS(ObservableAxis, F(dependent), F(independent));
CAOM2_FIELDS(SpatialWCS, F(axis), F(coordsys), F(equinox), F(resolution));
CAOM2_FIELDS(SpectralWCS, F(axis), F(bandpassName), F(resolvingPower), F(restfrq), F(restwav), F(specsys), F(ssysobs),
             F(ssyssrc), F(transition), F(velang), F(velosys), F(zsource));
CAOM2_FIELDS(TemporalWCS, F(axis), F(exposure), F(mjdref), F(resolution), F(timesys), F(trefpos));
CAOM2_FIELDS(PolarizationWCS, F(axis));
CAOM2_FIELDS(CustomWCS, F(axis));

#undef F
#undef CAOM2_FIELDS

} // namespace caom2
