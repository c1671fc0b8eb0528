#pragma once

#include <QString>

#include <optional>

// A throwaway public-key infrastructure for TLS tests, made fresh by each test with the openssl command in
// a directory the test owns: one CA, good and bad server certificates, and client credentials. Nothing
// here is ever committed; every file lives under `dir`.
namespace testsupport {

struct TestPki {
    QString dir;
    QString caCert; // PEM of the test CA; the only thing a test client trusts

    // Server credentials (certificate file, key file), all for 127.0.0.1 / localhost unless said otherwise.
    QString serverCert, serverKey;                   // signed by the CA, valid now
    QString expiredServerCert, expiredServerKey;     // signed by the CA, validity ended in the past
    QString wrongHostServerCert, wrongHostServerKey; // signed by the CA, for "elsewhere.example" only
    QString selfSignedCert, selfSignedKey;           // not signed by the CA

    // Client credentials signed by the CA, subject CN=mirror-test-client.
    QString clientCert, clientKey;
    QString clientPem; // certificate then key in one file, the way cadcproxy.pem is laid out
};

// Creates every file above under `dir` (which must exist). On failure returns nullopt and says why in
// `error` (openssl missing, a command failing with its stderr).
std::optional<TestPki> makeTestPki(const QString &dir, QString *error);

} // namespace testsupport
