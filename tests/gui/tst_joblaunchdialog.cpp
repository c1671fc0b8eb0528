// The New job dialog offers the options of `caom-sync harvest` and turns the ticks into one request per source:
// collections as ticked (or the partner's whole offer), each mode with only its own options, and the command
// line that does the same; repair and prune are what the confirmation speaks of.
#include "views/job_launch_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTest>
#include <QTreeWidget>

using mirror::ui::JobLaunchDialog;
using mirror::ui::JobRequest;

namespace {

std::vector<mirror::PartnerSource> sources()
{
    mirror::PartnerSource mast;
    mast.name = QStringLiteral("MAST");
    mast.endpoint = QStringLiteral("https://mast.example.org/caom2");
    mast.collections = {QStringLiteral("HST"), QStringLiteral("JWST")};
    mirror::PartnerSource esdc;
    esdc.name = QStringLiteral("ESDC");
    esdc.endpoint = QStringLiteral("https://esdc.example.org/caom2");
    return {mast, esdc};
}

template <typename T>
T *child(const QWidget &parent, const char *name)
{
    T *widget = parent.findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no %s", name);
    return widget;
}

} // namespace

class TestJobLaunchDialog : public QObject {
    Q_OBJECT

private slots:
    void offersSourcesCollectionsAndKnownOnes()
    {
        JobLaunchDialog dialog(sources(), {{QStringLiteral("MAST"), QStringLiteral("HLA")}});
        auto *tree = child<QTreeWidget>(dialog, "jobTargets");
        QCOMPARE(tree->topLevelItemCount(), 2);
        QTreeWidgetItem *mast = tree->topLevelItem(0);
        QCOMPARE(mast->childCount(), 3); // HST, JWST, and HLA which only the store holds
        QCOMPARE(mast->child(2)->text(0), QStringLiteral("HLA (in the store, not configured)"));
        QTreeWidgetItem *esdc = tree->topLevelItem(1);
        QCOMPARE(esdc->child(0)->text(0), QStringLiteral("every collection ESDC offers"));
        // Nothing ticked: nothing to start, and the dialog says what to do.
        QVERIFY(dialog.requests().empty());
        QVERIFY(!child<QLabel>(dialog, "jobProblem")->isHidden());
        QVERIFY(!child<QPushButton>(dialog, "jobStart")->isEnabled());
    }

    void ticksBecomeRequests()
    {
        JobLaunchDialog dialog(sources(), {});
        dialog.preselect(QStringLiteral("MAST"), QStringLiteral("JWST"));
        auto *tree = child<QTreeWidget>(dialog, "jobTargets");
        tree->topLevelItem(1)->child(0)->setCheckState(0, Qt::Checked); // every collection ESDC offers
        auto requests = dialog.requests();
        QCOMPARE(requests.size(), std::size_t(2));
        QCOMPARE(requests[0].source, QStringLiteral("MAST"));
        QCOMPARE(requests[0].collections, QStringList{QStringLiteral("JWST")});
        QCOMPARE(requests[0].mode, harvest::HarvestMode::Incremental);
        QCOMPARE(requests[1].source, QStringLiteral("ESDC"));
        QVERIFY(requests[1].collections.isEmpty());
        QVERIFY(child<QPushButton>(dialog, "jobStart")->isEnabled());
        QCOMPARE(child<QLabel>(dialog, "jobCommand")->text(),
                 QStringLiteral("Same as: <tt>caom-sync harvest --source MAST --collection JWST --mode incremental<br>"
                                "caom-sync harvest --source ESDC --mode incremental</tt>"));

        // A whole source ticked: its configured collections, named.
        dialog.preselect(QStringLiteral("MAST"));
        requests = dialog.requests();
        QCOMPARE(requests.size(), std::size_t(1));
        QCOMPARE(requests[0].collections, (QStringList{QStringLiteral("HST"), QStringLiteral("JWST")}));
    }

    void eachModeCarriesOnlyItsOptions()
    {
        JobLaunchDialog dialog(sources(), {});
        dialog.preselect(QStringLiteral("MAST"), QStringLiteral("HST"));
        auto *repair = child<QCheckBox>(dialog, "validateRepair");
        auto *prune = child<QCheckBox>(dialog, "fullPrune");
        auto *reason = child<QComboBox>(dialog, "retryReason");
        QVERIFY(!repair->isEnabled() && !prune->isEnabled() && !reason->isEnabled());

        child<QRadioButton>(dialog, "modeValidate")->setChecked(true);
        QVERIFY(repair->isEnabled() && !prune->isEnabled());
        repair->setChecked(true);
        JobRequest r = dialog.requests().front();
        QCOMPARE(r.mode, harvest::HarvestMode::Validate);
        QVERIFY(r.repair);
        QCOMPARE(mirror::ui::commandLine(r),
                 QStringLiteral("caom-sync harvest --source MAST --collection HST --mode validate --repair"));
        QVERIFY(JobLaunchDialog::confirmationText({r}).contains(QStringLiteral("deleted")));

        // Repair belongs to validate: switching to full drops it, prune is full's.
        child<QRadioButton>(dialog, "modeFull")->setChecked(true);
        prune->setChecked(true);
        child<QCheckBox>(dialog, "fullFrom")->setChecked(true);
        r = dialog.requests().front();
        QVERIFY(!r.repair);
        QVERIFY(r.prune);
        QVERIFY(r.fullFrom.has_value());
        QVERIFY(mirror::ui::commandLine(r).contains(QStringLiteral("--mode full --from ")));
        QVERIFY(mirror::ui::commandLine(r).endsWith(QStringLiteral("--prune --yes")));
        QVERIFY(JobLaunchDialog::confirmationText({r}).contains(QStringLiteral("no longer lists")));

        child<QRadioButton>(dialog, "modeRetry")->setChecked(true);
        reason->setCurrentIndex(reason->findData(QStringLiteral("checksum")));
        r = dialog.requests().front();
        QVERIFY(!r.prune && !r.fullFrom);
        QCOMPARE(r.retryReason, std::optional<mirror::ErrorCategory>(mirror::ErrorCategory::Checksum));
        QCOMPARE(mirror::ui::commandLine(r),
                 QStringLiteral("caom-sync harvest --source MAST --collection HST --mode retry --reason checksum"));
        QVERIFY(JobLaunchDialog::confirmationText({r}).isEmpty()); // nothing to confirm
        QCOMPARE(mirror::ui::modeLabel(r), QStringLiteral("retry (checksum failures)"));
    }

    void filesModesMakeArtifactRequests()
    {
        JobLaunchDialog dialog(sources(), {});
        dialog.preselect(QStringLiteral("MAST"), QStringLiteral("HST"));
        auto *depth = child<QSpinBox>(dialog, "artifactDepth");
        QVERIFY(!depth->isEnabled());
        child<QRadioButton>(dialog, "modeFilesDownload")->setChecked(true);
        JobRequest r = dialog.requests().front();
        QCOMPARE(r.artifactMode, std::optional<harvest::ArtifactMode>(harvest::ArtifactMode::Download));
        QCOMPARE(mirror::ui::commandLine(r),
                 QStringLiteral("caom-sync artifacts --source MAST --collection HST --mode download"));
        QCOMPARE(mirror::ui::modeLabel(r), QStringLiteral("files: download"));
        QVERIFY(JobLaunchDialog::confirmationText({r}).isEmpty());
        QVERIFY(!depth->isEnabled());

        child<QRadioButton>(dialog, "modeFilesValidate")->setChecked(true);
        QVERIFY(depth->isEnabled());
        depth->setValue(2);
        r = dialog.requests().front();
        QCOMPARE(r.artifactMode, std::optional<harvest::ArtifactMode>(harvest::ArtifactMode::Validate));
        QCOMPARE(r.depth, 2);
        QCOMPARE(mirror::ui::commandLine(r),
                 QStringLiteral("caom-sync artifacts --source MAST --collection HST --mode validate --depth 2"));
        QVERIFY(child<QLabel>(dialog, "jobCommand")->text().contains(QStringLiteral("--mode validate --depth 2")));

        // Back to a harvest mode: no artifact mode left over.
        child<QRadioButton>(dialog, "modeIncremental")->setChecked(true);
        r = dialog.requests().front();
        QVERIFY(!r.artifactMode);
        QCOMPARE(r.mode, harvest::HarvestMode::Incremental);
    }
};

QTEST_MAIN(TestJobLaunchDialog)
#include "tst_joblaunchdialog.moc"
