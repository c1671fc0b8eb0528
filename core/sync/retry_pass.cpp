#include "sync/retry_pass.h"

#include "common/logging.h"
#include "store/skip_record_store.h"
#include "sync/fetch_pool.h"
#include "sync/item_committer.h"

namespace harvest {

std::optional<std::pair<std::string, std::string>> splitObservationUri(const QString &uri)
{
    if (!uri.startsWith(QLatin1String("caom:")))
        return std::nullopt;
    const QString path = uri.mid(5);
    const auto slash = path.indexOf(QLatin1Char('/'));
    if (slash <= 0 || slash == path.size() - 1)
        return std::nullopt;
    return std::pair{path.left(slash).toStdString(), path.mid(slash + 1).toStdString()};
}

RetryPass::RetryPass(const HarvestTarget &target, std::shared_ptr<store::Store> store, JobControl &control,
                     store::Clock clock)
    : m_target(target),
      m_store(std::move(store)),
      m_control(control),
      m_clock(std::move(clock))
{}

mirror::Result<void> RetryPass::run(const RetryOptions &options, HarvestCounts &counts)
{
    store::SkipRecordStore skips(m_store, m_clock);
    const qint64 passStart = m_clock();
    store::SkipQuery query;
    query.source = m_target.harvestSource;
    query.cname = store::HarvestEntity::observation;
    query.dueBy = passStart;
    query.writtenBefore = passStart; // what this pass rewrites is not picked again (§2.6 hazard)
    query.reason = options.reason;
    query.limit = std::max(50, m_target.tuning.fetchThreads * 25);

    FetchPool pool(m_target.endpoints, m_target.http, m_target.tuning.fetchThreads, m_target.sourceName, m_control);
    const RetriesOnExit<FetchPool> countRetries{pool, counts};
    ItemCommitter committer(m_store, {m_target.harvestSource, true, {}}, m_clock);
    qint64 sequence = 0;
    for (;;) {
        if (!m_control.checkpoint())
            return mirror::Error{mirror::ErrorCategory::Cancelled, "cancelled"};
        auto records = skips.list(query);
        if (!records)
            return records.error();
        if (records->empty())
            return {};
        const qint64 first = sequence;
        for (const store::SkipRecord &record : *records) {
            auto uri = splitObservationUri(record.skipID);
            if (!uri) {
                // Not an observation URI: nothing a metadata pass can fix. Rewritten (so this pass does not
                // select it again) with a message for the operator, then left alone.
                store::SkipFailure failure;
                failure.source = record.source;
                failure.cname = record.cname;
                failure.skipID = record.skipID;
                failure.tryAfter = record.tryAfter.value_or(passStart);
                failure.errorMessage =
                    QStringLiteral("not an observation URI: cannot be retried by a metadata harvest");
                if (auto rewritten = skips.record(failure); !rewritten)
                    return rewritten.error();
                ++counts.failed;
                continue;
            }
            net::StateRow row;
            row.collection = uri->first;
            row.observationID = uri->second;
            row.maxLastModified = record.tryAfter;
            counts.listed++;
            pool.submit(sequence++, std::move(row));
        }
        std::vector<ItemResult> batch;
        for (qint64 next = first; next < sequence;) {
            auto result = pool.take(next, std::chrono::milliseconds(200));
            if (!result) {
                if (m_control.cancelled())
                    return mirror::Error{mirror::ErrorCategory::Cancelled, "cancelled"};
                continue;
            }
            if (result->outcome == ItemOutcome::Failed && result->error.category == mirror::ErrorCategory::Cancelled)
                return result->error;
            batch.push_back(std::move(*result));
            ++next;
        }
        const qint64 size = static_cast<qint64>(batch.size());
        if (auto committed = committer.commit(std::move(batch), std::nullopt, counts); !committed)
            return committed.error();
        m_control.addDone(size);
        m_control.updateCounts(counts);
    }
}

} // namespace harvest
