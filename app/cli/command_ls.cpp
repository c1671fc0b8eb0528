// caom-sync ls: collections, the observations of one collection, or the tree of one observation.
#include "command.h"
#include "store_option.h"

#include "store/observation_display_state.h"
#include "store/observation_store.h"

namespace cli {

namespace {

QString formatTime(const std::optional<qint64> &ms)
{
    return ms ? fromStd(caom2::Date{*ms}.toString()) : QStringLiteral("-");
}

bool printTree(const store::ObservationStore &observations, store::NodeKind kind, qint64 key, qint64 obsKey, int depth,
               QString &text)
{
    auto children = observations.children(kind, key, obsKey);
    if (!children) {
        printErr(QStringLiteral("caom-sync ls: %1\n").arg(fromStd(children.error().message)));
        return false;
    }
    static const char *names[] = {"observation", "plane", "artifact", "part", "chunk"};
    for (const store::TreeNode &node : children.value()) {
        text += QString(depth * 2, QLatin1Char(' '))
            + QStringLiteral("%1 %2  [%3]  id %4  meta %5  acc %6\n")
                  .arg(QString::fromLatin1(names[static_cast<int>(node.kind)]), node.label, node.detail, node.id,
                       node.metaChecksum, node.accMetaChecksum);
        if (node.childCount > 0 && !printTree(observations, node.kind, node.key, obsKey, depth + 1, text))
            return false;
    }
    return true;
}

} // namespace

int runLs(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Without arguments: the collections, one line each (name, tab, number of observations). With a "
                       "collection: its observations. With a collection and an observationID: the tree of that "
                       "observation with every entity's checksums."));
    parser.addOption(storeOption());
    parser.addPositionalArgument(QStringLiteral("COLLECTION"), QStringLiteral("A collection."),
                                 QStringLiteral("[COLLECTION"));
    parser.addPositionalArgument(QStringLiteral("OBSERVATION_ID"), QStringLiteral("An observation."),
                                 QStringLiteral("[OBSERVATION_ID]]"));
    int exitCode = Success;
    if (!parseArguments(parser, arguments, exitCode))
        return exitCode;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 2) {
        printErr(QStringLiteral("caom-sync ls: too many arguments\n\n") + helpText(parser, QStringLiteral("ls")));
        return Failed;
    }
    const auto opened = openStore(parser, QStringLiteral("ls"));
    if (!opened)
        return Failed;
    store::ObservationStore observations(opened);
    if (positional.isEmpty()) {
        auto collections = observations.collections();
        if (!collections) {
            printErr(QStringLiteral("caom-sync ls: %1\n").arg(fromStd(collections.error().message)));
            return Failed;
        }
        QString text;
        for (const auto &[name, count] : collections.value())
            text += name + QLatin1Char('\t') + QString::number(count) + QLatin1Char('\n');
        printOut(text);
        return Success;
    }
    if (positional.size() == 1) {
        // Pages of rows, each with the state it is shown with (the console's rule: open discrepancies and skip
        // records count, not only the row's own state).
        store::ObservationFilter filter;
        filter.collection = positional[0];
        const store::ObservationDisplayStore display(opened);
        constexpr int pageSize = 1000;
        bool any = false;
        QString after;
        for (;;) {
            auto page = observations.window(filter, pageSize, after);
            auto shown =
                page ? display.states(page.value()) : mirror::Result<std::vector<store::DisplayState>>(page.error());
            if (!shown) {
                printErr(QStringLiteral("caom-sync ls: %1\n").arg(fromStd(shown.error().message)));
                return Failed;
            }
            QString text;
            for (std::size_t i = 0; i < page->size(); ++i) {
                const store::ObservationSummary &row = page.value()[i];
                text += QStringLiteral("%1\t%2\t%3\t%4\t%5\n")
                            .arg(row.observationID, shown.value()[i].state, formatTime(row.maxLastModified),
                                 row.accMetaChecksum, row.instrument);
            }
            printOut(text);
            any = any || !page->empty();
            if (static_cast<int>(page->size()) < pageSize)
                break;
            after = page->back().observationID;
        }
        if (!any) {
            printErr(QStringLiteral("caom-sync ls: no observation in collection '%1'\n").arg(positional[0]));
            return Failed;
        }
        return Success;
    }
    auto summary = observations.summary(positional[0], positional[1]);
    if (!summary || !summary.value()) {
        printErr(QStringLiteral("caom-sync ls: %1\n")
                     .arg(summary
                              ? QStringLiteral("no observation %1/%2 in the store").arg(positional[0], positional[1])
                              : fromStd(summary.error().message)));
        return Failed;
    }
    const store::ObservationSummary &o = *summary.value();
    auto shown = store::ObservationDisplayStore(opened).states({o});
    if (!shown) {
        printErr(QStringLiteral("caom-sync ls: %1\n").arg(fromStd(shown.error().message)));
        return Failed;
    }
    const store::DisplayState &state = shown.value().front();
    QString text =
        QStringLiteral("observation %1  [%2, %3, state %4, modified %5]  id %6  meta %7  acc %8\n")
            .arg(o.uri, o.observationType, o.instrument.isEmpty() ? QStringLiteral("no instrument") : o.instrument,
                 state.state, formatTime(o.maxLastModified), o.id, o.metaChecksum, o.accMetaChecksum);
    // Why, when it is not simply ok: the partner, since when, both checksums, what to do.
    QStringList why;
    if (state.state != store::ObservationState::ok || !state.detail.isEmpty()) {
        why << state.summary;
        if (!state.detail.isEmpty())
            why << state.detail;
        if (!state.partnerChecksum.isEmpty() && state.partnerChecksum != state.ourChecksum)
            why << QStringLiteral("accMetaChecksum at %1: %2, here: %3")
                       .arg(state.partner, state.partnerChecksum, state.ourChecksum);
        if (!state.nextStep.isEmpty())
            why << QStringLiteral("next: ") + state.nextStep;
    }
    for (const QString &line : why)
        text += QStringLiteral("  # ") + line + QLatin1Char('\n');
    if (!printTree(observations, store::NodeKind::Observation, o.key, o.key, 1, text))
        return Failed;
    printOut(text);
    return Success;
}

} // namespace cli
