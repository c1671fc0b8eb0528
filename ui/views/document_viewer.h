#pragma once

#include <QByteArray>
#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace mirror::ui {

class MessageWidget;

// A read-only window showing an observation's CAOM XML as the store keeps it, with line numbers, find (Ctrl+F,
// Enter for the next match), copy and save. Opened from an entity, it starts at that entity's element. Not modal:
// several can stay open beside the browser.
//
// Object names: "documentText", "documentLineNumbers", "documentFind", "documentInfo".
class DocumentViewer : public QWidget {
    Q_OBJECT

public:
    explicit DocumentViewer(QWidget *parent = nullptr);

    // `title` names the observation ("HST/y34b0101t"). `entityPath` names the entity to start at, as
    // models::EntityRef::path does (productID, artifact URI, part name, chunk id); empty: the observation.
    void showDocument(const QString &title, const QByteArray &xml, const QStringList &entityPath = {});
    QString text() const;
    // The line (from 1) the view was opened at: the selected entity's element, 1 for the observation.
    int startLine() const { return m_startLine; }

private:
    void findNext(bool backwards);
    void save();

    QByteArray m_xml;
    QString m_title;
    int m_startLine = 1;
    QLabel *m_info = nullptr;
    QLineEdit *m_find = nullptr;
    QPlainTextEdit *m_text = nullptr;
    MessageWidget *m_message = nullptr;
};

} // namespace mirror::ui
