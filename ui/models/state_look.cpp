#include "models/state_look.h"

#include "store/observation_store.h"

#include <QCoreApplication>

namespace mirror::models {

namespace {

int severity(const QString &state)
{
    if (state == store::ObservationState::ok)
        return 0;
    if (state == store::ObservationState::stale)
        return 2;
    if (state == store::ObservationState::differs)
        return 3;
    return 1; // unknown: worse than ok, it has not been shown to be ok
}

QString tr(const char *text)
{
    return QCoreApplication::translate("StateLook", text);
}

} // namespace

StateLook stateLook(const QString &state)
{
    // Colours chosen to stay readable on both light and dark palettes; the glyph and word carry the meaning.
    if (state == store::ObservationState::ok)
        return {QStringLiteral("\u2713"), tr("ok"), tr("Verified and current"), QColor(0x2e, 0x7d, 0x32)};
    if (state == store::ObservationState::stale)
        return {QStringLiteral("\u26a0"), tr("stale"), tr("A refresh failed; this good copy was kept"),
                QColor(0xc7, 0x7c, 0x02)};
    if (state == store::ObservationState::differs)
        return {QStringLiteral("\u2260"), tr("differs"), tr("Validate or compare found it differs from the partner"),
                QColor(0xc6, 0x28, 0x28)};
    return {QStringLiteral("?"), state.isEmpty() ? tr("unknown") : state, tr("Not compared yet"),
            QColor(0x75, 0x75, 0x75)};
}

QString worseState(const QString &a, const QString &b)
{
    return severity(b) > severity(a) ? b : a;
}

} // namespace mirror::models
