#pragma once

#include "caom2/checksum.h"
#include "caom2/entities.h"
#include "store/observation_store.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <optional>
#include <string>
#include <vector>

// The values an upsert writes, made from the model: the observation row in column order, and the small
// conversions the entity rows share. The statements that write them are in observation_upsert.cpp.
namespace store::upsert_rows {

QString fromStd(const std::string &text);
QVariant optionalText(const std::optional<std::string> &text); // a null text value where absent
QVariant optionalMs(const std::optional<caom2::Date> &date);   // milliseconds since the epoch, or null
QVariant nullable(const std::optional<std::int32_t> &value);

// The observation row's columns, in the order observationValues() gives them: proposal_id only on a store that
// has it (every store but one a migration test opened at an older version).
QStringList observationColumnsFor(bool withProposal);

// One observation of a batch as the writer needs it: the item and what prepareUpsert made of it, by reference,
// so that upsert() writes the caller's items without copying them (a sample observation's copy and destruction
// were a tenth of an upsert).
struct Pending {
    const UpsertItem &item;
    const QByteArray &document;
    int documentSize;
    const std::vector<caom2::EntityChecksums> &checksums;
};

// The partner an item is recorded as coming from: "" for none (a null QString would be written as NULL).
QString sourceOf(const UpsertItem &item);

std::vector<QVariant> observationValues(const Pending &prepared, qint64 storedAt, bool withProposal);

} // namespace store::upsert_rows
