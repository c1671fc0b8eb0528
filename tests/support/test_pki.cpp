#include "test_pki.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>

namespace testsupport {

namespace {

// One openssl.cnf for every step: request defaults, the CA's database (`openssl ca` is the one tool on
// OpenSSL 3.0 that can sign with an arbitrary validity period, which the expired certificate needs), and
// an extension section per kind of certificate.
QByteArray configText(const QDir &dir)
{
    const QByteArray base = QDir::toNativeSeparators(dir.absolutePath()).toUtf8();
    return "[req]\n"
           "distinguished_name = dn\n"
           "prompt = no\n"
           "[dn]\n"
           "CN = placeholder\n"
           "[ca]\n"
           "default_ca = testca\n"
           "[testca]\n"
           "database = "
        + base
        + "/index.txt\n"
          "new_certs_dir = "
        + base
        + "/issued\n"
          "serial = "
        + base
        + "/serial\n"
          "certificate = "
        + base
        + "/ca.crt\n"
          "private_key = "
        + base
        + "/ca.key\n"
          "default_md = sha256\n"
          "default_days = 2\n"
          "policy = anything\n"
          "unique_subject = no\n"
          "email_in_dn = no\n"
          "copy_extensions = none\n"
          "[anything]\n"
          "commonName = supplied\n"
          "[v3_ca]\n"
          "basicConstraints = critical,CA:TRUE\n"
          "keyUsage = critical,keyCertSign,cRLSign\n"
          "subjectKeyIdentifier = hash\n"
          "[server]\n"
          "basicConstraints = CA:FALSE\n"
          "keyUsage = critical,digitalSignature,keyEncipherment\n"
          "extendedKeyUsage = serverAuth\n"
          "subjectAltName = IP:127.0.0.1,DNS:localhost\n"
          "subjectKeyIdentifier = hash\n"
          "[wronghost]\n"
          "basicConstraints = CA:FALSE\n"
          "keyUsage = critical,digitalSignature,keyEncipherment\n"
          "extendedKeyUsage = serverAuth\n"
          "subjectAltName = DNS:elsewhere.example\n"
          "[client]\n"
          "basicConstraints = CA:FALSE\n"
          "keyUsage = critical,digitalSignature\n"
          "extendedKeyUsage = clientAuth\n";
}

class Maker {
public:
    Maker(const QDir &dir, QString *error) : m_dir(dir), m_error(error) {}

    QString path(const QString &name) const { return m_dir.absoluteFilePath(name); }

    bool openssl(const QStringList &arguments)
    {
        QProcess process;
        process.setWorkingDirectory(m_dir.absolutePath());
        process.start(m_program, arguments);
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0) {
            fail(QStringLiteral("openssl %1 failed: %2")
                     .arg(arguments.join(QLatin1Char(' ')),
                          QString::fromLocal8Bit(process.readAllStandardError()).trimmed()));
            return false;
        }
        return true;
    }

    bool writeFile(const QString &name, const QByteArray &content)
    {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size()) {
            fail(QStringLiteral("cannot write %1").arg(file.fileName()));
            return false;
        }
        // Keys and certificate-with-key files are private, as a client and `serve` require of secrets.
        return file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    // An EC P-256 key: instant to generate, unlike RSA, and understood by libcurl and Qt alike.
    bool key(const QString &name)
    {
        return openssl({QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                        QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-out"),
                        path(name)})
            && QFile::setPermissions(path(name), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }

    bool selfSigned(const QString &stem, const QString &subject, const QString &extensions)
    {
        return key(stem + QStringLiteral(".key"))
            && openssl({QStringLiteral("req"), QStringLiteral("-config"), path(QStringLiteral("openssl.cnf")),
                        QStringLiteral("-x509"), QStringLiteral("-new"), QStringLiteral("-key"),
                        path(stem + QStringLiteral(".key")), QStringLiteral("-subj"), subject, QStringLiteral("-days"),
                        QStringLiteral("2"), QStringLiteral("-extensions"), extensions, QStringLiteral("-out"),
                        path(stem + QStringLiteral(".crt"))});
    }

    // A key, a request, and the CA's signature; `dates` are extra `openssl ca` options (validity).
    bool signedByCa(const QString &stem, const QString &subject, const QString &extensions,
                    const QStringList &dates = {})
    {
        const QString csr = path(stem + QStringLiteral(".csr"));
        return key(stem + QStringLiteral(".key"))
            && openssl({QStringLiteral("req"), QStringLiteral("-config"), path(QStringLiteral("openssl.cnf")),
                        QStringLiteral("-new"), QStringLiteral("-key"), path(stem + QStringLiteral(".key")),
                        QStringLiteral("-subj"), subject, QStringLiteral("-out"), csr})
            && openssl(QStringList{QStringLiteral("ca"), QStringLiteral("-batch"), QStringLiteral("-notext"),
                                   QStringLiteral("-config"), path(QStringLiteral("openssl.cnf")),
                                   QStringLiteral("-extensions"), extensions, QStringLiteral("-in"), csr,
                                   QStringLiteral("-out"), path(stem + QStringLiteral(".crt"))}
                       + dates);
    }

    bool findOpenssl()
    {
        m_program = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (m_program.isEmpty())
            fail(QStringLiteral("the openssl command is not installed"));
        return !m_program.isEmpty();
    }

private:
    void fail(const QString &why)
    {
        if (m_error)
            *m_error = why;
    }

    QDir m_dir;
    QString *m_error;
    QString m_program;
};

} // namespace

std::optional<TestPki> makeTestPki(const QString &dirPath, QString *error)
{
    QDir dir(dirPath);
    if (!dir.exists()) {
        if (error)
            *error = QStringLiteral("%1 does not exist").arg(dirPath);
        return std::nullopt;
    }
    Maker make(dir, error);
    if (!make.findOpenssl() || !dir.mkpath(QStringLiteral("issued")) || !make.writeFile(QStringLiteral("index.txt"), {})
        || !make.writeFile(QStringLiteral("serial"), "1000\n")
        || !make.writeFile(QStringLiteral("openssl.cnf"), configText(dir)))
        return std::nullopt;

    const bool made =
        make.selfSigned(QStringLiteral("ca"), QStringLiteral("/CN=Mirror Test CA"), QStringLiteral("v3_ca"))
        && make.signedByCa(QStringLiteral("server"), QStringLiteral("/CN=localhost"), QStringLiteral("server"))
        && make.signedByCa(QStringLiteral("expired"), QStringLiteral("/CN=localhost"), QStringLiteral("server"),
                           {QStringLiteral("-startdate"), QStringLiteral("20200101000000Z"), QStringLiteral("-enddate"),
                            QStringLiteral("20200102000000Z")})
        && make.signedByCa(QStringLiteral("wronghost"), QStringLiteral("/CN=elsewhere.example"),
                           QStringLiteral("wronghost"))
        && make.selfSigned(QStringLiteral("selfsigned"), QStringLiteral("/CN=localhost"), QStringLiteral("server"))
        && make.signedByCa(QStringLiteral("client"), QStringLiteral("/CN=mirror-test-client"),
                           QStringLiteral("client"));
    if (!made)
        return std::nullopt;

    TestPki pki;
    pki.dir = dir.absolutePath();
    pki.caCert = make.path(QStringLiteral("ca.crt"));
    pki.serverCert = make.path(QStringLiteral("server.crt"));
    pki.serverKey = make.path(QStringLiteral("server.key"));
    pki.expiredServerCert = make.path(QStringLiteral("expired.crt"));
    pki.expiredServerKey = make.path(QStringLiteral("expired.key"));
    pki.wrongHostServerCert = make.path(QStringLiteral("wronghost.crt"));
    pki.wrongHostServerKey = make.path(QStringLiteral("wronghost.key"));
    pki.selfSignedCert = make.path(QStringLiteral("selfsigned.crt"));
    pki.selfSignedKey = make.path(QStringLiteral("selfsigned.key"));
    pki.clientCert = make.path(QStringLiteral("client.crt"));
    pki.clientKey = make.path(QStringLiteral("client.key"));

    // cadcproxy.pem layout: the certificate, then its key, in one file.
    QFile cert(pki.clientCert);
    QFile key(pki.clientKey);
    if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly)
        || !make.writeFile(QStringLiteral("client.pem"), cert.readAll() + key.readAll()))
        return std::nullopt;
    pki.clientPem = make.path(QStringLiteral("client.pem"));
    return pki;
}

} // namespace testsupport
