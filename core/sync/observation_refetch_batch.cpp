#include "sync/observation_refetch_batch.h"

namespace harvest {

QString RefetchTally::sentence(int listed) const
{
    QStringList parts;
    parts << QStringLiteral("%1 re-harvested").arg(written);
    if (alreadyCurrent > 0)
        parts << QStringLiteral("%1 already current").arg(alreadyCurrent);
    if (notAtPartner > 0)
        parts << QStringLiteral("%1 not at the partner").arg(notAtPartner);
    parts << QStringLiteral("%1 failed").arg(failed);
    if (cancelled && notStarted > 0)
        parts << QStringLiteral("%1 not started (cancelled)").arg(notStarted);
    QString out = parts.join(QStringLiteral(", "));
    if (!problems.isEmpty()) {
        const QStringList shown = problems.mid(0, listed);
        out += QStringLiteral(": ") + shown.join(QStringLiteral("; "));
        if (problems.size() > shown.size())
            out += QStringLiteral("; and %1 more").arg(problems.size() - shown.size());
    }
    return out;
}

RefetchTally refetchObservations(const std::shared_ptr<store::Store> &store, const std::vector<RefetchItem> &items,
                                 const RefetchProgress &progress, const std::atomic<bool> *cancelled)
{
    RefetchTally tally;
    tally.total = static_cast<int>(items.size());
    if (progress)
        progress(0, tally.total, QString());
    for (const RefetchItem &item : items) {
        if (cancelled && cancelled->load()) {
            tally.cancelled = true;
            tally.notStarted = tally.total - tally.done();
            break;
        }
        const QString named = item.collection + QLatin1Char('/') + item.observationID;
        auto result = refetchObservation(store, item.source, item.collection, item.observationID, cancelled);
        if (!result) {
            if (result.error().category == mirror::ErrorCategory::Cancelled) {
                tally.cancelled = true;
                tally.notStarted = tally.total - tally.done();
                break;
            }
            ++tally.failed;
            tally.problems << QString::fromStdString(result.error().message);
        } else {
            switch (result->result) {
            case RefetchResult::Written: ++tally.written; break;
            case RefetchResult::AlreadyCurrent: ++tally.alreadyCurrent; break;
            case RefetchResult::NotAtPartner:
                ++tally.notAtPartner;
                tally.problems << result->message;
                break;
            }
        }
        if (progress)
            progress(tally.done(), tally.total, named);
    }
    return tally;
}

} // namespace harvest
