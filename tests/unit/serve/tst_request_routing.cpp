// serve's routing, without a socket: which handler a request reaches, or the refusal it gets, for each
// configuration that changes the answer. The server's own tests (tst_repository_server) check the answers
// end to end; these pin the decision itself, including the inputs fuzz_serve_request found worth keeping.
#include "serve/request_routing.h"

#include <QTest>

using serve::Route;

Q_DECLARE_METATYPE(serve::Route)

namespace {

const QByteArray token = "t0ken-for-routing";

serve::IncomingRequest request(const QByteArray &method, const QByteArray &path,
                               QList<QPair<QByteArray, QByteArray>> headers = {})
{
    serve::IncomingRequest r;
    r.method = method;
    r.path = path;
    r.headers = std::move(headers);
    r.listeningHost = "127.0.0.1:9";
    return r;
}

serve::RoutingRules rules(serve::WriteMode mode = serve::WriteMode::ReadOnly,
                          serve::Profile profile = serve::Profile::Torkeep24, bool requireAuth = false)
{
    serve::RoutingRules r;
    r.writeMode = mode;
    r.profile = profile;
    r.requireAuth = requireAuth;
    r.filesEnabled = true;
    r.token = token;
    return r;
}

} // namespace

class TestRequestRouting : public QObject {
    Q_OBJECT

private slots:
    void routes_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<int>("mode"); // serve::WriteMode
        QTest::addColumn<int>("profile");
        QTest::addColumn<bool>("withToken");
        QTest::addColumn<Route>("route");
        QTest::addColumn<int>("status"); // for refusals
        QTest::addColumn<QString>("collection");
        QTest::addColumn<QString>("item");

        const int ro = int(serve::WriteMode::ReadOnly);
        const int origin = int(serve::WriteMode::Origin);
        const int p24 = int(serve::Profile::Torkeep24);
        const int both = int(serve::Profile::Both);
        const int noDel = int(serve::Profile::NoDeletions);
        const QString none;
        QTest::newRow("capabilities") << QByteArray("GET") << QByteArray("/caom2/capabilities") << ro << p24 << false
                                      << Route::Capabilities << 200 << none << none;
        QTest::newRow("availability HEAD") << QByteArray("HEAD") << QByteArray("/caom2/availability") << ro << p24
                                           << false << Route::Availability << 200 << none << none;
        QTest::newRow("outside the prefix") << QByteArray("GET") << QByteArray("/caom2x/capabilities") << ro << p24
                                            << false << Route::Refused << 404 << none << none;
        QTest::newRow("collections") << QByteArray("GET") << QByteArray("/caom2/observations") << ro << p24 << false
                                     << Route::CollectionList << 200 << none << none;
        QTest::newRow("listing, trailing slash")
            << QByteArray("GET") << QByteArray("/caom2/observations/HST/") << ro << p24 << false << Route::StateListing
            << 200 << QStringLiteral("HST") << none;
        QTest::newRow("deletions") << QByteArray("GET") << QByteArray("/caom2/deletions/HST") << ro << p24 << false
                                   << Route::DeletionListing << 200 << QStringLiteral("HST") << none;
        QTest::newRow("deletions not offered") << QByteArray("GET") << QByteArray("/caom2/deletions/HST") << ro << noDel
                                               << false << Route::Refused << 404 << none << none;
        QTest::newRow("document, decoded once")
            << QByteArray("GET") << QByteArray("/caom2/observations/HST/a%2Bb%252B%2Fc") << ro << p24 << false
            << Route::ObservationDocument << 200 << QStringLiteral("HST") << QStringLiteral("a+b%2B/c");
        QTest::newRow("obs23 under both")
            << QByteArray("GET") << QByteArray("/caom2/obs23/HST/x") << ro << both << false
            << Route::ObservationDocument << 200 << QStringLiteral("HST") << QStringLiteral("x");
        QTest::newRow("obs23 not offered") << QByteArray("GET") << QByteArray("/caom2/obs23/HST/x") << ro << p24
                                           << false << Route::Refused << 404 << none << none;
        QTest::newRow("file") << QByteArray("GET") << QByteArray("/caom2/files/cadc/HST/f.fits") << ro << p24 << false
                              << Route::ArtifactFile << 200 << none << QStringLiteral("cadc/HST/f.fits");
        QTest::newRow("file: ..") << QByteArray("GET") << QByteArray("/caom2/files/cadc/../../etc/passwd") << ro << p24
                                  << false << Route::Refused << 404 << none << none;
        QTest::newRow("file: encoded ..") << QByteArray("GET") << QByteArray("/caom2/files/cadc/%2e%2E/x") << ro << p24
                                          << false << Route::Refused << 404 << none << none;
        QTest::newRow("file: encoded absolute") << QByteArray("GET") << QByteArray("/caom2/files/%2Fetc%2Fpasswd") << ro
                                                << p24 << false << Route::Refused << 404 << none << none;
        QTest::newRow("file: NUL") << QByteArray("GET") << QByteArray("/caom2/files/cadc/a%00b") << ro << p24 << false
                                   << Route::Refused << 404 << none << none;
        QTest::newRow("file: written to") << QByteArray("PUT") << QByteArray("/caom2/files/cadc/f") << origin << p24
                                          << true << Route::Refused << 404 << none << none;
        QTest::newRow("publications") << QByteArray("GET") << QByteArray("/caom2/publications") << ro << p24 << false
                                      << Route::PublicationFeed << 200 << none << none;
        QTest::newRow("publications below") << QByteArray("GET") << QByteArray("/caom2/publications/x") << ro << p24
                                            << false << Route::Refused << 405 << none << none;
        QTest::newRow("write to a read-only service") << QByteArray("PUT") << QByteArray("/caom2/observations/HST/x")
                                                      << ro << p24 << true << Route::Refused << 403 << none << none;
        QTest::newRow("write without the token") << QByteArray("PUT") << QByteArray("/caom2/observations/HST/x")
                                                 << origin << p24 << false << Route::Refused << 401 << none << none;
        QTest::newRow("put") << QByteArray("PUT") << QByteArray("/caom2/observations/HST/x") << origin << p24 << true
                             << Route::PutObservation << 200 << QStringLiteral("HST") << QStringLiteral("x");
        QTest::newRow("post") << QByteArray("POST") << QByteArray("/caom2/observations/HST/x") << origin << p24 << true
                              << Route::PostObservation << 200 << QStringLiteral("HST") << QStringLiteral("x");
        QTest::newRow("delete") << QByteArray("DELETE") << QByteArray("/caom2/observations/HST/x") << origin << p24
                                << true << Route::DeleteObservation << 200 << QStringLiteral("HST")
                                << QStringLiteral("x");
        QTest::newRow("delete a deletion") << QByteArray("DELETE") << QByteArray("/caom2/deletions/HST/x") << origin
                                           << p24 << true << Route::Refused << 405 << none << none;
        QTest::newRow("write a listing") << QByteArray("PUT") << QByteArray("/caom2/observations/HST") << origin << p24
                                         << true << Route::Refused << 405 << none << none;
        QTest::newRow("PATCH") << QByteArray("PATCH") << QByteArray("/caom2/observations/HST/x") << origin << p24
                               << true << Route::Refused << 405 << none << none;
    }

    void routes()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(int, mode);
        QFETCH(int, profile);
        QFETCH(bool, withToken);
        QFETCH(Route, route);
        QFETCH(int, status);
        QFETCH(QString, collection);
        QFETCH(QString, item);
        QList<QPair<QByteArray, QByteArray>> headers;
        if (withToken)
            headers.append({"Authorization", "Bearer " + token});
        const auto plan =
            serve::planRequest(request(method, path, headers), rules(serve::WriteMode(mode), serve::Profile(profile)));
        QCOMPARE(int(plan.route), int(route));
        if (plan.refused()) {
            QCOMPARE(plan.status, status);
            QVERIFY(!plan.message.isEmpty());
            return;
        }
        QCOMPARE(plan.collection, collection);
        QCOMPARE(plan.item, item);
        QCOMPARE(plan.user, withToken ? QStringLiteral("token") : QStringLiteral("-"));
    }

    // A wrong token is refused before anything else is decided, whatever it asks for, and it is not a
    // credential; header names are matched in any case.
    void wrongTokenIsRefused()
    {
        const auto plan = serve::planRequest(
            request("GET", "/caom2/capabilities", {{"authorization", "Bearer " + token + "x"}}), rules());
        QCOMPARE(int(plan.route), int(Route::Refused));
        QCOMPARE(plan.status, 401);
        QCOMPARE(plan.user, QStringLiteral("-"));
        QVERIFY(!plan.context.authenticated);
        QVERIFY(!plan.message.contains(token));

        serve::RoutingRules noToken = rules();
        noToken.token.clear();
        const auto anyToken =
            serve::planRequest(request("GET", "/caom2/capabilities", {{"Authorization", "Bearer "}}), noToken);
        QCOMPARE(anyToken.status, 401);
    }

    // A service that asks for credentials answers only its capabilities and availability to anyone; a
    // certificate the TLS layer verified is a credential.
    void credentialsRequired()
    {
        const auto withoutAuth = rules(serve::WriteMode::ReadOnly, serve::Profile::Torkeep24, true);
        QCOMPARE(serve::planRequest(request("GET", "/caom2/observations/HST"), withoutAuth).status, 401);
        QCOMPARE(int(serve::planRequest(request("GET", "/caom2/capabilities"), withoutAuth).route),
                 int(Route::Capabilities));
        const auto certificateOnly = rules(serve::WriteMode::ReadOnly, serve::Profile::CertificateOnly);
        QCOMPARE(serve::planRequest(request("GET", "/caom2/observations/HST"), certificateOnly).status, 403);
        auto withCertificate = request("GET", "/caom2/observations/HST");
        withCertificate.certificateUser = QStringLiteral("harvester");
        const auto plan = serve::planRequest(withCertificate, certificateOnly);
        QCOMPARE(int(plan.route), int(Route::StateListing));
        QCOMPARE(plan.user, QStringLiteral("harvester"));
    }

    // The base URL handlers write into capabilities: from the Host header (the last one when repeated), or
    // the address listened on.
    void baseUrlFromHost()
    {
        auto tls = request("GET", "/caom2/capabilities", {{"Host", "a.example"}, {"HOST", "mirror.example:8443"}});
        tls.tls = true;
        QCOMPARE(serve::planRequest(tls, rules()).context.baseUrl, QByteArray("https://mirror.example:8443/caom2"));
        QCOMPARE(serve::planRequest(request("GET", "/caom2/capabilities"), rules()).context.baseUrl,
                 QByteArray("http://127.0.0.1:9/caom2"));
        auto ranged = request("GET", "/caom2/files/a/b", {{"range", "bytes=1-2"}, {"If-Match", "\"md5:0\""}});
        const auto plan = serve::planRequest(ranged, rules());
        QCOMPARE(plan.context.range, QByteArray("bytes=1-2"));
        QCOMPARE(plan.context.ifMatch, QByteArray("\"md5:0\""));
    }
};

QTEST_APPLESS_MAIN(TestRequestRouting)
#include "tst_request_routing.moc"
