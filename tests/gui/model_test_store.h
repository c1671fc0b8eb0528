#pragma once

// A temporary SQLite store filled with generated observations, for the model tests (header only: each model
// test is its own executable and links libraries, not shared sources).
#include "caom2/generator.h"
#include "store/observation_store.h"
#include "test_stores.h"

#include <QFile>
#include <QTest>

#include <memory>

namespace modeltest {

inline const QString hst = QStringLiteral("HST");
inline const QString jwst = QStringLiteral("JWST");

// The state the generated observation `index` of HST is stored with: every 7th stale, every 11th differs.
inline QString stateOf(int index)
{
    if (index % 11 == 5)
        return store::ObservationState::differs;
    if (index % 7 == 3)
        return store::ObservationState::stale;
    return store::ObservationState::ok;
}

struct FilledStore {
    testsupport::TestStore fixture{QStringLiteral("sqlite")};
    std::shared_ptr<store::Store> store;
    int hstCount = 0;
    int jwstCount = 0;

    // Deletes the SQLite file (and its WAL and shared-memory files) under whoever uses it: a connection opened
    // afterwards finds an empty database.
    void deleteFiles() const
    {
        const QString path = fixture.location().sqlitePath;
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(path + suffix);
    }
};

// `hstCount` HST observations (source MAST, mixed states) and `jwstCount` JWST ones (all ok).
inline std::unique_ptr<FilledStore> filledStore(int hstCount, int jwstCount)
{
    auto filled = std::make_unique<FilledStore>();
    if (!filled->fixture.ok())
        qFatal("%s", qPrintable(filled->fixture.error()));
    filled->store = filled->fixture.open();
    if (!filled->store)
        qFatal("%s", qPrintable(filled->fixture.error()));
    store::ObservationStore observations(filled->store);
    std::vector<store::UpsertItem> batch;
    caom2::GeneratorOptions options;
    options.collection = "HST";
    options.seed = 11;
    for (int i = 0; i < hstCount; ++i)
        batch.emplace_back(caom2::generateObservation(options, static_cast<std::uint64_t>(i)), QStringLiteral("MAST"),
                           stateOf(i));
    options.collection = "JWST";
    options.seed = 12;
    for (int i = 0; i < jwstCount; ++i)
        batch.emplace_back(caom2::generateObservation(options, static_cast<std::uint64_t>(i)), QStringLiteral("MAST"));
    if (auto written = observations.upsert(batch); !written)
        qFatal("cannot fill the test store: %s", written.error().describe().c_str());
    filled->hstCount = hstCount;
    filled->jwstCount = jwstCount;
    return filled;
}

inline store::ObservationFilter collectionFilter(const QString &collection)
{
    store::ObservationFilter filter;
    filter.collection = collection;
    return filter;
}

} // namespace modeltest
