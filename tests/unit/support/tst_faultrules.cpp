#include "fault_rules.h"

#include <QTest>

using namespace testsupport;

// The fault proxy's pure parts: the --rule grammar, which request a rule picks, and the one-byte document
// corruption. Kept apart from tst_faultproxy so a grammar mistake reads as one, not as a network failure.
namespace {

QList<FaultRule> parsed(const QStringList &specs)
{
    QString error;
    QList<FaultRule> rules = parseFaultRules(specs, &error);
    if (!error.isEmpty())
        qFatal("bad rule in test: %s", qPrintable(error));
    return rules;
}

// Which rule (by name) each target picks, "-" for none, all GETs; space-separated.
QString decide(FaultRuleSet &set, const QList<QByteArray> &targets)
{
    QStringList names;
    for (const QByteArray &target : targets) {
        const std::optional<FaultRule> rule = set.choose("GET", target);
        names.append(rule ? rule->name : QStringLiteral("-"));
    }
    return names.join(QLatin1Char(' '));
}

} // namespace

class TestFaultRules : public QObject {
    Q_OBJECT

private slots:
    void grammar_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("error"); // a fragment of the message, empty when the spec is valid
        QTest::newRow("status") << QStringLiteral("name=a;method=get;match=^/x\\;y;times=3;probability=0.25;"
                                                  "action=status;code=429;retry-after=5")
                                << QString();
        QTest::newRow("truncate") << QStringLiteral("action=truncate;bytes=-1;framing=chunked") << QString();
        QTest::newRow("close framing") << QStringLiteral("action=truncate;framing=close") << QString();
        QTest::newRow("paced delay") << QStringLiteral("action=delay;ms=5;chunk-ms=10;chunk-bytes=3") << QString();
        QTest::newRow("path and query") << QStringLiteral("path=/a/.*;query=x=1;action=reset") << QString();
        QTest::newRow("no action") << QStringLiteral("name=a") << QStringLiteral("no action");
        QTest::newRow("unknown key") << QStringLiteral("action=reset;colour=red") << QStringLiteral("colour");
        QTest::newRow("bad action") << QStringLiteral("action=explode") << QStringLiteral("explode");
        QTest::newRow("bad probability") << QStringLiteral("action=reset;probability=1.5")
                                         << QStringLiteral("probability");
        QTest::newRow("bad regex") << QStringLiteral("action=reset;match=(") << QStringLiteral("regex");
        QTest::newRow("bad path regex") << QStringLiteral("action=reset;path=[") << QStringLiteral("regex");
        QTest::newRow("bad framing") << QStringLiteral("action=truncate;framing=none") << QStringLiteral("framing");
        QTest::newRow("zero chunk bytes")
            << QStringLiteral("action=delay;chunk-bytes=0") << QStringLiteral("chunk-bytes");
        QTest::newRow("twice") << QStringLiteral("action=reset;action=delay") << QStringLiteral("twice");
        QTest::newRow("no equals") << QStringLiteral("action=reset;oops") << QStringLiteral("key=value");
        QTest::newRow("methods disagree")
            << QStringLiteral("method=PUT;match=GET /x;action=reset") << QStringLiteral("contradicts");
    }

    void grammar()
    {
        QFETCH(QString, spec);
        QFETCH(QString, error);
        QString message;
        const QList<FaultRule> rules = parseFaultRules({spec}, &message);
        if (error.isEmpty()) {
            QVERIFY2(message.isEmpty(), qPrintable(message));
            QCOMPARE(rules.size(), 1);
        } else {
            QVERIFY(rules.isEmpty());
            QVERIFY2(message.contains(error), qPrintable(message));
        }
    }

    void grammarFields()
    {
        const QList<FaultRule> rules =
            parsed({QStringLiteral("name=a;method=get;match=^/x\\;y;times=3;probability=0.25;action=status;code=429;"
                                   "retry-after=5"),
                    QStringLiteral("action=replaceBody;body=a\\tb"),
                    QStringLiteral("match=GET /caom2/observations/.*;path=/caom2/.*;query=^maxrec=;action=delay;ms=7;"
                                   "chunk-ms=20;chunk-bytes=64"),
                    QStringLiteral("action=truncate")});
        QCOMPARE(rules.size(), 4);
        QCOMPARE(rules[0].method, QByteArray("GET"));
        QCOMPARE(rules[0].match, QStringLiteral("^/x;y"));
        QCOMPARE(rules[0].times, 3);
        QCOMPARE(rules[0].probability, 0.25);
        QCOMPARE(rules[0].code, 429);
        QCOMPARE(rules[0].retryAfter, QByteArray("5"));
        QCOMPARE(rules[1].code, 200);
        QCOMPARE(rules[1].body, QByteArray("a\tb"));
        QCOMPARE(rules[2].method, QByteArray("GET")); // taken from "match=GET ..."
        QCOMPARE(rules[2].match, QStringLiteral("/caom2/observations/.*"));
        QCOMPARE(rules[2].path, QStringLiteral("/caom2/.*"));
        QCOMPARE(rules[2].query, QStringLiteral("^maxrec="));
        QCOMPARE(rules[2].delayMs, 7);
        QCOMPARE(rules[2].chunkDelayMs, 20);
        QCOMPARE(rules[2].chunkBytes, 64);
        QCOMPARE(rules[3].framing, TruncateFraming::Upstream); // the default keeps the upstream's framing
        QCOMPARE(rules[3].bytes, -1);                          // half the body
    }

    void criteriaAndFirstMatchWins()
    {
        FaultRuleSet set;
        set.seed(1);
        set.setRules(parsed({QStringLiteral("name=list;path=/obs/[^/]+;query=maxrec=;action=status"),
                             QStringLiteral("name=doc;path=/obs/[^/]+/[^/]+;times=1;action=status"),
                             QStringLiteral("name=any;match=HST;action=status")}));
        // The path matches whole (so "/obs/A/b" is not a listing), the query is searched, times counts down,
        // and a later rule only sees what the earlier ones let through.
        QCOMPARE(decide(set,
                        {"/obs/A?maxrec=5", "/obs/A", "/obs/A?x=1&maxrec=5", "/obs/A/b?maxrec=5", "/obs/A/b",
                         "/obs/HST/b", "/other"}),
                 QStringLiteral("list - list doc - any -"));
        QCOMPARE(set.choose("PUT", "/obs/HST/b").value_or(FaultRule{}).name, QStringLiteral("any")); // any method
    }

    void unnamedRulesAreNamedAndCountsResetWithNewRules()
    {
        FaultRuleSet set;
        set.setRules(parsed({QStringLiteral("match=^/a$;action=reset"), QStringLiteral("times=1;action=crlf")}));
        QCOMPARE(decide(set, {"/a", "/b", "/b"}), QStringLiteral("reset#1 crlf#2 -"));
        set.setRules(parsed({QStringLiteral("times=1;action=crlf")}));
        QCOMPARE(decide(set, {"/b", "/b"}), QStringLiteral("crlf#1 -"));
    }

    void probabilityDrawsRepeatWithTheSeed()
    {
        const auto pattern = [](quint64 seed) {
            FaultRuleSet set;
            set.seed(seed);
            set.setRules(parsed({QStringLiteral("name=H;probability=0.3;action=status")}));
            QString out;
            for (int i = 0; i < 200; ++i)
                out += set.choose("GET", "/x") ? QLatin1Char('H') : QLatin1Char('.');
            return out;
        };
        const QString seven = pattern(7);
        QCOMPARE(pattern(7), seven);
        QVERIFY(pattern(8) != seven);
        const qsizetype hits = seven.count(QLatin1Char('H'));
        QVERIFY2(hits > 30 && hits < 90, qPrintable(seven)); // about 60 of 200: the draw honours P
    }

    void corruptCaomDocumentChoosesASafeByte_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<bool>("changed");
        QTest::newRow("type letter") << QByteArray("<caom2:type>science</caom2:type>")
                                     << QByteArray("<caom2:type>Science</caom2:type>") << true;
        QTest::newRow("entity skipped") << QByteArray("<caom2:type>&amp;x</caom2:type>")
                                        << QByteArray("<caom2:type>&amp;X</caom2:type>") << true;
        QTest::newRow("digit when no letter")
            << QByteArray("<caom2:type>12</caom2:type>") << QByteArray("<caom2:type>x2</caom2:type>") << true;
        QTest::newRow("name when no type") << QByteArray("<caom2:name>exposure</caom2:name>")
                                           << QByteArray("<caom2:name>Exposure</caom2:name>") << true;
        QTest::newRow("neither") << QByteArray("<a>b</a>") << QByteArray("<a>b</a>") << false;
    }

    void corruptCaomDocumentChoosesASafeByte()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QFETCH(bool, changed);
        QCOMPARE(corruptCaomDocument(&input), changed);
        QCOMPARE(input, expected);
    }

    void crlfDoesNotDoubleExistingCrlf()
    {
        QCOMPARE(toCrlf("a\nb\r\nc\n"), QByteArray("a\r\nb\r\nc\r\n"));
        QCOMPARE(toCrlf("\n"), QByteArray("\r\n"));
    }
};

QTEST_GUILESS_MAIN(TestFaultRules)
#include "tst_faultrules.moc"
