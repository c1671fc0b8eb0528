#include "store/row_inserter.h"

#include "store/store.h"

#include <QSqlError>

namespace store {

RowInserter::RowInserter(QSqlDatabase db, QString table, QStringList columns, int rowsPerStatement)
    : m_db(std::move(db)),
      m_table(std::move(table)),
      m_columns(std::move(columns)),
      m_rowsPerStatement(rowsPerStatement)
{}

void RowInserter::add(std::initializer_list<QVariant> values)
{
    Q_ASSERT(static_cast<qsizetype>(values.size()) == m_columns.size());
    m_values.insert(m_values.end(), values.begin(), values.end());
}

bool RowInserter::appendLiteral(QString &sql, const QVariant &value) const
{
    if (value.isNull()) {
        sql += QStringLiteral("NULL");
        return true;
    }
    switch (value.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong: sql += QString::number(value.toLongLong()); return true;
    case QMetaType::QString: {
        const QString text = value.toString();
        if (text.contains(QChar(0)))
            return false;
        sql += QLatin1Char('\'');
        qsizetype from = 0;
        for (qsizetype quote = text.indexOf(QLatin1Char('\'')); quote >= 0;
             quote = text.indexOf(QLatin1Char('\''), from)) {
            sql += QStringView(text).mid(from, quote - from);
            sql += QStringLiteral("''");
            from = quote + 1;
        }
        sql += QStringView(text).mid(from);
        sql += QLatin1Char('\'');
        return true;
    }
    default: return false; // entity rows hold nothing else; a new column type must be added here deliberately
    }
}

mirror::Result<void> RowInserter::flush()
{
    const auto columns = static_cast<std::size_t>(m_columns.size());
    const std::size_t rows = m_values.size() / columns;
    const QString head = QStringLiteral("INSERT INTO %1 (%2) VALUES ").arg(m_table, m_columns.join(QLatin1Char(',')));
    QSqlQuery statement(m_db);
    for (std::size_t first = 0; first < rows; first += static_cast<std::size_t>(m_rowsPerStatement)) {
        const std::size_t count = std::min(rows - first, static_cast<std::size_t>(m_rowsPerStatement));
        QString sql = head;
        sql.reserve(head.size() + static_cast<qsizetype>(count * columns * 24));
        for (std::size_t row = first; row < first + count; ++row) {
            sql += row == first ? QStringLiteral("(") : QStringLiteral(",(");
            for (std::size_t column = 0; column < columns; ++column) {
                if (column > 0)
                    sql += QLatin1Char(',');
                if (!appendLiteral(sql, m_values[row * columns + column])) {
                    m_values.clear();
                    return mirror::Error{
                        mirror::ErrorCategory::PerItem,
                        QStringLiteral("cannot write a %1 row: column %2 holds a value the store cannot keep")
                            .arg(m_table, m_columns[static_cast<qsizetype>(column)])
                            .toStdString()};
                }
            }
            sql += QLatin1Char(')');
        }
        if (!statement.exec(sql)) {
            const QSqlError error = statement.lastError();
            m_values.clear();
            return sqlError(QStringLiteral("cannot write %1 rows").arg(m_table), error);
        }
    }
    m_values.clear();
    return {};
}

} // namespace store
