// Partner sources beyond the basics tst_settings covers: the endpoint, TLS and tuning details are checked
// before anything is saved, survive the settings file, fall back to safe defaults when unreadable, and a
// change that would restart harvests is described before it is made (scenario 48).
#include "common/partner_source.h"
#include "common/settings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using mirror::CredentialKind;
using mirror::EndpointKind;
using mirror::PartnerSource;

namespace {

PartnerSource esdc()
{
    PartnerSource source;
    source.name = QStringLiteral("ESDC");
    source.endpointKind = EndpointKind::Capabilities;
    source.endpoint = QStringLiteral("https://esdc.example.esa.int/caom2/capabilities");
    source.collections = {QStringLiteral("HST"), QStringLiteral("JWST")};
    return source;
}

} // namespace

class TestPartnerSource : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void defaultsAreTheDocumentedOnes()
    {
        const PartnerSource source;
        QCOMPARE(source.caomVersion, 24);
        QVERIFY(source.verifyTls);
        QCOMPARE(source.lagSeconds, 300);
        QCOMPARE(source.lookbackSeconds, 120);
        QCOMPARE(source.pageSize, 10000);
        QCOMPARE(source.batchSize, 100);
        QCOMPARE(source.threads, 4);
        QCOMPARE(source.connectTimeoutSeconds, 10);
        QCOMPARE(source.requestTimeoutSeconds, 300);
        QVERIFY(mirror::validate(esdc()));
    }

    void extrasValidated_data()
    {
        QTest::addColumn<PartnerSource>("source");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("field"); // what the message must name when refused

        const auto with = [](auto change) {
            PartnerSource source = esdc();
            change(source);
            return source;
        };
        QTest::newRow("ca file absolute")
            << with([](PartnerSource &s) { s.caFile = QStringLiteral("/etc/ssl/a.pem"); }) << true << QString();
        QTest::newRow("ca file in home") << with([](PartnerSource &s) { s.caFile = QStringLiteral("~/ca.pem"); })
                                         << true << QString();
        QTest::newRow("ca file relative") << with([](PartnerSource &s) { s.caFile = QStringLiteral("ca.pem"); })
                                          << false << QStringLiteral("CA file");
        QTest::newRow("ca file pasted") << with([](PartnerSource &s) {
            s.caFile = QStringLiteral("-----BEGIN CERTIFICATE-----\nMIIB");
        }) << false << QStringLiteral("CA file");
        QTest::newRow("ca file two lines")
            << with([](PartnerSource &s) { s.caFile = QStringLiteral("/a.pem\n/b.pem"); }) << false
            << QStringLiteral("CA file");
        QTest::newRow("caom 23") << with([](PartnerSource &s) { s.caomVersion = 23; }) << true << QString();
        QTest::newRow("caom 22") << with([](PartnerSource &s) { s.caomVersion = 22; }) << false
                                 << QStringLiteral("CAOM version");
        QTest::newRow("registry https") << with([](PartnerSource &s) {
            s.registryUrl = QStringLiteral("https://reg.example.org/reg");
        }) << true << QString();
        QTest::newRow("registry ftp") << with([](PartnerSource &s) {
            s.registryUrl = QStringLiteral("ftp://reg.example.org/reg");
        }) << false << QStringLiteral("registry URL");
        QTest::newRow("deletions password")
            << with([](PartnerSource &s) { s.deletionsUrl = QStringLiteral("https://u:hunter2@x.example.org/del"); })
            << false << QStringLiteral("deletions URL");
        QTest::newRow("deletions no host")
            << with([](PartnerSource &s) { s.deletionsUrl = QStringLiteral("https:///d"); }) << false
            << QStringLiteral("deletions URL");
        QTest::newRow("lag negative") << with([](PartnerSource &s) { s.lagSeconds = -1; }) << false
                                      << QStringLiteral("lag");
        QTest::newRow("lag zero") << with([](PartnerSource &s) { s.lagSeconds = 0; }) << true << QString();
        QTest::newRow("page zero") << with([](PartnerSource &s) { s.pageSize = 0; }) << false
                                   << QStringLiteral("page size");
        QTest::newRow("page over cap") << with([](PartnerSource &s) { s.pageSize = 100001; }) << false
                                       << QStringLiteral("page size");
        QTest::newRow("batch zero") << with([](PartnerSource &s) { s.batchSize = 0; }) << false
                                    << QStringLiteral("batch size");
        QTest::newRow("threads 65") << with([](PartnerSource &s) { s.threads = 65; }) << false
                                    << QStringLiteral("threads");
        QTest::newRow("timeout zero") << with([](PartnerSource &s) { s.requestTimeoutSeconds = 0; }) << false
                                      << QStringLiteral("timeouts");
    }

    void extrasValidated()
    {
        QFETCH(PartnerSource, source);
        QFETCH(bool, accepted);
        QFETCH(QString, field);
        const mirror::Result<void> valid = mirror::validate(source);
        QCOMPARE(valid.ok(), accepted);
        if (!accepted) {
            const QString message = QString::fromStdString(valid.error().message);
            QVERIFY2(message.startsWith(field), qPrintable(message));
            QVERIFY2(!message.contains(QStringLiteral("hunter2")), qPrintable(message));
            QVERIFY2(!message.contains(QStringLiteral("MIIB")), qPrintable(message));
        }
    }

    void everyFieldRoundTrips()
    {
        PartnerSource source = esdc();
        source.endpointKind = EndpointKind::RegistryResource;
        source.endpoint = QStringLiteral("ivo://esa.int/esdc/caom2");
        source.registryUrl = QStringLiteral("https://registry.example.org/reg");
        source.credentialKind = CredentialKind::TokenFile;
        source.credential = QStringLiteral("/etc/caom-mirror/esdc.token");
        source.caFile = QStringLiteral("~/ca/esdc.pem");
        source.verifyTls = false;
        source.lagSeconds = 600;
        source.lookbackSeconds = 0;
        source.pageSize = 5000;
        source.batchSize = 250;
        source.threads = 8;
        source.connectTimeoutSeconds = 5;
        source.requestTimeoutSeconds = 900;
        PartnerSource base;
        base.name = QStringLiteral("LOCAL");
        base.endpoint = QStringLiteral("http://127.0.0.1:8080/obs23");
        base.deletionsUrl = QStringLiteral("http://127.0.0.1:8080/del");
        base.caomVersion = 23;
        {
            mirror::Settings settings(sharedPath(), localPath());
            QVERIFY(settings.setSources({source, base}));
            QVERIFY(settings.sync());
        }
        const std::vector<PartnerSource> read = mirror::Settings(sharedPath(), localPath()).sources();
        QCOMPARE(read.size(), std::size_t(2));
        QVERIFY(read[0] == source);
        QVERIFY(read[1] == base);
    }

    void defaultsStayOutOfTheFile()
    {
        {
            mirror::Settings settings(sharedPath(), localPath());
            QVERIFY(settings.setSources({esdc()}));
            QVERIFY(settings.sync());
        }
        const QByteArray content = sharedContent();
        for (const char *key : {"registryUrl", "deletionsUrl", "caomVersion", "caFile", "verifyTls", "lagSeconds",
                                "lookbackSeconds", "pageSize", "batchSize", "threads", "Timeout"})
            QVERIFY2(!content.contains(key), key);
    }

    // Hand-edited values that do not read as their type count as absent: TLS stays verified, the source
    // enabled, the tuning at its defaults.
    void unreadableValuesFallBackToDefaults()
    {
        writeShared("[sources]\n1\\name=X\n1\\endpointKind=base-url\n1\\endpoint=https://x.example.org/obs\n"
                    "1\\enabled=maybe\n1\\verifyTls=no\n1\\threads=many\n1\\batchSize=\n1\\caomVersion=2.4\nsize=1\n");
        const std::vector<PartnerSource> read = mirror::Settings(sharedPath(), localPath()).sources();
        QCOMPARE(read.size(), std::size_t(1));
        QVERIFY(read[0].enabled);
        QVERIFY(read[0].verifyTls);
        QCOMPARE(read[0].threads, 4);
        QCOMPARE(read[0].batchSize, 100);
        QCOMPARE(read[0].caomVersion, 24);

        writeShared("[sources]\n1\\name=X\n1\\endpointKind=base-url\n1\\endpoint=https://x.example.org/obs\n"
                    "1\\enabled=false\n1\\verifyTls=false\nsize=1\n");
        const PartnerSource off = mirror::Settings(sharedPath(), localPath()).sources().at(0);
        QVERIFY(!off.enabled);
        QVERIFY(!off.verifyTls);
    }

    void harvestStateChanges_data()
    {
        QTest::addColumn<PartnerSource>("after");
        QTest::addColumn<QStringList>("mentioned"); // one entry per expected line: a word it must contain

        const auto with = [](auto change) {
            PartnerSource source = esdc();
            change(source);
            return source;
        };
        QTest::newRow("same") << esdc() << QStringList();
        QTest::newRow("collections reordered") << with([](PartnerSource &s) {
            s.collections = {QStringLiteral("JWST"), QStringLiteral("HST")};
        }) << QStringList();
        QTest::newRow("tuning, credential, tls, registry") << with([](PartnerSource &s) {
            s.threads = 16;
            s.credentialKind = CredentialKind::TokenEnvironment;
            s.credential = QStringLiteral("ESDC_TOKEN");
            s.verifyTls = false;
            s.registryUrl = QStringLiteral("https://reg.example.org/reg");
            s.enabled = false;
        }) << QStringList();
        QTest::newRow("endpoint") << with([](PartnerSource &s) {
            s.endpoint = QStringLiteral("https://new.example.esa.int/caom2/capabilities");
            s.collections << QStringLiteral("XMM"); // subsumed: every collection starts afresh anyway
        }) << QStringList{QStringLiteral("new.example.esa.int")};
        QTest::newRow("endpoint kind") << with([](PartnerSource &s) { s.endpointKind = EndpointKind::BaseUrl; })
                                       << QStringList{QStringLiteral("base-url")};
        QTest::newRow("collection added") << with([](PartnerSource &s) { s.collections << QStringLiteral("XMM"); })
                                          << QStringList{QStringLiteral("XMM added")};
        QTest::newRow("collection renamed")
            << with([](PartnerSource &s) { s.collections[1] = QStringLiteral("jwst"); })
            << QStringList{QStringLiteral("jwst added"), QStringLiteral("JWST dropped")};
        QTest::newRow("all collections") << with([](PartnerSource &s) { s.collections.clear(); })
                                         << QStringList{QStringLiteral("HST dropped"), QStringLiteral("JWST dropped"),
                                                        QStringLiteral("every collection")};
    }

    void harvestStateChanges()
    {
        QFETCH(PartnerSource, after);
        QFETCH(QStringList, mentioned);
        const QStringList changes = mirror::harvestStateChanges(esdc(), after);
        QCOMPARE(changes.size(), mentioned.size());
        for (qsizetype i = 0; i < changes.size(); ++i)
            QVERIFY2(changes[i].contains(mentioned[i]), qPrintable(changes[i]));
    }

private:
    QString sharedPath() const { return m_dir->filePath(QStringLiteral("settings.ini")); }
    QString localPath() const { return m_dir->filePath(QStringLiteral("local.conf")); }
    QByteArray sharedContent() const
    {
        QFile file(sharedPath());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    void writeShared(const QByteArray &content) const
    {
        QFile file(sharedPath());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(content);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_GUILESS_MAIN(TestPartnerSource)
#include "tst_partnersource.moc"
