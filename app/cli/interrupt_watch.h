#pragma once

#include <QObject>
#include <QTimer>

#include <atomic>
#include <functional>

// SIGINT and SIGTERM for the commands that run long (harvest, serve, sources test): the handlers only set a
// flag, which blocking network calls poll as their cancel flag, and a timer turns it into a call on the
// event loop. Install it before the first network call, so Ctrl-C is never death by signal.
namespace cli {

class InterruptWatch : public QObject {
public:
    InterruptWatch();           // installs the handlers
    ~InterruptWatch() override; // restores the default handlers

    // Set from the signal handler; hand it to anything that takes a cancel flag.
    static const std::atomic<bool> *flag();
    static bool interrupted();

    // `onInterrupt` runs on the event loop once per signal received (checked every 100 ms).
    void watch(std::function<void()> onInterrupt);

private:
    QTimer m_timer;
    std::function<void()> m_onInterrupt;
};

} // namespace cli
