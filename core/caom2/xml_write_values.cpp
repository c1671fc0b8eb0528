// Observation- and plane-level value objects (spec §2.7), in the element order of spec §3.4.
#include "caom2/xml_write_context.h"

namespace caom2 {

namespace {

bool isPathComponent(std::string_view text)
{
    return text.find_first_of(" /\\%") == std::string_view::npos;
}

// XSD ObservationURI / PlaneURI: "caom:" then exactly `components` path components separated by '/',
// none holding space, '/', '\' or '%'.
bool isCaomUri(std::string_view text, int components)
{
    constexpr std::string_view scheme = "caom:";
    if (text.substr(0, scheme.size()) != scheme)
        return false;
    text.remove_prefix(scheme.size());
    for (int i = 1; i < components; ++i) {
        const std::size_t slash = text.find('/');
        if (slash == std::string_view::npos || !isPathComponent(text.substr(0, slash)))
            return false;
        text.remove_prefix(slash + 1);
    }
    return isPathComponent(text);
}

} // namespace

void writeObservationUri(WriteContext &context, std::string_view name, const Uri &uri)
{
    if (!isCaomUri(uri.text, 2))
        context.schemaRule(name, "an observation URI must be caom:<collection>/<observationID> (XSD ObservationURI)");
    context.uri(name, uri);
}

void writePlaneUri(WriteContext &context, std::string_view name, const Uri &uri)
{
    if (!isCaomUri(uri.text, 3))
        context.schemaRule(name, "a plane URI must be caom:<collection>/<observationID>/<productID> (XSD PlaneURI)");
    context.uri(name, uri);
}

void writeProposal(WriteContext &context, const Proposal &proposal)
{
    context.xml.open("proposal");
    context.text("id", proposal.id);
    context.text("pi", proposal.pi);
    context.text("project", proposal.project);
    context.text("title", proposal.title);
    context.stringList("keywords", "keyword", proposal.keywords);
    context.xml.close();
}

void writeTarget(WriteContext &context, const Target &target)
{
    context.xml.open("target");
    context.text("name", target.name);
    if (target.targetID) {
        if (context.is24())
            context.uri("targetID", *target.targetID);
        else
            context.dropped("targetID");
    }
    if (target.type)
        context.xml.plainElement("type", toString(*target.type));
    context.boolean("standard", target.standard);
    context.number("redshift", target.redshift);
    context.boolean("moving", target.moving);
    context.stringList("keywords", "keyword", target.keywords);
    context.xml.close();
}

void writeTargetPosition(WriteContext &context, const TargetPosition &position)
{
    context.xml.open("targetPosition");
    context.text("coordsys", position.coordsys);
    context.number("equinox", position.equinox);
    context.xml.open("coordinates");
    context.number("cval1", position.coordinates.cval1);
    context.number("cval2", position.coordinates.cval2);
    context.xml.close();
    context.xml.close();
}

void writeRequirements(WriteContext &context, const Requirements &requirements)
{
    context.xml.open("requirements");
    context.xml.plainElement("flag", toString(requirements.flag));
    context.xml.close();
}

void writeTelescope(WriteContext &context, const Telescope &telescope)
{
    context.xml.open("telescope");
    context.text("name", telescope.name);
    context.number("geoLocationX", telescope.geoLocationX);
    context.number("geoLocationY", telescope.geoLocationY);
    context.number("geoLocationZ", telescope.geoLocationZ);
    context.stringList("keywords", "keyword", telescope.keywords);
    context.xml.close();
}

void writeInstrument(WriteContext &context, const Instrument &instrument)
{
    context.xml.open("instrument");
    context.text("name", instrument.name);
    context.stringList("keywords", "keyword", instrument.keywords);
    context.xml.close();
}

void writeEnvironment(WriteContext &context, const Environment &environment)
{
    context.xml.open("environment");
    context.number("seeing", environment.seeing);
    context.number("humidity", environment.humidity);
    context.number("elevation", environment.elevation);
    context.number("tau", environment.tau);
    context.number("wavelengthTau", environment.wavelengthTau);
    context.number("ambientTemp", environment.ambientTemp);
    context.boolean("photometric", environment.photometric);
    context.xml.close();
}

void writeProvenance(WriteContext &context, const Provenance &provenance)
{
    context.xml.open("provenance");
    context.text("name", provenance.name);
    context.text("version", provenance.version);
    context.text("project", provenance.project);
    context.text("producer", provenance.producer);
    context.text("runID", provenance.runID);
    context.uri("reference", provenance.reference);
    context.date("lastExecuted", provenance.lastExecuted);
    context.stringList("keywords", "keyword", provenance.keywords);
    if (!provenance.inputs.empty()) {
        context.xml.open("inputs");
        for (const PlaneUri &input : provenance.inputs)
            writePlaneUri(context, "planeURI", input.uri);
        context.xml.close();
    }
    context.xml.close();
}

void writeMetrics(WriteContext &context, const Metrics &metrics)
{
    context.xml.open("metrics");
    context.number("sourceNumberDensity", metrics.sourceNumberDensity);
    context.number("background", metrics.background);
    context.number("backgroundStddev", metrics.backgroundStddev);
    context.number("fluxDensityLimit", metrics.fluxDensityLimit);
    context.number("magLimit", metrics.magLimit);
    if (metrics.sampleSNR) {
        if (context.is24())
            context.number("sampleSNR", *metrics.sampleSNR);
        else
            context.dropped("sampleSNR");
    }
    context.xml.close();
}

void writeQuality(WriteContext &context, const DataQuality &quality)
{
    context.xml.open("quality");
    context.xml.plainElement("flag", toString(quality.flag));
    context.xml.close();
}

void writeObservable(WriteContext &context, const Observable &observable)
{
    context.xml.open("observable");
    context.text("ucd", observable.ucd);
    context.xml.close();
}

} // namespace caom2
