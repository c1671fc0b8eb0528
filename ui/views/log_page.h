#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;
class QTreeView;

namespace mirror::models {
class LogFilterModel;
class LogModel;
} // namespace mirror::models

namespace mirror::ui {

// The log view: the console's messages (the engine's above all) with filters for the lowest level, the
// category, the job and the age, a search field and copy. New messages are taken from the LogHub four times a
// second; the view follows the newest while it is scrolled to the bottom. The same messages are in the log
// file named under the filters.
//
// Object names: "logView", "logLevel", "logCategory", "logJob", "logAge", "logSearch", "logCopy", "logFile".
class LogPage : public QWidget {
    Q_OBJECT

public:
    explicit LogPage(QWidget *parent = nullptr);

    models::LogModel *model() const { return m_model; }
    models::LogFilterModel *filter() const { return m_filter; }
    // Takes what is new now (the timer does it four times a second).
    void pull();
    // Shows only this job's messages.
    void showJob(const QString &job);
    // The selected rows (all shown rows when none is selected) as lines of the log file.
    QString selectedText() const;
    void copySelection() const;

private:
    void updateChoices();
    void applyAge();

    models::LogModel *m_model = nullptr;
    models::LogFilterModel *m_filter = nullptr;
    QTreeView *m_view = nullptr;
    QComboBox *m_level = nullptr;
    QComboBox *m_category = nullptr;
    QComboBox *m_job = nullptr;
    QComboBox *m_age = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_file = nullptr;
    QTimer *m_timer = nullptr;
};

} // namespace mirror::ui
