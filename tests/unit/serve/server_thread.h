#pragma once

#include "serve/repository_server.h"
#include "store/store.h"

#include <QMetaObject>
#include <QStringList>
#include <QThread>

#include <memory>
#include <mutex>
#include <string>

// The server on its own thread, so a test can make blocking requests; its access log kept for assertions. A
// server that cannot start stops the test at once, naming why.
class ServerThread {
public:
    ServerThread(std::shared_ptr<store::Store> store, serve::ServeOptions options)
    {
        options.accessLog = [this](const QString &line) {
            std::lock_guard lock(m_mutex);
            m_log << line;
        };
        m_server = new serve::RepositoryServer(std::move(store), std::move(options));
        m_server->moveToThread(&m_thread);
        m_thread.start();
        QString error;
        QMetaObject::invokeMethod(
            m_server, [&] { m_port = m_server->start(&error); }, Qt::BlockingQueuedConnection);
        if (m_port == 0)
            qFatal("the server did not start: %s", qPrintable(error));
    }
    ~ServerThread()
    {
        QMetaObject::invokeMethod(
            m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    quint16 port() const { return m_port; }
    std::string url(const QString &path, const char *scheme = "http") const
    {
        return QStringLiteral("%1://127.0.0.1:%2/caom2%3")
            .arg(QLatin1String(scheme))
            .arg(m_port)
            .arg(path)
            .toStdString();
    }
    int openConnections() const
    {
        int open = 0;
        QMetaObject::invokeMethod(
            m_server, [&] { open = m_server->openConnections(); }, Qt::BlockingQueuedConnection);
        return open;
    }
    QStringList log()
    {
        std::lock_guard lock(m_mutex);
        return m_log;
    }

private:
    QThread m_thread;
    serve::RepositoryServer *m_server = nullptr;
    quint16 m_port = 0;
    std::mutex m_mutex;
    QStringList m_log;
};
