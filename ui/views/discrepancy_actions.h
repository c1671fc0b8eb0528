#pragma once

#include "store/discrepancy_query.h"
#include "sync/observation_refetch_batch.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <utility>
#include <vector>

namespace mirror {
class Settings;
} // namespace mirror

// What the Discrepancies view's actions do with a selection of findings, apart from the widgets: which
// observations a re-harvest takes from which partner, what the confirmation says will be replaced, which
// (partner, collection) pairs a retry job runs for.
namespace mirror::ui {

struct RefetchPlan {
    std::vector<harvest::RefetchItem> items; // one per observation and partner, in the selection's order
    QStringList leftOut;                     // one sentence per finding that cannot be re-harvested, and why
};

// Each finding's observation from `partner`, or from the partner that found it when `partner` is nullopt. File
// findings are left out (a re-harvest takes metadata), and so is a partner the settings do not know.
RefetchPlan planRefetch(const std::vector<store::Discrepancy> &findings, const std::optional<QString> &partner,
                        const Settings *settings);

// The question asked before the local copies are replaced: how many, which (the first few), from where, what
// is replaced and what is left alone.
QString refetchQuestion(const RefetchPlan &plan);

// The distinct (partner, collection) pairs of the findings, in order: a retry job runs once for each.
std::vector<std::pair<QString, QString>> retryTargets(const std::vector<store::Discrepancy> &findings);

} // namespace mirror::ui
