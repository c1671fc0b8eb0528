#include "charts/state_bar_data.h"

#include <QCoreApplication>
#include <QLocale>

namespace mirror::charts {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("StateBars", text);
}

} // namespace

QString categoryLabel(const QString &source, const QString &collection)
{
    return (source.isEmpty() ? tr("imported") : source) + QStringLiteral(" \u00b7 ") + collection;
}

StateBarData stateBarData(const std::vector<harvest::StateBar> &rows)
{
    StateBarData data;
    data.rows = rows;
    for (const harvest::StateBar &row : rows) {
        data.categories << categoryLabel(row.source, row.collection);
        data.largestTotal = std::max(data.largestTotal, row.total());
    }
    for (const harvest::BarStateLook &look : harvest::barStateLooks()) {
        StateBarSet set;
        set.state = look.state;
        set.label = look.glyph + QLatin1Char(' ') + look.label;
        set.fill = QColor::fromRgb(look.fill);
        bool any = false;
        for (const harvest::StateBar &row : rows) {
            const qint64 n = row.counts[static_cast<std::size_t>(look.state)];
            any = any || n > 0;
            set.values << static_cast<qreal>(n);
        }
        if (any)
            data.sets.push_back(std::move(set));
    }
    return data;
}

QString segmentToolTip(const harvest::StateBar &row, harvest::BarState state)
{
    const harvest::BarStateLook &look = harvest::barStateLook(state);
    const qint64 n = row.counts[static_cast<std::size_t>(state)];
    const qint64 total = row.total();
    const QLocale locale;
    const QString share = total > 0
        ? locale.toString(100.0 * static_cast<double>(n) / static_cast<double>(total), 'f', 1)
        : QStringLiteral("0");
    return tr("%1 \u2014 %2 %3: %4 of %5 observations (%6%). %7.")
        .arg(categoryLabel(row.source, row.collection), look.glyph, look.label, locale.toString(n),
             locale.toString(total), share, look.meaning);
}

} // namespace mirror::charts
