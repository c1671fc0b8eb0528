// The Compare view's models on comparisons of generated observations, under QAbstractItemModelTester: each kind
// of difference at each level lands on the right entity with its field, state and checksums; children in another
// order still match by identity; a copy missing an artifact; three copies. Also the line alignment of documents
// and the plain-text summary.
#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "models/compare_checksum_model.h"
#include "models/compare_field_model.h"
#include "models/compare_line_diff.h"
#include "models/compare_outcome.h"
#include "models/compare_stops.h"
#include "models/compare_summary.h"
#include "models/compare_tree_model.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QTest>

#include <algorithm>

using namespace mirror::models;

namespace {

enum class Change {
    None,
    ObservationField,
    PlaneField,
    ArtifactField,
    PartField,
    ChunkField,
    Reordered,
    ArtifactMissing
};

caom2::Observation base()
{
    caom2::GeneratorOptions options;
    options.collection = "HST";
    options.seed = 5;
    return caom2::generateObservation(options, 42);
}

caom2::Plane &plane(caom2::Observation &o, const std::string &suffix)
{
    return *std::find_if(o.planes.begin(), o.planes.end(),
                         [&](const caom2::Plane &p) { return p.productID.ends_with(suffix); });
}

caom2::Artifact &fits(caom2::Plane &p)
{
    return *std::find_if(p.artifacts.begin(), p.artifacts.end(),
                         [](const caom2::Artifact &a) { return a.uri.text.ends_with(".fits"); });
}

caom2::Part &part(caom2::Artifact &a, const std::string &name)
{
    return *std::find_if(a.parts.begin(), a.parts.end(), [&](const caom2::Part &p) { return p.name == name; });
}

void apply(Change change, caom2::Observation &o)
{
    switch (change) {
    case Change::None: return;
    case Change::ObservationField: o.proposal->pi = "Another Investigator"; break;
    case Change::PlaneField: plane(o, "_flt").provenance->version = "99.1"; break;
    case Change::ArtifactField: fits(plane(o, "_drz")).contentLength = 12345; break;
    case Change::PartField: part(fits(plane(o, "_raw")), "0").productType = caom2::ProductType{"auxiliary"}; break;
    case Change::ChunkField: part(fits(plane(o, "_flt")), "SCI").chunks.front().naxis = 3; break;
    case Change::Reordered:
        std::reverse(o.planes.begin(), o.planes.end());
        for (caom2::Plane &p : o.planes)
            std::reverse(p.artifacts.begin(), p.artifacts.end());
        return; // the same content: declared checksums stay right
    case Change::ArtifactMissing: {
        caom2::Plane &p = plane(o, "_drz");
        p.artifacts.erase(std::remove_if(p.artifacts.begin(), p.artifacts.end(),
                                         [](const caom2::Artifact &a) { return a.uri.text.ends_with("_prev.jpg"); }),
                          p.artifacts.end());
        break;
    }
    }
    caom2::assignChecksums(o); // the partner's declared checksums agree with its own fields
}

std::string planePath(const caom2::Observation &o, const std::string &suffix)
{
    for (const caom2::Plane &p : o.planes)
        if (p.productID.ends_with(suffix))
            return "planes[productID=" + p.productID + "]";
    return {};
}

std::shared_ptr<const CompareOutcome> outcomeOf(const std::vector<std::pair<QString, caom2::Observation>> &copies)
{
    CompareRequest request;
    request.collection = QStringLiteral("HST");
    request.observationID = QString::fromStdString(copies.front().second.observationID);
    std::vector<harvest::ObservationCopy> read;
    for (const auto &[name, observation] : copies)
        read.push_back(copyFromObservation(name, observation));
    return compareCopies(request, std::move(read));
}

QStringList stopPaths(const CompareOutcome &outcome)
{
    QStringList paths;
    for (const DifferenceStop &stop : differenceStops(outcome.comparison))
        paths << QString::fromStdString(stop.field ? outcome.comparison.fields[*stop.field].path
                                                   : outcome.comparison.nodes[stop.node].path);
    return paths;
}

// Walks the tree model (fetching nothing: it is complete) and returns the index whose PathRole is `path`.
QModelIndex findPath(const QAbstractItemModel &model, const QModelIndex &parent, const QString &path)
{
    for (int r = 0; r < model.rowCount(parent); ++r) {
        const QModelIndex at = model.index(r, 0, parent);
        if (at.data(CompareTreeModel::PathRole).toString() == path)
            return at;
        if (const QModelIndex below = findPath(model, at, path); below.isValid())
            return below;
    }
    return {};
}

} // namespace

Q_DECLARE_METATYPE(Change)

class TestCompareModels : public QObject {
    Q_OBJECT

private slots:
    void differenceLandsOnItsEntity_data()
    {
        const caom2::Observation o = base();
        const std::string flt = planePath(o, "_flt");
        const std::string drz = planePath(o, "_drz");
        const std::string raw = planePath(o, "_raw");
        caom2::Observation copy = o;
        const std::string drzFits = drz + ".artifacts[uri=" + fits(plane(copy, "_drz")).uri.text + "]";
        const std::string rawPart = raw + ".artifacts[uri=" + fits(plane(copy, "_raw")).uri.text + "].parts[name=0]";
        const std::string fltChunk = flt + ".artifacts[uri=" + fits(plane(copy, "_flt")).uri.text
            + "].parts[name=SCI].chunks[id=" + part(fits(plane(copy, "_flt")), "SCI").chunks.front().id.toString()
            + "]";
        std::string drzPreview;
        for (const caom2::Artifact &a : plane(copy, "_drz").artifacts)
            if (a.uri.text.ends_with("_prev.jpg"))
                drzPreview = drz + ".artifacts[uri=" + a.uri.text + "]";

        QTest::addColumn<Change>("change");
        QTest::addColumn<QString>("entity");    // the node that differs ("" observation); unused when identical
        QTest::addColumn<int>("state");         // its own CompareState
        QTest::addColumn<QStringList>("stops"); // every stop of next difference, in order
        QTest::addColumn<QString>("left");      // the first stop's value in each copy
        QTest::addColumn<QString>("right");
        const auto q = [](const std::string &text) { return QString::fromStdString(text); };
        const int differs = static_cast<int>(caom2::CompareState::Differs);
        const int missing = static_cast<int>(caom2::CompareState::Missing);

        QTest::newRow("identical") << Change::None << QString() << 0 << QStringList() << QString() << QString();
        QTest::newRow("children in another order")
            << Change::Reordered << QString() << 0 << QStringList() << QString() << QString();
        QTest::newRow("observation field")
            << Change::ObservationField << QString() << differs << QStringList{QStringLiteral("proposal.pi")}
            << q(*o.proposal->pi) << QStringLiteral("Another Investigator");
        QTest::newRow("plane field") << Change::PlaneField << q(flt) << differs
                                     << QStringList{q(flt + ".provenance.version")}
                                     << q(*plane(copy, "_flt").provenance->version) << QStringLiteral("99.1");
        QTest::newRow("artifact field") << Change::ArtifactField << q(drzFits) << differs
                                        << QStringList{q(drzFits + ".contentLength")}
                                        << QString::number(*fits(plane(copy, "_drz")).contentLength)
                                        << QStringLiteral("12345");
        QTest::newRow("part field") << Change::PartField << q(rawPart) << differs
                                    << QStringList{q(rawPart + ".productType")} << QStringLiteral("(absent)")
                                    << QStringLiteral("auxiliary");
        QTest::newRow("chunk field") << Change::ChunkField << q(fltChunk) << differs
                                     << QStringList{q(fltChunk + ".naxis")} << QStringLiteral("2")
                                     << QStringLiteral("3");
        QTest::newRow("copy missing an artifact") << Change::ArtifactMissing << q(drzPreview) << missing
                                                  << QStringList{q(drzPreview)} << QString() << QString();
    }

    void differenceLandsOnItsEntity()
    {
        QFETCH(Change, change);
        QFETCH(QString, entity);
        QFETCH(int, state);
        QFETCH(QStringList, stops);
        QFETCH(QString, left);
        QFETCH(QString, right);

        const caom2::Observation ours = base();
        caom2::Observation theirs = ours;
        apply(change, theirs);
        const auto outcome = outcomeOf({{QStringLiteral("local"), ours}, {QStringLiteral("MAST"), theirs}});
        QVERIFY(outcome->error.isEmpty());
        QCOMPARE(stopPaths(*outcome), stops);

        CompareTreeModel tree;
        QAbstractItemModelTester treeTester(&tree, QAbstractItemModelTester::FailureReportingMode::Fatal);
        tree.setOutcome(outcome);
        QCOMPARE(tree.rowCount(), 1);
        const QModelIndex root = tree.index(0, 0);
        if (stops.isEmpty()) {
            QVERIFY(outcome->comparison.identical());
            QCOMPARE(tree.index(0, CompareTreeModel::StateColumn).data().toString(), QStringLiteral("\u2713 same"));
            return;
        }
        const QModelIndex node = findPath(tree, QModelIndex(), entity);
        QVERIFY2(node.isValid(), qPrintable(entity));
        QCOMPARE(node.data(CompareTreeModel::StateRole).toInt(), state);
        // Its state is a glyph and a word, never colour alone; every ancestor rolls it up as "differs below".
        const QString stateText = node.siblingAtColumn(CompareTreeModel::StateColumn).data().toString();
        QVERIFY2(stateText.startsWith(state == static_cast<int>(caom2::CompareState::Missing)
                                          ? QStringLiteral("\u25D0 only in local")
                                          : QStringLiteral("\u2260 differs")),
                 qPrintable(stateText));
        for (QModelIndex up = node.parent(); up.isValid(); up = up.parent())
            QCOMPARE(up.siblingAtColumn(CompareTreeModel::StateColumn).data().toString(),
                     QStringLiteral("\u2193 differs below"));
        // The checksums part exactly there; where a child is missing, at the parent whose set of children differs.
        const bool isMissing = state == static_cast<int>(caom2::CompareState::Missing);
        const QModelIndex parting = isMissing ? node.parent() : node;
        QCOMPARE(parting.siblingAtColumn(CompareTreeModel::ChecksumColumn).data().toString(),
                 QStringLiteral("\u25C6 part here"));
        QCOMPARE(QString::fromStdString(outcome->comparison.nodes[*outcome->comparison.firstParting].path),
                 parting.data(CompareTreeModel::PathRole).toString());
        if (root != parting)
            QVERIFY(!root.siblingAtColumn(CompareTreeModel::ChecksumColumn)
                         .data()
                         .toString()
                         .startsWith(QStringLiteral("\u25C6")));

        const std::size_t nodeIndex = static_cast<std::size_t>(node.data(CompareTreeModel::NodeRole).toInt());
        CompareChecksumModel sums;
        QAbstractItemModelTester sumsTester(&sums, QAbstractItemModelTester::FailureReportingMode::Fatal);
        sums.setOutcome(outcome);
        sums.setNode(nodeIndex);
        // Four rows per level from the observation down, the parting level marked.
        int levels = 1;
        for (QModelIndex up = node.parent(); up.isValid(); up = up.parent())
            ++levels;
        QCOMPARE(sums.rowCount(), 4 * levels);
        const int partingLevel = isMissing ? levels - 2 : levels - 1;
        for (int level = 0; level < levels; ++level) {
            QCOMPARE(sums.index(4 * level, 0).data(CompareChecksumModel::PartsHereRole).toBool(),
                     level == partingLevel);
            QCOMPARE(sums.index(4 * level, 0).data().toString().startsWith(QStringLiteral("\u25C6")),
                     level == partingLevel);
        }
        QVERIFY(sums.index(0, 0).data().toString().contains(QStringLiteral("Observation")));
        // The recomputed accMetaChecksum differs at every level above the change, and is highlighted.
        QVERIFY(sums.index(2, CompareChecksumModel::ChecksumColumn).data(CompareChecksumModel::DiffersRole).toBool());
        QVERIFY(
            sums.index(2, CompareChecksumModel::ChecksumColumn).data().toString().startsWith(QStringLiteral("\u2260")));
        QVERIFY(sums.index(2, CompareChecksumModel::FirstCopyColumn).data(Qt::BackgroundRole).isValid());

        if (isMissing) {
            QCOMPARE(sums.index(sums.rowCount() - 1, CompareChecksumModel::FirstCopyColumn + 1).data().toString(),
                     QStringLiteral("(not in this copy)"));
            return;
        }
        CompareFieldModel fields;
        QAbstractItemModelTester fieldsTester(&fields, QAbstractItemModelTester::FailureReportingMode::Fatal);
        fields.setOutcome(outcome);
        fields.setNode(nodeIndex);
        QCOMPARE(fields.columnCount(), 3);
        QCOMPARE(fields.headerData(2, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("MAST"));
        int row = -1;
        for (int r = 0; r < fields.rowCount(); ++r)
            if (fields.index(r, 0).data(CompareFieldModel::PathRole).toString() == stops.first())
                row = r;
        QVERIFY2(row >= 0, qPrintable(stops.first()));
        QVERIFY(fields.index(row, 0).data().toString().startsWith(QStringLiteral("\u2260 ")));
        QVERIFY(fields.index(row, 1).data(Qt::BackgroundRole).isValid());
        QCOMPARE(fields.index(row, 1).data().toString(), left);
        QCOMPARE(fields.index(row, 2).data().toString(), right);
        // Only differences: every row differs. All fields: more rows, the equal ones unmarked, the differing one kept.
        const int differing = fields.rowCount();
        for (int r = 0; r < differing; ++r)
            QVERIFY(fields.index(r, 0).data(CompareFieldModel::DiffersRole).toBool());
        fields.setOnlyDifferences(false);
        QVERIFY2(fields.rowCount() > differing, qPrintable(QString::number(fields.rowCount())));
        int equal = 0;
        for (int r = 0; r < fields.rowCount(); ++r) {
            if (fields.index(r, 0).data(CompareFieldModel::DiffersRole).toBool())
                continue;
            ++equal;
            QCOMPARE(fields.index(r, 1).data().toString(), fields.index(r, 2).data().toString());
            QVERIFY(!fields.index(r, 1).data(Qt::BackgroundRole).isValid());
        }
        QCOMPARE(fields.rowCount() - equal, differing);
        QVERIFY(fields.rowOfField(
                    static_cast<std::size_t>(fields.index(row, 0).data(CompareFieldModel::FieldRowRole).toInt()))
                >= 0);
    }

    void threeCopies()
    {
        // local and CADC agree; MAST changed a plane field and a chunk field: two stops, both naming MAST's values.
        const caom2::Observation ours = base();
        caom2::Observation mast = ours;
        plane(mast, "_flt").provenance->version = "99.1";
        part(fits(plane(mast, "_flt")), "SCI").chunks.front().naxis = 3;
        caom2::assignChecksums(mast);
        const auto outcome = outcomeOf(
            {{QStringLiteral("local"), ours}, {QStringLiteral("MAST"), mast}, {QStringLiteral("CADC"), ours}});
        QCOMPARE(outcome->documents.size(), std::size_t(3)); // every pair's documents aligned
        const QStringList stops = stopPaths(*outcome);
        QCOMPARE(stops.size(), 2);
        QVERIFY(stops[0].endsWith(QStringLiteral(".provenance.version")));
        QVERIFY(stops[1].endsWith(QStringLiteral(".naxis")));

        CompareTreeModel tree;
        QAbstractItemModelTester treeTester(&tree, QAbstractItemModelTester::FailureReportingMode::Fatal);
        tree.setOutcome(outcome);
        CompareFieldModel fields;
        QAbstractItemModelTester fieldsTester(&fields, QAbstractItemModelTester::FailureReportingMode::Fatal);
        fields.setOutcome(outcome);
        fields.setNode(differenceStops(outcome->comparison)[1].node);
        QCOMPARE(fields.columnCount(), 4);
        const int row = fields.rowOfField(*differenceStops(outcome->comparison)[1].field);
        QVERIFY(row >= 0);
        QCOMPARE(fields.index(row, 1).data().toString(), QStringLiteral("2"));
        QCOMPARE(fields.index(row, 2).data().toString(), QStringLiteral("3"));
        QCOMPARE(fields.index(row, 3).data().toString(), QStringLiteral("2"));

        // The summary for the partner names the observation, every differing field and each copy's value.
        const QString summary = comparisonSummary(*outcome);
        QVERIFY(summary.contains(QStringLiteral("HST/") + QString::fromStdString(ours.observationID)));
        QVERIFY(summary.contains(stops[0]));
        QVERIFY(summary.contains(stops[1]));
        QVERIFY(summary.contains(QStringLiteral("MAST: 99.1")));
        QVERIFY(!summary.contains(QStringLiteral("accMetaChecksum\n")));
    }

    void copyWithoutTheObservation()
    {
        const caom2::Observation ours = base();
        harvest::ObservationCopy none;
        none.name = QStringLiteral("MAST");
        none.available = true; // answered: no such observation
        std::vector<harvest::ObservationCopy> copies{copyFromObservation(QStringLiteral("local"), ours), none};
        CompareRequest request;
        request.collection = QStringLiteral("HST");
        request.observationID = QString::fromStdString(ours.observationID);
        const auto outcome = compareCopies(request, std::move(copies));
        CompareTreeModel tree;
        QAbstractItemModelTester treeTester(&tree, QAbstractItemModelTester::FailureReportingMode::Fatal);
        tree.setOutcome(outcome);
        QCOMPARE(tree.index(0, CompareTreeModel::StateColumn).data().toString(),
                 QStringLiteral("\u25D0 only in local"));
        QCOMPARE(differenceStops(outcome->comparison).size(), std::size_t(1)); // one stop for the whole subtree
    }

    void linesAlign_data()
    {
        QTest::addColumn<QStringList>("left");
        QTest::addColumn<QStringList>("right");
        QTest::addColumn<QString>(
            "expected"); // one letter per aligned row: s same, c changed, l left only, r right only
        const QStringList abc{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")};
        QTest::newRow("same") << abc << abc << QStringLiteral("sss");
        QTest::newRow("changed middle") << abc
                                        << QStringList{QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("c")}
                                        << QStringLiteral("scs");
        QTest::newRow("inserted") << abc
                                  << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("n"),
                                                 QStringLiteral("c")}
                                  << QStringLiteral("ssrs");
        QTest::newRow("removed") << abc << QStringList{QStringLiteral("a"), QStringLiteral("c")}
                                 << QStringLiteral("sls");
        QTest::newRow("empty left") << QStringList() << abc << QStringLiteral("rrr");
        QTest::newRow("two replaced by one")
            << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}
            << QStringList{QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("d")} << QStringLiteral("scls");
        QTest::newRow("moved line") << QStringList{QStringLiteral("m"), QStringLiteral("a"), QStringLiteral("b")}
                                    << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("m")}
                                    << QStringLiteral("lssr");
    }

    void linesAlign()
    {
        QFETCH(QStringList, left);
        QFETCH(QStringList, right);
        QFETCH(QString, expected);
        QString got;
        int nextLeft = 0;
        int nextRight = 0;
        for (const AlignedLine &line : alignLines(left, right)) {
            got += line.change == LineChange::Same    ? QLatin1Char('s')
                : line.change == LineChange::Changed  ? QLatin1Char('c')
                : line.change == LineChange::LeftOnly ? QLatin1Char('l')
                                                      : QLatin1Char('r');
            // Every line of each side appears once, in order; facing lines of a "same" row are equal.
            if (line.left >= 0)
                QCOMPARE(line.left, nextLeft++);
            if (line.right >= 0)
                QCOMPARE(line.right, nextRight++);
            if (line.change == LineChange::Same)
                QCOMPARE(left[line.left], right[line.right]);
        }
        QCOMPARE(got, expected);
        QCOMPARE(nextLeft, static_cast<int>(left.size()));
        QCOMPARE(nextRight, static_cast<int>(right.size()));
    }

    void bigDocumentsAlignByTheirDifferences()
    {
        // 5,000 lines with ten changed: ten changed rows, everything else facing itself.
        QStringList left;
        for (int i = 0; i < 5000; ++i)
            left << QStringLiteral("    <caom2:line n=\"%1\">value</caom2:line>").arg(i);
        QStringList right = left;
        for (int i = 0; i < 10; ++i)
            right[250 + i * 470] = QStringLiteral("    <caom2:line>changed %1</caom2:line>").arg(i);
        const std::vector<AlignedLine> lines = alignLines(left, right);
        QCOMPARE(lines.size(), std::size_t(5000));
        QCOMPARE(std::count_if(lines.begin(), lines.end(),
                               [](const AlignedLine &l) { return l.change == LineChange::Changed; }),
                 10);
        // Nothing in common: one replaced block, not a search through every pair of lines.
        QStringList other;
        for (int i = 0; i < 5000; ++i)
            other << QStringLiteral("other %1").arg(i);
        const std::vector<AlignedLine> replaced = alignLines(left, other);
        QCOMPARE(replaced.size(), std::size_t(5000));
        QVERIFY(std::all_of(replaced.begin(), replaced.end(),
                            [](const AlignedLine &l) { return l.change == LineChange::Changed; }));
    }
};

QTEST_MAIN(TestCompareModels)
#include "tst_comparemodels.moc"
