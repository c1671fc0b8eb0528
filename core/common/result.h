#pragma once

#include "common/error.h"

#include <cassert>
#include <utility>
#include <variant>

namespace mirror {

// Result<T>: a value or an Error, the way errors cross layers and threads (no exception does).
// A stand-in for std::expected, which C++20 on GCC 12 does not have.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::move(value)) {}     // NOLINT(google-explicit-constructor)
    Result(Error error) : m_state(std::move(error)) {} // NOLINT(google-explicit-constructor)

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T &value() &
    {
        assert(ok());
        return std::get<T>(m_state);
    }
    const T &value() const &
    {
        assert(ok());
        return std::get<T>(m_state);
    }
    T &&value() &&
    {
        assert(ok());
        return std::get<T>(std::move(m_state));
    }
    const Error &error() const
    {
        assert(!ok());
        return std::get<Error>(m_state);
    }

    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

private:
    std::variant<T, Error> m_state;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_failed(true) {} // NOLINT(google-explicit-constructor)

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const
    {
        assert(m_failed);
        return m_error;
    }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace mirror
