#pragma once

#include <QFrame>

class QLabel;
class QHBoxLayout;
class QToolButton;

namespace mirror::ui {

// An inline message in the pane it concerns (KeePassXC's MessageWidget): a coloured band with a glyph, the
// text, optional action buttons and a close button. Hidden until showMessage(); never modal. The kind is told
// by glyph and words as well as colour.
class MessageWidget : public QFrame {
    Q_OBJECT

public:
    enum class Kind { Information, Positive, Warning, Error };

    explicit MessageWidget(QWidget *parent = nullptr);

    void showMessage(const QString &text, Kind kind);
    // Removes the action buttons added with addAction() and hides the message.
    void hideMessage();
    // A button inside the message ("Retry", "Open demo store"); removed by the next showMessage().
    QToolButton *addAction(const QString &text);
    // Whether the close button is offered (default true).
    void setCloseButtonVisible(bool visible);

    Kind kind() const { return m_kind; }
    QString text() const;

signals:
    void closed();

private:
    void clearActions();

    Kind m_kind = Kind::Information;
    QLabel *m_glyph = nullptr;
    QLabel *m_text = nullptr;
    QHBoxLayout *m_actions = nullptr;
    QToolButton *m_close = nullptr;
};

} // namespace mirror::ui
