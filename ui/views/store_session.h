#pragma once

#include "demo/demo_store.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace store {
class Store;
class StoreReader;
} // namespace store

namespace mirror::ui {

// A path under the home directory written as ~/..., as people read paths in a status bar.
QString withHomeAbbreviated(const QString &path);

// The store the console is looking at, and the StoreReader every model reads it through. Opening (and building
// the demo store) runs off the GUI thread; the session reports progress and swaps the reader in one step
// (readerChanged), so models never hold a reader of a store that is gone.
class StoreSession : public QObject {
    Q_OBJECT

public:
    explicit StoreSession(QObject *parent = nullptr);
    ~StoreSession() override; // never waits: cancels a demo build; an open in progress finishes by itself

    // A SQLite path or a postgresql:// URL as the operator writes it; "" is the default SQLite file.
    void open(const QString &location);
    // The demo store in the cache, built first when missing or out of date (with progress).
    void openDemo();
    // The demo store at a given path (tests).
    void openDemoAt(const QString &path);

    bool isBusy() const { return m_watcher.isRunning(); }
    bool isOpen() const { return m_reader != nullptr; }
    bool isDemo() const { return m_demo; }
    store::StoreReader *reader() const { return m_reader.get(); }
    // The open store, for the engine that runs jobs on it (nullptr: none).
    std::shared_ptr<store::Store> store() const { return m_store; }
    // The store as shown to people: the SQLite path or the URL with its password replaced by ***.
    QString displayName() const { return m_displayName; }

    // What an open on the worker thread hands back.
    struct Outcome;

signals:
    // Opening began; `what` names the store (redacted); `demo`: the demo store, which may be built first.
    void openingStarted(const QString &what, bool demo);
    // Building the demo store advanced (on the GUI thread).
    void demoProgressChanged(const demo::DemoProgress &progress);
    // The models must now use `reader` (nullptr: no store). Emitted before the previous reader is destroyed.
    void readerChanged(store::StoreReader *reader);
    void opened(const QString &displayName);
    void openFailed(const QString &message);

private:
    void start(const QString &displayName, bool demo, std::function<Outcome()> job);
    void onFinished();

    // What an open on the worker thread shares with the session: the cancel flag of a demo build, and the
    // session to report progress to (nullptr once it is gone), so the session never waits for the worker.
    struct Relay;

    QFutureWatcher<std::shared_ptr<Outcome>> m_watcher;
    std::shared_ptr<Relay> m_relay;
    std::shared_ptr<store::Store> m_store;
    std::unique_ptr<store::StoreReader> m_reader;
    QString m_displayName;
    QString m_pendingName;
    bool m_demo = false;
    bool m_pendingDemo = false;
};

} // namespace mirror::ui
