#pragma once

#include "serve/artifact_files.h"
#include "serve/reply.h"
#include "serve/serve_options.h"
#include "store/store.h"

#include <QAbstractHttpServer>

#include <memory>

class QHttpServerRequest;

// The repository protocol served from a store (spec caom2-sync.md §1, repository-service.md §5-7): the
// capabilities, collection and state listings, observation documents in CAOM 2.4 or 2.3, deletion
// listings, writes when allowed, and artifact files. Runs on the thread that owns it; requests are answered
// one at a time, each from that thread's store connection.
namespace serve {

struct RequestContext; // the parsed request a handler sees (request_context.h)

class RepositoryServer : public QAbstractHttpServer {
public:
    RepositoryServer(std::shared_ptr<store::Store> store, ServeOptions options, QObject *parent = nullptr);

    // Listens (with TLS when configured); the port, or 0 with `error` set.
    quint16 start(QString *error);
    // "http(s)://host:port{prefix}/capabilities" for the address listened on.
    QString capabilitiesUrl() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Reply route(const RequestContext &context);
    Reply files(const RequestContext &context, const QString &relativePath);
    void send(const QHttpServerRequest &request, QTcpSocket *socket, const Reply &reply, const QString &user);

    std::shared_ptr<store::Store> m_store;
    ServeOptions m_options;
    ArtifactFiles m_files;
    quint16 m_port = 0;
};

} // namespace serve
