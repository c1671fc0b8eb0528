#pragma once

#include "common/partner_source.h"
#include "views/job_runner.h"

#include <QDialog>

#include <utility>
#include <vector>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QSpinBox;
class QTreeWidget;
class QTreeWidgetItem;

namespace mirror::ui {

// "New job": the options of `caom-sync harvest` and `caom-sync artifacts`, and no others — which sources and
// collections (one or several of one or several sources), and the mode with its own options: retry with a reason
// class, validate with or without repair, full from a time and with or without prune; or a files mode (discover,
// download, validate at a depth, diff). The caom-sync command that does the same is shown underneath, ready to
// copy into a timer. Repair and prune are confirmed by the caller (confirmationText()).
//
// Object names: "jobTargets" (the source/collection tree), "modeIncremental", "modeRetry", "modeValidate",
// "modeFull", "modeFilesDiscover", "modeFilesDownload", "modeFilesValidate", "artifactDepth", "modeFilesDiff",
// "retryReason", "validateRepair", "fullFrom", "fullFromTime", "fullPrune", "jobCommand", "jobProblem".
class JobLaunchDialog : public QDialog {
    Q_OBJECT

public:
    // `known`: (source, collection) pairs the store holds, offered beside each source's configured collections.
    JobLaunchDialog(const std::vector<PartnerSource> &sources, const std::vector<std::pair<QString, QString>> &known,
                    QWidget *parent = nullptr);

    // Checks only this source (and only this collection of it, when given).
    void preselect(const QString &source, const QString &collection = QString());
    void setMode(harvest::HarvestMode mode);
    void setArtifactMode(harvest::ArtifactMode mode);

    // One request per checked source.
    std::vector<JobRequest> requests() const;

    // What a repair or a prune among `requests` will change, said before it runs; "" when nothing needs asking.
    static QString confirmationText(const std::vector<JobRequest> &requests);

private:
    void updateState();
    QTreeWidgetItem *sourceItem(const QString &name) const;

    QTreeWidget *m_targets = nullptr;
    QButtonGroup *m_modes = nullptr;
    QComboBox *m_reason = nullptr;
    QCheckBox *m_repair = nullptr;
    QCheckBox *m_from = nullptr;
    QDateTimeEdit *m_fromTime = nullptr;
    QCheckBox *m_prune = nullptr;
    QSpinBox *m_depth = nullptr;
    QLabel *m_command = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace mirror::ui
