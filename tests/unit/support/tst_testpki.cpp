#include "test_pki.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

// The throwaway PKI is only useful if each certificate is bad in exactly the way its name says; openssl
// itself is the judge here.
class TestTestPki : public QObject {
    Q_OBJECT

private:
    static QString verify(const testsupport::TestPki &pki, const QString &cert, int *exitCode)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral("openssl"),
                      {QStringLiteral("verify"), QStringLiteral("-CAfile"), pki.caCert, QStringLiteral("-verify_ip"),
                       QStringLiteral("127.0.0.1"), cert});
        process.waitForFinished(30000);
        *exitCode = process.exitCode();
        return QString::fromLocal8Bit(process.readAll());
    }

    static QString subject(const QString &cert)
    {
        QProcess process;
        process.start(QStringLiteral("openssl"),
                      {QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-subject"),
                       QStringLiteral("-in"), cert});
        process.waitForFinished(30000);
        return QString::fromLocal8Bit(process.readAllStandardOutput());
    }

private slots:
    void certificatesAreWhatTheirNamesSay()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        const auto pki = testsupport::makeTestPki(dir.path(), &error);
        QVERIFY2(pki, qPrintable(error));

        int code = -1;
        QString out = verify(*pki, pki->serverCert, &code);
        QVERIFY2(code == 0, qPrintable(out));

        out = verify(*pki, pki->expiredServerCert, &code);
        QVERIFY(code != 0);
        QVERIFY2(out.contains(QStringLiteral("expired")), qPrintable(out));

        out = verify(*pki, pki->wrongHostServerCert, &code);
        QVERIFY(code != 0);
        QVERIFY2(out.contains(QStringLiteral("IP address mismatch")), qPrintable(out));

        out = verify(*pki, pki->selfSignedCert, &code);
        QVERIFY(code != 0);
        QVERIFY2(out.contains(QStringLiteral("self-signed")) || out.contains(QStringLiteral("self signed")),
                 qPrintable(out));

        QVERIFY2(subject(pki->clientCert).contains(QStringLiteral("mirror-test-client")),
                 qPrintable(subject(pki->clientCert)));
        QFile pem(pki->clientPem);
        QVERIFY(pem.open(QIODevice::ReadOnly));
        const QByteArray both = pem.readAll();
        QVERIFY(both.indexOf("BEGIN CERTIFICATE") >= 0);
        QVERIFY(both.indexOf("PRIVATE KEY") > both.indexOf("END CERTIFICATE"));
    }

    void reportsAMissingDirectory()
    {
        QString error;
        QVERIFY(!testsupport::makeTestPki(QStringLiteral("/nonexistent/pki-dir"), &error));
        QVERIFY(error.contains(QStringLiteral("does not exist")));
    }
};

QTEST_GUILESS_MAIN(TestTestPki)
#include "tst_testpki.moc"
