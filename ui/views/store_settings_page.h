#pragma once

#include "common/result.h"
#include "store/store_probe.h"

#include <QFutureWatcher>
#include <QWidget>

class QCheckBox;
class QLineEdit;
class QPushButton;

namespace mirror::ui {

class MessageWidget;

// The store part of the settings: a SQLite file or a postgresql:// URL, and "Test connection", which connects
// off the GUI thread (a PostgreSQL server that does not answer takes its timeout to fail) and says inline what
// it found. A password typed into the URL is used for the test but never saved.
//
// Object names: "storeLocation", "browseStore", "testConnection", "storeMessage", "offerDemo".
class StoreSettingsPage : public QWidget {
    Q_OBJECT

public:
    explicit StoreSettingsPage(QWidget *parent = nullptr);
    ~StoreSettingsPage() override;

    void setLocation(const QString &location);
    QString location() const;
    void setOfferDemo(bool offer);
    bool offerDemo() const;
    void testConnection();
    bool isTesting() const { return m_watcher.isRunning(); }

signals:
    void changed();
    void testFinished(bool ok);

private:
    void onTestFinished();
    void warnAboutPassword();

    QLineEdit *m_location = nullptr;
    QPushButton *m_browse = nullptr;
    QPushButton *m_test = nullptr;
    QCheckBox *m_offerDemo = nullptr;
    MessageWidget *m_message = nullptr;
    QFutureWatcher<Result<store::StoreProbe>> m_watcher;
};

} // namespace mirror::ui
