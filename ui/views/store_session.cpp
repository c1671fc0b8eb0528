#include "views/store_session.h"

#include "store/store.h"
#include "store/store_reader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace mirror::ui {

struct StoreSession::Outcome {
    std::shared_ptr<store::Store> store;
    QString error;
};

struct StoreSession::Relay {
    std::atomic<bool> cancel{false};
    QMutex mutex; // guards owner
    StoreSession *owner = nullptr;
};

namespace {

QString errorText(const mirror::Error &error)
{
    return QString::fromStdString(error.describe());
}

// A SQLite path naming something that is there but cannot be a store: the cause in an operator's words, before
// the driver would answer with its own ("cannot create schema_version: file is not a database").
QString notAStore(const store::StoreLocation &location)
{
    if (location.engine != store::Engine::SQLite)
        return {};
    const QFileInfo info(location.sqlitePath);
    if (info.isDir())
        return StoreSession::tr("it is a folder, not a store file");
    if (!info.exists() || info.size() == 0)
        return {};
    QFile file(location.sqlitePath);
    if (!file.open(QIODevice::ReadOnly))
        return StoreSession::tr("the file cannot be read (%1)").arg(file.errorString());
    static const QByteArray sqliteHeader("SQLite format 3\0", 16);
    if (file.read(sqliteHeader.size()) != sqliteHeader)
        return StoreSession::tr("it is not a store (not a SQLite database file)");
    return {};
}

StoreSession::Outcome openLocation(const store::StoreLocation &location)
{
    if (const QString cause = notAStore(location); !cause.isEmpty())
        return {nullptr, cause};
    auto opened = store::Store::open(location);
    if (!opened)
        return {nullptr, errorText(opened.error())};
    return {opened.value(), {}};
}

} // namespace

QString withHomeAbbreviated(const QString &path)
{
    const QString home = QDir::homePath();
    if (home.size() > 1 && (path == home || path.startsWith(home + QLatin1Char('/'))))
        return QLatin1Char('~') + path.mid(home.size());
    return path;
}

StoreSession::StoreSession(QObject *parent) : QObject(parent), m_relay(std::make_shared<Relay>())
{
    m_relay->owner = this;
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<Outcome>>::finished, this, &StoreSession::onFinished);
}

StoreSession::~StoreSession()
{
    // An open in progress is not waited for (a PostgreSQL server that does not answer holds it until its
    // time-out): it finishes on its worker, and the store it may have opened is let go there.
    m_relay->cancel = true;
    {
        QMutexLocker lock(&m_relay->mutex);
        m_relay->owner = nullptr;
    }
    // The models are gone or about to go with the window; the reader hands its thread off to finish by itself.
    m_reader.reset();
}

void StoreSession::open(const QString &location)
{
    auto parsed = store::parseStoreLocation(location);
    if (!parsed) {
        emit openFailed(errorText(parsed.error()));
        return;
    }
    const store::StoreLocation where = parsed.value();
    start(withHomeAbbreviated(where.redacted()), false, [where] { return openLocation(where); });
}

void StoreSession::openDemo()
{
    openDemoAt(demo::defaultDemoStorePath());
}

void StoreSession::openDemoAt(const QString &path)
{
    // Progress arrives on the building threads; it is handed to the GUI thread through this object's queue,
    // while the session exists (the relay's mutex keeps it from going while an event is posted to it).
    const std::shared_ptr<Relay> relay = m_relay;
    const demo::ProgressCallback progress = [relay](const demo::DemoProgress &step) {
        QMutexLocker lock(&relay->mutex);
        if (!relay->owner)
            return;
        const QPointer<StoreSession> self(relay->owner);
        QMetaObject::invokeMethod(
            relay->owner,
            [self, step] {
                if (self)
                    emit self->demoProgressChanged(step);
            },
            Qt::QueuedConnection);
    };
    start(withHomeAbbreviated(path), true, [path, progress, relay]() -> Outcome {
        auto ready = demo::ensureDemoStore(path, progress, &relay->cancel);
        if (!ready)
            return {nullptr, errorText(ready.error())};
        store::StoreLocation location;
        location.sqlitePath = ready.value();
        return openLocation(location);
    });
}

void StoreSession::start(const QString &displayName, bool demo, std::function<Outcome()> job)
{
    if (m_watcher.isRunning()) {
        emit openFailed(tr("Still opening %1; try again when it is open.").arg(m_pendingName));
        return;
    }
    m_relay->cancel = false;
    m_pendingName = displayName;
    m_pendingDemo = demo;
    emit openingStarted(displayName, demo);
    m_watcher.setFuture(QtConcurrent::run([job = std::move(job)] { return std::make_shared<Outcome>(job()); }));
}

void StoreSession::onFinished()
{
    const std::shared_ptr<Outcome> outcome = m_watcher.result();
    if (!outcome || !outcome->store) {
        // Named, so the message is understood wherever it is shown: "~/x.txt could not be opened: it is not a
        // store (not a SQLite database file)".
        emit openFailed(tr("%1 could not be opened: %2")
                            .arg(m_pendingName, outcome ? outcome->error : tr("the reason is unknown")));
        return;
    }
    auto reader = std::make_unique<store::StoreReader>(outcome->store);
    emit readerChanged(reader.get());
    // The models have let go of the old reader: it can stop now.
    m_reader = std::move(reader);
    m_store = outcome->store;
    m_displayName = m_pendingName;
    m_demo = m_pendingDemo;
    emit opened(m_displayName);
}

} // namespace mirror::ui
