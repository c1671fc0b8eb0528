// A listed row whose observation cannot be asked for (a control character in its observationID or
// collection): refused alone, with a reason that shows the identifier escaped so no terminal or log acts on it.
#include "sync/listed_row_check.h"

#include <QTest>

namespace {

net::StateRow listed(std::string collection, std::string observationID)
{
    net::StateRow row;
    row.collection = std::move(collection);
    row.observationID = std::move(observationID);
    return row;
}

} // namespace

class TestListedRowCheck : public QObject {
    Q_OBJECT

private slots:
    void controlCharactersAreEscaped_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("escaped");
        QTest::newRow("plain") << QByteArray("GN-2014A-Q-85") << QByteArray("GN-2014A-Q-85");
        QTest::newRow("BEL") << QByteArray("a\x07"
                                           "b")
                             << QByteArray("a\\u0007b");
        QTest::newRow("NUL") << QByteArray("a\0b", 3) << QByteArray("a\\u0000b");
        QTest::newRow("ESC sequence") << QByteArray("x\x1b[2Jy") << QByteArray("x\\u001B[2Jy");
        QTest::newRow("DEL") << QByteArray("a\x7f") << QByteArray("a\\u007F");
        QTest::newRow("C1 (U+0085)") << QByteArray("a\xc2\x85z") << QByteArray("a\\u0085z");
        // Other UTF-8, U+00A0 (C2 A0) included, is not a control character and stays as it is.
        QTest::newRow("UTF-8 kept") << QByteArray("観測-\xc2\xa0é") << QByteArray("観測-\xc2\xa0é");
    }

    void controlCharactersAreEscaped()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, escaped);
        QCOMPARE(QByteArray::fromStdString(
                     harvest::escapedControlCharacters(std::string_view(text.constData(), std::size_t(text.size())))),
                 escaped);
    }

    void rowWithControlCharacterIsRefused()
    {
        const auto refused = harvest::refusedListedRow(listed("HST", "bad\x07id"), "MAST");
        QVERIFY(refused.has_value());
        QCOMPARE(refused->category, mirror::ErrorCategory::PerItem);
        const QString message = QString::fromStdString(refused->message);
        QVERIFY2(message.contains(QStringLiteral("\"bad\\u0007id\"")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("MAST")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("observationID holds the control character U+0007")),
                 qPrintable(message));
        QVERIFY2(!message.contains(QLatin1Char('\x07')), qPrintable(message));

        const auto collection = harvest::refusedListedRow(listed("H\tST", "fine"), "MAST");
        QVERIFY(collection.has_value());
        QVERIFY2(QString::fromStdString(collection->message).contains(QStringLiteral("collection holds")),
                 collection->message.c_str());
    }

    void ordinaryRowsPass()
    {
        QVERIFY(!harvest::refusedListedRow(listed("HST", "o6d701030"), "MAST").has_value());
        QVERIFY(!harvest::refusedListedRow(listed("HST", "obs \"quote\" +/?#"), "MAST").has_value());
        QVERIFY(!harvest::refusedListedRow(listed("JWST", "観測-6"), "MAST").has_value());
    }
};

QTEST_APPLESS_MAIN(TestListedRowCheck)
#include "tst_listedrowcheck.moc"
