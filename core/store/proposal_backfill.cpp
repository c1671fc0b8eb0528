#include "store/proposal_backfill.h"

#include "store/document_codec.h"
#include "store/store.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <utility>
#include <vector>

namespace store {

namespace {
constexpr int rowsPerPage = 500;
} // namespace

mirror::Result<void> fillProposalIds(QSqlDatabase &db)
{
    QSqlQuery page(db);
    QSqlQuery update(db);
    if (!page.prepare(QStringLiteral("SELECT obs_key, collection, observation_id, document FROM observation"
                                     " WHERE obs_key > ? ORDER BY obs_key LIMIT %1")
                          .arg(rowsPerPage))
        || !update.prepare(QStringLiteral("UPDATE observation SET proposal_id = ? WHERE obs_key = ?")))
        return sqlError(QStringLiteral("cannot prepare the proposal column's filling"), page.lastError());
    qint64 after = -1;
    for (;;) {
        page.addBindValue(after);
        if (!page.exec())
            return sqlError(QStringLiteral("cannot read observations to fill their proposal"), page.lastError());
        std::vector<std::pair<qint64, QString>> found;
        int rows = 0;
        while (page.next()) {
            ++rows;
            after = page.value(0).toLongLong();
            const QString context = page.value(1).toString() + QLatin1Char('/') + page.value(2).toString();
            auto observation = decodeDocument(page.value(3).toByteArray(), context);
            // A document that cannot be read back is left without a proposal rather than stopping the
            // upgrade: the observation is still listed and shown, and its next harvest writes the column.
            if (observation && observation->proposal && !observation->proposal->id.empty())
                found.emplace_back(after, QString::fromStdString(observation->proposal->id));
        }
        page.finish();
        for (const auto &[key, proposal] : found) {
            update.addBindValue(proposal);
            update.addBindValue(key);
            if (!update.exec())
                return sqlError(QStringLiteral("cannot fill the proposal of an observation"), update.lastError());
        }
        if (rows < rowsPerPage)
            return {};
    }
}

} // namespace store
