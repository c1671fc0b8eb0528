#include "views/runs_elsewhere_watcher.h"

#include "models/job_list_model.h"
#include "store/store.h"

#include <QMutex>
#include <QMutexLocker>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace mirror::ui {

namespace {

constexpr int pollMs = 3000;
// A harvester beats about once a second; one silent for this long is not running any more.
constexpr qint64 heartbeatFreshMs = 15000;
// Longer than the engine's progress interval (1 s), so that this console's own job has named its collection.
constexpr qint64 shownAfterMs = 2500;

bool contains(const std::vector<qint64> &keys, qint64 key)
{
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

} // namespace

struct RunsElsewhereWatcher::Answer {
    std::vector<store::RunRecord> live;
    std::vector<store::RunRecord> ended;
    QString error;
};

struct RunsElsewhereWatcher::Relay {
    QMutex mutex;
    RunsElsewhereWatcher *owner = nullptr;
};

RunsElsewhereWatcher::RunsElsewhereWatcher(models::JobListModel *model, QObject *parent)
    : QObject(parent),
      m_model(model),
      m_relay(std::make_shared<Relay>())
{
    m_relay->owner = this;
    m_clock.start();
    m_timer.setInterval(pollMs);
    connect(&m_timer, &QTimer::timeout, this, &RunsElsewhereWatcher::poll);
}

RunsElsewhereWatcher::~RunsElsewhereWatcher()
{
    QMutexLocker lock(&m_relay->mutex);
    m_relay->owner = nullptr; // a read under way reports to no one
}

void RunsElsewhereWatcher::setStore(std::shared_ptr<store::Store> store)
{
    m_store = std::move(store);
    ++m_token; // an answer about the previous store is dropped
    m_busy = false;
    m_firstSeen.clear();
    if (m_store) {
        m_timer.start();
        poll();
    } else {
        m_timer.stop();
    }
}

void RunsElsewhereWatcher::poll()
{
    if (!m_store || m_busy)
        return;
    m_busy = true;
    const quint64 token = m_token;
    const std::vector<qint64> shown = m_model->runsElsewhere();
    (void)QtConcurrent::run([store = m_store, shown, relay = m_relay, token] {
        auto answer = std::make_shared<Answer>();
        store::RunRecordStore runs(store);
        if (auto live = runs.live(heartbeatFreshMs); live) {
            answer->live = std::move(*live);
            for (qint64 key : shown) {
                const bool still = std::any_of(answer->live.begin(), answer->live.end(),
                                               [key](const store::RunRecord &r) { return r.key == key; });
                if (still)
                    continue;
                auto record = runs.get(key);
                if (!record || !record->has_value())
                    continue;
                store::RunRecord ended = **record;
                if (ended.outcome == store::RunOutcome::Running) {
                    // Still marked running but silent: its process ended without closing the record.
                    ended.outcome = store::RunOutcome::Failed;
                    ended.errorSummary = RunsElsewhereWatcher::tr("stopped reporting: its program seems to have ended");
                }
                answer->ended.push_back(std::move(ended));
            }
        } else {
            answer->error = QString::fromStdString(live.error().message);
        }
        store->releaseThreadConnection();
        QMutexLocker lock(&relay->mutex);
        if (RunsElsewhereWatcher *owner = relay->owner)
            QMetaObject::invokeMethod(
                owner, [owner, token, answer] { owner->onAnswer(token, answer); }, Qt::QueuedConnection);
    });
}

void RunsElsewhereWatcher::onAnswer(quint64 token, const std::shared_ptr<Answer> &answer)
{
    if (token != m_token)
        return;
    m_busy = false;
    if (!answer->error.isEmpty())
        return; // the next read tries again; the rows keep what they showed
    const auto here = m_model->harvestingHere();
    const std::vector<qint64> shown = m_model->runsElsewhere();
    std::vector<store::RunRecord> live;
    std::map<qint64, qint64> stillUnshown;
    const qint64 now = m_clock.elapsed();
    for (const store::RunRecord &record : answer->live) {
        const bool ours = std::any_of(here.begin(), here.end(), [&](const auto &pair) {
            return pair.first.compare(record.source, Qt::CaseInsensitive) == 0 && pair.second == record.collection;
        });
        if (ours)
            continue;
        if (contains(shown, record.key)) {
            live.push_back(record);
            continue;
        }
        const auto seen = m_firstSeen.find(record.key);
        const qint64 since = seen == m_firstSeen.end() ? now : seen->second;
        if (now - since >= shownAfterMs)
            live.push_back(record);
        else
            stillUnshown.emplace(record.key, since);
    }
    m_firstSeen = std::move(stillUnshown);
    m_model->setRunsElsewhere(live, answer->ended);
}

} // namespace mirror::ui
