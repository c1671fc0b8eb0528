#include "sync/window_end.h"

#include "common/logging.h"
#include "net/repository_client.h"

#include <algorithm>

namespace harvest {

WindowEnd windowEndFrom(std::optional<qint64> partnerDateMs, qint64 ourNowMs, std::chrono::milliseconds lag)
{
    WindowEnd window;
    if (!partnerDateMs) {
        window.endMs = ourNowMs - lag.count();
        window.note = QStringLiteral("the partner sends no Date header: the harvest window ends by our clock alone");
        return window;
    }
    // The header truncates to the second: the partner's clock read somewhere in [date, date + 999 ms].
    // Its upper end is used, so equal clocks never cut the window short.
    const qint64 partnerNow = *partnerDateMs + 999;
    window.partnerSkewMs = partnerNow - ourNowMs;
    window.endMs = std::min(ourNowMs, partnerNow) - lag.count();
    const qint64 seconds = std::abs(*window.partnerSkewMs) / 1000;
    if (*window.partnerSkewMs <= -noticeableSkewMs) {
        window.note = QStringLiteral("the partner's clock is %1 s behind ours: the harvest window ends %2 s before "
                                     "the partner's time, not ours")
                          .arg(seconds)
                          .arg(lag.count() / 1000);
    } else if (*window.partnerSkewMs >= noticeableSkewMs) {
        window.note = QStringLiteral("the partner's clock is %1 s ahead of ours: the harvest window ends by our "
                                     "clock, which is the safer of the two")
                          .arg(seconds);
    }
    return window;
}

WindowEnd harvestWindowEnd(const HarvestTarget &target, const store::Clock &clock, const std::atomic<bool> *cancelled)
{
    net::RepositoryClient client(target.endpoints, target.http);
    auto date = client.readServerClock(cancelled);
    const qint64 ourNow = clock();
    if (!date) {
        WindowEnd window;
        window.endMs = ourNow - target.tuning.lag.count();
        window.note = QStringLiteral("cannot read the partner's clock (%1): the harvest window ends by our clock")
                          .arg(QString::fromStdString(date.error().message));
        return window;
    }
    WindowEnd window = windowEndFrom(*date, ourNow, target.tuning.lag);
    if (!window.note.isEmpty())
        qCWarning(lcSync, "%s: %s", qPrintable(target.sourceName), qPrintable(window.note));
    return window;
}

} // namespace harvest
