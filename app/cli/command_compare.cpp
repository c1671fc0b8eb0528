// caom-sync compare: one observation's copies side by side (the local store and a partner, or two partners,
// fetched live), aligned by identity, with the checksums of every level and the differing fields.
#include "command.h"
#include "interrupt_watch.h"
#include "store_option.h"

#include "caom2/comparison.h"
#include "common/settings.h"
#include "net/http_client.h"
#include "sync/observation_copies.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cli {

namespace {

QString pathName(const std::string &path)
{
    return path.empty() ? QStringLiteral("(observation)") : fromStd(path);
}

QJsonValue optionalText(const std::optional<std::string> &value)
{
    return value ? QJsonValue(fromStd(*value)) : QJsonValue(QJsonValue::Null);
}

QJsonObject toJson(const caom2::Comparison &c, const std::vector<harvest::ObservationCopy> &copies,
                   const QString &observation)
{
    QJsonArray copyArray;
    for (const auto &copy : copies)
        copyArray.append(QJsonObject{{QStringLiteral("name"), copy.name},
                                     {QStringLiteral("origin"), copy.origin},
                                     {QStringLiteral("present"), copy.observation.has_value()}});
    QJsonArray nodes;
    for (const caom2::ComparisonNode &node : c.nodes) {
        QJsonObject checksums;
        for (std::size_t i = 0; i < node.copies.size(); ++i) {
            const caom2::CopyChecksums &sums = node.copies[i];
            checksums.insert(
                fromStd(c.copyNames[i]),
                sums.present ? QJsonValue(QJsonObject{
                    {QStringLiteral("metaChecksum"), fromStd(sums.metaChecksum)},
                    {QStringLiteral("accMetaChecksum"), fromStd(sums.accMetaChecksum)},
                    {QStringLiteral("declaredMetaChecksum"), optionalText(sums.declaredMetaChecksum)},
                    {QStringLiteral("declaredAccMetaChecksum"), optionalText(sums.declaredAccMetaChecksum)}})
                             : QJsonValue(QJsonValue::Null));
        }
        nodes.append(QJsonObject{{QStringLiteral("path"), fromStd(node.path)},
                                 {QStringLiteral("kind"), fromStd(std::string(caom2::toString(node.kind)))},
                                 {QStringLiteral("state"), fromStd(std::string(caom2::toString(node.own)))},
                                 {QStringLiteral("rolledUp"), fromStd(std::string(caom2::toString(node.rolledUp)))},
                                 {QStringLiteral("partsHere"), node.partsHere},
                                 {QStringLiteral("checksums"), checksums}});
    }
    QJsonArray fields;
    for (const caom2::FieldRow &row : c.fields) {
        QJsonObject values;
        for (std::size_t i = 0; i < row.values.size(); ++i)
            values.insert(fromStd(c.copyNames[i]), optionalText(row.values[i]));
        fields.append(QJsonObject{{QStringLiteral("path"), fromStd(row.path)},
                                  {QStringLiteral("entity"), fromStd(c.nodes[row.node].path)},
                                  {QStringLiteral("field"), fromStd(row.field)},
                                  {QStringLiteral("values"), values}});
    }
    QJsonObject diagnoses;
    for (std::size_t i = 0; i < c.diagnoses.size(); ++i)
        if (!c.diagnoses[i].agrees())
            diagnoses.insert(fromStd(c.copyNames[i]), fromStd(c.diagnoses[i].summary()));
    return QJsonObject{
        {QStringLiteral("observation"), observation},
        {QStringLiteral("identical"), c.identical()},
        {QStringLiteral("copies"), copyArray},
        {QStringLiteral("firstParting"),
         c.firstParting ? QJsonValue(fromStd(c.nodes[*c.firstParting].path)) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("nodes"), nodes},
        {QStringLiteral("fields"), fields},
        {QStringLiteral("checksumDiagnoses"), diagnoses}};
}

QString presenceText(const caom2::ComparisonNode &node, const std::vector<std::string> &names)
{
    QStringList in;
    QStringList out;
    for (std::size_t i = 0; i < node.copies.size(); ++i)
        (node.copies[i].present ? in : out) << fromStd(names[i]);
    return QStringLiteral("only in %1, not in %2").arg(in.join(QStringLiteral(", ")), out.join(QStringLiteral(", ")));
}

QString toText(const caom2::Comparison &c, const std::vector<harvest::ObservationCopy> &copies,
               const QString &observation)
{
    QString text = QStringLiteral("%1\n").arg(observation);
    for (const auto &copy : copies)
        text += QStringLiteral("  %1: %2%3\n")
                    .arg(copy.name, copy.origin,
                         copy.observation ? QString() : QStringLiteral(" (no such observation there)"));
    if (c.identical()) {
        text += QStringLiteral("identical: every entity, field and checksum is the same\n");
        return text;
    }
    if (c.firstParting)
        text += QStringLiteral("the copies part at %1\n").arg(pathName(c.nodes[*c.firstParting].path));

    text += QStringLiteral("\nentities that differ:\n");
    for (const std::size_t i : c.differingNodes()) {
        const caom2::ComparisonNode &node = c.nodes[i];
        text += QStringLiteral("  %1 %2: %3\n")
                    .arg(fromStd(std::string(caom2::toString(node.kind))), pathName(node.path),
                         node.own == caom2::CompareState::Missing
                             ? presenceText(node, c.copyNames)
                             : QStringLiteral("%1 field(s) differ").arg(node.fields.size()));
    }

    text += QStringLiteral("\nchecksums where the copies part (recomputed / declared):\n");
    for (const caom2::ComparisonNode &node : c.nodes) {
        if (!node.partsHere && !(node.parent < 0 && node.accParts))
            continue;
        text += QStringLiteral("  %1\n").arg(pathName(node.path));
        for (std::size_t i = 0; i < node.copies.size(); ++i) {
            const caom2::CopyChecksums &sums = node.copies[i];
            if (!sums.present) {
                text += QStringLiteral("    %1: absent\n").arg(fromStd(c.copyNames[i]), -8);
                continue;
            }
            text += QStringLiteral("    %1: meta %2 / %3  acc %4 / %5\n")
                        .arg(fromStd(c.copyNames[i]), -8)
                        .arg(fromStd(sums.metaChecksum), fromStd(sums.declaredMetaChecksum.value_or("(none)")),
                             fromStd(sums.accMetaChecksum), fromStd(sums.declaredAccMetaChecksum.value_or("(none)")));
        }
    }

    if (!c.fields.empty()) {
        text += QStringLiteral("\n%1 differing field(s):\n").arg(c.fields.size());
        for (const caom2::FieldRow &row : c.fields) {
            text += QStringLiteral("  %1\n").arg(fromStd(row.path));
            for (std::size_t i = 0; i < row.values.size(); ++i)
                text += QStringLiteral("    %1: %2\n")
                            .arg(fromStd(c.copyNames[i]), -8)
                            .arg(row.values[i] ? fromStd(*row.values[i]) : QStringLiteral("(absent)"));
        }
    }
    for (std::size_t i = 0; i < c.diagnoses.size(); ++i)
        if (!c.diagnoses[i].agrees())
            text += QStringLiteral("\n%1's own checksums: %2\n")
                        .arg(fromStd(c.copyNames[i]), fromStd(c.diagnoses[i].summary()));
    return text;
}

} // namespace

int runCompare(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "One observation's copies side by side: the local store against a partner (one --source), or two "
        "partners (two --source), fetched live. Planes, artifacts, parts and chunks are matched by identity; "
        "every level's metaChecksum and accMetaChecksum is shown, recomputed and as declared, where the copies "
        "part; every differing field is named by its path.\n\nExit status: 0 when the copies are identical, 1 "
        "when they differ, 2 when a copy cannot be read."));
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("source"), QStringLiteral("A configured partner source (give one or two)."),
                      QStringLiteral("NAME")});
    parser.addOption(
        {QStringLiteral("collection"), QStringLiteral("The observation's collection."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("with-local"),
                      QStringLiteral("With two sources, add the local copy too (a three-way comparison).")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    parser.addPositionalArgument(QStringLiteral("OBSERVATION_ID"), QStringLiteral("The observation to compare."));
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    const QStringList sources = parser.values(QStringLiteral("source"));
    const QString collection = parser.value(QStringLiteral("collection"));
    const QStringList ids = parser.positionalArguments();
    if (sources.isEmpty() || sources.size() > 2 || collection.isEmpty() || ids.size() != 1) {
        printErr(QStringLiteral("caom-sync compare: give one or two --source, a --collection and one observation "
                                "ID\n\n")
                 + helpText(parser, QStringLiteral("compare")));
        return Failed;
    }
    const QString observationID = ids.first();
    const QString observation = collection + QLatin1Char('/') + observationID;

    std::vector<mirror::PartnerSource> partners;
    const mirror::Settings settings;
    for (const QString &name : sources) {
        auto source = settings.source(name);
        if (!source) {
            printErr(QStringLiteral("caom-sync compare: %1 (see 'caom-sync sources list')\n")
                         .arg(fromStd(source.error().message)));
            return Failed;
        }
        partners.push_back(*source);
    }

    const InterruptWatch interrupts;
    std::vector<harvest::ObservationCopy> copies;
    if (sources.size() == 1 || parser.isSet(QStringLiteral("with-local"))) {
        auto store = openStore(parser, QStringLiteral("compare"));
        if (!store)
            return Failed;
        copies.push_back(harvest::readLocalCopy(store, collection, observationID));
    }
    net::initialiseHttp();
    for (const mirror::PartnerSource &partner : partners) {
        copies.push_back(harvest::fetchPartnerCopy(partner, collection, observationID, InterruptWatch::flag()));
        if (InterruptWatch::interrupted()) {
            printErr(QStringLiteral("caom-sync compare: cancelled\n"));
            return Cancelled;
        }
    }
    bool anyPresent = false;
    for (const harvest::ObservationCopy &copy : copies) {
        if (!copy.available) {
            printErr(QStringLiteral("caom-sync compare: %1\n").arg(copy.error));
            return Failed;
        }
        anyPresent = anyPresent || copy.observation.has_value();
    }
    if (!anyPresent) {
        QStringList names;
        for (const auto &copy : copies)
            names << copy.name;
        printErr(QStringLiteral("caom-sync compare: %1 is in none of %2\n")
                     .arg(observation, names.join(QStringLiteral(", "))));
        return Failed;
    }

    const caom2::Comparison comparison = caom2::compareObservations(harvest::comparedCopies(copies));
    if (parser.isSet(QStringLiteral("json")))
        printOut(QString::fromUtf8(QJsonDocument(toJson(comparison, copies, observation)).toJson()));
    else
        printOut(toText(comparison, copies, observation));
    return comparison.identical() ? Success : ItemFailures;
}

} // namespace cli
