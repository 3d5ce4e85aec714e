#include "store/sqlite/transaction.h"

#include <cassert>

#include "src/common/log.h"

namespace cornerstore::store::sqlite {

Result<Transaction> Transaction::BeginImmediate(Connection& db) {
  CS_ASSIGN_OR_RETURN(Statement begin, db.Prepare("BEGIN IMMEDIATE"));
  CS_RETURN_IF_ERROR(begin.Run());
  return Transaction(&db);
}

Result<Transaction> Transaction::BeginRead(Connection& db) {
  CS_ASSIGN_OR_RETURN(Statement begin, db.Prepare("BEGIN"));
  CS_RETURN_IF_ERROR(begin.Run());
  return Transaction(&db);
}

Transaction::~Transaction() {
  // SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR…); only roll back
  // a transaction that is still open.
  if (db_ == nullptr || !db_->InTransaction()) return;
  Status status = db_->Exec("ROLLBACK");
  if (!status.ok()) log::Error("store_rollback_failed", {{"error", status.error().ToLogString()}});
}

Status Transaction::Commit() {
  assert(db_ != nullptr);
  Connection* db = db_;
  CS_ASSIGN_OR_RETURN(Statement commit, db->Prepare("COMMIT"));
  CS_RETURN_IF_ERROR(commit.Run());
  db_ = nullptr;
  return OkStatus();
}

}  // namespace cornerstore::store::sqlite
