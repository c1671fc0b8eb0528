// The hostile-input catalogue, documents: built to break a reader (entity expansion, external entities, deep
// nesting, huge files, bad encodings, lies about content); the listing lines are in tst_hostile_listings. Each must be
// refused with a clear message that names the file and the cause, and nothing of it may reach the store.
// Cases are built from a real sample (GN-2014A-Q-85-16-013.xml) so that each differs from a valid document by
// exactly the one thing being tested.
#include "cli_runner.h"
#include "test_stores.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <map>
#include <memory>

namespace {

QByteArray sample()
{
    QFile file(QStringLiteral(MIRROR_TEST_DATA_DIR "/GN-2014A-Q-85-16-013.xml"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the sample");
    return file.readAll();
}

QByteArray replacedOnce(QByteArray text, const QByteArray &from, const QByteArray &to)
{
    const qsizetype at = text.indexOf(from);
    if (at < 0)
        qFatal("the sample has no '%s'", from.constData());
    return text.replace(at, from.size(), to);
}

QByteArray replacedOnce(const QByteArray &text, const QRegularExpression &pattern, const QString &to)
{
    QString copy = QString::fromUtf8(text);
    const QRegularExpressionMatch match = pattern.match(copy);
    if (!match.hasMatch())
        qFatal("the sample has no match for %s", qPrintable(pattern.pattern()));
    copy.replace(match.capturedStart(), match.capturedLength(), to);
    return copy.toUtf8();
}

// The body of the sample from its root element on, for cases that put something before it.
QByteArray rootOn(const QByteArray &text)
{
    return text.mid(text.indexOf("<caom2:Observation"));
}

const QByteArray doctypeEntities = R"(<?xml version="1.0"?>
<!DOCTYPE caom2:Observation [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
)";

} // namespace

class TestCliHostile : public QObject {
    Q_OBJECT

    std::map<QString, std::unique_ptr<testsupport::TestStore>> m_stores; // by engine

private slots:
    // Every document on every engine: the columns are the engine, the document and the words of the message
    // that say what is wrong.
    void documentsAreRefusedAndNothingIsStored_data()
    {
        QTest::addColumn<QString>("engine");
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<QString>("cause");
        struct Case {
            QByteArray name, document;
            QString cause;
        };
        std::vector<Case> cases;
        struct Rows {
            std::vector<Case> &cases;
            QByteArray name;
            QByteArray document;
            Rows &operator<<(const QByteArray &d)
            {
                document = d;
                return *this;
            }
            Rows &operator<<(const QString &cause)
            {
                cases.push_back({name, document, cause});
                return *this;
            }
        };
        const auto newRow = [&cases](const char *name) { return Rows{cases, name, {}}; };

        const QByteArray valid = sample();
        const QByteArray collection = "<caom2:collection>";
        const QRegularExpression metaChecksum(QStringLiteral("caom2:metaChecksum=\"md5:[0-9a-f]+\""));
        const QRegularExpression lastModified(QStringLiteral("caom2:lastModified=\"[^\"]+\""));
        const QRegularExpression firstDouble(QStringLiteral("<caom2:geoLocationX>[^<]+<"));
        const QRegularExpression calibration(QStringLiteral("<caom2:calibrationLevel>[0-9]+<"));
        const QRegularExpression observationId(QStringLiteral("<caom2:observationID>([^<]*)<"));
        const QRegularExpression uuid(QStringLiteral("caom2:id=\"([^\"]+)\""));

        newRow("billion laughs") << doctypeEntities + replacedOnce(rootOn(valid), collection, collection + "&d;")
                                 << QStringLiteral("DTD");
        newRow("external entity") << QByteArray("<?xml version=\"1.0\"?><!DOCTYPE caom2:Observation [<!ENTITY x SYSTEM "
                                                "\"file:///etc/passwd\">]>\n")
                + replacedOnce(rootOn(valid), collection, collection + "&x;")
                                  << QStringLiteral("DTD");
        newRow("external DTD") << QByteArray("<?xml version=\"1.0\"?><!DOCTYPE caom2:Observation SYSTEM "
                                             "\"http://127.0.0.1:9/evil.dtd\">\n")
                + rootOn(valid) << QStringLiteral("DTD");
        newRow("parameter entity") << QByteArray("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY % p SYSTEM "
                                                 "\"http://127.0.0.1:9/p\"> %p;]>\n")
                + rootOn(valid) << QStringLiteral("DTD");
        newRow("10,000-deep nesting") << replacedOnce(
            valid, "</caom2:Observation>",
            QByteArray("<caom2:x>").repeated(10000) + QByteArray("</caom2:x>").repeated(10000) + "</caom2:Observation>")
                                      << QStringLiteral("nested deeper");
        newRow("invalid UTF-8") << replacedOnce(valid, collection, collection + "\xff\xfe")
                                << QStringLiteral("invalid UTF-8");
        newRow("overlong UTF-8") << replacedOnce(valid, collection, collection + "\xc0\xaf")
                                 << QStringLiteral("invalid UTF-8");
        newRow("NUL byte") << replacedOnce(valid, collection, collection + QByteArray(1, '\0'))
                           << QStringLiteral("not well-formed");
        newRow("other encoding declared")
            << QByteArray("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n") + valid << QStringLiteral("encoding");
        newRow("wrong namespace") << replacedOnce(valid, "http://www.opencadc.org/caom2/xml/v2.4",
                                                  "http://example.org/not-caom")
                                  << QStringLiteral("unsupported namespace");
        newRow("future CAOM version") << replacedOnce(valid, "http://www.opencadc.org/caom2/xml/v2.4",
                                                      "http://www.opencadc.org/caom2/xml/v2.9")
                                      << QStringLiteral("unsupported namespace");
        newRow("no namespace") << QByteArray(valid).replace("caom2:", "").replace("xmlns:caom2=", "xmlns:x=")
                               << QStringLiteral("no CAOM namespace");
        newRow("an HTML error page") << QByteArray("<html><body>503 Service Unavailable</body></html>")
                                     << QStringLiteral("not a CAOM Observation");
        newRow("JSON") << QByteArray("{\"observationID\": \"x\"}") << QStringLiteral("not well-formed");
        newRow("empty file") << QByteArray() << QStringLiteral("not well-formed");
        newRow("truncated") << valid.left(valid.size() / 2) << QStringLiteral("not well-formed");
        newRow("two observations glued") << valid + rootOn(valid) << QStringLiteral("second element");
        newRow("no collection") << replacedOnce(
            valid, QRegularExpression(QStringLiteral("<caom2:collection>[^<]*</caom2:collection>")), QString())
                                << QStringLiteral("required");
        newRow("checksum of another observation") << replacedOnce(
            valid, metaChecksum, QStringLiteral("caom2:metaChecksum=\"md5:00000000000000000000000000000000\""))
                                                  << QStringLiteral("stored metaChecksum");
        newRow("checksum not hexadecimal")
            << replacedOnce(valid, metaChecksum, QStringLiteral("caom2:metaChecksum=\"md5:zz\""))
            << QStringLiteral("stored metaChecksum");
        newRow("date far out of range") << replacedOnce(
            valid, lastModified, QStringLiteral("caom2:lastModified=\"99999-01-01T00:00:00.000\""))
                                        << QStringLiteral("not a date");
        newRow("date that is not one") << replacedOnce(valid, lastModified,
                                                       QStringLiteral("caom2:lastModified=\"yesterday\""))
                                       << QStringLiteral("not a date");
        newRow("NaN where a number was") << replacedOnce(valid, firstDouble, QStringLiteral("<caom2:geoLocationX>NaN<"))
                                         << QStringLiteral("content gives");
        newRow("1e400") << replacedOnce(valid, firstDouble, QStringLiteral("<caom2:geoLocationX>1e400<"))
                        << QStringLiteral("content gives");
        newRow("integer overflow") << replacedOnce(valid, calibration,
                                                   QStringLiteral("<caom2:calibrationLevel>99999999999999999999999<"))
                                   << QStringLiteral("does not fit");
        newRow("value outside its enumeration")
            << replacedOnce(valid, calibration, QStringLiteral("<caom2:calibrationLevel>7<"))
            << QStringLiteral("not a calibration level");
        newRow("control character in observationID")
            << replacedOnce(valid, observationId, QStringLiteral("<caom2:observationID>x\u0007y<"))
            << QStringLiteral("content gives");
        {
            // Two entities with one id: the second plane or artifact claims the first one's identity.
            const QString text = QString::fromUtf8(valid);
            QStringList ids;
            for (auto match = uuid.globalMatch(text); match.hasNext();)
                ids << match.next().captured(1);
            newRow("duplicate entity ids")
                << QString(text).replace(ids.at(2), ids.at(1)).toUtf8() << QStringLiteral("content gives");
        }
        for (const QString &engine : testsupport::testEngines())
            for (const Case &c : cases)
                QTest::newRow(qPrintable(engine + QStringLiteral(": ") + QString::fromUtf8(c.name)))
                    << engine << c.document << c.cause;
    }

    // Each document alone, on each engine: exit 1, a message naming the file and the cause, and afterwards the
    // store holds nothing (no collection, so no observation row).
    void documentsAreRefusedAndNothingIsStored()
    {
        QFETCH(QString, engine);
        QFETCH(QByteArray, document);
        QFETCH(QString, cause);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hostile.xml"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(document);
        file.close();
        // One store per engine for every case: each case must leave it empty, which the next one relies on.
        auto &fixture = m_stores[engine];
        if (!fixture)
            fixture = std::make_unique<testsupport::TestStore>(engine);
        QVERIFY2(fixture->ok(), qPrintable(fixture->error()));
        const QString store = fixture->argument();
        const testsupport::CliRun run =
            testsupport::runCaomSync({QStringLiteral("import"), QStringLiteral("--store"), store, path});
        const QString message = QString::fromUtf8(run.err);
        QVERIFY2(run.exitCode == 1, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(message)));
        QVERIFY2(message.contains(QStringLiteral("refused ") + path), qPrintable(message));
        QVERIFY2(message.contains(cause, Qt::CaseInsensitive), qPrintable(message));
        QVERIFY(run.out.contains("imported 0 observation(s)"));
        const testsupport::CliRun listed =
            testsupport::runCaomSync({QStringLiteral("ls"), QStringLiteral("--store"), store});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(listed.out.trimmed().isEmpty(), listed.out.constData()); // no collection: nothing was written
    }

    void hugeDocumentIsRefusedBeforeItIsRead()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("huge.xml"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray valid = sample();
        const qsizetype end = valid.indexOf("</caom2:Observation>");
        file.write(valid.left(end) + "<!--");
        const QByteArray block(1 << 20, 'x');
        for (int i = 0; i < 200; ++i) // 200 MB
            QVERIFY(file.write(block) == block.size());
        file.write("-->" + valid.mid(end));
        file.close();
        const QString store = dir.filePath(QStringLiteral("store.sqlite"));
        const testsupport::CliRun run =
            testsupport::runCaomSync({QStringLiteral("import"), QStringLiteral("--store"), store, path});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("over the limit"), run.err.constData());
        QVERIFY(run.out.contains("imported 0 observation(s)"));
    }

    // A batch mixing every hostile document with one valid one, on both engines: exactly the valid one is stored.
    void batchStoresOnlyTheValidDocument_data() { testsupport::addEngineColumn(); }

    void batchStoresOnlyTheValidDocument()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
        QTemporaryDir dir;
        QStringList arguments{QStringLiteral("import"), QStringLiteral("--store"), fixture.argument()};
        int index = 0;
        const auto add = [&](const QByteArray &document) {
            const QString path = dir.filePath(QStringLiteral("case%1.xml").arg(index++));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(document);
            arguments << path;
        };
        const QByteArray valid = sample();
        add(doctypeEntities + replacedOnce(rootOn(valid), "<caom2:collection>", "<caom2:collection>&d;"));
        add(valid.left(valid.size() / 3));
        add(replacedOnce(valid, "<caom2:collection>", "<caom2:collection>\xff"));
        add(valid + rootOn(valid));
        add(valid);
        const testsupport::CliRun run = testsupport::runCaomSync(arguments);
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("imported 1 observation(s)"), run.out.constData());
        QVERIFY(run.out.contains("refused 4"));
        const testsupport::CliRun listed =
            testsupport::runCaomSync({QStringLiteral("ls"), QStringLiteral("--store"), fixture.argument()});
        QCOMPARE(listed.out.trimmed(), QByteArray("GEMINI\t1"));
    }
};

QTEST_GUILESS_MAIN(TestCliHostile)
#include "tst_cli_hostile.moc"
