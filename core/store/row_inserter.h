#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <vector>

// Buffers rows for one table and writes them with multi-row INSERT statements: one statement per
// `rowsPerStatement` rows instead of one per row, which is what makes a subtree of hundreds of entities
// cheap to write (and, on PostgreSQL, saves a network round trip per row).
//
// Values are written as SQL literals, not bound: Qt's SQLite driver looks up every bound parameter's name
// by a linear scan, so binding N values costs O(N^2) and a 2,000-value statement spent most of an upsert
// there. Literals are formatted here for the few value types entity rows hold (null, integers, text with
// quotes doubled); text holding NUL, which neither engine can store in TEXT, is refused.
namespace store {

class RowInserter {
public:
    RowInserter(QSqlDatabase db, QString table, QStringList columns, int rowsPerStatement = 200);

    // Appends one row; values in column order.
    void add(std::initializer_list<QVariant> values);
    // Writes every buffered row.
    mirror::Result<void> flush();

private:
    bool appendLiteral(QString &sql, const QVariant &value) const;

    QSqlDatabase m_db;
    QString m_table;
    QStringList m_columns;
    int m_rowsPerStatement;
    std::vector<QVariant> m_values;
};

} // namespace store
