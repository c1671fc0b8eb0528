#include "store/row_inserter.h"

#include "store/postgres_copy.h"
#include "store/store.h"

#include <QSqlError>
#include <QSqlField>

#include <algorithm>

namespace store {

int rowsPerStatement(const QSqlDatabase &db, int columns)
{
    if (db.driverName() == QLatin1String("QPSQL"))
        return std::max(1, 2000 / std::max(1, columns));
    return 8;
}

bool writesLiterals(const QSqlDatabase &db)
{
    return db.driverName() == QLatin1String("QPSQL");
}

QString sqlLiteral(const QSqlDriver *driver, const QVariant &value)
{
    QSqlField field(QString(), value.metaType());
    field.setValue(value); // a null QVariant of a type stays null: the driver writes NULL
    return driver->formatValue(field);
}

QString literalRows(const QSqlDriver *driver, const QVariant *values, std::size_t rows, std::size_t columns)
{
    QString text;
    for (std::size_t row = 0; row < rows; ++row) {
        text += row ? QStringLiteral(",(") : QStringLiteral("(");
        for (std::size_t column = 0; column < columns; ++column) {
            if (column)
                text += QLatin1Char(',');
            text += sqlLiteral(driver, values[row * columns + column]);
        }
        text += QLatin1Char(')');
    }
    return text;
}

RowInserter::RowInserter(QSqlDatabase db, QString table, QStringList columns, int rows)
    : m_db(std::move(db)),
      m_table(std::move(table)),
      m_columns(std::move(columns)),
      m_rowsPerStatement(rows > 0 ? rows : rowsPerStatement(m_db, static_cast<int>(m_columns.size()))),
      m_copies(copiesRows(m_db))
{}

void RowInserter::streamInto(CopySession &session, qsizetype statementBytes)
{
    m_stream.emplace(session, m_table, m_columns, statementBytes);
}

void RowInserter::add(std::initializer_list<QVariant> values)
{
    Q_ASSERT(static_cast<qsizetype>(values.size()) == m_columns.size());
    if (m_stream) {
        if (!m_streamError)
            if (auto added = m_stream->addRow(values.begin()); !added)
                m_streamError = added.error();
        return;
    }
    m_values.insert(m_values.end(), values.begin(), values.end());
}

QStringList placeholderNames(qsizetype count)
{
    QStringList names;
    names.reserve(count);
    for (qsizetype i = 0; i < count; ++i)
        names << QStringLiteral(":v") + QString::number(i);
    return names;
}

QString valueRows(const QStringList &names, qsizetype rows, qsizetype columns)
{
    QStringList tuples;
    for (qsizetype row = 0; row < rows; ++row)
        tuples << QLatin1Char('(') + names.mid(row * columns, columns).join(QLatin1Char(',')) + QLatin1Char(')');
    return tuples.join(QLatin1Char(','));
}

QSqlQuery &RowInserter::statementFor(int rows)
{
    std::unique_ptr<QSqlQuery> &statement = m_statements[rows];
    if (!statement) {
        if (m_names.size() < rows * m_columns.size())
            m_names = placeholderNames(rows * m_columns.size());
        statement = std::make_unique<QSqlQuery>(m_db);
        statement->prepare(
            QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
                .arg(m_table, m_columns.join(QLatin1Char(',')), valueRows(m_names, rows, m_columns.size())));
    }
    return *statement;
}

mirror::Result<void> RowInserter::flush()
{
    const auto columns = static_cast<std::size_t>(m_columns.size());
    const std::size_t rows = m_values.size() / columns;
    if (m_stream) {
        if (m_streamError)
            return *m_streamError;
        return m_stream->finish();
    }
    if (m_copies) {
        auto copied = copyRows(m_db, m_table, m_columns, m_values.data(), rows);
        m_values.clear();
        return copied;
    }
    for (std::size_t first = 0; first < rows; first += static_cast<std::size_t>(m_rowsPerStatement)) {
        const std::size_t count = std::min(rows - first, static_cast<std::size_t>(m_rowsPerStatement));
        for (std::size_t i = first * columns; i < (first + count) * columns; ++i) {
            const QVariant &value = m_values[i];
            if (value.metaType().id() == QMetaType::QString && value.toString().contains(QChar(0))) {
                m_values.clear();
                return mirror::Error{mirror::ErrorCategory::PerItem,
                                     QStringLiteral("cannot write a %1 row: column %2 holds text with a NUL character")
                                         .arg(m_table, m_columns[static_cast<qsizetype>(i % columns)])
                                         .toStdString()};
            }
        }
        QSqlQuery &statement = statementFor(static_cast<int>(count));
        for (std::size_t i = first * columns; i < (first + count) * columns; ++i)
            statement.bindValue(m_names[static_cast<qsizetype>(i - first * columns)], m_values[i]);
        const bool ok = statement.exec();
        if (!ok) {
            const QSqlError error = statement.lastError();
            m_values.clear();
            return sqlError(QStringLiteral("cannot write %1 rows").arg(m_table), error);
        }
    }
    m_values.clear();
    return {};
}

} // namespace store
