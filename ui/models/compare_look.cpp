#include "models/compare_look.h"

#include "models/state_look.h"

#include <QObject>

namespace mirror::models {

CompareLook compareLook(const caom2::ComparisonNode &node, const QStringList &copyNames)
{
    using caom2::CompareState;
    switch (node.own) {
    case CompareState::Missing: {
        QStringList in;
        QStringList out;
        for (std::size_t i = 0; i < node.copies.size() && i < static_cast<std::size_t>(copyNames.size()); ++i)
            (node.copies[i].present ? in : out) << copyNames[static_cast<qsizetype>(i)];
        const QString label = in.size() == 1 ? QObject::tr("only in %1").arg(in.first())
                                             : QObject::tr("not in %1").arg(out.join(QStringLiteral(", ")));
        return {QStringLiteral("\u25D0"), label,
                QObject::tr("This entity is in %1 and not in %2")
                    .arg(in.join(QStringLiteral(", ")), out.join(QStringLiteral(", "))),
                stateLook(QStringLiteral("stale")).colour};
    }
    case CompareState::Differs:
        return {QStringLiteral("\u2260"), QObject::tr("differs"),
                QObject::tr("Some of this entity's own fields differ"), stateLook(QStringLiteral("differs")).colour};
    case CompareState::NotCompared:
        return {QStringLiteral("?"), QObject::tr("not compared"),
                QObject::tr("Fewer than two copies could be read, so nothing was compared"),
                stateLook(QStringLiteral("unknown")).colour};
    case CompareState::Equal: break;
    }
    if (node.rolledUp != CompareState::Equal)
        return {QStringLiteral("\u2193"), QObject::tr("differs below"),
                QObject::tr("This entity's own fields are the same; something it contains differs"),
                stateLook(node.rolledUp == CompareState::Missing ? QStringLiteral("stale") : QStringLiteral("differs"))
                    .colour};
    return {QStringLiteral("\u2713"), QObject::tr("same"),
            QObject::tr("The same in every copy, down to its last child"), stateLook(QStringLiteral("ok")).colour};
}

QColor differenceBackground()
{
    return {255, 236, 214}; // light amber: dark text keeps well over 4.5:1 on it
}

QString kindWord(caom2::EntityKind kind)
{
    switch (kind) {
    case caom2::EntityKind::Observation: return QObject::tr("Observation");
    case caom2::EntityKind::Plane: return QObject::tr("Plane");
    case caom2::EntityKind::Artifact: return QObject::tr("Artifact");
    case caom2::EntityKind::Part: return QObject::tr("Part");
    case caom2::EntityKind::Chunk: return QObject::tr("Chunk");
    }
    return {};
}

} // namespace mirror::models
