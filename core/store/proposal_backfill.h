#pragma once

#include "common/result.h"

#include <QSqlDatabase>

// Fills observation.proposal_id for the rows a store held before the column existed, from their stored
// documents (CAOM Observation.proposal.id). Part of the migration that adds the column: it runs inside the
// migration's transaction, a page of rows at a time so a large store never sits in memory whole.
namespace store {

mirror::Result<void> fillProposalIds(QSqlDatabase &db);

} // namespace store
