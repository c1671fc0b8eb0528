// caom-sync diff, convert and validate as scripts use them: exit codes, JSON, files that validate.
#include "cli_runner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

class TestCliTools : public QObject {
    Q_OBJECT

private slots:
    void diffExitCodesAndJson()
    {
        QCOMPARE(testsupport::runCaomSync({QStringLiteral("diff"), QStringLiteral("SampleSimple-CAOM-2.3.xml"),
                                           QStringLiteral("SampleSimple-CAOM-2.3.xml")})
                     .exitCode,
                 0);
        // The two reference test documents differ in ids, times and some values (read off the files).
        const testsupport::CliRun different = testsupport::runCaomSync(
            {QStringLiteral("diff"), QStringLiteral("--json"), QStringLiteral("diff-expected-CAOM-2.3.xml"),
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
        const testsupport::CliRun stateOnly = testsupport::runCaomSync(
            {QStringLiteral("diff"), QStringLiteral("--json"), QStringLiteral("--state-only"),
             QStringLiteral("diff-expected-CAOM-2.3.xml"), QStringLiteral("diff-actual-CAOM-2.3.xml")});
        const QJsonArray stateDifferences = QJsonDocument::fromJson(stateOnly.out).array();
        QVERIFY(stateDifferences.size() < differences.size());
        for (const QJsonValue &value : stateDifferences)
            QVERIFY(
                !value.toObject().value(QStringLiteral("path")).toString().endsWith(QStringLiteral("lastModified")));
        QCOMPARE(testsupport::runCaomSync(
                     {QStringLiteral("diff"), QStringLiteral("SampleSimple-CAOM-2.3.xml"), QStringLiteral("nope.xml")})
                     .exitCode,
                 2);
        QCOMPARE(
            testsupport::runCaomSync({QStringLiteral("diff"), QStringLiteral("SampleSimple-CAOM-2.3.xml")}).exitCode,
            2);
    }

    void convertWritesValidDocuments()
    {
        QTemporaryDir dir;
        const QString to24 = dir.filePath(QStringLiteral("from22.xml"));
        const testsupport::CliRun up =
            testsupport::runCaomSync({QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("2.4"),
                                      QStringLiteral("CompleteCompositeCircle-CAOM-2.2.xml"), to24});
        QVERIFY2(up.exitCode == 0, up.err.constData());
        const testsupport::CliRun valid24 = testsupport::runProgram(
            QStringLiteral("xmllint"),
            {QStringLiteral("--noout"), QStringLiteral("--schema"), QStringLiteral("xsd/CAOM-2.4.xsd"), to24});
        QVERIFY2(valid24.exitCode == 0, valid24.err.constData());

        const QString to23 = dir.filePath(QStringLiteral("down.xml"));
        const testsupport::CliRun down =
            testsupport::runCaomSync({QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("2.3"),
                                      QStringLiteral("sample-derived-caom24.xml"), to23});
        QCOMPARE(down.exitCode, 1); // values 2.3 cannot hold were dropped, and named
        QVERIFY(down.err.contains("dropped planes[productID=productID0].observable (not in CAOM 2.3)"));
        const testsupport::CliRun valid23 = testsupport::runProgram(
            QStringLiteral("xmllint"),
            {QStringLiteral("--noout"), QStringLiteral("--schema"), QStringLiteral("xsd/CAOM-2.3.xsd"), to23});
        QVERIFY2(valid23.exitCode == 0, valid23.err.constData());
        // The converted document's stored checksums were recomputed for what it now holds: they verify.
        QCOMPARE(testsupport::runCaomSync({QStringLiteral("checksum"), to23}).exitCode, 0);
        // A document already expressible in 2.3 converts without loss, checksums unchanged.
        const QString same = dir.filePath(QStringLiteral("same.xml"));
        QCOMPARE(testsupport::runCaomSync({QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("2.3"),
                                           QStringLiteral("SampleSimple-CAOM-2.3.xml"), same})
                     .exitCode,
                 0);
        QCOMPARE(testsupport::runCaomSync({QStringLiteral("diff"), QStringLiteral("SampleSimple-CAOM-2.3.xml"), same})
                     .exitCode,
                 0);
        QCOMPARE(testsupport::runCaomSync({QStringLiteral("convert"), QStringLiteral("--to"), QStringLiteral("3.0"),
                                           QStringLiteral("SampleSimple-CAOM-2.3.xml"), same})
                     .exitCode,
                 2);
    }

    void validateExitCodes()
    {
        QCOMPARE(testsupport::runCaomSync({QStringLiteral("validate"), QStringLiteral("sample-derived-caom24.xml"),
                                           QStringLiteral("SampleSimple-CAOM-2.3.xml")})
                     .exitCode,
                 0);
        // 16 chunks of this reference sample put observableAxis and positionAxis1 on the same axis.
        const testsupport::CliRun invalid =
            testsupport::runCaomSync({QStringLiteral("validate"), QStringLiteral("sample-composite-caom23.xml")});
        QCOMPARE(invalid.exitCode, 1);
        QVERIFY(invalid.out.contains("16 problem(s)"));
        QVERIFY(invalid.out.contains("axis 1 is used by both positionAxis1 and observableAxis"));
        QCOMPARE(testsupport::runCaomSync({QStringLiteral("validate"), QStringLiteral("missing.xml")}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestCliTools)
#include "tst_cli_tools.moc"
