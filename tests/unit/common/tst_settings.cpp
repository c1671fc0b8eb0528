// The settings key table and the shared settings file: values round-trip with their types, partner sources
// round-trip whole, and no secret (password, token) ever reaches the file.
#include "common/partner_source.h"
#include "common/settings.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using mirror::CredentialKind;
using mirror::EndpointKind;
using mirror::PartnerSource;
using mirror::SettingKey;
using mirror::Settings;

class TestSettings : public QObject {
    Q_OBJECT

private slots:
    void init();
    void tableIsInKeyOrder();
    void defaultsWhenEmpty();
    void valuesRoundTrip();
    void wrongTypeOrChoiceRefused();
    void defaultRemovesKey();
    void sharedAndLocalKeptApart();
    void sharedPathFollowsXdg();
    void sourcesRoundTrip();
    void handEditedCollectionsRead();
    void overstatedArraySizeReadsOnlyWhatIsThere();
    void invalidSourceRefused_data();
    void invalidSourceRefused();
    void duplicateSourceNamesRefused();
    void storePasswordNeverWritten_data();
    void storePasswordNeverWritten();
    void tokenNeverWritten();
    void describeCredentialNamesNoSecret();

private:
    std::unique_ptr<Settings> open() const;
    QByteArray sharedFileContent() const;
    QString sharedPath() const { return m_dir->filePath(QStringLiteral("config/caom-mirror/settings.ini")); }
    QString localPath() const { return m_dir->filePath(QStringLiteral("local/caom-console.conf")); }
    static PartnerSource cadc();
    static PartnerSource mast();

    std::unique_ptr<QTemporaryDir> m_dir;
};

std::unique_ptr<Settings> TestSettings::open() const
{
    return std::make_unique<Settings>(sharedPath(), localPath());
}

QByteArray TestSettings::sharedFileContent() const
{
    QFile file(sharedPath());
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

PartnerSource TestSettings::cadc()
{
    PartnerSource source;
    source.name = QStringLiteral("CADC");
    source.endpointKind = EndpointKind::RegistryResource;
    source.endpoint = QStringLiteral("ivo://cadc.nrc.ca/ams/caom2");
    source.credentialKind = CredentialKind::CertificateFile;
    source.credential = QStringLiteral("~/.ssl/cadcproxy.pem");
    source.collections = {QStringLiteral("HST"), QStringLiteral("JWST")};
    source.enabled = true;
    return source;
}

PartnerSource TestSettings::mast()
{
    PartnerSource source;
    source.name = QStringLiteral("MAST");
    source.endpointKind = EndpointKind::BaseUrl;
    source.endpoint = QStringLiteral("https://mast.stsci.edu/portal/Mashup/caom2");
    source.credentialKind = CredentialKind::TokenEnvironment;
    source.credential = QStringLiteral("MAST_API_TOKEN");
    source.collections = {};
    source.enabled = false;
    return source;
}

void TestSettings::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSettings::tableIsInKeyOrder()
{
    const auto &table = mirror::settingDefinitions();
    QSet<QString> names;
    for (std::size_t i = 0; i < table.size(); ++i) {
        QCOMPARE(static_cast<std::size_t>(table[i].key), i);
        QVERIFY2(!names.contains(table[i].name), qPrintable(table[i].name));
        names.insert(table[i].name);
        QCOMPARE(table[i].defaultValue.metaType().id(), static_cast<int>(table[i].type));
    }
}

void TestSettings::defaultsWhenEmpty()
{
    const auto settings = open();
    QCOMPARE(settings->storeLocation(), QString());
    QCOMPARE(settings->value(SettingKey::OfferDemoWithoutStore).toBool(), true);
    QCOMPARE(settings->value(SettingKey::BrowserIdMatch).toString(), QStringLiteral("prefix"));
    QVERIFY(settings->sources().empty());
    QVERIFY(settings->sync());
    // Nothing chosen, nothing written: the file is not created by merely reading defaults.
    QVERIFY(!QFile::exists(sharedPath()));
}

void TestSettings::valuesRoundTrip()
{
    {
        const auto settings = open();
        QVERIFY(settings->setStoreLocation(QStringLiteral("/srv/mirror/hst.sqlite")));
        QVERIFY(settings->setValue(SettingKey::OfferDemoWithoutStore, false));
        QVERIFY(settings->setValue(SettingKey::BrowserIdMatch, QStringLiteral("contains")));
        QVERIFY(settings->setValue(SettingKey::MainWindowGeometry, QByteArray("\x01\x02geometry", 10)));
        QVERIFY(settings->setValue(SettingKey::MainWindowTab, 3));
        QVERIFY(settings->sync());
    }
    QVERIFY(QFile::exists(sharedPath()));
    const auto settings = open();
    QCOMPARE(settings->storeLocation(), QStringLiteral("/srv/mirror/hst.sqlite"));
    QCOMPARE(settings->value(SettingKey::OfferDemoWithoutStore), QVariant(false));
    QCOMPARE(settings->value(SettingKey::BrowserIdMatch), QVariant(QStringLiteral("contains")));
    QCOMPARE(settings->value(SettingKey::MainWindowGeometry), QVariant(QByteArray("\x01\x02geometry", 10)));
    QCOMPARE(settings->value(SettingKey::MainWindowTab), QVariant(3));
}

void TestSettings::wrongTypeOrChoiceRefused()
{
    const auto settings = open();
    QVERIFY(!settings->setValue(SettingKey::BrowserIdMatch, QStringLiteral("regex")));
    QVERIFY(!settings->setValue(SettingKey::MainWindowTab, QStringLiteral("three")));
    QCOMPARE(settings->value(SettingKey::BrowserIdMatch).toString(), QStringLiteral("prefix"));

    // A hand-edited file with nonsense reads as the default rather than as a surprise.
    QDir().mkpath(QFileInfo(sharedPath()).absolutePath());
    QFile file(sharedPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[browser]\nobservationIdMatch=regex\n[console]\nofferDemoWithoutStore=perhaps\n");
    file.close();
    const auto edited = open();
    QCOMPARE(edited->value(SettingKey::BrowserIdMatch).toString(), QStringLiteral("prefix"));
    QCOMPARE(edited->value(SettingKey::OfferDemoWithoutStore).toBool(), true);
}

void TestSettings::defaultRemovesKey()
{
    {
        const auto settings = open();
        QVERIFY(settings->setValue(SettingKey::BrowserIdMatch, QStringLiteral("contains")));
        QVERIFY(settings->sync());
    }
    QVERIFY(sharedFileContent().contains("observationIdMatch"));
    {
        const auto settings = open();
        QVERIFY(settings->setValue(SettingKey::BrowserIdMatch, QStringLiteral("prefix")));
        QVERIFY(settings->sync());
    }
    QVERIFY(!sharedFileContent().contains("observationIdMatch"));
}

void TestSettings::sharedAndLocalKeptApart()
{
    {
        const auto settings = open();
        QVERIFY(settings->setStoreLocation(QStringLiteral("/data/store.sqlite")));
        QVERIFY(settings->setValue(SettingKey::MainWindowState, QByteArray("dock layout")));
        QVERIFY(settings->sync());
    }
    QVERIFY(sharedFileContent().contains("/data/store.sqlite"));
    QVERIFY(!sharedFileContent().contains("mainWindow"));
    QFile local(localPath());
    QVERIFY(local.open(QIODevice::ReadOnly));
    const QByteArray localContent = local.readAll();
    QVERIFY(localContent.contains("mainWindow"));
    QVERIFY(!localContent.contains("store"));
}

void TestSettings::sharedPathFollowsXdg()
{
    const QByteArray saved = qgetenv("XDG_CONFIG_HOME");
    qputenv("XDG_CONFIG_HOME", "/tmp/xdg-test-config");
    QCOMPARE(Settings::sharedSettingsPath(), QStringLiteral("/tmp/xdg-test-config/caom-mirror/settings.ini"));
    qputenv("XDG_CONFIG_HOME", "relative/ignored");
    QCOMPARE(Settings::sharedSettingsPath(), QDir::homePath() + QStringLiteral("/.config/caom-mirror/settings.ini"));
    qunsetenv("XDG_CONFIG_HOME");
    QCOMPARE(Settings::sharedSettingsPath(), QDir::homePath() + QStringLiteral("/.config/caom-mirror/settings.ini"));
    if (!saved.isEmpty())
        qputenv("XDG_CONFIG_HOME", saved);
}

void TestSettings::sourcesRoundTrip()
{
    PartnerSource esdc;
    esdc.name = QStringLiteral("ESDC");
    esdc.endpointKind = EndpointKind::Capabilities;
    esdc.endpoint = QStringLiteral("https://esdc.example.esa.int/caom2/capabilities");
    esdc.credentialKind = CredentialKind::TokenFile;
    esdc.credential = QStringLiteral("/etc/caom-mirror/esdc.token");
    esdc.collections = {QStringLiteral("JWST")};
    const std::vector<PartnerSource> written = {mast(), cadc(), esdc};
    {
        const auto settings = open();
        QVERIFY(settings->setSources(written));
        QVERIFY(settings->sync());
    }
    const auto settings = open();
    const std::vector<PartnerSource> read = settings->sources();
    QCOMPARE(read.size(), written.size());
    for (std::size_t i = 0; i < read.size(); ++i) {
        QCOMPARE(read[i].name, written[i].name);
        QCOMPARE(read[i].endpointKind, written[i].endpointKind);
        QCOMPARE(read[i].endpoint, written[i].endpoint);
        QCOMPARE(read[i].credentialKind, written[i].credentialKind);
        QCOMPARE(read[i].credential, written[i].credential);
        QCOMPARE(read[i].collections, written[i].collections);
        QCOMPARE(read[i].enabled, written[i].enabled);
        QVERIFY(read[i] == written[i]);
    }

    // Replacing the list leaves no trace of the longer one.
    QVERIFY(settings->setSources({cadc()}));
    QVERIFY(settings->sync());
    QCOMPARE(open()->sources().size(), std::size_t(1));
    QVERIFY(!sharedFileContent().contains("ESDC"));
}

void TestSettings::handEditedCollectionsRead()
{
    QDir().mkpath(QFileInfo(sharedPath()).absolutePath());
    QFile file(sharedPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[sources]\n1\\name=CADC\n1\\endpointKind=registry\n1\\endpoint=ivo://cadc.nrc.ca/ams/caom2\n"
               "1\\collections=HST, JWST\nsize=1\n");
    file.close();
    const auto sources = open()->sources();
    QCOMPARE(sources.size(), std::size_t(1));
    QCOMPARE(sources[0].collections, (QStringList{QStringLiteral("HST"), QStringLiteral("JWST")}));
    QCOMPARE(sources[0].credentialKind, CredentialKind::None);
    QVERIFY(sources[0].enabled); // absent means enabled
}

// A hand-edited file whose arrays claim two billion entries (found by fuzz_settings): reading it used to walk
// every claimed entry, freezing both programs at start. Only the entries the file holds are read.
void TestSettings::overstatedArraySizeReadsOnlyWhatIsThere()
{
    QDir().mkpath(QFileInfo(sharedPath()).absolutePath());
    QFile file(sharedPath());
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[sources]\n1\\name=CADC\n1\\endpointKind=registry\n1\\endpoint=ivo://cadc.nrc.ca/ams/caom2\n"
               "size=2000000000\n\n[schedules]\n1\\source=CADC\n1\\everyMinutes=15\nsize=2000000000\n");
    file.close();
    const auto settings = open();
    const auto sources = settings->sources();
    QCOMPARE(sources.size(), std::size_t(1));
    QCOMPARE(sources[0].name, QStringLiteral("CADC"));
    const auto schedules = settings->schedules();
    QCOMPARE(schedules.size(), std::size_t(1));
    QCOMPARE(schedules[0].everyMinutes, 15);
}

void TestSettings::invalidSourceRefused_data()
{
    QTest::addColumn<PartnerSource>("source");
    QTest::addColumn<QString>("field");

    PartnerSource s = cadc();
    s.name.clear();
    QTest::newRow("no name") << s << QStringLiteral("name");
    s = cadc();
    s.name = QStringLiteral("CADC mirror/2");
    QTest::newRow("name with slash") << s << QStringLiteral("name");
    s = cadc();
    s.endpoint = QStringLiteral("https://cadc.example/ams");
    QTest::newRow("registry kind, https URL") << s << QStringLiteral("endpoint");
    s = mast();
    s.endpoint = QStringLiteral("https://operator:hunter2@mast.example/caom2");
    QTest::newRow("password in URL") << s << QStringLiteral("endpoint");
    s = mast();
    s.endpoint = QStringLiteral("not a url");
    QTest::newRow("not a URL") << s << QStringLiteral("endpoint");
    s = mast();
    s.credential = QStringLiteral("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcGVyYXRvciJ9.c2lnbmF0dXJl");
    QTest::newRow("token pasted as variable") << s << QStringLiteral("credential");
    s = cadc();
    s.credential = QStringLiteral("-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----");
    QTest::newRow("PEM pasted as path") << s << QStringLiteral("credential");
    s = cadc();
    s.credential = QStringLiteral("cadcproxy.pem");
    QTest::newRow("relative path") << s << QStringLiteral("credential");
    s = cadc();
    s.credentialKind = CredentialKind::None;
    QTest::newRow("anonymous with a file") << s << QStringLiteral("credential");
    s = cadc();
    s.collections = {QStringLiteral("HST JWST")};
    QTest::newRow("collection with space") << s << QStringLiteral("collections");
}

void TestSettings::invalidSourceRefused()
{
    QFETCH(PartnerSource, source);
    QFETCH(QString, field);
    const auto valid = mirror::validate(source);
    QVERIFY(!valid);
    QVERIFY2(QString::fromStdString(valid.error().message).startsWith(field + QLatin1Char(':')),
             valid.error().message.c_str());

    const auto settings = open();
    QVERIFY(settings->setSources({mast()}));
    QVERIFY(!settings->setSources({cadc(), source}));
    QVERIFY(settings->sync());
    // Nothing of a refused list is written: the earlier list stands.
    const auto read = open()->sources();
    QCOMPARE(read.size(), std::size_t(1));
    QCOMPARE(read[0].name, QStringLiteral("MAST"));
    QVERIFY(!sharedFileContent().contains("hunter2"));
    QVERIFY(!sharedFileContent().contains("eyJhbGciOi"));
    QVERIFY(!sharedFileContent().contains("BEGIN CERTIFICATE"));
}

void TestSettings::duplicateSourceNamesRefused()
{
    PartnerSource again = mast();
    again.name = QStringLiteral("cadc");
    const auto settings = open();
    QVERIFY(!settings->setSources({cadc(), again}));
}

void TestSettings::storePasswordNeverWritten_data()
{
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("stored");
    QTest::newRow("user and password") << QStringLiteral("postgresql://mirror:hunter2@db.example:5433/caom")
                                       << QStringLiteral("postgresql://mirror@db.example:5433/caom");
    QTest::newRow("postgres scheme") << QStringLiteral("postgres://mirror:hunter2@db.example/caom")
                                     << QStringLiteral("postgres://mirror@db.example/caom");
    QTest::newRow("password option") << QStringLiteral("postgresql://mirror@db/caom?sslmode=require&password=hunter2")
                                     << QStringLiteral("postgresql://mirror@db/caom?sslmode=require");
    QTest::newRow("malformed URL") << QStringLiteral("postgresql://mirror:hunter2@db example/caom")
                                   << QStringLiteral("postgresql://mirror@db example/caom");
    QTest::newRow("no password") << QStringLiteral("postgresql://mirror@db/caom")
                                 << QStringLiteral("postgresql://mirror@db/caom");
    QTest::newRow("sqlite path with colon and at")
        << QStringLiteral("/data/a:b@c.sqlite") << QStringLiteral("/data/a:b@c.sqlite");
}

void TestSettings::storePasswordNeverWritten()
{
    QFETCH(QString, given);
    QFETCH(QString, stored);
    {
        const auto settings = open();
        QVERIFY(settings->setStoreLocation(given));
        QVERIFY(settings->sync());
    }
    QCOMPARE(open()->storeLocation(), stored);
    QVERIFY(!sharedFileContent().contains("hunter2"));
}

void TestSettings::tokenNeverWritten()
{
    // The variable's value exists in the environment while the source is saved; only its name is written.
    qputenv("MAST_API_TOKEN", "tok-5f3a9c1e-secret-value");
    {
        const auto settings = open();
        QVERIFY(settings->setSources({mast(), cadc()}));
        QVERIFY(settings->sync());
    }
    const QByteArray content = sharedFileContent();
    QVERIFY(content.contains("MAST_API_TOKEN"));
    QVERIFY(!content.contains("tok-5f3a9c1e"));
    QVERIFY(!QFile(localPath()).exists() || !QFile(localPath()).readAll().contains("tok-5f3a9c1e"));
    qunsetenv("MAST_API_TOKEN");
}

void TestSettings::describeCredentialNamesNoSecret()
{
    qputenv("MAST_API_TOKEN", "tok-5f3a9c1e-secret-value");
    const QString described = mirror::describeCredential(mast());
    QVERIFY2(described.contains(QStringLiteral("MAST_API_TOKEN")), qPrintable(described));
    QVERIFY(described.contains(QStringLiteral("(set)")));
    QVERIFY(!described.contains(QStringLiteral("tok-5f3a9c1e")));
    qunsetenv("MAST_API_TOKEN");
    QVERIFY(mirror::describeCredential(mast()).contains(QStringLiteral("not set")));
    QVERIFY(mirror::describeCredential(cadc()).contains(QStringLiteral("missing"))
            || mirror::describeCredential(cadc()).contains(QStringLiteral("present")));
}

QTEST_GUILESS_MAIN(TestSettings)
#include "tst_settings.moc"
