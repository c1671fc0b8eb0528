#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

#include <memory>
#include <optional>

class QThread;

// A loopback HTTP/1.1 server for testing clients: the test queues the answers it wants (including broken
// ones), the server answers requests in arrival order and keeps a journal of what it received. It runs in
// its own thread, so a test may call blocking client code directly.
namespace testsupport {

struct ScriptedResponse {
    enum class Framing {
        ContentLength, // "Content-Length: n"
        Chunked,       // "Transfer-Encoding: chunked", the body in two chunks and the terminating one
        CloseDelimited // neither; the end of the body is the end of the connection
    };

    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers; // sent as given, after the framing header
    QByteArray body;
    Framing framing = Framing::ContentLength;
    std::optional<qsizetype> cutAfter; // send only this many body bytes, then close (no chunk terminator)
    int delayMs = 0;                   // wait this long before the status line
    bool reset = false;                // instead of answering, reset the connection (RST, nothing sent)
    bool keepAlive = true;             // false: "Connection: close" and close after the answer

    ScriptedResponse &addHeader(const QByteArray &name, const QByteArray &value)
    {
        headers.append(qMakePair(name, value));
        return *this;
    }

    static ScriptedResponse ok(QByteArray body, QByteArray contentType = "text/plain");
    static ScriptedResponse withStatus(int status, QByteArray body = {});
};

struct RecordedRequest {
    QByteArray method;
    QByteArray target;                            // path and query, raw as sent
    QList<QPair<QByteArray, QByteArray>> headers; // names lower-case
    QByteArray body;
    int connection = 0;           // 1-based number of the TCP connection it came on
    QString clientCertCommonName; // CN of the client certificate, when TLS and one was presented

    QByteArray header(const QByteArray &name) const; // first value, or empty
    bool hasHeader(const QByteArray &name) const;
};

struct TlsServerConfig {
    QString certFile;     // PEM certificate (chain) the server presents
    QString keyFile;      // its PEM private key
    QString clientCaFile; // when set, a client certificate signed by this CA is required
    // TLS 1.2 only makes a refused client certificate fail inside the handshake; under TLS 1.3 the refusal
    // comes after it (and Qt closes without flushing the alert, so the client sees an empty reply).
    bool tls12Only = false;
};

class ScriptedHttpServer {
public:
    ScriptedHttpServer();
    ~ScriptedHttpServer(); // stops the thread and closes every connection
    ScriptedHttpServer(const ScriptedHttpServer &) = delete;
    ScriptedHttpServer &operator=(const ScriptedHttpServer &) = delete;

    // Listens on 127.0.0.1 (an ephemeral port); false with a reason in `error` when it cannot.
    bool start(const std::optional<TlsServerConfig> &tls = std::nullopt, QString *error = nullptr);

    quint16 port() const;
    // "http://127.0.0.1:<port>" + path (https when started with TLS); `host` replaces 127.0.0.1.
    QString url(const QString &path = QString(), const QString &host = QStringLiteral("127.0.0.1")) const;
    std::string urlString(const QString &path = QString(), const QString &host = QStringLiteral("127.0.0.1")) const;

    // Answers are used in order; a request that finds the queue empty gets 500 "no scripted response".
    void enqueue(const ScriptedResponse &response);
    void enqueue(const QList<ScriptedResponse> &responses);

    QList<RecordedRequest> requests() const;
    int requestCount() const;
    int connectionCount() const; // TCP connections accepted (TLS handshakes that failed included)
    int pendingResponses() const;

    struct Shared; // the queue and journal, shared with the server thread under a mutex

private:
    std::shared_ptr<Shared> m_shared;
    QThread *m_thread = nullptr;
    class ScriptedListener *m_listener = nullptr; // lives in m_thread
    quint16 m_port = 0;
    bool m_tls = false;
};

} // namespace testsupport
