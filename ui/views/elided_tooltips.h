#pragma once

#include <QObject>

class QAbstractItemView;

namespace mirror::ui {

// Shows a cell's whole text as its tooltip when the view had to elide it (a long artifact URI, a checksum in a
// narrow column) and the model offers no tooltip of its own.
class ElidedToolTips : public QObject {
    Q_OBJECT

public:
    explicit ElidedToolTips(QAbstractItemView *view);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QAbstractItemView *m_view = nullptr;
};

} // namespace mirror::ui
