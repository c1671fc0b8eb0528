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
    PartnerClockReading reading;
    if (target.partnerClock) {
        reading = *target.partnerClock;
    } else {
        net::RepositoryClient client(target.endpoints, target.http);
        auto date = client.readServerClock(cancelled);
        reading.readAtMs = clock();
        if (date)
            reading.partnerDateMs = *date;
        else
            reading.failure = QString::fromStdString(date.error().message);
    }
    const qint64 ourNow = clock();
    if (!reading.failure.isEmpty()) {
        WindowEnd window;
        window.endMs = ourNow - target.tuning.lag.count();
        window.note = QStringLiteral("cannot read the partner's clock (%1): the harvest window ends by our clock")
                          .arg(reading.failure);
        return window;
    }
    // A reading taken earlier (when the harvest was planned) still gives the skew: both clocks have moved on
    // by the same time since.
    std::optional<qint64> partnerDate = reading.partnerDateMs;
    if (partnerDate)
        *partnerDate += ourNow - reading.readAtMs;
    WindowEnd window = windowEndFrom(partnerDate, ourNow, target.tuning.lag);
    if (!window.note.isEmpty())
        qCWarning(lcSync, "%s: %s", qPrintable(target.sourceName), qPrintable(window.note));
    return window;
}

} // namespace harvest
