#pragma once

#include "caom2/entities.h"
#include "common/result.h"
#include "demo/demo_content.h"
#include "demo/demo_store.h"
#include "store/store.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <optional>

// The demo's partners: MAST, CADC and ESDC each hold a slightly different copy of the demo's generated
// collections (a few observations changed, a few missing, ESDC with some of its own), kept as stores that the
// console serves on loopback with `serve`'s code, so a newcomer can harvest, validate and compare partners with
// no network. Deterministic, like the rest of the demo. Data only: serving them is the console's business.
namespace demo {

QStringList demoPartnerNames(); // MAST, CADC, ESDC

// How `partner` holds the index-th observation of `collection`: the demo's own version, the partner's other
// version, or nullopt when the partner lacks it. Indexes at and past collection.count are observations only
// some partners hold.
std::optional<caom2::Observation> partnerCopy(const QString &partner, const GeneratedCollection &collection,
                                              std::uint64_t index);
// How many indexes past collection.count a partner may hold.
inline constexpr std::uint64_t partnerExtras = 20;

// What each demo partner lists, recorded in the demo store as a harvest would have left it, so "partners side by
// side" has something to show before the first harvest.
mirror::Result<void> writePartnerListings(const std::shared_ptr<store::Store> &store);

// $XDG_CACHE_HOME/caom-mirror/demo-partner-<name>-v<version>.sqlite.
QString demoPartnerStorePath(const QString &partner);

// The store `partner` serves, built when missing (written beside and renamed into place, so a half-built one is
// never taken for finished). Returns its path.
mirror::Result<QString> ensureDemoPartnerStore(const QString &partner, const ProgressCallback &progress = {},
                                               const std::atomic<bool> *cancel = nullptr);

} // namespace demo
