#pragma once

#include "common/partner_source.h"
#include "common/result.h"

#include <QFutureWatcher>
#include <QStringList>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QCheckBox;
class QSpinBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace mirror::ui {

class MessageWidget;

// Edits the list of partner sources: a list on the left, the selected source's fields on the right, and what is
// wrong with it shown inline under the fields as it is typed. The credential is a file path or an environment
// variable name; the editor never asks for a secret itself.
//
// "Test" resolves the source as a harvest would and lists the collections it offers (what `caom-sync sources test`
// does, through the same core call), off the GUI thread; the editor never waits for it.
//
// Object names: "sourceList", "addSource", "removeSource", "sourceName", "sourceEnabled", "sourceEndpointKind",
// "sourceEndpoint", "sourceDeletions", "sourceCredentialKind", "sourceCredential", "sourceCaFile", "sourceLag",
// "sourceCollections", "sourceCredentialState", "sourceMessage", "testSource", "sourceTestMessage".
class SourceListEditor : public QWidget {
    Q_OBJECT

public:
    // What a test found: where the observations are read, and the collections offered.
    struct TestReport {
        QString observationsUrl;
        QString deletionsUrl; // "" when the partner has none
        QStringList offered;
    };
    // Resolves a source and lists its collections; blocking (run off the GUI thread), stops soon after `cancel`.
    using Tester = std::function<mirror::Result<TestReport>(const PartnerSource &, const std::atomic<bool> *cancel)>;

    explicit SourceListEditor(QWidget *parent = nullptr);
    ~SourceListEditor() override; // never waits for a test in progress: it is cancelled and ends by itself

    // Tests run `tester` instead of the network (tests).
    void setTester(Tester tester);
    // Tests the selected source (the form as it is now).
    void testSelected();
    bool isTesting() const { return m_testWatcher.isRunning(); }

    void setSources(const std::vector<PartnerSource> &sources);
    std::vector<PartnerSource> sources() const { return m_sources; }
    // Selects the first source that does not validate and shows why; true when all are fine.
    bool checkAll();
    void addSource();
    void removeSelected();
    void select(int row);

signals:
    void changed();
    void testFinished(bool ok);

private:
    void showSource(int row);
    void storeForm();
    void updateListItem(int row);
    void updateCredentialWidgets();
    void browseCredential();
    void showValidity(const PartnerSource &source);
    void onTestFinished();

    std::vector<PartnerSource> m_sources;
    int m_current = -1;
    int m_fresh = -1; // a source just added whose endpoint is not typed yet: hinted, not refused
    bool m_loading = false;
    QListWidget *m_list = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QWidget *m_form = nullptr;
    QLineEdit *m_name = nullptr;
    QCheckBox *m_enabled = nullptr;
    QComboBox *m_endpointKind = nullptr;
    QLineEdit *m_endpoint = nullptr;
    QComboBox *m_credentialKind = nullptr;
    QLineEdit *m_credential = nullptr;
    QPushButton *m_browse = nullptr;
    QLabel *m_credentialState = nullptr;
    QLineEdit *m_collections = nullptr;
    QLineEdit *m_deletions = nullptr;
    QLineEdit *m_caFile = nullptr;
    QSpinBox *m_lag = nullptr;
    MessageWidget *m_message = nullptr;
    QPushButton *m_test = nullptr;
    MessageWidget *m_testMessage = nullptr;
    Tester m_tester;
    std::shared_ptr<std::atomic<bool>> m_testCancel;
    QString m_testedName;
    QFutureWatcher<mirror::Result<TestReport>> m_testWatcher;
};

} // namespace mirror::ui
