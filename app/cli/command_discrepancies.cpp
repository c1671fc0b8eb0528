// caom-sync discrepancies / acknowledge: what validate runs found between partners and the local store, and
// an operator marking findings seen, with a note that stays in the store.
#include "command.h"
#include "store_option.h"

#include "net/listing_parser.h"
#include "store/discrepancy_query.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace cli {

namespace {

QString timeText(const std::optional<qint64> &ms)
{
    return ms ? QString::fromStdString(net::formatIvoaTimestamp(*ms)) : QString();
}

QJsonValue timeJson(const std::optional<qint64> &ms)
{
    return ms ? QJsonValue(timeText(ms)) : QJsonValue(QJsonValue::Null);
}

QJsonObject toJson(const store::DiscrepancyRow &row)
{
    const store::Discrepancy &d = row.discrepancy;
    QJsonObject json{{QStringLiteral("id"), d.key},
                     {QStringLiteral("source"), d.source},
                     {QStringLiteral("collection"), d.collection},
                     {QStringLiteral("observationID"), d.observationID},
                     {QStringLiteral("class"), store::discrepancyClassName(d.cls)},
                     {QStringLiteral("localChecksum"), d.localChecksum},
                     {QStringLiteral("remoteChecksum"), d.remoteChecksum},
                     {QStringLiteral("localModified"), timeJson(d.localModified)},
                     {QStringLiteral("remoteModified"), timeJson(d.remoteModified)},
                     {QStringLiteral("detected"), timeJson(d.detectedAt)},
                     {QStringLiteral("acknowledged"), d.acknowledged},
                     {QStringLiteral("run"), d.runKey ? QJsonValue(*d.runKey) : QJsonValue(QJsonValue::Null)}};
    if (d.acknowledged) {
        json.insert(QStringLiteral("note"), row.note);
        json.insert(QStringLiteral("acknowledgedAt"), timeJson(row.acknowledgedAt));
    }
    return json;
}

} // namespace

int runDiscrepancies(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The discrepancies validate runs found between partners and the local store, newest first: missing "
        "locally, missing remotely, checksum differs, timestamp differs, pending. Acknowledged ones show their "
        "note; 'caom-sync acknowledge ID --note TEXT' marks one seen."));
    parser.addOption(storeOption());
    parser.addOption({QStringLiteral("source"), QStringLiteral("Only this source."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("collection"), QStringLiteral("Only this collection."), QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("class"),
                      QStringLiteral("Only this class (repeat, or separate with commas): missing-locally, "
                                     "missing-remotely, checksum-differs, timestamp-differs, pending."),
                      QStringLiteral("CLASS")});
    parser.addOption({QStringLiteral("open"), QStringLiteral("Leave out acknowledged discrepancies.")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    store::DiscrepancyFilter filter;
    filter.source = parser.value(QStringLiteral("source"));
    filter.collection = parser.value(QStringLiteral("collection"));
    filter.includeAcknowledged = !parser.isSet(QStringLiteral("open"));
    for (const QString &value : parser.values(QStringLiteral("class"))) {
        for (const QString &name : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!store::discrepancyClassFromName(name.trimmed())) {
                printErr(QStringLiteral("caom-sync discrepancies: unknown class '%1'\n").arg(name));
                return Failed;
            }
            filter.classes << name.trimmed();
        }
    }
    auto store = openStore(parser, QStringLiteral("discrepancies"));
    if (!store)
        return Failed;
    store::DiscrepancyQuery query(store);
    QJsonArray json;
    QString text;
    qint64 shown = 0;
    // In windows, so a store with hundreds of thousands of findings is printed without holding them all.
    constexpr int kWindow = 2000;
    for (qint64 offset = 0;; offset += kWindow) {
        auto rows = query.window(filter, store::DiscrepancySort::Detected, true, kWindow, offset);
        if (!rows) {
            printErr(QStringLiteral("caom-sync discrepancies: %1\n").arg(fromStd(rows.error().message)));
            return Failed;
        }
        for (const store::DiscrepancyRow &row : *rows) {
            const store::Discrepancy &d = row.discrepancy;
            if (parser.isSet(QStringLiteral("json"))) {
                json.append(toJson(row));
                continue;
            }
            text += QStringLiteral("%1  %2  %3/%4  %5  %6  found %7%8\n")
                        .arg(d.key, 6)
                        .arg(d.source, -6)
                        .arg(d.collection, d.observationID, store::discrepancyClassName(d.cls))
                        .arg(d.localChecksum.isEmpty() && d.remoteChecksum.isEmpty()
                                 ? QString()
                                 : QStringLiteral("local %1 partner %2")
                                       .arg(d.localChecksum.isEmpty() ? QStringLiteral("-") : d.localChecksum,
                                            d.remoteChecksum.isEmpty() ? QStringLiteral("-") : d.remoteChecksum),
                             timeText(d.detectedAt),
                             d.acknowledged
                                 ? QStringLiteral("  acknowledged %1: %2").arg(timeText(row.acknowledgedAt), row.note)
                                 : QString());
        }
        shown += static_cast<qint64>(rows->size());
        if (static_cast<int>(rows->size()) < kWindow)
            break;
        if (!parser.isSet(QStringLiteral("json"))) {
            printOut(text);
            text.clear();
        }
    }
    if (parser.isSet(QStringLiteral("json")))
        printOut(QString::fromUtf8(QJsonDocument(json).toJson()));
    else
        printOut(shown == 0 && text.isEmpty() ? QStringLiteral("no discrepancies\n") : text);
    return Success;
}

int runAcknowledge(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Marks discrepancies seen by an operator, with a note saying why (kept in the store, shown by "
                       "'caom-sync discrepancies' and the console). IDs are those 'caom-sync discrepancies' prints."));
    parser.addOption(storeOption());
    parser.addOption(
        {QStringLiteral("note"), QStringLiteral("Why it is acknowledged (required)."), QStringLiteral("TEXT")});
    parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("One or more discrepancy IDs."),
                                 QStringLiteral("ID..."));
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    const QString note = parser.value(QStringLiteral("note")).trimmed();
    if (note.isEmpty() || parser.positionalArguments().isEmpty()) {
        printErr(QStringLiteral("caom-sync acknowledge: give one or more IDs and a --note saying why\n\n")
                 + helpText(parser, QStringLiteral("acknowledge")));
        return Failed;
    }
    std::vector<qint64> keys;
    for (const QString &id : parser.positionalArguments()) {
        bool ok = false;
        const qint64 key = id.toLongLong(&ok);
        if (!ok || key <= 0) {
            printErr(
                QStringLiteral("caom-sync acknowledge: '%1' is not a discrepancy ID (a positive number)\n").arg(id));
            return Failed;
        }
        keys.push_back(key);
    }
    auto store = openStore(parser, QStringLiteral("acknowledge"));
    if (!store)
        return Failed;
    store::DiscrepancyQuery query(store);
    QStringList unknown;
    for (const qint64 key : keys) {
        auto found = query.find(key);
        if (!found) {
            printErr(QStringLiteral("caom-sync acknowledge: %1\n").arg(fromStd(found.error().message)));
            return Failed;
        }
        if (!*found)
            unknown << QString::number(key);
    }
    if (!unknown.isEmpty()) { // nothing is changed when any ID is wrong: the operator retypes the whole line
        printErr(QStringLiteral("caom-sync acknowledge: no discrepancy %1 in this store; nothing acknowledged\n")
                     .arg(unknown.join(QStringLiteral(", "))));
        return Failed;
    }
    auto changed = query.acknowledge(keys, note);
    if (!changed) {
        printErr(QStringLiteral("caom-sync acknowledge: %1\n").arg(fromStd(changed.error().message)));
        return Failed;
    }
    printOut(QStringLiteral("acknowledged %1 discrepanc%2\n")
                 .arg(*changed)
                 .arg(*changed == 1 ? QStringLiteral("y") : QStringLiteral("ies")));
    return Success;
}

} // namespace cli
