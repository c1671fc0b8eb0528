#include "charts/partner_comparison_data.h"

#include <QCoreApplication>
#include <QLocale>

namespace mirror::charts {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PartnerComparison", text);
}

} // namespace

QString partyName(const store::ComparisonParty &party)
{
    return party.local ? tr("here") : party.source; // short: it labels a bar; the table's header says "Here" too
}

PartyBarData partyBarData(const store::PartnerComparison &comparison)
{
    PartyBarData data;
    PartyBarSet agree{QStringLiteral("\u2713 ") + tr("agrees with all"), QColor(0x43a047), {}};
    PartyBarSet differs{QStringLiteral("\u2260 ") + tr("differs"), QColor(0xe53935), {}};
    PartyBarSet lacks{QStringLiteral("\u2205 ") + tr("missing"), QColor(0x9e9e9e), {}};
    for (const store::ComparisonParty &party : comparison.parties) {
        data.parties << partyName(party);
        agree.values << static_cast<qreal>(party.holds - party.differs);
        differs.values << static_cast<qreal>(party.differs);
        lacks.values << static_cast<qreal>(party.lacks);
    }
    data.sets = {agree, differs, lacks};
    return data;
}

QString comparisonSummary(const store::PartnerComparison &comparison)
{
    const QLocale locale;
    if (comparison.parties.size() < 2)
        return tr("%1: fewer than two copies to compare. Harvest or validate the collection from another partner.")
            .arg(comparison.collection);
    return tr("%1: %2 observations \u2014 %3 agree everywhere, %4 differ, %5 are missing somewhere.")
        .arg(comparison.collection, locale.toString(comparison.observations), locale.toString(comparison.agree),
             locale.toString(comparison.differ), locale.toString(comparison.missing));
}

} // namespace mirror::charts
