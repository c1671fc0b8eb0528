// The artifact root's layout and its refusals: every artifact URI maps to one path under the root, and no
// URI, path or planted link reaches a file outside it.
#include "artifact/artifact_path.h"
#include "artifact/artifact_root.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using mirror::ErrorCategory;

class TestArtifactPath : public QObject {
    Q_OBJECT

private slots:
    void mapsUris_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("path");
        QTest::newRow("ad") << QStringLiteral("ad:CFHT/1234567o.fits.fz") << QStringLiteral("ad/CFHT/1234567o.fits.fz");
        QTest::newRow("mast") << QStringLiteral("mast:HST/product/j9am01010_drz.fits")
                              << QStringLiteral("mast/HST/product/j9am01010_drz.fits");
        QTest::newRow("cadc") << QStringLiteral("cadc:IRIS/I212B2H0.fits") << QStringLiteral("cadc/IRIS/I212B2H0.fits");
        QTest::newRow("ivo authority dropped, query kept") << QStringLiteral("ivo://cadc.nrc.ca/HST?ab12/ab12_raw.fits")
                                                           << QStringLiteral("ivo/cadc.nrc.ca/HST?ab12/ab12_raw.fits");
        QTest::newRow("scheme lower-cased") << QStringLiteral("MAST:HST/x.fits") << QStringLiteral("mast/HST/x.fits");
        QTest::newRow("percent kept as is")
            << QStringLiteral("mast:HST/a%2Fb.fits") << QStringLiteral("mast/HST/a%2Fb.fits");
        QTest::newRow("non-ASCII kept") << QStringLiteral("ad:caf\u00e9/\u89b3.fits")
                                        << QStringLiteral("ad/caf\u00e9/\u89b3.fits");
        QTest::newRow("dots inside names") << QStringLiteral("ad:a/..b/c..d/.e") << QStringLiteral("ad/a/..b/c..d/.e");
    }
    void mapsUris()
    {
        QFETCH(QString, uri);
        QFETCH(QString, path);
        const auto relative = artifact::relativePathFor(uri);
        QVERIFY2(relative.ok(), relative.ok() ? "" : relative.error().message.c_str());
        QCOMPARE(*relative, path);
    }

    void refusesHostileUris_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("reason"); // a word the message must hold
        QTest::newRow("no scheme") << QStringLiteral("HST/x.fits") << QStringLiteral("scheme");
        QTest::newRow("empty scheme") << QStringLiteral(":HST/x.fits") << QStringLiteral("scheme");
        QTest::newRow("bad scheme") << QStringLiteral("ma st:HST/x.fits") << QStringLiteral("scheme");
        QTest::newRow("only scheme") << QStringLiteral("mast:") << QStringLiteral("nothing follows");
        QTest::newRow("only authority marker") << QStringLiteral("ivo://") << QStringLiteral("nothing follows");
        QTest::newRow("parent") << QStringLiteral("mast:../../etc/passwd") << QStringLiteral("'..'");
        QTest::newRow("parent inside") << QStringLiteral("mast:HST/../../../etc/passwd") << QStringLiteral("'..'");
        QTest::newRow("parent at end") << QStringLiteral("mast:HST/..") << QStringLiteral("'..'");
        QTest::newRow("dot") << QStringLiteral("mast:HST/./x") << QStringLiteral("'.'");
        QTest::newRow("absolute") << QStringLiteral("mast:/etc/passwd") << QStringLiteral("empty path segment");
        QTest::newRow("absolute after authority")
            << QStringLiteral("ivo:///etc/passwd") << QStringLiteral("empty path segment");
        QTest::newRow("empty segment") << QStringLiteral("mast:HST//x.fits") << QStringLiteral("empty path segment");
        QTest::newRow("trailing slash") << QStringLiteral("mast:HST/") << QStringLiteral("empty path segment");
        QTest::newRow("NUL") << QString(QStringLiteral("mast:HST/x") + QChar(0) + QStringLiteral(".fits"))
                             << QStringLiteral("NUL");
        QTest::newRow("newline") << QStringLiteral("mast:HST/x\n.fits") << QStringLiteral("control character");
        QTest::newRow("escape") << QStringLiteral("mast:HST/\x1b[2Jx.fits") << QStringLiteral("control character");
        QTest::newRow("DEL") << QStringLiteral("mast:HST/x\x7f.fits") << QStringLiteral("control character");
        QTest::newRow("C1 control") << QStringLiteral("mast:HST/x\u0085.fits") << QStringLiteral("control character");
        QTest::newRow("backslash") << QStringLiteral("mast:HST\\..\\x") << QStringLiteral("backslash");
        QTest::newRow("long segment") << QString(QStringLiteral("mast:HST/") + QString(256, QLatin1Char('a')))
                                      << QStringLiteral("255");
        QTest::newRow("long path") << QString(QStringLiteral("mast:")
                                              + QStringList(30, QString(40, QLatin1Char('b'))).join(QLatin1Char('/')))
                                   << QStringLiteral("1024");
    }
    void refusesHostileUris()
    {
        QFETCH(QString, uri);
        QFETCH(QString, reason);
        const auto relative = artifact::relativePathFor(uri);
        QVERIFY2(!relative.ok(), qPrintable(relative.ok() ? *relative : QString()));
        QCOMPARE(relative.error().category, ErrorCategory::PerItem);
        const QString message = QString::fromStdString(relative.error().message);
        QVERIFY2(message.contains(reason), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("artifact URI")), qPrintable(message));
        // The message is one printable line: a hostile URI cannot forge log lines or move the cursor.
        for (const QChar c : message)
            QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, qPrintable(message));
    }

    void refusesHostileRelativePaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("empty") << QStringLiteral("");
        QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
        QTest::newRow("parent") << QStringLiteral("mast/../../etc/passwd");
        QTest::newRow("decoded parent") << QStringLiteral("mast/%2E%2E/x"); // kept literally: not refused, see below
        QTest::newRow("empty segment") << QStringLiteral("mast//x");
        QTest::newRow("control") << QStringLiteral("mast/\tx");
    }
    void refusesHostileRelativePaths()
    {
        QFETCH(QString, path);
        const bool refused = !artifact::checkRelativePath(path).ok();
        // A literal "%2E%2E" is a name like any other (serve decodes the request path once, before this).
        QCOMPARE(refused, path != QLatin1String("mast/%2E%2E/x"));
    }

    void locatesInsideTheRoot()
    {
        QTemporaryDir dir;
        auto root = artifact::ArtifactRoot::open(dir.path() + QStringLiteral("/new/root"), true);
        QVERIFY(root.ok());
        const auto prepared = root->prepare(QStringLiteral("mast/HST/product/x.fits"));
        QVERIFY2(prepared.ok(), prepared.ok() ? "" : prepared.error().message.c_str());
        QCOMPARE(*prepared, root->path() + QStringLiteral("/mast/HST/product/x.fits"));
        QVERIFY(QFileInfo(root->path() + QStringLiteral("/mast/HST/product")).isDir());
        QCOMPARE(*root->locateUri(QStringLiteral("mast:HST/product/x.fits")), *prepared);
        QCOMPARE(artifact::ArtifactRoot::partialPathFor(*prepared),
                 root->path() + QStringLiteral("/mast/HST/product/.x.fits.caom-partial"));
        QVERIFY(artifact::ArtifactRoot::isPartialName(QStringLiteral(".x.fits.caom-partial")));
        const QString longName(250, QLatin1Char('n'));
        const QString partial = artifact::ArtifactRoot::partialPathFor(QStringLiteral("/r/") + longName);
        QVERIFY(partial.mid(3).toUtf8().size() <= 255);
    }

    void missingRootIsNamed()
    {
        QTemporaryDir dir;
        const QString missing = dir.path() + QStringLiteral("/absent");
        const auto root = artifact::ArtifactRoot::open(missing, false);
        QVERIFY(!root.ok());
        QCOMPARE(root.error().category, ErrorCategory::Io);
        QVERIFY(QString::fromStdString(root.error().message).contains(missing));
        QVERIFY(!artifact::ArtifactRoot::open(QString(), true).ok());
    }

    void refusesSymlinksInsideTheRoot()
    {
        QTemporaryDir dir;
        QTemporaryDir outside;
        auto root = artifact::ArtifactRoot::open(dir.path(), false);
        QVERIFY(root.ok());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("mast/HST")));
        // A directory link pointing out of the root, a file link, and a link pointing back inside.
        QVERIFY(QFile::link(outside.path(), dir.path() + QStringLiteral("/mast/HST/out")));
        QFile secret(outside.path() + QStringLiteral("/secret"));
        QVERIFY(secret.open(QIODevice::WriteOnly));
        secret.close();
        QVERIFY(QFile::link(secret.fileName(), dir.path() + QStringLiteral("/mast/HST/file.fits")));
        QVERIFY(QFile::link(dir.path() + QStringLiteral("/mast"), dir.path() + QStringLiteral("/loop")));
        for (const QString &path : {QStringLiteral("mast/HST/out/secret"), QStringLiteral("mast/HST/out/new.fits"),
                                    QStringLiteral("mast/HST/file.fits"), QStringLiteral("loop/HST/x")}) {
            for (const bool create : {false, true}) {
                const auto located = create ? root->prepare(path) : root->locate(path);
                QVERIFY2(!located.ok(), qPrintable(path));
                QVERIFY2(QString::fromStdString(located.error().message).contains(QStringLiteral("symbolic link")),
                         located.error().message.c_str());
            }
        }
        QVERIFY(!QFileInfo::exists(outside.path() + QStringLiteral("/new.fits")));
        // A file where a directory is needed is named too.
        QFile plain(dir.path() + QStringLiteral("/mast/plain"));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        QVERIFY(!root->prepare(QStringLiteral("mast/plain/x")).ok());
        QVERIFY(!root->locate(QStringLiteral("mast/HST")).ok()); // a directory is not a file
        const auto listing = root->list();
        QCOMPARE(listing.files, QStringList{QStringLiteral("mast/plain")});
        QCOMPARE(listing.links.size(), 3);
    }

    // A root where directories cannot be made: a read-only directory for an ordinary user; for root, whom
    // permissions do not stop, a directory of /proc.
    void unwritableRootFailsWithItsReason()
    {
        QTemporaryDir dir;
        const bool superuser = ::geteuid() == 0;
        const QString where = superuser ? QStringLiteral("/proc/self/fdinfo") : dir.path();
        auto root = artifact::ArtifactRoot::open(where, false);
        QVERIFY(root.ok());
        if (!superuser)
            QVERIFY(QFile::setPermissions(where, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        const auto prepared = root->prepare(QStringLiteral("mast/HST/x.fits"));
        if (!superuser)
            QFile::setPermissions(where, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY(!prepared.ok());
        QCOMPARE(prepared.error().category, ErrorCategory::Io);
        const QString message = QString::fromStdString(prepared.error().message);
        QVERIFY2(
            message.contains(QStringLiteral("cannot create the directory ") + root->path() + QStringLiteral("/mast")),
            qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestArtifactPath)
#include "tst_artifactpath.moc"
