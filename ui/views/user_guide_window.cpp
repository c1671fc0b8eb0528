#include "views/user_guide_window.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QPushButton>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace mirror::ui {

namespace {

// Where ui/CMakeLists.txt puts docs/*.md and docs/screenshots/*.png.
const QString guideRoot = QStringLiteral("qrc:/guide/");

} // namespace

UserGuideWindow::UserGuideWindow(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("userGuide"));
    setWindowTitle(tr("User guide"));
    m_browser = new QTextBrowser(this);
    m_browser->setObjectName(QStringLiteral("userGuideText"));
    m_browser->setOpenExternalLinks(true); // web links go to the desktop's browser; pages of the guide stay here
    m_browser->setSearchPaths({QStringLiteral(":/guide")});

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *back = buttons->addButton(tr("&Back"), QDialogButtonBox::ActionRole);
    QPushButton *home = buttons->addButton(tr("&Contents"), QDialogButtonBox::ActionRole);
    back->setEnabled(false);
    connect(m_browser, &QTextBrowser::backwardAvailable, back, &QPushButton::setEnabled);
    connect(back, &QPushButton::clicked, m_browser, &QTextBrowser::backward);
    connect(home, &QPushButton::clicked, this, [this] { showPage(homePage()); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_browser, 1);
    layout->addWidget(buttons);
    resize(900, 700);
    showPage(homePage());
}

QString UserGuideWindow::homePage()
{
    return QFile::exists(QStringLiteral(":/guide/console.md")) ? QStringLiteral("console.md")
                                                               : QStringLiteral("operator-guide.md");
}

void UserGuideWindow::showPage(const QString &page)
{
    m_browser->setSource(QUrl(guideRoot + page), QTextDocument::MarkdownResource);
}

} // namespace mirror::ui
