#pragma once

// A partner archive for sync tests, on loopback: its own SQLite store, served by the built `caom-sync serve`
// (the code that serves real mirrors), and changed by the test directly through the store while it runs —
// new observations, updates, deletions — the way a partner's own ingest would change it.

#include "background_program.h"

#include "caom2/checksum.h"
#include "caom2/generator.h"
#include "net/service_locator.h"
#include "store/observation_store.h"
#include "store/store_location.h"
#include "sync/harvest_target.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace testsupport {

class PartnerArchive {
public:
    // Extra arguments for serve (a profile, a small --max-rec...).
    explicit PartnerArchive(QStringList serveArguments = {}) : m_serveArguments(std::move(serveArguments)) {}

    // Creates the store and starts serving it. Fails the test (returns false) with the reason.
    bool start()
    {
        if (!m_dir.isValid())
            return false;
        m_path = m_dir.filePath(QStringLiteral("partner.sqlite"));
        auto location = store::parseStoreLocation(m_path);
        if (!location)
            return false;
        auto opened = store::Store::open(*location);
        if (!opened) {
            qWarning("partner store: %s", opened.error().message.c_str());
            return false;
        }
        m_store = *opened;
        m_capabilities = startServe(m_serve, m_path, m_serveArguments);
        if (m_capabilities.isEmpty())
            qWarning("partner serve: %s", qPrintable(m_serve.error()));
        return !m_capabilities.isEmpty();
    }

    std::shared_ptr<store::Store> store() const { return m_store; }
    QString capabilitiesUrl() const { return m_capabilities; }
    QByteArray accessLog() { return m_serve.standardError(); }
    // The partner stops answering (its serve process ends); its store stays.
    void stopServing() { m_serve.stop(); }

    // The index-th generated observation of `collection`, its timestamps moved to `modifiedMs` when given.
    static caom2::Observation observation(const std::string &collection, std::uint64_t index,
                                          std::optional<qint64> modifiedMs = std::nullopt)
    {
        caom2::GeneratorOptions options;
        options.collection = collection;
        caom2::Observation o = caom2::generateObservation(options, index);
        if (modifiedMs) {
            o.lastModified = caom2::Date{*modifiedMs};
            o.maxLastModified = caom2::Date{*modifiedMs};
        }
        caom2::assignChecksums(o); // timestamps are not hashed; the UUID and content are
        return o;
    }

    bool put(std::vector<caom2::Observation> observations)
    {
        store::ObservationStore writer(m_store);
        std::vector<store::UpsertItem> items;
        for (auto &o : observations)
            items.emplace_back(std::move(o));
        auto written = writer.upsert(items);
        if (!written)
            qWarning("partner upsert: %s", written.error().message.c_str());
        return written.ok();
    }

    bool addGenerated(const std::string &collection, std::uint64_t first, std::uint64_t count)
    {
        std::vector<caom2::Observation> batch;
        for (std::uint64_t i = first; i < first + count; ++i) {
            batch.push_back(observation(collection, i));
            if (batch.size() == 500 && !put(std::move(batch)))
                return false;
            if (batch.size() == 500)
                batch.clear();
        }
        return batch.empty() || put(std::move(batch));
    }

    bool remove(const QString &collection, const QString &observationID)
    {
        store::ObservationStore writer(m_store);
        auto removed = writer.remove(collection, observationID);
        return removed.ok() && *removed;
    }

private:
    QStringList m_serveArguments;
    QTemporaryDir m_dir;
    QString m_path;
    std::shared_ptr<store::Store> m_store;
    BackgroundProgram m_serve;
    QString m_capabilities;
};

// A harvest target for a partner: lag 0 and a short look-back so tests need no waiting, quick retries.
inline harvest::HarvestTarget harvestTarget(const QString &capabilitiesUrl, const QString &collection,
                                            const QString &sourceName = QStringLiteral("PARTNER"))
{
    harvest::HarvestTarget target;
    target.sourceName = sourceName;
    target.collection = collection;
    target.harvestSource = harvest::harvestSourceKey(capabilitiesUrl, collection);
    target.http.connectTimeout = std::chrono::milliseconds(5000);
    target.http.totalTimeout = std::chrono::milliseconds(60000);
    target.http.retry.initialDelay = std::chrono::milliseconds(50);
    target.http.retry.seed = 11;
    net::ServiceLocator locator(target.http);
    net::EndpointSpec spec;
    spec.value = capabilitiesUrl.toStdString();
    auto endpoints = locator.locate(spec, net::AuthMethod::Anonymous);
    if (!endpoints)
        qFatal("cannot locate %s: %s", qPrintable(capabilitiesUrl), endpoints.error().message.c_str());
    target.endpoints = *endpoints;
    target.tuning.lag = std::chrono::milliseconds(0);
    target.tuning.lookback = std::chrono::milliseconds(1000);
    target.tuning.pageSize = 500;
    target.tuning.commitBatch = 50;
    return target;
}

} // namespace testsupport
