// A file holding a secret is refused when every user may read or change it, or its group may change it;
// private and group-readable files are accepted (common/secret_file.h says why).
#include "common/secret_file.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using Permissions = QFileDevice::Permissions;

class TestSecretFile : public QObject {
    Q_OBJECT

private slots:
    void judgedByItsMode_data()
    {
        QTest::addColumn<int>("permissions");
        QTest::addColumn<QString>("expected"); // a part of the reason, or "" when accepted
        const int owner = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        QTest::newRow("0600") << owner << QString();
        QTest::newRow("0400") << int(QFileDevice::ReadOwner) << QString();
        QTest::newRow("0640 (shared with a group)") << (owner | QFileDevice::ReadGroup) << QString();
        QTest::newRow("0644") << (owner | QFileDevice::ReadGroup | QFileDevice::ReadOther)
                              << QStringLiteral("every user of this machine may read it (mode 0644)");
        QTest::newRow("0604") << (owner | QFileDevice::ReadOther) << QStringLiteral("may read it (mode 0604)");
        QTest::newRow("0602") << (owner | QFileDevice::WriteOther)
                              << QStringLiteral("every user of this machine may change it (mode 0602)");
        QTest::newRow("0660") << (owner | QFileDevice::ReadGroup | QFileDevice::WriteGroup)
                              << QStringLiteral("its group may change it (mode 0660)");
    }

    void judgedByItsMode()
    {
        QFETCH(int, permissions);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("partner.token"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write("secret\n") > 0);
        file.close();
        QVERIFY(QFile::setPermissions(path, Permissions(permissions)));
        const auto unsafe = mirror::unsafeSecretFile(path);
        if (expected.isEmpty()) {
            QVERIFY2(!unsafe, qPrintable(unsafe.value_or(QString())));
            return;
        }
        QVERIFY(unsafe);
        QVERIFY2(unsafe->contains(expected), qPrintable(*unsafe));
        // The reason names the file and the fix, never the content.
        QVERIFY(unsafe->startsWith(path));
        QVERIFY(unsafe->contains(QStringLiteral("chmod 600 ") + path));
        QVERIFY(!unsafe->contains(QStringLiteral("secret\n")));
    }

    void missingFileIsLeftToWhoeverOpensIt()
    {
        QTemporaryDir dir;
        QVERIFY(!mirror::unsafeSecretFile(dir.filePath(QStringLiteral("absent"))));
    }
};

QTEST_GUILESS_MAIN(TestSecretFile)
#include "tst_secretfile.moc"
