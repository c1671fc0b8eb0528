#include "store/upsert_row_values.h"

namespace store::upsert_rows {

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

QVariant optionalText(const std::optional<std::string> &text)
{
    return text ? QVariant(fromStd(*text)) : QVariant(QMetaType::fromType<QString>());
}

QVariant optionalMs(const std::optional<caom2::Date> &date)
{
    return date ? QVariant(static_cast<qlonglong>(date->msSinceEpoch)) : QVariant(QMetaType::fromType<qlonglong>());
}

namespace {

// The observation row's columns, in the order observationValues() gives them.
const QStringList observationColumns = {QStringLiteral("source"),
                                        QStringLiteral("collection"),
                                        QStringLiteral("observation_id"),
                                        QStringLiteral("uri"),
                                        QStringLiteral("id"),
                                        QStringLiteral("observation_type"),
                                        QStringLiteral("obs_type"),
                                        QStringLiteral("intent"),
                                        QStringLiteral("instrument"),
                                        QStringLiteral("target_name"),
                                        QStringLiteral("meta_release"),
                                        QStringLiteral("last_modified"),
                                        QStringLiteral("max_last_modified"),
                                        QStringLiteral("meta_checksum"),
                                        QStringLiteral("acc_meta_checksum"),
                                        QStringLiteral("state"),
                                        QStringLiteral("caom_version"),
                                        QStringLiteral("document"),
                                        QStringLiteral("document_size"),
                                        QStringLiteral("stored_at")};

QString observationUri(const QString &collection, const QString &observationID)
{
    return QStringLiteral("caom:") + collection + QLatin1Char('/') + observationID;
}

} // namespace

QStringList observationColumnsFor(bool withProposal)
{
    return withProposal ? observationColumns + QStringList{QStringLiteral("proposal_id")} : observationColumns;
}

QString sourceOf(const UpsertItem &item)
{
    return item.source.isNull() ? QStringLiteral("") : item.source; // null would bind as NULL
}

std::vector<QVariant> observationValues(const Pending &prepared, qint64 storedAt, bool withProposal)
{
    const UpsertItem &item = prepared.item;
    const caom2::Observation &o = item.observation;
    const QString collection = fromStd(o.collection);
    const QString observationID = fromStd(o.observationID);
    const std::vector<caom2::EntityChecksums> &sums = prepared.checksums;
    std::vector<QVariant> values{
        sourceOf(item),
        collection,
        observationID,
        observationUri(collection, observationID),
        fromStd(o.id.toString()),
        o.kind == caom2::ObservationKind::Simple ? QStringLiteral("SimpleObservation")
                                                 : QStringLiteral("DerivedObservation"),
        optionalText(o.type),
        o.intent ? QVariant(fromStd(std::string(caom2::toString(*o.intent))))
                 : QVariant(QMetaType::fromType<QString>()),
        o.instrument ? QVariant(fromStd(o.instrument->name)) : QVariant(QMetaType::fromType<QString>()),
        o.target ? QVariant(fromStd(o.target->name)) : QVariant(QMetaType::fromType<QString>()),
        optionalMs(o.metaRelease),
        optionalMs(o.lastModified),
        optionalMs(o.maxLastModified),
        fromStd(sums[0].metaChecksum),
        fromStd(sums[0].accMetaChecksum),
        item.state,
        item.caomVersion,
        prepared.document,
        prepared.documentSize,
        storedAt,
    };
    if (withProposal)
        values.push_back(o.proposal && !o.proposal->id.empty() ? QVariant(fromStd(o.proposal->id))
                                                               : QVariant(QMetaType::fromType<QString>()));
    return values;
}

QVariant nullable(const std::optional<std::int32_t> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<int>());
}

} // namespace store::upsert_rows
