#include "interrupt_watch.h"

#include <csignal>

namespace cli {
namespace {

std::atomic<bool> interruptFlag{false};
std::atomic<bool> unhandled{false};

static_assert(std::atomic<bool>::is_always_lock_free, "the flag is set from a signal handler");

extern "C" void onInterruptSignal(int)
{
    interruptFlag.store(true);
    unhandled.store(true);
}

} // namespace

InterruptWatch::InterruptWatch()
{
    std::signal(SIGINT, onInterruptSignal);
    std::signal(SIGTERM, onInterruptSignal);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (unhandled.exchange(false) && m_onInterrupt)
            m_onInterrupt();
    });
}

InterruptWatch::~InterruptWatch()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

const std::atomic<bool> *InterruptWatch::flag()
{
    return &interruptFlag;
}

bool InterruptWatch::interrupted()
{
    return interruptFlag.load();
}

void InterruptWatch::watch(std::function<void()> onInterrupt)
{
    m_onInterrupt = std::move(onInterrupt);
    m_timer.start(100);
}

} // namespace cli
