#include "sync/publication_sync.h"

#include "common/logging.h"
#include "net/http_client.h"
#include "net/service_locator.h"
#include "net/source_connection.h"
#include "net/url.h"
#include "store/harvest_state_store.h"
#include "store/publication_feed_line.h"
#include "store/publication_store.h"
#include "store/skip_record_store.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <vector>

namespace harvest {

namespace {

constexpr int maxProblemsKept = 100;
constexpr int importBatch = 500; // lines per transaction when importing a file
// Publication runs belong to no collection; "" (not NULL) is what the run records' column takes for that.
const QString noCollection = QStringLiteral("");

bool isCancelled(const std::atomic<bool> *cancelled)
{
    return cancelled && cancelled->load();
}

QString text(const std::string &value)
{
    return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
}

// Applies feed lines to the store on the caller's connection, inside the caller's transaction: records become
// links, malformed lines skip records. The position of the last record read is kept for the next page.
class LineApplier {
public:
    LineApplier(const std::shared_ptr<store::Store> &store, QString skipSource, QString source,
                const store::Clock &clock, PublicationRun &run)
        : m_links(store, clock),
          m_skips(store, clock),
          m_skipSource(std::move(skipSource)),
          m_source(std::move(source)),
          m_clock(clock),
          m_run(run)
    {}

    // `where` names the page or file for the operator, as "<where> line N: <cause>". Errors are the store's.
    mirror::Result<void> apply(const QSqlDatabase &db, const QByteArray &line, int lineNumber, const QString &where)
    {
        if (line.trimmed().isEmpty())
            return {}; // a blank line (a trailing one, typically) is no record
        ++m_run.counts.lines;
        auto link = store::readFeedLine(line);
        if (!link) {
            ++m_run.counts.malformed;
            const QString problem =
                QStringLiteral("%1 line %2: %3").arg(where).arg(lineNumber).arg(text(link.error().message));
            if (m_run.problems.size() < maxProblemsKept)
                m_run.problems << problem;
            qCWarning(lcSync, "publications: %s", qPrintable(problem));
            store::SkipFailure failure;
            failure.source = m_skipSource;
            failure.cname = publicationEntity;
            // The same bad line read again (a page re-read, a file imported twice) is the same record, counted.
            failure.skipID = QStringLiteral("line:")
                + QString::fromLatin1(QCryptographicHash::hash(line, QCryptographicHash::Sha1).toHex());
            failure.tryAfter = m_clock();
            failure.errorMessage = problem;
            failure.reason = mirror::ErrorCategory::Parse;
            if (auto recorded = m_skips.record(db, failure); !recorded)
                return recorded.error();
            return {};
        }
        link->source = m_source;
        auto change = m_links.apply(db, *link);
        if (!change)
            return change.error();
        switch (*change) {
        case store::LinkChange::Added: ++m_run.counts.added; break;
        case store::LinkChange::Updated: ++m_run.counts.updated; break;
        case store::LinkChange::Unchanged: ++m_run.counts.unchanged; break;
        case store::LinkChange::Removed: ++m_run.counts.removed; break;
        case store::LinkChange::Older: ++m_run.counts.older; break;
        }
        last = store::FeedPosition{link->lastModified, link->proposal.id, link->publication.bibcode};
        return {};
    }

    std::optional<store::FeedPosition> last;

private:
    store::PublicationStore m_links;
    store::SkipRecordStore m_skips;
    QString m_skipSource;
    QString m_source;
    store::Clock m_clock;
    PublicationRun &m_run;
};

store::RunCounts runCounts(const PublicationCounts &c)
{
    store::RunCounts counts;
    counts.itemsOk = c.added + c.updated + c.unchanged + c.older;
    counts.itemsSkipped = c.malformed;
    counts.deletions = c.removed;
    return counts;
}

// Ends the run record with what happened; the run's outcome follows its error and counts.
void finishRun(store::RunRecordStore &runs, PublicationRun &run)
{
    if (run.error)
        run.outcome = run.error->category == mirror::ErrorCategory::Cancelled ? store::RunOutcome::Cancelled
                                                                              : store::RunOutcome::Failed;
    else
        run.outcome = run.counts.malformed ? store::RunOutcome::Partial : store::RunOutcome::Succeeded;
    if (run.runKey) {
        const QString summary = run.error ? text(run.error->message) : run.problems.value(0);
        if (auto finished = runs.finish(run.runKey, run.outcome, runCounts(run.counts), summary); !finished)
            qCWarning(lcSync, "publications: cannot finish the run record: %s", finished.error().message.c_str());
    }
}

mirror::Error cancelledError()
{
    return {mirror::ErrorCategory::Cancelled, "cancelled"};
}

// The page URL: the window from the cursor, and the record to start after once one is known.
std::string pageUrl(const std::string &feedUrl, const std::optional<qint64> &start,
                    const std::optional<store::FeedPosition> &after, qint64 end, int pageSize)
{
    std::string url = feedUrl + (feedUrl.find('?') == std::string::npos ? "?" : "&");
    url += "maxrec=" + std::to_string(pageSize) + "&end=" + store::feedTimestamp(end).toStdString();
    if (after) {
        url += "&start=" + store::feedTimestamp(after->lastModified).toStdString();
        url += "&afterProposal=" + net::encodeQueryValue(after->proposalId.toStdString());
        url += "&afterBibcode=" + net::encodeQueryValue(after->bibcode.toStdString());
    } else if (start) {
        url += "&start=" + store::feedTimestamp(*start).toStdString();
    }
    return url;
}

} // namespace

int PublicationRun::exitCode() const
{
    switch (outcome) {
    case store::RunOutcome::Succeeded: return 0;
    case store::RunOutcome::Partial: return 1;
    case store::RunOutcome::Cancelled: return 3;
    case store::RunOutcome::Failed:
    case store::RunOutcome::Running: return 2;
    }
    return 2;
}

QString publicationFeedKey(const mirror::PartnerSource &source)
{
    // Not a collection key ("{service}?{collection}"): a collection can never be mistaken for the feed.
    return source.endpoint + QStringLiteral("#publications");
}

PublicationRun syncPublications(const std::shared_ptr<store::Store> &store, const mirror::PartnerSource &source,
                                const PublicationSyncOptions &options, const std::atomic<bool> *cancelled,
                                const store::Clock &clock)
{
    PublicationRun run;
    run.origin = source.name;
    store::RunRecordStore runs(store, clock);
    auto started = runs.start(publicationRunKind, options.full ? QStringLiteral("full") : QStringLiteral("incremental"),
                              source.name, noCollection);
    if (!started) {
        run.error = started.error();
        finishRun(runs, run);
        return run;
    }
    run.runKey = *started;

    auto fail = [&](mirror::Error error) {
        if (isCancelled(cancelled))
            error = cancelledError();
        else
            error.message = source.name.toStdString() + ": " + error.message;
        run.error = std::move(error);
        finishRun(runs, run);
        return run;
    };

    auto connection = net::sourceConnection(source);
    if (!connection)
        return fail(connection.error());
    net::ServiceLocator locator(connection->http);
    auto endpoints = locator.locate(connection->spec, connection->held, cancelled);
    if (!endpoints)
        return fail(endpoints.error());
    if (endpoints->publicationsUrl.empty())
        return fail({mirror::ErrorCategory::Fatal, "the partner publishes no publications feed"});
    run.feedUrl = text(net::redactUrl(endpoints->publicationsUrl));

    const QString key = publicationFeedKey(source);
    store::HarvestStateStore states(store, clock);
    if (options.full) {
        if (auto removed = states.remove(key, publicationEntity); !removed)
            return fail(removed.error());
        if (auto removed = store::SkipRecordStore(store, clock).removeSource(key, publicationEntity); !removed)
            return fail(removed.error());
    }
    auto state = states.get(key, publicationEntity);
    if (!state)
        return fail(state.error());
    const std::optional<qint64> start = state->cursor.lastModified;
    const qint64 end = clock(); // what the partner changes while we read waits for the next run

    net::HttpClient http(connection->http);
    LineApplier applier(store, key, source.name, clock, run);
    const int pageSize = std::max(1, options.pageSize);
    for (;;) {
        if (isCancelled(cancelled))
            return fail(cancelledError());
        const std::string url = pageUrl(endpoints->publicationsUrl, start, applier.last, end, pageSize);
        net::HttpRequest request;
        request.url = url;
        request.cancelled = cancelled;
        auto response = http.perform(request);
        if (!response)
            return fail(response.error());
        if (response->status != 200)
            return fail(net::statusError(*response, "publications feed " + net::redactUrl(url)));
        ++run.counts.pages;
        const QString where = QStringLiteral("publications feed %1").arg(text(net::redactUrl(url)));
        const std::optional<store::FeedPosition> before = applier.last;
        const QByteArray body = QByteArray::fromStdString(response->body);
        const QList<QByteArray> lines = body.split('\n');
        int records = 0;
        QSqlDatabase db = store->database();
        store::Transaction transaction(db);
        for (int i = 0; i < lines.size(); ++i) {
            if (lines[i].trimmed().isEmpty())
                continue;
            ++records;
            if (auto applied = applier.apply(db, lines[i], i + 1, where); !applied)
                return fail(applied.error());
        }
        // The cursor is the time of the last record read: a later run starts there again and finds the records
        // at that instant unchanged, so a crash between pages loses nothing.
        if (applier.last) {
            if (auto put = states.put(db, key, publicationEntity, store::HarvestCursor{applier.last->lastModified, {}});
                !put)
                return fail(put.error());
        }
        if (auto committed = transaction.commit(); !committed)
            return fail(committed.error());
        (void)runs.updateCounts(run.runKey, runCounts(run.counts));
        if (records < pageSize)
            break; // a short page is the end of the window
        const bool advanced = applier.last
            && (!before || before->lastModified != applier.last->lastModified
                || before->proposalId != applier.last->proposalId || before->bibcode != applier.last->bibcode);
        if (!advanced)
            return fail({mirror::ErrorCategory::Fatal,
                         "a whole page of the publications feed could not be read; the next page cannot be asked"});
    }
    finishRun(runs, run);
    return run;
}

PublicationRun importPublications(const std::shared_ptr<store::Store> &store, const QString &path,
                                  const std::atomic<bool> *cancelled, const store::Clock &clock)
{
    PublicationRun run;
    const QString absolute = QFileInfo(path).absoluteFilePath();
    run.origin = absolute;
    store::RunRecordStore runs(store, clock);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        run.error = mirror::Error{mirror::ErrorCategory::Io,
                                  "cannot read " + absolute.toStdString() + ": " + file.errorString().toStdString()};
        finishRun(runs, run);
        return run;
    }
    auto started =
        runs.start(publicationRunKind, QStringLiteral("import"), QStringLiteral("file:") + absolute, noCollection);
    if (!started) {
        run.error = started.error();
        finishRun(runs, run);
        return run;
    }
    run.runKey = *started;
    LineApplier applier(store, QStringLiteral("file:") + absolute, QString(), clock, run);
    int lineNumber = 0;
    while (!file.atEnd()) {
        if (isCancelled(cancelled)) {
            run.error = cancelledError();
            break;
        }
        QSqlDatabase db = store->database();
        store::Transaction transaction(db);
        mirror::Result<void> applied;
        for (int i = 0; i < importBatch && !file.atEnd() && applied; ++i) {
            QByteArray line = file.readLine();
            ++lineNumber;
            if (line.endsWith('\n'))
                line.chop(1);
            applied = applier.apply(db, line, lineNumber, absolute);
        }
        if (!applied) {
            run.error = applied.error();
            break;
        }
        if (auto committed = transaction.commit(); !committed) {
            run.error = committed.error();
            break;
        }
        ++run.counts.pages;
    }
    finishRun(runs, run);
    return run;
}

} // namespace harvest
