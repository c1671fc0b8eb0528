// Moving from the reference tools: Java properties read as Java reads them, and icewind.properties files and
// caom2harvester command lines turned into a partner source, with what has no counterpart listed and the
// database password never carried anywhere.
#include "common/icewind_import.h"
#include "common/java_properties.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace mirror;

namespace {

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(content);
    return path;
}

const QByteArray password = "pw-Zq81-not-for-logs";

} // namespace

class TestIcewindImport : public QObject {
    Q_OBJECT

private slots:
    void propertiesSyntax()
    {
        const auto entries = parseJavaProperties(QStringLiteral("# comment\n"
                                                                "! another\n"
                                                                "   \n"
                                                                "a=1\n"
                                                                "b : two words \n"
                                                                "c three\n"
                                                                "long = first, \\\n"
                                                                "       second\n"
                                                                "esc\\=key=tab\\there \\u00e9\n"
                                                                "a=again\r\n"
                                                                "empty=\n"));
        QCOMPARE(entries.size(), std::size_t(7));
        QCOMPARE(entries[0].key, QStringLiteral("a"));
        QCOMPARE(entries[0].value, QStringLiteral("1"));
        QCOMPARE(entries[0].line, 4);
        QCOMPARE(entries[1].key, QStringLiteral("b"));
        QCOMPARE(entries[1].value, QStringLiteral("two words ")); // trailing blanks belong to the value
        QCOMPARE(entries[2].key, QStringLiteral("c"));
        QCOMPARE(entries[2].value, QStringLiteral("three"));
        QCOMPARE(entries[3].value, QStringLiteral("first, second")); // continued, leading blanks dropped
        QCOMPARE(entries[3].line, 7);
        QCOMPARE(entries[4].key, QStringLiteral("esc=key"));
        QCOMPARE(entries[4].value, QString(QStringLiteral("tab\there ") + QChar(0xe9)));
        QCOMPARE(entries[5].value, QStringLiteral("again")); // repeated keys are all kept
        QCOMPARE(entries[6].value, QString());
    }

    void icewindProperties()
    {
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("icewind.properties"),
                                   "org.opencadc.icewind.repoService = ivo://cadc.nrc.ca/ams\n"
                                   "org.opencadc.icewind.collection=HST\n"
                                   "org.opencadc.icewind.collection=JWST\n"
                                   "org.opencadc.icewind.maxIdle=600\n"
                                   "org.opencadc.icewind.caom.url=jdbc:postgresql://db.example.org/mirror\n"
                                   "org.opencadc.icewind.caom.username=caomadm\n"
                                   "org.opencadc.icewind.caom.password="
                                       + password
                                       + "\n"
                                         "org.opencadc.icewind.basePublisherID=ivo://example.org/\n"
                                         "org.opencadc.icewind.frobnicate=1\n"
                                         "some.other.key=x\n");
        write(dir, QStringLiteral("cadcproxy.pem"), "-----BEGIN CERTIFICATE-----\n");
        auto imported = importIcewind(path);
        QVERIFY2(imported, imported ? "" : imported.error().message.c_str());
        const PartnerSource &source = imported->source;
        QCOMPARE(source.name, QStringLiteral("CADC"));
        QCOMPARE(source.endpointKind, EndpointKind::RegistryResource);
        QCOMPARE(source.endpoint, QStringLiteral("ivo://cadc.nrc.ca/ams"));
        QCOMPARE(source.collections, QStringList({QStringLiteral("HST"), QStringLiteral("JWST")}));
        QCOMPARE(source.credentialKind, CredentialKind::CertificateFile);
        QCOMPARE(source.credential, dir.filePath(QStringLiteral("cadcproxy.pem")));
        QVERIFY(validate(source));

        const QString notCarried = imported->notCarriedOver.join(QLatin1Char('\n'));
        QVERIFY2(notCarried.contains(QStringLiteral("--store postgresql://caomadm@db.example.org/mirror")),
                 qPrintable(notCarried));
        QVERIFY2(notCarried.contains(QStringLiteral("caom-sync-harvest@CADC.timer")), qPrintable(notCarried));
        QVERIFY(notCarried.contains(QStringLiteral("basePublisherID")));
        QVERIFY(notCarried.contains(QStringLiteral("org.opencadc.icewind.frobnicate (line 9)")));
        QVERIFY(notCarried.contains(QStringLiteral("some.other.key (line 10)")));
        QVERIFY(notCarried.contains(QStringLiteral("password was not copied")));
        // The password is nowhere in what the import produced.
        const QString everything =
            notCarried + imported->carriedOver.join(QLatin1Char('\n')) + source.endpoint + source.credential;
        QVERIFY(!everything.contains(QString::fromLatin1(password)));
    }

    void endpointKindsAndNames_data()
    {
        QTest::addColumn<QByteArray>("service");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::newRow("registry") << QByteArray("ivo://mast.stsci.edu/caom2repo") << int(EndpointKind::RegistryResource)
                                  << QStringLiteral("MAST");
        QTest::newRow("capabilities") << QByteArray("https://ws.esdc.esa.int/caom2/capabilities")
                                      << int(EndpointKind::Capabilities) << QStringLiteral("ESDC");
        QTest::newRow("base url") << QByteArray("https://www.example.org/repo") << int(EndpointKind::BaseUrl)
                                  << QStringLiteral("EXAMPLE");
    }

    void endpointKindsAndNames()
    {
        QFETCH(QByteArray, service);
        QFETCH(int, kind);
        QFETCH(QString, name);
        QTemporaryDir dir;
        const QString path =
            write(dir, QStringLiteral("icewind.properties"), "org.opencadc.icewind.repoService=" + service + "\n");
        auto imported = importIcewind(path);
        QVERIFY(imported);
        QCOMPARE(int(imported->source.endpointKind), kind);
        QCOMPARE(imported->source.name, name);
        QCOMPARE(imported->source.credentialKind, CredentialKind::None); // no cadcproxy.pem beside it
        // A name given wins.
        QCOMPARE(importIcewind(path, QStringLiteral("Mine"))->source.name, QStringLiteral("Mine"));
    }

    void olderHarvesterCommandLine()
    {
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("harvest.sh"),
                                   "java -jar caom2harvester.jar --resourceID=ivo://cadc.nrc.ca/ams \\\n"
                                   "  --collection=IRIS --threads=8 --batchSize=50 "
                                   "--destination=pg.example.org.cadc.caom2 --full\n");
        auto imported = importIcewind(path);
        QVERIFY2(imported, imported ? "" : imported.error().message.c_str());
        QCOMPARE(imported->source.endpoint, QStringLiteral("ivo://cadc.nrc.ca/ams"));
        QCOMPARE(imported->source.collections, QStringList{QStringLiteral("IRIS")});
        QCOMPARE(imported->source.threads, 8);
        QCOMPARE(imported->source.batchSize, 50);
        const QString notCarried = imported->notCarriedOver.join(QLatin1Char('\n'));
        QVERIFY2(notCarried.contains(QStringLiteral("--destination=pg.example.org.cadc.caom2")),
                 qPrintable(notCarried));
        QVERIFY(notCarried.contains(QStringLiteral("--full")));
    }

    void unusableFilesAreNamed()
    {
        QTemporaryDir dir;
        const QString missing = dir.filePath(QStringLiteral("nowhere.properties"));
        auto unreadable = importIcewind(missing);
        QVERIFY(!unreadable);
        QVERIFY(QString::fromStdString(unreadable.error().message).contains(QDir::toNativeSeparators(missing)));

        const QString noService =
            write(dir, QStringLiteral("icewind.properties"), "org.opencadc.icewind.collection=HST\n");
        auto refused = importIcewind(noService);
        QVERIFY(!refused);
        QVERIFY(QString::fromStdString(refused.error().message).contains(QStringLiteral("repoService")));

        const QString prose = write(dir, QStringLiteral("notes.txt"), "just some notes\n");
        QVERIFY(!importIcewind(prose));
    }
};

QTEST_APPLESS_MAIN(TestIcewindImport)
#include "tst_icewindimport.moc"
