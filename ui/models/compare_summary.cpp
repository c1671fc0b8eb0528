#include "models/compare_summary.h"

#include <QObject>

namespace mirror::models {

namespace {

QString pathText(const std::string &path)
{
    return path.empty() ? QObject::tr("the observation") : QString::fromStdString(path);
}

} // namespace

QString comparisonSummary(const CompareOutcome &outcome)
{
    const caom2::Comparison &c = outcome.comparison;
    QString text = QObject::tr("Observation %1, compared %2\n")
                       .arg(outcome.request.observation(), outcome.copyNames().join(QObject::tr(" with ")));
    for (const harvest::ObservationCopy &copy : outcome.copies)
        text += QStringLiteral("  %1: %2%3\n")
                    .arg(copy.name, copy.origin,
                         !copy.available         ? QObject::tr(" (could not be read: %1)").arg(copy.error)
                             : !copy.observation ? QObject::tr(" (no such observation there)")
                                                 : QString());
    if (!outcome.error.isEmpty())
        return text + outcome.error + QLatin1Char('\n');
    if (c.identical())
        return text + QObject::tr("The copies are identical: every entity, field and checksum is the same.\n");
    if (c.firstParting)
        text += QObject::tr("The copies first part at %1.\n").arg(pathText(c.nodes[*c.firstParting].path));
    for (const std::size_t n : c.differingNodes()) {
        const caom2::ComparisonNode &node = c.nodes[n];
        if (node.own != caom2::CompareState::Missing)
            continue;
        QStringList in;
        for (std::size_t i = 0; i < node.copies.size(); ++i)
            if (node.copies[i].present)
                in << QString::fromStdString(c.copyNames[i]);
        text += QObject::tr("%1 is only in %2.\n").arg(pathText(node.path), in.join(QStringLiteral(", ")));
    }
    int shown = 0;
    for (const caom2::FieldRow &row : c.fields)
        shown += row.aggregate ? 0 : 1;
    if (shown > 0) {
        text += QObject::tr("\nDiffering fields:\n");
        for (const caom2::FieldRow &row : c.fields) {
            if (row.aggregate)
                continue;
            text += QStringLiteral("  %1\n").arg(QString::fromStdString(row.path));
            for (std::size_t i = 0; i < row.values.size(); ++i)
                text += QStringLiteral("    %1: %2\n")
                            .arg(QString::fromStdString(c.copyNames[i]),
                                 row.values[i] ? QString::fromStdString(*row.values[i]) : QObject::tr("(absent)"));
        }
    }
    for (std::size_t i = 0; i < c.diagnoses.size(); ++i)
        if (!c.diagnoses[i].agrees())
            text += QObject::tr("\n%1's own checksums: %2\n")
                        .arg(QString::fromStdString(c.copyNames[i]), QString::fromStdString(c.diagnoses[i].summary()));
    return text;
}

} // namespace mirror::models
