#pragma once

#include "store/discrepancy_query.h"

#include <QMetaType>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <vector>

// Reads and acknowledges discrepancies off the GUI thread for the Discrepancies view. Every request returns at
// once and runs on Qt's global thread pool (its own connection, released when the request ends); the answer
// comes back as a signal tagged with the request's token, so the model drops answers to questions it no longer
// asks. Answers may arrive out of order. Once the reader is gone nothing more is emitted; a request still
// running finishes by itself (the application waits for the pool when it exits).
namespace store {

using DiscrepancyRows = std::vector<DiscrepancyRow>;
using ClassCounts = std::vector<ClassCount>;

class DiscrepancyReader : public QObject {
    Q_OBJECT

public:
    explicit DiscrepancyReader(std::shared_ptr<Store> store, QObject *parent = nullptr);
    ~DiscrepancyReader() override;

    quint64 newToken() { return m_nextToken.fetch_add(1); }

    void requestWindow(quint64 token, const DiscrepancyFilter &filter, DiscrepancySort sort, bool descending,
                       qint64 offset, int limit);
    void requestCount(quint64 token, const DiscrepancyFilter &filter);
    void requestClassCounts(quint64 token, const DiscrepancyFilter &filter);
    void requestAcknowledge(quint64 token, const std::vector<qint64> &keys, const QString &note);

signals:
    void windowLoaded(quint64 token, qint64 offset, const store::DiscrepancyRows &rows);
    void countLoaded(quint64 token, qint64 count);
    void classCountsLoaded(quint64 token, const store::ClassCounts &counts);
    void acknowledged(quint64 token, int changed);
    void failed(quint64 token, const QString &message);

private:
    struct Shared;
    template <typename Job>
    void post(Job job);

    std::shared_ptr<Shared> m_shared;
    std::atomic<quint64> m_nextToken{1};
};

} // namespace store

Q_DECLARE_METATYPE(store::DiscrepancyRows)
Q_DECLARE_METATYPE(store::ClassCounts)
