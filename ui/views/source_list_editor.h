#pragma once

#include "common/partner_source.h"

#include <QWidget>

#include <vector>

class QCheckBox;
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
// Object names: "sourceList", "addSource", "removeSource", "sourceName", "sourceEnabled", "sourceEndpointKind",
// "sourceEndpoint", "sourceCredentialKind", "sourceCredential", "sourceCollections", "sourceCredentialState",
// "sourceMessage".
class SourceListEditor : public QWidget {
    Q_OBJECT

public:
    explicit SourceListEditor(QWidget *parent = nullptr);

    void setSources(const std::vector<PartnerSource> &sources);
    std::vector<PartnerSource> sources() const { return m_sources; }
    // Selects the first source that does not validate and shows why; true when all are fine.
    bool checkAll();
    void addSource();
    void removeSelected();
    void select(int row);

signals:
    void changed();

private:
    void showSource(int row);
    void storeForm();
    void updateListItem(int row);
    void updateCredentialWidgets();
    void browseCredential();
    void showValidity(const PartnerSource &source);

    std::vector<PartnerSource> m_sources;
    int m_current = -1;
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
    MessageWidget *m_message = nullptr;
};

} // namespace mirror::ui
