// RowInserter writes a batch's rows with multi-row statements, values bound by name, on SQLite, and by one binary
// COPY on PostgreSQL (postgres_copy.h). Hostile rows written through it on both
// engines come back value for value, whether one statement carries them or many; a statement the database
// refuses is an error that leaves the caller's transaction to roll back.
#include "store/row_inserter.h"
#include "test_stores.h"

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <limits>

using namespace store;

namespace {

// One row of the scratch table: a bigint, an integer, a text and a bytes column.
struct Row {
    QVariant big, small, text, bytes;
};

QString longText()
{
    // 300,000 characters: quotes, backslashes, commas, braces and non-ASCII throughout.
    QString text;
    const QString piece = QStringLiteral("a\"b\\c,d{e}f 'g' \u00fc\u65e5\u672c NULL ");
    while (text.size() < 300000)
        text += piece;
    return text;
}

QByteArray everyByte()
{
    QByteArray bytes;
    for (int i = 0; i < 256; ++i)
        bytes.append(static_cast<char>(i));
    return bytes;
}

std::vector<Row> hostileRows()
{
    const QVariant nullBig(QMetaType::fromType<qlonglong>());
    const QVariant nullInt(QMetaType::fromType<int>());
    const QVariant nullText(QMetaType::fromType<QString>());
    const QVariant nullBytes(QMetaType::fromType<QByteArray>());
    const QStringList texts = {
        QStringLiteral("plain"),
        QStringLiteral("say \"hello\""),
        QStringLiteral("back\\slash\\"),
        QStringLiteral("\\\""),
        QStringLiteral("a,b,c"),
        QStringLiteral("{braces}"),
        QStringLiteral("}{"),
        QStringLiteral("NULL"),
        QStringLiteral("null"),
        QStringLiteral(""),
        QStringLiteral(" "),
        QStringLiteral("it's"),
        QStringLiteral("''"),
        QStringLiteral("$$ dollar $$"),
        QStringLiteral("line\nbreak\ttab\r"),
        QStringLiteral("\u00fcnic\u00f6de \u65e5\u672c\u8a9e \U0001F52D"),
        QStringLiteral("\\x41"),
        QStringLiteral("E'\\n'"),
        longText(),
    };
    std::vector<Row> rows;
    for (qsizetype i = 0; i < texts.size(); ++i)
        rows.push_back({QVariant(qlonglong(i)), QVariant(int(i)), texts[i], QByteArray(texts[i].toUtf8())});
    rows.push_back({QVariant(std::numeric_limits<qlonglong>::min()), QVariant(std::numeric_limits<int>::min()),
                    nullText, everyByte()});
    rows.push_back({QVariant(std::numeric_limits<qlonglong>::max()), QVariant(std::numeric_limits<int>::max()),
                    QStringLiteral(""), QByteArray("")});
    rows.push_back({nullBig, nullInt, nullText, nullBytes}); // real NULLs of every type
    QByteArray large;
    for (int i = 0; i < 1 << 20; ++i)
        large.append(static_cast<char>((i * 7919) & 0xff));
    rows.push_back({QVariant(qlonglong(-1)), nullInt, QStringLiteral("large"), large});
    return rows;
}

// Whether a value is written as NULL: a null QVariant, and a null QString or QByteArray (as Qt binds them).
bool writtenAsNull(const QVariant &want)
{
    if (want.metaType().id() == QMetaType::QString)
        return want.isNull() || want.toString().isNull();
    if (want.metaType().id() == QMetaType::QByteArray)
        return want.isNull() || want.toByteArray().isNull();
    return want.isNull();
}

// The value a column read back must equal: NULL stays NULL, everything else compares as its own type.
bool sameValue(const QVariant &want, const QSqlQuery &query, int column)
{
    if (writtenAsNull(want))
        return query.isNull(column);
    if (query.isNull(column))
        return false;
    switch (want.metaType().id()) {
    case QMetaType::QString: return query.value(column).toString() == want.toString();
    case QMetaType::QByteArray: return query.value(column).toByteArray() == want.toByteArray();
    default: return query.value(column).toLongLong() == want.toLongLong();
    }
}

} // namespace

class TestRowInserter : public QObject {
    Q_OBJECT

private slots:
    void hostileValuesRoundTrip_data()
    {
        QTest::addColumn<QString>("engine");
        QTest::addColumn<int>("rowsPerStatement");
        for (const QString &engine : testsupport::testEngines()) {
            QTest::newRow(qPrintable(engine + QStringLiteral(", one statement"))) << engine << 1000;
            // A statement every three rows: rows on either side of a cut arrive, none twice.
            QTest::newRow(qPrintable(engine + QStringLiteral(", many statements"))) << engine << 3;
        }
    }

    // Every hostile value written through RowInserter comes back exactly: the same text, the same bytes, the same
    // numbers, NULL where NULL was written and empty where empty was.
    void hostileValuesRoundTrip()
    {
        QFETCH(QString, engine);
        QFETCH(int, rowsPerStatement);
        testsupport::TestStore fixture(engine);
        auto s = fixture.openOrDie();
        QSqlDatabase db = s->database();
        const bool postgres = engine == QLatin1String("postgresql");
        QSqlQuery create(db);
        QVERIFY2(create.exec(postgres ? QStringLiteral("CREATE TABLE hostile (seq INTEGER PRIMARY KEY, big BIGINT,"
                                                       " small INTEGER, txt TEXT, bytes BYTEA)")
                                      : QStringLiteral("CREATE TABLE hostile (seq INTEGER PRIMARY KEY, big INTEGER,"
                                                       " small INTEGER, txt TEXT, bytes BLOB)")),
                 qPrintable(create.lastError().text()));
        const std::vector<Row> rows = hostileRows();
        RowInserter inserter(db, QStringLiteral("hostile"),
                             {QStringLiteral("seq"), QStringLiteral("big"), QStringLiteral("small"),
                              QStringLiteral("txt"), QStringLiteral("bytes")},
                             rowsPerStatement);
        for (std::size_t i = 0; i < rows.size(); ++i)
            inserter.add({QVariant(int(i)), rows[i].big, rows[i].small, rows[i].text, rows[i].bytes});
        auto flushed = inserter.flush();
        QVERIFY2(flushed, flushed ? "" : flushed.error().message.c_str());

        QSqlQuery read(db);
        QVERIFY(read.exec(QStringLiteral("SELECT seq, big, small, txt, bytes FROM hostile ORDER BY seq")));
        std::size_t seen = 0;
        while (read.next()) {
            const auto i = static_cast<std::size_t>(read.value(0).toInt());
            QCOMPARE(i, seen);
            const Row &want = rows[i];
            const QByteArray name = QByteArray("row ") + QByteArray::number(qulonglong(i));
            QVERIFY2(sameValue(want.big, read, 1), name.constData());
            QVERIFY2(sameValue(want.small, read, 2), name.constData());
            QVERIFY2(sameValue(want.text, read, 3), name.constData());
            QVERIFY2(sameValue(want.bytes, read, 4), name.constData());
            ++seen;
        }
        QCOMPARE(seen, rows.size());
    }

    void refusedStatementIsAnError_data() { testsupport::addEngineColumn(); }

    // A statement the database refuses (a value its CHECK rejects), after an earlier statement of the same flush
    // went in: an error naming the table, and the caller's transaction keeps nothing of either.
    void refusedStatementIsAnError()
    {
        QFETCH(QString, engine);
        testsupport::TestStore fixture(engine);
        auto s = fixture.openOrDie();
        QSqlDatabase db = s->database();
        QSqlQuery create(db);
        QVERIFY(create.exec(QStringLiteral("CREATE TABLE narrow (k INTEGER CHECK (k < 100))")));
        {
            Transaction transaction(db);
            RowInserter inserter(db, QStringLiteral("narrow"), {QStringLiteral("k")}, 2); // two rows a statement
            for (const int k : {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1000})
                inserter.add({QVariant(k)});
            auto flushed = inserter.flush();
            QVERIFY(!flushed);
            QVERIFY2(QString::fromStdString(flushed.error().message).contains(QStringLiteral("narrow")),
                     flushed.error().message.c_str());
        } // not committed
        QSqlQuery count(db);
        QVERIFY(count.exec(QStringLiteral("SELECT COUNT(*) FROM narrow")));
        QVERIFY(count.next());
        QCOMPARE(count.value(0).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestRowInserter)
#include "tst_rowinserter.moc"
