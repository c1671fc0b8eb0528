// caom-sync import / export / ls / generate against a real store on both engines, as an operator uses them.
#include "test_stores.h"

#include "cli_runner.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

QJsonObject golden(const QString &sampleFile)
{
    QFile file(QStringLiteral(MIRROR_TEST_DATA_DIR "/expected/") + QFileInfo(sampleFile).completeBaseName()
               + QStringLiteral(".json"));
    file.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(file.readAll()).object();
}

// The collection and observationID of a sample, from its golden file's first entity... which has neither:
// read them from the document text instead (the first <collection> and <observationID> elements).
QPair<QString, QString> identityOf(const QString &sampleFile)
{
    QFile file(QStringLiteral(MIRROR_TEST_DATA_DIR "/") + sampleFile);
    file.open(QIODevice::ReadOnly);
    const QString text = QString::fromUtf8(file.readAll());
    auto element = [&](const QString &name) {
        const qsizetype start = text.indexOf(QLatin1Char(':') + name + QLatin1Char('>')) + name.size() + 2;
        return text.mid(start, text.indexOf(QLatin1Char('<'), start) - start).trimmed();
    };
    return {element(QStringLiteral("collection")), element(QStringLiteral("observationID"))};
}

// Exports a collection of a store into `dir` with caom-sync and returns the files written (none when it failed).
QStringList exportedFiles(const QString &store, const QString &collection, const QString &dir)
{
    const auto run =
        testsupport::runCaomSync({QStringLiteral("export"), QStringLiteral("--store"), store,
                                  QStringLiteral("--collection"), collection, QStringLiteral("--out"), dir});
    QStringList files;
    if (run.exitCode != 0)
        return files;
    for (const QString &name : QDir(dir).entryList(QDir::Files))
        files << QDir(dir).filePath(name);
    return files;
}

} // namespace

class TestCliStore : public QObject {
    Q_OBJECT

private slots:

    void importExportReproducesEveryChecksum_data() { testsupport::addEngineColumn(); }

    // Every sample: import (stale stored values recomputed on request), export, and the exported document's
    // checksums, computed and stored, equal the reference's golden values for every entity.
    void importExportReproducesEveryChecksum()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
        QTemporaryDir out;
        const QStringList samples = QDir(QStringLiteral(MIRROR_TEST_DATA_DIR)).entryList({QStringLiteral("*.xml")});
        for (const QString &sample : samples) {
            const testsupport::CliRun imported =
                testsupport::runCaomSync({QStringLiteral("import"), QStringLiteral("--store"), fixture.argument(),
                                          QStringLiteral("--recompute-stale"), sample});
            QVERIFY2(imported.exitCode == 0, imported.err.constData());
            const auto [collection, observationID] = identityOf(sample);
            const QString dir = out.filePath(QFileInfo(sample).completeBaseName());
            const testsupport::CliRun exported =
                testsupport::runCaomSync({QStringLiteral("export"), QStringLiteral("--store"), fixture.argument(),
                                          QStringLiteral("--collection"), collection, QStringLiteral("--out"), dir});
            QVERIFY2(exported.exitCode == 0, exported.err.constData());
            const QString file = dir + QLatin1Char('/') + observationID + QStringLiteral(".xml");
            QVERIFY2(QFile::exists(file), qPrintable(file));
            const testsupport::CliRun checked =
                testsupport::runCaomSync({QStringLiteral("checksum"), QStringLiteral("--json"), file});
            QVERIFY2(checked.exitCode == 0, qPrintable(sample + QStringLiteral(": exported checksums do not verify")));
            const QJsonArray ours = QJsonDocument::fromJson(checked.out)
                                        .array()
                                        .at(0)
                                        .toObject()
                                        .value(QStringLiteral("entities"))
                                        .toArray();
            const QJsonArray theirs = golden(sample).value(QStringLiteral("entities")).toArray();
            QCOMPARE(ours.size(), theirs.size());
            // The exporter writes children in document order, like the original: entity lists align.
            for (qsizetype i = 0; i < ours.size(); ++i) {
                const QJsonObject a = ours.at(i).toObject();
                const QJsonObject b = theirs.at(i).toObject();
                QCOMPARE(a.value(QStringLiteral("id")), b.value(QStringLiteral("id")));
                QCOMPARE(a.value(QStringLiteral("accMetaChecksum")), b.value(QStringLiteral("accMetaChecksum")));
                QCOMPARE(a.value(QStringLiteral("storedAccMetaChecksum")), b.value(QStringLiteral("accMetaChecksum")));
                QCOMPARE(a.value(QStringLiteral("storedMetaChecksum")).isNull()
                             ? b.value(QStringLiteral("metaChecksum"))
                             : a.value(QStringLiteral("storedMetaChecksum")),
                         b.value(QStringLiteral("metaChecksum")));
            }
        }
    }

    void importRefusesWithReasonAndWritesNothing_data() { testsupport::addEngineColumn(); }

    void importRefusesWithReasonAndWritesNothing()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
        QTemporaryDir dir;
        QFile broken(dir.filePath(QStringLiteral("broken.xml")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("<?xml version=\"1.0\"?>\n<caom2:Observation "
                     "xmlns:caom2=\"http://www.opencadc.org/caom2/xml/v2.4\">\n<x>\n");
        broken.close();
        const testsupport::CliRun run = testsupport::runCaomSync({QStringLiteral("import"), QStringLiteral("--store"),
                                                                  fixture.argument(), QStringLiteral("double_uris.xml"),
                                                                  broken.fileName(), QStringLiteral("973887.xml")});
        QCOMPARE(run.exitCode, 1);
        // The stale document: named, with the entity whose stored value is not reproduced.
        QVERIFY2(run.err.contains("refused double_uris.xml: plane 00000000-0000-0000-0678-016616e53a7c"),
                 run.err.constData());
        QVERIFY2(run.err.contains(QByteArray(QByteArray("refused ") + broken.fileName().toUtf8() + ":")),
                 run.err.constData());
        QVERIFY(run.out.contains("imported 1 observation(s)"));
        const testsupport::CliRun listed =
            testsupport::runCaomSync({QStringLiteral("ls"), QStringLiteral("--store"), fixture.argument()});
        QCOMPARE(listed.exitCode, 0);
        QCOMPARE(listed.out, QByteArray("CFHT\t1\n")); // only the good document; nothing of the refused ones
    }

    void lsShowsCollectionsObservationsAndTree_data() { testsupport::addEngineColumn(); }

    void lsShowsCollectionsObservationsAndTree()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        QVERIFY2(fixture.ok(), qPrintable(fixture.error()));
        QCOMPARE(testsupport::runCaomSync({QStringLiteral("import"), QStringLiteral("--store"), fixture.argument(),
                                           QStringLiteral("SampleSimple-CAOM-2.3.xml"),
                                           QStringLiteral("sample-derived-caom24.xml")})
                     .exitCode,
                 0);
        QCOMPARE(testsupport::runCaomSync({QStringLiteral("ls"), QStringLiteral("--store"), fixture.argument()}).out,
                 QByteArray("HST\t1\nTEST\t1\n"));
        const testsupport::CliRun observations = testsupport::runCaomSync(
            {QStringLiteral("ls"), QStringLiteral("--store"), fixture.argument(), QStringLiteral("HST")});
        QVERIFY(observations.out.startsWith("y34b0101t\tok\t"));
        const testsupport::CliRun tree =
            testsupport::runCaomSync({QStringLiteral("ls"), QStringLiteral("--store"), fixture.argument(),
                                      QStringLiteral("TEST"), QStringLiteral("observationID")});
        QCOMPARE(tree.exitCode, 0);
        QCOMPARE(tree.out.count("\n  plane "), 2);
        QCOMPARE(tree.out.count("\n        chunk "), 16); // 2 planes x 2 artifacts x 2 parts x 2 chunks
        QVERIFY(tree.out.contains("acc md5:b867568f4c08afe0717ab818486d82b0")); // the golden observation acc
        const testsupport::CliRun missing = testsupport::runCaomSync(
            {QStringLiteral("ls"), QStringLiteral("--store"), fixture.argument(), QStringLiteral("NOPE")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY(missing.err.contains("NOPE"));
    }

    // Remote data decides observationIDs, and ".." is a legal one: the file it becomes stays in the directory.
    void exportNeverEscapesItsDirectory()
    {
        testsupport::TestStore fixture(QStringLiteral("sqlite"));
        QTemporaryDir dir;
        QFile source(QStringLiteral(MIRROR_TEST_DATA_DIR "/MinimalCompositeCircle-CAOM-2.3.xml"));
        QVERIFY(source.open(QIODevice::ReadOnly));
        QByteArray text = source.readAll();
        const auto [collection, observationID] = identityOf(QStringLiteral("MinimalCompositeCircle-CAOM-2.3.xml"));
        text.replace(QByteArray(">" + observationID.toUtf8() + "<"), QByteArray(">..<"));
        QFile hostile(dir.filePath(QStringLiteral("hostile.xml")));
        QVERIFY(hostile.open(QIODevice::WriteOnly));
        hostile.write(text);
        hostile.close();
        QCOMPARE(testsupport::runCaomSync(
                     {QStringLiteral("import"), QStringLiteral("--store"), fixture.argument(), hostile.fileName()})
                     .exitCode,
                 0);
        const QString out = dir.filePath(QStringLiteral("out/inner"));
        const testsupport::CliRun exported =
            testsupport::runCaomSync({QStringLiteral("export"), QStringLiteral("--store"), fixture.argument(),
                                      QStringLiteral("--collection"), collection, QStringLiteral("--out"), out});
        QCOMPARE(exported.exitCode, 0);
        QCOMPARE(QDir(out).entryList(QDir::Files), QStringList{QStringLiteral("%2E..xml")});
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("out/.xml"))));
    }

    void generateIsDeterministic()
    {
        testsupport::TestStore first(QStringLiteral("sqlite"));
        testsupport::TestStore second(QStringLiteral("sqlite"));
        for (auto *fixture : {&first, &second})
            QCOMPARE(testsupport::runCaomSync({QStringLiteral("generate"), QStringLiteral("--store"),
                                               fixture->argument(), QStringLiteral("--collection"),
                                               QStringLiteral("DEMO"), QStringLiteral("--count"), QStringLiteral("50"),
                                               QStringLiteral("--seed"), QStringLiteral("9")})
                         .exitCode,
                     0);
        const testsupport::CliRun a = testsupport::runCaomSync(
            {QStringLiteral("ls"), QStringLiteral("--store"), first.argument(), QStringLiteral("DEMO")});
        const testsupport::CliRun b = testsupport::runCaomSync(
            {QStringLiteral("ls"), QStringLiteral("--store"), second.argument(), QStringLiteral("DEMO")});
        QCOMPARE(a.out.count('\n'), 50);
        QCOMPARE(a.out, b.out);
        // Generated observations carry checksums that verify.
        QTemporaryDir out;
        const QStringList files = exportedFiles(first.argument(), QStringLiteral("DEMO"), out.path());
        QCOMPARE(files.size(), 50);
        QCOMPARE(testsupport::runCaomSync(QStringList{QStringLiteral("checksum")} + files).exitCode, 0);
        QCOMPARE(testsupport::runCaomSync(QStringList{QStringLiteral("validate")} + files.mid(0, 5)).exitCode, 0);
    }

    // --shape minimal: made on several threads and written a thousand per transaction, yet the same store as one
    // run in two parts (--first), holding what the shape says, with checksums that verify once exported.
    void generateMinimalShape()
    {
        testsupport::TestStore whole(QStringLiteral("sqlite"));
        testsupport::TestStore parts(QStringLiteral("sqlite"));
        testsupport::TestStore few(QStringLiteral("sqlite"));
        const auto generate = [](const testsupport::TestStore &store, const QString &first, const QString &count) {
            return testsupport::runCaomSync({QStringLiteral("generate"), QStringLiteral("--store"), store.argument(),
                                             QStringLiteral("--collection"), QStringLiteral("MIN"),
                                             QStringLiteral("--shape"), QStringLiteral("minimal"),
                                             QStringLiteral("--first"), first, QStringLiteral("--count"), count});
        };
        const testsupport::CliRun made = generate(whole, QStringLiteral("0"), QStringLiteral("1200"));
        QCOMPARE(made.exitCode, 0);
        QVERIFY2(made.out.contains("generated 1200 observation(s) in collection MIN"), made.out.constData());
        QCOMPARE(generate(parts, QStringLiteral("0"), QStringLiteral("500")).exitCode, 0);
        QCOMPARE(generate(parts, QStringLiteral("500"), QStringLiteral("700")).exitCode, 0);
        const testsupport::CliRun a = testsupport::runCaomSync(
            {QStringLiteral("ls"), QStringLiteral("--store"), whole.argument(), QStringLiteral("MIN")});
        const testsupport::CliRun b = testsupport::runCaomSync(
            {QStringLiteral("ls"), QStringLiteral("--store"), parts.argument(), QStringLiteral("MIN")});
        QCOMPARE(a.out.count('\n'), 1200);
        QCOMPARE(a.out, b.out);

        QCOMPARE(generate(few, QStringLiteral("0"), QStringLiteral("20")).exitCode, 0);
        QTemporaryDir out;
        const QStringList files = exportedFiles(few.argument(), QStringLiteral("MIN"), out.path());
        QCOMPARE(files.size(), 20);
        QCOMPARE(testsupport::runCaomSync(QStringList{QStringLiteral("checksum")} + files).exitCode, 0);
        QCOMPARE(testsupport::runCaomSync(QStringList{QStringLiteral("validate")} + files.mid(0, 5)).exitCode, 0);
        QFile document(files.first());
        QVERIFY(document.open(QIODevice::ReadOnly));
        const QByteArray xml = document.readAll();
        QCOMPARE(xml.count("<caom2:plane "), 1);
        QCOMPARE(xml.count("<caom2:artifact "), 1);
        QCOMPARE(xml.count("<caom2:part "), 0);
    }

    void generateRefusesAnUnknownShape()
    {
        testsupport::TestStore store(QStringLiteral("sqlite"));
        const testsupport::CliRun run =
            testsupport::runCaomSync({QStringLiteral("generate"), QStringLiteral("--store"), store.argument(),
                                      QStringLiteral("--collection"), QStringLiteral("MIN"), QStringLiteral("--count"),
                                      QStringLiteral("5"), QStringLiteral("--shape"), QStringLiteral("tiny")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("--shape is 'hst' or 'minimal', not 'tiny'"), run.err.constData());
    }

    void badStoreUrlIsExplained()
    {
        const testsupport::CliRun run =
            testsupport::runCaomSync({QStringLiteral("ls"), QStringLiteral("--store"), QStringLiteral("mysql://db/x")});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("unsupported store URL"));
        const testsupport::CliRun refused =
            testsupport::runCaomSync({QStringLiteral("ls"), QStringLiteral("--store"),
                                      QStringLiteral("postgresql://someone:secret-pw@127.0.0.1:1/nothing")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY(!refused.err.contains("secret-pw")); // a password never reaches a message
        QVERIFY2(refused.err.contains("postgresql://someone:***@127.0.0.1:1/nothing"), refused.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliStore)
#include "tst_cli_store.moc"
