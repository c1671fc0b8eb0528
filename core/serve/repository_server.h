#pragma once

#include "serve/artifact_files.h"
#include "serve/connection.h"
#include "serve/reply.h"
#include "serve/request_routing.h"
#include "serve/serve_options.h"
#include "store/store.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QSslConfiguration>
#include <QTimer>

#include <memory>

class QHttpServerRequest;

// The repository protocol served from a store (spec caom2-sync.md §1, repository-service.md §5-7): the
// capabilities, collection and state listings, observation documents in CAOM 2.4 or 2.3, deletion
// listings, writes when allowed, and artifact files.
//
// Qt 6.4's HTTP server parses requests and hands each to handleRequest() on the thread that owns the server;
// it can neither run handlers elsewhere nor stream an answer. So the server thread only reads requests and
// writes answers (connection.h); a bounded pool of workers, each with its own store connection, computes
// them (worker_pool.h), and long bodies (listings, files) are produced piece by piece as each client takes
// them (body_streams.h). Request size and time limits, and the number of connections, are enforced here
// because Qt 6.4 has none.
namespace serve {

class WorkerPool;

class RepositoryServer : public QAbstractHttpServer {
public:
    RepositoryServer(std::shared_ptr<store::Store> store, ServeOptions options, QObject *parent = nullptr);
    ~RepositoryServer() override; // waits for the workers' running tasks

    // Listens (with TLS when configured); the port, or 0 with `error` set.
    quint16 start(QString *error);
    // "http(s)://host:port{prefix}/capabilities" for the address listened on.
    QString capabilitiesUrl() const;
    // Client connections open now (accepted and not yet closed).
    int openConnections() const { return int(m_connections.size()); }
    int workerCount() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    // On a worker thread: reads only the options, the store (through the worker's connection) and the files.
    Reply perform(const RequestPlan &plan);
    Reply files(const RequestContext &context, const QString &relativePath);

    bool accept(QTcpSocket *socket); // false: refused (too many connections) and closed here
    Connection *connectionOf(QTcpSocket *socket) const;
    void answerLater(Connection *connection, Exchange exchange, RequestPlan plan);
    void askPiece(quint64 connection, quint64 exchange, std::shared_ptr<BodyStream> stream);
    void logAnswer(const Exchange &exchange, int status, const QByteArray &note);

    std::shared_ptr<store::Store> m_store;
    ServeOptions m_options;
    ArtifactFiles m_files;
    RoutingRules m_rules; // after m_files: whether files are served comes from it
    ConnectionLimits m_limits;
    quint16 m_port = 0;
    QSslConfiguration m_tls;
    bool m_tlsEnabled = false;
    std::unique_ptr<WorkerPool> m_pool;
    QHash<quint64, Connection *> m_connections;
    quint64 m_nextConnection = 1;
    quint64 m_nextExchange = 1;
    QTimer m_sweep;
};

} // namespace serve
