#include "sync/report_svg.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <array>

namespace harvest {
namespace {

const QString svgNs = QStringLiteral("http://www.w3.org/2000/svg");

QString number(qreal value)
{
    return QString::number(value, 'f', 1);
}

QString colour(unsigned rgb)
{
    return QStringLiteral("#%1").arg(rgb, 6, 16, QLatin1Char('0'));
}

void startSvg(QXmlStreamWriter &xml, int width, int height, const QString &title)
{
    // SVG's namespace as the default one (xmlns="..."), never a prefix: HTML parsers know <svg>, not <n1:svg>.
    xml.writeDefaultNamespace(svgNs);
    xml.writeStartElement(svgNs, QStringLiteral("svg"));
    xml.writeAttribute(QStringLiteral("width"), QString::number(width));
    xml.writeAttribute(QStringLiteral("height"), QString::number(height));
    xml.writeAttribute(QStringLiteral("viewBox"), QStringLiteral("0 0 %1 %2").arg(width).arg(height));
    xml.writeAttribute(QStringLiteral("role"), QStringLiteral("img"));
    xml.writeAttribute(QStringLiteral("font-family"), QStringLiteral("sans-serif"));
    xml.writeAttribute(QStringLiteral("font-size"), QStringLiteral("12"));
    xml.writeTextElement(svgNs, QStringLiteral("title"), title);
}

void rect(QXmlStreamWriter &xml, qreal x, qreal y, qreal w, qreal h, const QString &fill, const QString &tip = {})
{
    xml.writeStartElement(svgNs, QStringLiteral("rect"));
    xml.writeAttribute(QStringLiteral("x"), number(x));
    xml.writeAttribute(QStringLiteral("y"), number(y));
    xml.writeAttribute(QStringLiteral("width"), number(std::max<qreal>(w, 0)));
    xml.writeAttribute(QStringLiteral("height"), number(std::max<qreal>(h, 0)));
    xml.writeAttribute(QStringLiteral("fill"), fill);
    if (!tip.isEmpty())
        xml.writeTextElement(svgNs, QStringLiteral("title"), tip); // shown on hover by browsers
    xml.writeEndElement();
}

void text(QXmlStreamWriter &xml, qreal x, qreal y, const QString &content,
          const QString &anchor = QStringLiteral("start"), const QString &fill = QStringLiteral("#222"))
{
    xml.writeStartElement(svgNs, QStringLiteral("text"));
    xml.writeAttribute(QStringLiteral("x"), number(x));
    xml.writeAttribute(QStringLiteral("y"), number(y));
    xml.writeAttribute(QStringLiteral("text-anchor"), anchor);
    xml.writeAttribute(QStringLiteral("fill"), fill);
    xml.writeCharacters(content);
    xml.writeEndElement();
}

void line(QXmlStreamWriter &xml, qreal x1, qreal y1, qreal x2, qreal y2, const QString &stroke)
{
    xml.writeStartElement(svgNs, QStringLiteral("line"));
    xml.writeAttribute(QStringLiteral("x1"), number(x1));
    xml.writeAttribute(QStringLiteral("y1"), number(y1));
    xml.writeAttribute(QStringLiteral("x2"), number(x2));
    xml.writeAttribute(QStringLiteral("y2"), number(y2));
    xml.writeAttribute(QStringLiteral("stroke"), stroke);
    xml.writeEndElement();
}

using LegendEntries = std::vector<std::pair<QString, QString>>; // label, fill

qreal legendEntryWidth(const QString &label)
{
    return 30 + 7.5 * static_cast<qreal>(label.size()); // a generous estimate of sans-serif 12 px
}

// How many rows the legend takes between `left` and `right`.
int legendRows(qreal left, qreal right, const LegendEntries &entries)
{
    int rows = 1;
    qreal x = left;
    for (const auto &entry : entries) {
        const qreal w = legendEntryWidth(entry.first);
        if (x + w > right && x > left) {
            ++rows;
            x = left;
        }
        x += w;
    }
    return rows;
}

// Coloured squares with glyph and word, wrapped to rows of 20 px between `left` and `right`.
void legend(QXmlStreamWriter &xml, qreal left, qreal right, qreal y, const LegendEntries &entries)
{
    qreal x = left;
    for (const auto &[label, fill] : entries) {
        const qreal w = legendEntryWidth(label);
        if (x + w > right && x > left) {
            y += 20;
            x = left;
        }
        rect(xml, x, y - 10, 12, 12, fill);
        text(xml, x + 16, y, label);
        x += w;
    }
}

} // namespace

void writeStateBarsSvg(QXmlStreamWriter &xml, const std::vector<StateBar> &bars)
{
    const QLocale locale;
    const int labelWidth = 170;
    const int barArea = 560;
    const int rowHeight = 28;
    const int width = labelWidth + barArea + 90;
    LegendEntries entries;
    for (const BarStateLook &look : barStateLooks())
        entries.emplace_back(look.glyph + QLatin1Char(' ') + look.label, colour(look.fill));
    const int rows = legendRows(labelWidth, width - 10, entries);
    const int height = 30 + static_cast<int>(bars.size()) * rowHeight + 20 * rows + 10;
    startSvg(xml, width, height, QStringLiteral("Observations by state, per partner and collection"));
    qint64 largest = 1;
    for (const StateBar &bar : bars)
        largest = std::max(largest, bar.total());
    qreal y = 20;
    for (const StateBar &bar : bars) {
        const QString name = (bar.source.isEmpty() ? QStringLiteral("imported") : bar.source)
            + QStringLiteral(" \u00b7 ") + bar.collection;
        text(xml, labelWidth - 8, y + 14, name, QStringLiteral("end"));
        qreal x = labelWidth;
        for (const BarStateLook &look : barStateLooks()) {
            const qint64 n = bar.counts[static_cast<std::size_t>(look.state)];
            if (n == 0)
                continue;
            const qreal w = static_cast<qreal>(barArea) * static_cast<qreal>(n) / static_cast<qreal>(largest);
            rect(xml, x, y, w, rowHeight - 8, colour(look.fill),
                 QStringLiteral("%1: %2 %3").arg(name, locale.toString(n), look.label));
            x += w;
        }
        text(xml, x + 6, y + 14, locale.toString(bar.total()));
        y += rowHeight;
    }
    legend(xml, labelWidth, width - 10, y + 18, entries);
    xml.writeEndElement();
}

void writeThroughputSvg(QXmlStreamWriter &xml, const std::vector<ThroughputPoint> &buckets, qint64 bucketMs)
{
    const int left = 60;
    const int plotWidth = 640;
    const int plotHeight = 160;
    const int top = 16;
    startSvg(xml, left + plotWidth + 20, top + plotHeight + 40,
             QStringLiteral("Harvest throughput: observations processed per hour"));
    const qreal perHour = bucketMs > 0 ? 3600000.0 / static_cast<qreal>(bucketMs) : 1.0;
    qreal peak = 1;
    for (const ThroughputPoint &p : buckets)
        peak = std::max(peak, static_cast<qreal>(p.observations) * perHour);
    // Axes, the peak and zero labelled.
    line(xml, left, top, left, top + plotHeight, QStringLiteral("#888"));
    line(xml, left, top + plotHeight, left + plotWidth, top + plotHeight, QStringLiteral("#888"));
    const QLocale locale;
    text(xml, left - 6, top + 10, locale.toString(qRound64(peak)), QStringLiteral("end"));
    text(xml, left - 6, top + plotHeight, QStringLiteral("0"), QStringLiteral("end"));
    if (!buckets.empty()) {
        const qreal step = static_cast<qreal>(plotWidth) / static_cast<qreal>(buckets.size());
        QString path;
        qreal x = left;
        path += QStringLiteral("M %1 %2").arg(number(x), number(top + plotHeight));
        for (const ThroughputPoint &p : buckets) {
            const qreal y = top + plotHeight - plotHeight * (static_cast<qreal>(p.observations) * perHour) / peak;
            path += QStringLiteral(" L %1 %2 L %3 %2").arg(number(x), number(y), number(x + step));
            x += step;
        }
        path += QStringLiteral(" L %1 %2 Z").arg(number(x), number(top + plotHeight));
        xml.writeStartElement(svgNs, QStringLiteral("path"));
        xml.writeAttribute(QStringLiteral("d"), path);
        xml.writeAttribute(QStringLiteral("fill"), QStringLiteral("#90caf9"));
        xml.writeAttribute(QStringLiteral("stroke"), QStringLiteral("#1565c0"));
        xml.writeEndElement();
        // A tick and a date at each midnight (UTC), every few days so at most about eight are written.
        constexpr qint64 day = 24 * 3600 * 1000LL;
        const qint64 span = buckets.back().bucketStart - buckets.front().bucketStart;
        const qint64 every = std::max<qint64>(1, (span / day + 7) / 8);
        for (std::size_t i = 0; i < buckets.size(); ++i) {
            const qint64 start = buckets[i].bucketStart;
            if (start % day != 0 || (start / day) % every != 0)
                continue;
            const qreal tick = left + step * static_cast<qreal>(i);
            line(xml, tick, top + plotHeight, tick, top + plotHeight + 4, QStringLiteral("#888"));
            text(xml, tick, top + plotHeight + 16,
                 QDateTime::fromMSecsSinceEpoch(start, Qt::UTC).toString(QStringLiteral("MMM d")),
                 QStringLiteral("middle"), QStringLiteral("#555"));
        }
    }
    text(xml, left + plotWidth, top + plotHeight + 34, QStringLiteral("time (UTC)"), QStringLiteral("end"),
         QStringLiteral("#555"));
    xml.writeEndElement();
}

void writePartyBarsSvg(QXmlStreamWriter &xml, const store::PartnerComparison &comparison)
{
    const QLocale locale;
    const int columnWidth = 90;
    const int plotHeight = 160;
    const int top = 20;
    const int left = 20;
    const int width = std::max(420, left + static_cast<int>(comparison.parties.size()) * columnWidth + 20);
    startSvg(xml, width, top + plotHeight + 60,
             QStringLiteral("Each copy of %1: agrees with all, differs, missing").arg(comparison.collection));
    qint64 largest = 1;
    for (const store::ComparisonParty &p : comparison.parties)
        largest = std::max(largest, p.holds + p.lacks);
    const std::array<std::pair<QString, QString>, 3> kinds{
        {{QStringLiteral("\u2713 agrees with all"), QStringLiteral("#43a047")},
         {QStringLiteral("\u2260 differs"), QStringLiteral("#e53935")},
         {QStringLiteral("\u2205 missing"), QStringLiteral("#9e9e9e")}}};
    qreal x = left;
    for (const store::ComparisonParty &p : comparison.parties) {
        const QString name = p.local ? QStringLiteral("here") : p.source;
        const std::array<qint64, 3> values{p.holds - p.differs, p.differs, p.lacks};
        qreal y = top + plotHeight;
        for (std::size_t k = 0; k < values.size(); ++k) {
            const qreal h = plotHeight * static_cast<qreal>(values[k]) / static_cast<qreal>(largest);
            rect(xml, x + 10, y - h, columnWidth - 30, h, kinds[k].second,
                 QStringLiteral("%1: %2 %3").arg(name, locale.toString(values[k]), kinds[k].first));
            y -= h;
        }
        text(xml, x + columnWidth / 2.0 - 5, y - 4, locale.toString(p.holds), QStringLiteral("middle"));
        text(xml, x + columnWidth / 2.0 - 5, top + plotHeight + 16, name, QStringLiteral("middle"));
        x += columnWidth;
    }
    legend(xml, left, width - 10, top + plotHeight + 44, LegendEntries(kinds.begin(), kinds.end()));
    xml.writeEndElement();
}

} // namespace harvest
