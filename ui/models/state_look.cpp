#include "models/state_look.h"

#include "store/observation_display_state.h"
#include "store/observation_store.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QPalette>

#include <cmath>

namespace mirror::models {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("StateLook", text);
}

} // namespace

StateLook stateLook(const QString &state)
{
    const QColor base = qobject_cast<QGuiApplication *>(QCoreApplication::instance())
        ? QGuiApplication::palette().color(QPalette::Base)
        : QColor(Qt::white);
    return stateLook(state, base);
}

StateLook stateLook(const QString &state, const QColor &background)
{
    // Two sets of colours, checked by tst_statelook against the light and dark palettes' Base, AlternateBase and
    // Window: each keeps 4.5:1 for small text. The glyph and word carry the meaning; the colour only helps.
    const bool dark = background.lightnessF() < 0.5;
    const auto colour = [dark](QRgb onLight, QRgb onDark) { return QColor::fromRgb(dark ? onDark : onLight); };
    if (state == store::ObservationState::ok)
        return {QStringLiteral("\u2713"), tr("ok"), tr("Verified and current"), colour(0x1b5e20, 0x81c784)};
    if (state == store::ObservationState::stale)
        return {QStringLiteral("\u26a0"), tr("stale"), tr("A refresh failed; this good copy was kept"),
                colour(0x8a5a00, 0xffb74d)};
    if (state == store::ObservationState::differs)
        return {QStringLiteral("\u2260"), tr("differs"), tr("Validate or compare found it differs from the partner"),
                colour(0xb71c1c, 0xef9a9a)};
    if (state == store::ObservationState::pending)
        return {QStringLiteral("\u25d4"), tr("pending"),
                tr("The partner changed it moments before validate looked; the next validate judges it"),
                colour(0x0d47a1, 0x90caf9)};
    return {QStringLiteral("?"), state.isEmpty() ? tr("unknown") : state, tr("Not compared yet"),
            colour(0x5f5f5f, 0xbdbdbd)};
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const auto luminance = [](const QColor &c) {
        const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QString worseState(const QString &a, const QString &b)
{
    return store::displaySeverity(b) > store::displaySeverity(a) ? b : a; // the rule's own order
}

} // namespace mirror::models
