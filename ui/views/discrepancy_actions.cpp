#include "views/discrepancy_actions.h"

#include "common/settings.h"

#include <QCoreApplication>

#include <algorithm>
#include <set>
#include <tuple>

namespace mirror::ui {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("DiscrepancyActions", text, nullptr, n);
}

bool isFileFinding(store::DiscrepancyClass cls)
{
    switch (cls) {
    case store::DiscrepancyClass::ArtifactMissing:
    case store::DiscrepancyClass::ArtifactCorrupt:
    case store::DiscrepancyClass::ArtifactUnexpected:
    case store::DiscrepancyClass::ArtifactStale: return true;
    default: return false;
    }
}

} // namespace

RefetchPlan planRefetch(const std::vector<store::Discrepancy> &findings, const std::optional<QString> &partner,
                        const Settings *settings)
{
    RefetchPlan plan;
    std::set<std::tuple<QString, QString, QString>> seen;
    for (const store::Discrepancy &d : findings) {
        const QString named = d.collection + QLatin1Char('/') + d.observationID;
        if (isFileFinding(d.cls)) {
            plan.leftOut
                << tr("%1 is a file finding: a re-harvest takes metadata, an artifact job takes files").arg(named);
            continue;
        }
        const QString from = partner.value_or(d.source);
        if (!seen.emplace(from, d.collection, d.observationID).second)
            continue; // the same observation found by several runs or classes: once is enough
        auto source = settings ? settings->source(from)
                               : Result<PartnerSource>(Error{ErrorCategory::Fatal, "no partners are configured"});
        if (!source) {
            plan.leftOut << tr("%1 cannot be re-harvested from %2: %3")
                                .arg(named, from, QString::fromStdString(source.error().message));
            continue;
        }
        plan.items.push_back({*source, d.collection, d.observationID});
    }
    return plan;
}

QString refetchQuestion(const RefetchPlan &plan)
{
    constexpr std::size_t listed = 8;
    QStringList lines;
    for (std::size_t i = 0; i < plan.items.size() && i < listed; ++i)
        lines << QStringLiteral("  %1/%2 from %3")
                     .arg(plan.items[i].collection, plan.items[i].observationID, plan.items[i].source.name);
    if (plan.items.size() > listed)
        lines << tr("  and %1 more").arg(plan.items.size() - listed);
    QString text = tr("Replace the local copy of %n observation(s) with the partner's current copy now?",
                      static_cast<int>(plan.items.size()))
        + QStringLiteral("\n\n") + lines.join(QLatin1Char('\n')) + QStringLiteral("\n\n")
        + tr("Each observation's document is replaced, with all its planes, artifacts, parts and chunks, by what the "
             "partner serves now, once it passes the checksum check. An observation the partner does not have, or "
             "whose copy does not check out, is left as it is. Downloaded files are not touched.");
    if (!plan.leftOut.isEmpty())
        text += QStringLiteral("\n\n") + tr("Left out: %1").arg(plan.leftOut.join(QStringLiteral("; ")));
    return text;
}

std::vector<std::pair<QString, QString>> retryTargets(const std::vector<store::Discrepancy> &findings)
{
    std::vector<std::pair<QString, QString>> out;
    for (const store::Discrepancy &d : findings) {
        std::pair<QString, QString> target{d.source, d.collection};
        if (std::find(out.begin(), out.end(), target) == out.end())
            out.push_back(std::move(target));
    }
    return out;
}

} // namespace mirror::ui
