// Where a harvest window ends when the partner's clock and ours disagree (scenario 16): by the earlier of
// the two, less the lag; equal clocks never cut the window short; a note once the skew is noticeable.
#include "sync/window_end.h"

#include <QTest>

using namespace harvest;
using std::chrono::milliseconds;

namespace {

const qint64 ourNow = 1795000123456; // 456 ms into a second
const milliseconds lag(300000);

qint64 wholeSeconds(qint64 ms)
{
    return ms - ms % 1000;
}

} // namespace

class TestWindowEnd : public QObject {
    Q_OBJECT

private slots:
    void equalClocksUseOurs()
    {
        // The Date header truncates our own second: the partner may be up to 999 ms further on than it says.
        const WindowEnd window = windowEndFrom(wholeSeconds(ourNow), ourNow, lag);
        QCOMPARE(window.endMs, ourNow - lag.count());
        QVERIFY(window.partnerSkewMs.has_value());
        QVERIFY(std::abs(*window.partnerSkewMs) < 1000);
        QVERIFY(window.note.isEmpty());
    }

    void partnerBehindMovesTheEndBack()
    {
        const qint64 partnerNow = ourNow - 600000; // our clock 10 minutes ahead
        const WindowEnd window = windowEndFrom(wholeSeconds(partnerNow), ourNow, lag);
        QVERIFY(window.endMs <= partnerNow + 999 - lag.count());
        QVERIFY(window.endMs >= partnerNow - lag.count());
        QVERIFY(*window.partnerSkewMs <= -599000 && *window.partnerSkewMs >= -601000);
        QVERIFY2(window.note.contains(QStringLiteral("behind")), qPrintable(window.note));
        QVERIFY2(window.note.contains(QStringLiteral("599 s")) || window.note.contains(QStringLiteral("600 s")),
                 qPrintable(window.note));
    }

    void partnerAheadKeepsOurs()
    {
        const WindowEnd window = windowEndFrom(wholeSeconds(ourNow + 600000), ourNow, lag);
        QCOMPARE(window.endMs, ourNow - lag.count());
        QVERIFY(*window.partnerSkewMs > 599000);
        QVERIFY2(window.note.contains(QStringLiteral("ahead")), qPrintable(window.note));
    }

    void smallSkewIsAppliedWithoutANote()
    {
        const qint64 partnerNow = ourNow - 3000;
        const WindowEnd window = windowEndFrom(wholeSeconds(partnerNow), ourNow, lag);
        QCOMPARE(window.endMs, wholeSeconds(partnerNow) + 999 - lag.count());
        QVERIFY(window.note.isEmpty());
    }

    void noDateFallsBackToOurs()
    {
        const WindowEnd window = windowEndFrom(std::nullopt, ourNow, lag);
        QCOMPARE(window.endMs, ourNow - lag.count());
        QVERIFY(!window.partnerSkewMs.has_value());
        QVERIFY(window.note.contains(QStringLiteral("no Date")));
    }
};

QTEST_GUILESS_MAIN(TestWindowEnd)
#include "tst_windowend.moc"
