// The log view's models on value rows, under QAbstractItemModelTester: batches appended, the oldest dropped at
// capacity, categories and jobs offered as they appear, and every filter of the view (level, category, job,
// age, words).
#include "models/log_model.h"
#include "models/model_roles.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace mirror::models;

namespace {

quint64 g_sequence = 0;

mirror::LogRecord record(QtMsgType level, const QString &category, const QString &job, const QString &text,
                         qint64 timeMs = 1'700'000'000'000)
{
    mirror::LogRecord r;
    r.sequence = ++g_sequence;
    r.timeMs = timeMs;
    r.level = level;
    r.category = category;
    r.job = job;
    r.text = text;
    return r;
}

const QString syncCategory = QStringLiteral("mirror.sync.engine");
const QString netCategory = QStringLiteral("mirror.net.http");
const QString job1 = QStringLiteral("MAST incremental, job 1");
const QString job2 = QStringLiteral("CADC validate, job 2");

} // namespace

class TestLogModel : public QObject {
    Q_OBJECT

private slots:
    void appendsAndDropsTheOldest()
    {
        LogModel model(5);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QSignalSpy choices(&model, &LogModel::choicesChanged);
        model.append({record(QtInfoMsg, syncCategory, job1, QStringLiteral("a")),
                      record(QtInfoMsg, syncCategory, job1, QStringLiteral("b"))});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(choices.count(), 1);
        QCOMPARE(model.jobs(), QStringList{job1});
        std::vector<mirror::LogRecord> batch;
        for (const char *text : {"c", "d", "e", "f"})
            batch.push_back(record(QtWarningMsg, netCategory, QString(), QString::fromLatin1(text)));
        model.append(batch);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(0, LogModel::MessageColumn).data().toString(), QStringLiteral("b"));
        QCOMPARE(model.index(4, LogModel::MessageColumn).data().toString(), QStringLiteral("f"));
        QCOMPARE(model.categories(), (QStringList{netCategory, syncCategory}));
        QCOMPARE(model.index(4, LogModel::LevelColumn).data().toString(), QStringLiteral("\u26a0 warning"));
        QCOMPARE(model.index(4, LogModel::LevelColumn).data(ModelRole::RawValue).toInt(), 2);
        // A batch larger than the capacity keeps its newest rows.
        std::vector<mirror::LogRecord> big;
        for (int i = 0; i < 8; ++i)
            big.push_back(record(QtInfoMsg, syncCategory, QString(), QString::number(i)));
        model.append(big);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.index(0, LogModel::MessageColumn).data().toString(), QStringLiteral("3"));
        // Copy gives the line as the log file has it.
        QCOMPARE(model.index(0, 0).data(ModelRole::CopyText).toString(),
                 QStringLiteral("2023-11-14T22:13:20.000Z info mirror.sync.engine: 3"));
    }

    void filtersNarrowTheRows()
    {
        LogModel model;
        LogFilterModel filter;
        filter.setSourceModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.append({record(QtDebugMsg, netCategory, job1, QStringLiteral("GET /caps 200"), 1000),
                      record(QtInfoMsg, syncCategory, job1, QStringLiteral("incremental MAST/HST started"), 2000),
                      record(QtWarningMsg, syncCategory, job2, QStringLiteral("lease on X lost"), 3000),
                      record(QtCriticalMsg, syncCategory, QString(), QStringLiteral("store unusable"), 4000)});
        QCOMPARE(filter.rowCount(), 4);
        filter.setMinimumSeverity(2);
        QCOMPARE(filter.rowCount(), 2);
        filter.setMinimumSeverity(0);
        filter.setCategory(netCategory);
        QCOMPARE(filter.rowCount(), 1);
        filter.setCategory(QString());
        filter.setJob(job1);
        QCOMPARE(filter.rowCount(), 2);
        filter.setJob(QString());
        filter.setNewerThan(2500);
        QCOMPARE(filter.rowCount(), 2);
        filter.setNewerThan(0);
        filter.setSearch(QStringLiteral("  MAST/hst "));
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, LogModel::MessageColumn).data().toString(),
                 QStringLiteral("incremental MAST/HST started"));
        filter.setSearch(QStringLiteral("CADC")); // words of the job count too
        QCOMPARE(filter.rowCount(), 1);
        // New rows go through the filters as they arrive.
        model.append({record(QtInfoMsg, syncCategory, job2, QStringLiteral("validate CADC/HST finished"), 5000)});
        QCOMPARE(filter.rowCount(), 2);
    }
};

QTEST_GUILESS_MAIN(TestLogModel)
#include "tst_logmodel.moc"
