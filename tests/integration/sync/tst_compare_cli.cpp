// caom-sync compare as an operator runs it, against two partners served by `caom-sync serve` on loopback:
// an identical pair exits 0, a pair differing at plane and chunk level exits 1 and names the fields by their
// identity paths, the local store against a partner works the same way, and a copy that cannot be read
// exits 2 with a message naming the observation.
#include "partner_archive.h"

#include "caom2/identity_path.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <algorithm>

using namespace testsupport;

namespace {

struct Operator {
    QTemporaryDir dir;
    QString store() const { return dir.filePath(QStringLiteral("mirror.sqlite")); }

    int run(const QStringList &arguments, QByteArray *out = nullptr, QByteArray *err = nullptr) const
    {
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
        process.setProcessEnvironment(env);
        process.start(QStringLiteral(MIRROR_CAOM_SYNC), arguments);
        if (!process.waitForFinished(120000))
            return -1;
        if (out)
            *out = process.readAllStandardOutput();
        if (err)
            *err = process.readAllStandardError();
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }
    bool addSource(const QString &name, const QString &capabilities) const
    {
        return run({QStringLiteral("sources"), QStringLiteral("add"), name, QStringLiteral("--capabilities"),
                    capabilities, QStringLiteral("--collection"), QStringLiteral("HST")})
            == 0;
    }
    QStringList compare(const QStringList &sources, const QString &observationID, bool json = true) const
    {
        QStringList arguments{QStringLiteral("compare"), QStringLiteral("--store"), store(),
                              QStringLiteral("--collection"), QStringLiteral("HST")};
        for (const QString &source : sources)
            arguments << QStringLiteral("--source") << source;
        if (json)
            arguments << QStringLiteral("--json");
        return arguments << observationID;
    }
};

QString idOf(std::uint64_t index)
{
    return QString::fromStdString(PartnerArchive::observation("HST", index).observationID);
}

QStringList fieldPaths(const QJsonObject &report)
{
    QStringList paths;
    for (const QJsonValue &field : report.value(QStringLiteral("fields")).toArray())
        paths << field.toObject().value(QStringLiteral("path")).toString();
    return paths;
}

} // namespace

class TestCompareCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_mast.start());
        QVERIFY(m_cadc.start());
        QVERIFY(m_mast.addGenerated("HST", 0, 3));
        QVERIFY(m_cadc.addGenerated("HST", 0, 3));
        // CADC's copy of observation 1 differs from MAST's in a plane field and a chunk field.
        caom2::Observation changed = PartnerArchive::observation("HST", 1);
        caom2::Plane &plane = changed.planes.front();
        plane.dataRelease = caom2::Date{1700000000000};
        QVERIFY(!plane.artifacts.empty());
        caom2::Artifact &artifact = plane.artifacts.front();
        const auto withChunks = std::find_if(artifact.parts.begin(), artifact.parts.end(),
                                             [](const caom2::Part &p) { return !p.chunks.empty(); });
        QVERIFY(withChunks != artifact.parts.end());
        caom2::Chunk &chunk = withChunks->chunks.front();
        chunk.naxis = chunk.naxis.value_or(0) + 1;
        caom2::assignChecksums(changed);
        QVERIFY(m_cadc.put({changed}));
        m_planePath = QString::fromStdString(caom2::identitySegment(plane));
        m_chunkPath = QString::fromStdString(caom2::joinPath(
            caom2::joinPath(caom2::joinPath(caom2::identitySegment(plane), caom2::identitySegment(artifact)),
                            caom2::identitySegment(*withChunks)),
            caom2::identitySegment(chunk)));
        QVERIFY(m_operator.addSource(QStringLiteral("MAST"), m_mast.capabilitiesUrl()));
        QVERIFY(m_operator.addSource(QStringLiteral("CADC"), m_cadc.capabilitiesUrl()));
    }

    void identicalPairExitsZero()
    {
        QByteArray out;
        QByteArray err;
        QCOMPARE(
            m_operator.run(m_operator.compare({QStringLiteral("MAST"), QStringLiteral("CADC")}, idOf(0)), &out, &err),
            0);
        const QJsonObject report = QJsonDocument::fromJson(out).object();
        QVERIFY2(report.value(QStringLiteral("identical")).toBool(), err.constData());
        QVERIFY(report.value(QStringLiteral("fields")).toArray().isEmpty());
        QCOMPARE(report.value(QStringLiteral("copies")).toArray().size(), 2);
    }

    void differingPairNamesFieldsAndExitsOne()
    {
        QByteArray out;
        QCOMPARE(m_operator.run(m_operator.compare({QStringLiteral("MAST"), QStringLiteral("CADC")}, idOf(1)), &out),
                 1);
        const QJsonObject report = QJsonDocument::fromJson(out).object();
        QVERIFY(!report.value(QStringLiteral("identical")).toBool());
        const QStringList paths = fieldPaths(report);
        QVERIFY2(paths.contains(m_planePath + QStringLiteral(".dataRelease")), qPrintable(paths.join(u'\n')));
        QVERIFY2(paths.contains(m_chunkPath + QStringLiteral(".naxis")), qPrintable(paths.join(u'\n')));
        // The plane's own state differs and so does the chunk's: the first place they part is the plane.
        QCOMPARE(report.value(QStringLiteral("firstParting")).toString(), m_planePath);
        for (const QJsonValue &field : report.value(QStringLiteral("fields")).toArray()) {
            const QJsonObject f = field.toObject();
            if (f.value(QStringLiteral("path")).toString() != m_chunkPath + QStringLiteral(".naxis"))
                continue;
            const QJsonObject values = f.value(QStringLiteral("values")).toObject();
            QCOMPARE(values.value(QStringLiteral("CADC")).toString().toInt(),
                     values.value(QStringLiteral("MAST")).toString().toInt() + 1);
        }

        // The plain-text form says the same to a person.
        QCOMPARE(
            m_operator.run(m_operator.compare({QStringLiteral("MAST"), QStringLiteral("CADC")}, idOf(1), false), &out),
            1);
        const QString text = QString::fromUtf8(out);
        QVERIFY2(text.contains(m_chunkPath + QStringLiteral(".naxis")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("the copies part at ") + m_planePath), qPrintable(text));
    }

    void localAgainstPartner()
    {
        // The local store holds MAST's copy of observation 1: identical to MAST, different from CADC.
        {
            auto opened = store::Store::open(*store::parseStoreLocation(m_operator.store()));
            QVERIFY(opened);
            store::ObservationStore writer(*opened);
            QVERIFY(writer.upsert({store::UpsertItem{PartnerArchive::observation("HST", 1)}}));
        }
        QCOMPARE(m_operator.run(m_operator.compare({QStringLiteral("MAST")}, idOf(1))), 0);
        QByteArray out;
        QCOMPARE(m_operator.run(m_operator.compare({QStringLiteral("CADC")}, idOf(1)), &out), 1);
        QVERIFY(fieldPaths(QJsonDocument::fromJson(out).object()).contains(m_chunkPath + QStringLiteral(".naxis")));
        // Not in the local store at all: one copy only, reported as missing, exit 1.
        QCOMPARE(m_operator.run(m_operator.compare({QStringLiteral("MAST")}, idOf(2)), &out), 1);
        const QJsonArray nodes = QJsonDocument::fromJson(out).object().value(QStringLiteral("nodes")).toArray();
        QCOMPARE(nodes.at(0).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("missing"));
    }

    void threeWay()
    {
        QByteArray out;
        QCOMPARE(m_operator.run(m_operator.compare({QStringLiteral("MAST"), QStringLiteral("CADC")}, idOf(1))
                                    << QStringLiteral("--with-local"),
                                &out),
                 1);
        const QJsonObject report = QJsonDocument::fromJson(out).object();
        QCOMPARE(report.value(QStringLiteral("copies")).toArray().size(), 3);
        for (const QJsonValue &field : report.value(QStringLiteral("fields")).toArray()) {
            const QJsonObject values = field.toObject().value(QStringLiteral("values")).toObject();
            QCOMPARE(values.value(QStringLiteral("local")), values.value(QStringLiteral("MAST")));
        }
    }

    void unreadableCopiesExitTwo()
    {
        QByteArray err;
        QCOMPARE(m_operator.run(m_operator.compare({QStringLiteral("MAST"), QStringLiteral("CADC")},
                                                   QStringLiteral("no-such-observation")),
                                nullptr, &err),
                 2);
        QVERIFY2(err.contains("HST/no-such-observation"), err.constData());
        QCOMPARE(m_operator.run(m_operator.compare({QStringLiteral("ESDC")}, idOf(0)), nullptr, &err), 2);
        QVERIFY2(err.contains("ESDC"), err.constData());
        // A partner that stopped answering: the message names the observation and the source.
        m_cadc.stopServing();
        QCOMPARE(m_operator.run(m_operator.compare({QStringLiteral("MAST"), QStringLiteral("CADC")}, idOf(0)), nullptr,
                                &err),
                 2);
        QVERIFY2(
            err.contains(QByteArray(QByteArray("cannot fetch HST/") + idOf(0).toUtf8() + QByteArray(" from CADC"))),
            err.constData());
    }

private:
    PartnerArchive m_mast;
    PartnerArchive m_cadc;
    Operator m_operator;
    QString m_planePath;
    QString m_chunkPath;
};

QTEST_GUILESS_MAIN(TestCompareCli)
#include "tst_compare_cli.moc"
