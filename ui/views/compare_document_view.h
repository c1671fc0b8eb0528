#pragma once

#include "models/compare_outcome.h"

#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QPlainTextEdit;

// Two copies' documents side by side, their differing lines facing each other: a line that changed faces its
// replacement, a line only one copy has faces a gap. Each line starts with a marker (≠ changed, + only here,
// blank when the same) and differing lines are tinted, so nothing is said by colour alone. The two sides scroll
// together. With three copies a chooser picks the pair.
namespace mirror::ui {

class CompareDocumentView : public QWidget {
    Q_OBJECT

public:
    explicit CompareDocumentView(QWidget *parent = nullptr);

    void setOutcome(std::shared_ptr<const models::CompareOutcome> outcome);
    void showPair(int pair); // index into CompareOutcome::documents
    int differingLines() const { return m_differing; }
    QPlainTextEdit *left() const { return m_left; }
    QPlainTextEdit *right() const { return m_right; }

private:
    std::shared_ptr<const models::CompareOutcome> m_outcome;
    QComboBox *m_pairs = nullptr;
    QLabel *m_leftTitle = nullptr;
    QLabel *m_rightTitle = nullptr;
    QLabel *m_count = nullptr;
    QPlainTextEdit *m_left = nullptr;
    QPlainTextEdit *m_right = nullptr;
    int m_differing = 0;
};

} // namespace mirror::ui
