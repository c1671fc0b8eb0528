// caom-sync diff, convert and validate as scripts use them: exit codes, JSON, files that validate.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(QStringLiteral(MIRROR_TEST_DATA_DIR));
    process.start(program, arguments);
    if (!process.waitForFinished(60000))
        return {};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
            process.readAllStandardError()};
}

Run caomSync(const QStringList &arguments)
{
    return run(QStringLiteral(MIRROR_CAOM_SYNC), arguments);
}

} // namespace

class TestCliTools : public QObject {
    Q_OBJECT

private slots:
    void diffExitCodesAndJson()
    {
        QCOMPARE(caomSync({QStringLiteral("diff"), QStringLiteral("SampleSimple-CAOM-2.3.xml"),
                           QStringLiteral("SampleSimple-CAOM-2.3.xml")})
                     .exitCode,
                 0);
        // The two reference test documents differ in ids, times and some values (read off the files).
        const Run different =
            caomSync({QStringLiteral("diff"), QStringLiteral("--json"), QStringLiteral("diff-expected-CAOM-2.3.xml"),
                      QStringLiteral("diff-actual-CAOM-2.3.xml")});
        QCOMPARE(different.exitCode, 1);
        const QJsonArray differences = QJsonDocument::fromJson(different.out).array();
        QVERIFY(differences.size() > 0);
        bool sawObservationId = false;
        for (const QJsonValue &value : differences) {
            const QJsonObject d = value.toObject();
            QVERIFY(d.contains(QStringLiteral("path")) && d.contains(QStringLiteral("left"))
                    && d.contains(QStringLiteral("right")));
            if (d.value(QStringLiteral("path")).toString() == QStringLiteral("id")) {
                sawObservationId = true;
                QCOMPARE(d.value(QStringLiteral("left")).toString(),
                         QStringLiteral("5dac72fb-6e17-494c-aada-5692711dc742"));
                QCOMPARE(d.value(QStringLiteral("right")).toString(),
                         QStringLiteral("3017e512-d790-4f36-9447-6c5fe2cfc75b"));
            }
        }
        QVERIFY(sawObservationId);
        // --state-only leaves out ids, times and stored checksums.
        const Run stateOnly =
            caomSync({QStringLiteral("diff"), QStringLiteral("--json"), QStringLiteral("--state-only"),
                      QStringLiteral("diff-expected-CAOM-2.3.xml"), QStringLiteral("diff-actual-CAOM-2.3.xml")});
        const QJsonArray stateDifferences = QJsonDocument::fromJson(stateOnly.out).array();
        QVERIFY(stateDifferences.size() < differences.size());
        for (const QJsonValue &value : stateDifferences)
            QVERIFY(
                !value.toObject().value(QStringLiteral("path")).toString().endsWith(QStringLiteral("lastModified")));
        QCOMPARE(
            caomSync({QStringLiteral("diff"), QStringLiteral("SampleSimple-CAOM-2.3.xml"), QStringLiteral("nope.xml")})
                .exitCode,
            2);
        QCOMPARE(caomSync({QStringLiteral("diff"), QStringLiteral("SampleSimple-CAOM-2.3.xml")}).exitCode, 2);
    }

    void convertWritesValidDocuments()
    {
        QTemporaryDir dir;
        const QString to24 = dir.filePath(QStringLiteral("from22.xml"));
        const Run up = caomSync({QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("2.4"),
                                 QStringLiteral("CompleteCompositeCircle-CAOM-2.2.xml"), to24});
        QVERIFY2(up.exitCode == 0, up.err.constData());
        const Run valid24 =
            run(QStringLiteral("xmllint"),
                {QStringLiteral("--noout"), QStringLiteral("--schema"), QStringLiteral("xsd/CAOM-2.4.xsd"), to24});
        QVERIFY2(valid24.exitCode == 0, valid24.err.constData());

        const QString to23 = dir.filePath(QStringLiteral("down.xml"));
        const Run down = caomSync({QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("2.3"),
                                   QStringLiteral("sample-derived-caom24.xml"), to23});
        QCOMPARE(down.exitCode, 1); // values 2.3 cannot hold were dropped, and named
        QVERIFY(down.err.contains("dropped planes[productID=productID0].observable (not in CAOM 2.3)"));
        const Run valid23 =
            run(QStringLiteral("xmllint"),
                {QStringLiteral("--noout"), QStringLiteral("--schema"), QStringLiteral("xsd/CAOM-2.3.xsd"), to23});
        QVERIFY2(valid23.exitCode == 0, valid23.err.constData());
        // The converted document's stored checksums were recomputed for what it now holds: they verify.
        QCOMPARE(caomSync({QStringLiteral("checksum"), to23}).exitCode, 0);
        // A document already expressible in 2.3 converts without loss, checksums unchanged.
        const QString same = dir.filePath(QStringLiteral("same.xml"));
        QCOMPARE(caomSync({QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("2.3"),
                           QStringLiteral("SampleSimple-CAOM-2.3.xml"), same})
                     .exitCode,
                 0);
        QCOMPARE(caomSync({QStringLiteral("diff"), QStringLiteral("SampleSimple-CAOM-2.3.xml"), same}).exitCode, 0);
        QCOMPARE(caomSync({QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("3.0"),
                           QStringLiteral("SampleSimple-CAOM-2.3.xml"), same})
                     .exitCode,
                 2);
    }

    void validateExitCodes()
    {
        QCOMPARE(caomSync({QStringLiteral("validate"), QStringLiteral("sample-derived-caom24.xml"),
                           QStringLiteral("SampleSimple-CAOM-2.3.xml")})
                     .exitCode,
                 0);
        // 16 chunks of this reference sample put observableAxis and positionAxis1 on the same axis.
        const Run invalid = caomSync({QStringLiteral("validate"), QStringLiteral("sample-composite-caom23.xml")});
        QCOMPARE(invalid.exitCode, 1);
        QVERIFY(invalid.out.contains("16 problem(s)"));
        QVERIFY(invalid.out.contains("axis 1 is used by both positionAxis1 and observableAxis"));
        QCOMPARE(caomSync({QStringLiteral("validate"), QStringLiteral("missing.xml")}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliTools)
#include "tst_cli_tools.moc"
