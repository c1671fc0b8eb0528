#include "views/compare_document_view.h"

#include "models/compare_look.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>

namespace mirror::ui {

namespace {

QPlainTextEdit *makeSide(const QString &name)
{
    auto *edit = new QPlainTextEdit;
    edit->setObjectName(name);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return edit;
}

} // namespace

CompareDocumentView::CompareDocumentView(QWidget *parent) : QWidget(parent)
{
    m_pairs = new QComboBox;
    m_pairs->setObjectName(QStringLiteral("documentPair"));
    m_pairs->setToolTip(tr("Which two copies' documents to show side by side"));
    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("documentDifferences"));
    m_leftTitle = new QLabel;
    m_rightTitle = new QLabel;
    // A long document URL must not widen the window.
    for (QLabel *title : {m_leftTitle, m_rightTitle})
        title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_left = makeSide(QStringLiteral("leftDocument"));
    m_right = makeSide(QStringLiteral("rightDocument"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_pairs);
    top->addWidget(m_count, 1);
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addLayout(top, 0, 0, 1, 2);
    grid->addWidget(m_leftTitle, 1, 0);
    grid->addWidget(m_rightTitle, 1, 1);
    grid->addWidget(m_left, 2, 0);
    grid->addWidget(m_right, 2, 1);

    // One scroll position for both sides: the aligned lines stay face to face.
    for (auto [from, to] : {std::pair{m_left, m_right}, std::pair{m_right, m_left}}) {
        QPlainTextEdit *other = to;
        connect(from->verticalScrollBar(), &QScrollBar::valueChanged, other->verticalScrollBar(),
                &QScrollBar::setValue);
        connect(from->horizontalScrollBar(), &QScrollBar::valueChanged, other->horizontalScrollBar(),
                &QScrollBar::setValue);
    }
    connect(m_pairs, &QComboBox::currentIndexChanged, this, &CompareDocumentView::showPair);
}

void CompareDocumentView::setOutcome(std::shared_ptr<const models::CompareOutcome> outcome)
{
    m_outcome = std::move(outcome);
    const QSignalBlocker block(m_pairs);
    m_pairs->clear();
    if (m_outcome)
        for (const models::DocumentPair &pair : m_outcome->documents)
            m_pairs->addItem(QStringLiteral("%1 \u2194 %2")
                                 .arg(m_outcome->copies[static_cast<std::size_t>(pair.left)].name,
                                      m_outcome->copies[static_cast<std::size_t>(pair.right)].name));
    m_pairs->setVisible(m_pairs->count() > 1);
    showPair(0);
}

void CompareDocumentView::showPair(int pairIndex)
{
    m_left->clear();
    m_right->clear();
    m_differing = 0;
    if (!m_outcome || pairIndex < 0 || pairIndex >= static_cast<int>(m_outcome->documents.size())) {
        m_count->clear();
        return;
    }
    const models::DocumentPair &pair = m_outcome->documents[static_cast<std::size_t>(pairIndex)];
    const QStringList &leftLines = m_outcome->documentLines[static_cast<std::size_t>(pair.left)];
    const QStringList &rightLines = m_outcome->documentLines[static_cast<std::size_t>(pair.right)];
    const auto &leftCopy = m_outcome->copies[static_cast<std::size_t>(pair.left)];
    const auto &rightCopy = m_outcome->copies[static_cast<std::size_t>(pair.right)];
    const auto title = [](const harvest::ObservationCopy &copy) {
        if (!copy.available)
            return tr("%1: could not be read").arg(copy.name);
        if (!copy.observation)
            return tr("%1: has no such observation").arg(copy.name);
        return tr("%1 (%2)").arg(copy.name, copy.origin);
    };
    m_leftTitle->setText(title(leftCopy));
    m_rightTitle->setText(title(rightCopy));

    QString leftText;
    QString rightText;
    std::vector<int> tinted;
    int lineNumber = 0;
    for (const models::AlignedLine &line : pair.lines) {
        const bool differs = line.change != models::LineChange::Same;
        const QString leftMarker = line.change == models::LineChange::Changed ? QStringLiteral("\u2260 ")
            : line.change == models::LineChange::LeftOnly                     ? QStringLiteral("+ ")
                                                                              : QStringLiteral("  ");
        const QString rightMarker = line.change == models::LineChange::Changed ? QStringLiteral("\u2260 ")
            : line.change == models::LineChange::RightOnly                     ? QStringLiteral("+ ")
                                                                               : QStringLiteral("  ");
        if (lineNumber > 0) {
            leftText += QLatin1Char('\n');
            rightText += QLatin1Char('\n');
        }
        leftText += line.left >= 0 ? leftMarker + leftLines[line.left] : QString();
        rightText += line.right >= 0 ? rightMarker + rightLines[line.right] : QString();
        if (differs) {
            tinted.push_back(lineNumber);
            ++m_differing;
        }
        ++lineNumber;
    }
    m_left->setPlainText(leftText);
    m_right->setPlainText(rightText);
    m_count->setText(m_differing == 0 ? tr("The documents are the same line for line")
                                      : tr("%n line(s) differ", nullptr, m_differing));

    for (QPlainTextEdit *edit : {m_left, m_right}) {
        QList<QTextEdit::ExtraSelection> selections;
        selections.reserve(static_cast<qsizetype>(tinted.size()));
        for (const int number : tinted) {
            QTextEdit::ExtraSelection selection;
            selection.cursor = QTextCursor(edit->document()->findBlockByNumber(number));
            selection.format.setBackground(models::differenceBackground());
            selection.format.setForeground(QColor(Qt::black));
            selection.format.setProperty(QTextFormat::FullWidthSelection, true);
            selections.append(selection);
        }
        edit->setExtraSelections(selections);
        // Open at the first difference, as a diff tool does.
        if (!tinted.empty()) {
            const QTextCursor first(edit->document()->findBlockByNumber(std::max(0, tinted.front() - 3)));
            edit->setTextCursor(first);
            edit->ensureCursorVisible();
        }
    }
}

} // namespace mirror::ui
