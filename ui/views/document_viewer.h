#pragma once

#include <QByteArray>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace mirror::ui {

class MessageWidget;

// A read-only window showing an observation's CAOM XML as the store keeps it, with find (Ctrl+F, Enter for the
// next match), copy and save. Not modal: several can stay open beside the browser.
//
// Object names: "documentText", "documentFind", "documentInfo".
class DocumentViewer : public QWidget {
    Q_OBJECT

public:
    explicit DocumentViewer(QWidget *parent = nullptr);

    // `title` names the observation ("HST/y34b0101t").
    void showDocument(const QString &title, const QByteArray &xml);
    QString text() const;

private:
    void findNext(bool backwards);
    void save();

    QByteArray m_xml;
    QString m_title;
    QLabel *m_info = nullptr;
    QLineEdit *m_find = nullptr;
    QPlainTextEdit *m_text = nullptr;
    MessageWidget *m_message = nullptr;
};

} // namespace mirror::ui
