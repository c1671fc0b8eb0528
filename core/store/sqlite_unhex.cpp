#include "store/sqlite_unhex.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

#include <string>

namespace store {

namespace {

int hexDigit(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void unhex(sqlite3_context *context, int, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const auto *text = sqlite3_value_text(argv[0]);
    const int length = sqlite3_value_bytes(argv[0]);
    std::string bytes;
    bytes.reserve(static_cast<std::size_t>(length / 2));
    int high = -1;
    for (int i = 0; i < length; ++i) {
        if (text[i] == '-')
            continue;
        const int digit = hexDigit(text[i]);
        if (digit < 0) {
            sqlite3_result_null(context);
            return;
        }
        if (high < 0) {
            high = digit;
        } else {
            bytes.push_back(static_cast<char>(high << 4 | digit));
            high = -1;
        }
    }
    if (high >= 0) {
        sqlite3_result_null(context);
        return;
    }
    sqlite3_result_blob(context, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
}

} // namespace

mirror::Result<void> addUnhexFunction(const QSqlDatabase &db)
{
    const QVariant handle = db.driver() ? db.driver()->handle() : QVariant();
    auto *connection = handle.isValid() && qstrcmp(handle.typeName(), "sqlite3*") == 0
        ? *static_cast<sqlite3 *const *>(handle.data())
        : nullptr;
    if (!connection)
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             "cannot convert the store: its SQLite connection is not available to the program"};
    const int rc = sqlite3_create_function(connection, "mirror_unhex", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                           &unhex, nullptr, nullptr);
    if (rc != SQLITE_OK)
        return mirror::Error{mirror::ErrorCategory::Fatal,
                             std::string("cannot convert the store: ") + sqlite3_errstr(rc)};
    return {};
}

} // namespace store
