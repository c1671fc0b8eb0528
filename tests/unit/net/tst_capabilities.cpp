// Choosing endpoints from VOSI capabilities (spec caom2-sync.md §1.1): obs-1.2 before obs-1.1, the
// interface matching the credential held, anonymous fallback said out loud, both layouts seen in the wild.
#include "net/capabilities.h"
#include "net/service_locator.h"

#include "capabilities_documents.h"

#include <QTest>

using namespace net;

namespace {

ServiceEndpoints select(const std::string &xml, AuthMethod held)
{
    auto capabilities = parseCapabilities(xml, "test");
    if (!capabilities)
        qFatal("%s", capabilities.error().message.c_str());
    auto endpoints = selectEndpoints(*capabilities, held, "test");
    if (!endpoints)
        qFatal("%s", endpoints.error().message.c_str());
    return *endpoints;
}

bool notesMention(const ServiceEndpoints &endpoints, const char *text)
{
    for (const auto &note : endpoints.notes)
        if (note.find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TestCapabilities : public QObject {
    Q_OBJECT

private slots:
    void prefersObs12AndTrimsUrls()
    {
        const auto endpoints = select(torkeep(), AuthMethod::Anonymous);
        QCOMPARE(endpoints.observationsUrl, std::string("https://h/svc/observations"));
        QCOMPARE(endpoints.caomVersion, 24);
        QCOMPARE(endpoints.deletionsUrl, std::string("https://h/svc/deletions"));
        QCOMPARE(endpoints.authMethod, AuthMethod::Anonymous);
        QVERIFY(endpoints.notes.empty());
    }

    void usesTheCredentialHeld()
    {
        const auto endpoints = select(torkeep(), AuthMethod::Token);
        QCOMPARE(endpoints.authMethod, AuthMethod::Token);
        // The deletions capability offers no token interface: anonymous, as the observations method is not there.
        QCOMPARE(endpoints.deletionsUrl, std::string("https://h/svc/deletions"));
    }

    void fallsBackToObs11WithItsOwnUrls()
    {
        const auto anonymous = select(legacy(), AuthMethod::Anonymous);
        QCOMPARE(anonymous.caomVersion, 23);
        QCOMPARE(anonymous.observationsUrl, std::string("https://h/caom2repo/obs23"));
        QVERIFY(anonymous.deletionsUrl.empty());
        QVERIFY(notesMention(anonymous, "deletions not available"));
        QVERIFY(notesMention(anonymous, "obs-1.1"));

        const auto certificate = select(legacy(), AuthMethod::Certificate);
        QCOMPARE(certificate.observationsUrl, std::string("https://h/caom2repo/auth-obs23"));
        QCOMPARE(certificate.authMethod, AuthMethod::Certificate);
    }

    void tokenWithoutTokenInterfaceFallsBackAndSaysSo()
    {
        // The legacy service has anonymous and certificate interfaces, none for tokens.
        const auto endpoints = select(legacy(), AuthMethod::Token);
        QCOMPARE(endpoints.authMethod, AuthMethod::Anonymous);
        QVERIFY(notesMention(endpoints, "using anonymous access"));
    }

    void certificateOnlyServiceRefusesAnonymous()
    {
        auto capabilities = parseCapabilities(certificateOnly(), "https://h/svc/capabilities");
        QVERIFY(capabilities.ok());
        auto endpoints = selectEndpoints(*capabilities, AuthMethod::Anonymous, "https://h/svc/capabilities");
        QVERIFY(!endpoints.ok());
        QCOMPARE(endpoints.error().category, mirror::ErrorCategory::Auth);
        QVERIFY(endpoints.error().message.find("certificate") != std::string::npos);
        QVERIFY(selectEndpoints(*capabilities, AuthMethod::Certificate, "x").ok());
    }

    void refusesDocumentsWithoutARepository()
    {
        auto notXml = parseCapabilities("<html><body>maintenance", "https://h/caps");
        QVERIFY(!notXml.ok());
        QVERIFY(notXml.error().message.find("https://h/caps") != std::string::npos);
        auto capabilities = parseCapabilities(std::string(header) + "</vosi:capabilities>", "https://h/caps");
        QVERIFY(capabilities.ok());
        auto endpoints = selectEndpoints(*capabilities, AuthMethod::Anonymous, "https://h/caps");
        QVERIFY(!endpoints.ok());
        QVERIFY(endpoints.error().message.find("no CAOM repository") != std::string::npos);
    }

    void resourceCapsLookup()
    {
        const std::string text = "# registry\nivo://a/svc = https://a/caps\n ivo://b/svc=https://b/caps \n"
                                 "ivo://dup = https://1\nivo://dup = https://2\n";
        QCOMPARE(*lookupResourceCaps(text, "ivo://a/svc", "https://reg"), std::string("https://a/caps"));
        QCOMPARE(*lookupResourceCaps(text, "ivo://b/svc", "https://reg"), std::string("https://b/caps"));
        const auto missing = lookupResourceCaps(text, "ivo://mast.stsci.edu/caom2repo", "https://reg");
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.find("ivo://mast.stsci.edu/caom2repo") != std::string::npos);
        QVERIFY(missing.error().message.find("https://reg/resource-caps") != std::string::npos);
        const auto twice = lookupResourceCaps(text, "ivo://dup", "https://reg");
        QVERIFY(!twice.ok());
        QVERIFY(twice.error().message.find("2 times") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestCapabilities)
#include "tst_capabilities.moc"
