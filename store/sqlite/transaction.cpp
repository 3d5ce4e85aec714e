#include "store/sqlite/transaction.h"

#include <cassert>

#include "src/common/log.h"
#include "store/sqlite/errors.h"

namespace cornerstore::store::sqlite {

namespace {
// One name serves every level: RELEASE and ROLLBACK TO act on the innermost savepoint of that
// name, and savepoints here always end in the reverse order they began.
constexpr const char* kSavepoint = "SAVEPOINT cs_tx";
constexpr const char* kReleaseSavepoint = "RELEASE cs_tx";
constexpr const char* kUndoSavepoint = "ROLLBACK TO cs_tx";
}  // namespace

Result<Transaction> Transaction::BeginImmediate(Connection& db) {
  const bool in_batch = db.InTransaction();
  CS_ASSIGN_OR_RETURN(Statement begin, db.Prepare(in_batch ? kSavepoint : "BEGIN IMMEDIATE"));
  CS_RETURN_IF_ERROR(begin.Run());
  return Transaction(&db, in_batch ? Kind::kSavepoint : Kind::kOwn);
}

Result<Transaction> Transaction::BeginRead(Connection& db) {
  if (db.InTransaction()) return Transaction(&db, Kind::kJoined);
  CS_ASSIGN_OR_RETURN(Statement begin, db.Prepare("BEGIN"));
  CS_RETURN_IF_ERROR(begin.Run());
  return Transaction(&db, Kind::kOwn);
}

Transaction::~Transaction() {
  // SQLite rolls back by itself after some errors (SQLITE_FULL, SQLITE_IOERR…); only roll back
  // a transaction that is still open.
  if (db_ == nullptr || kind_ == Kind::kJoined || !db_->InTransaction()) return;
  Status status = OkStatus();
  if (kind_ == Kind::kSavepoint) {
    // Undo this savepoint's statements, then drop it: the batch goes on without them.
    status = db_->Exec(kUndoSavepoint);
    if (status.ok()) status = db_->Exec(kReleaseSavepoint);
  } else {
    status = db_->Exec("ROLLBACK");
  }
  if (!status.ok()) log::Error("store_rollback_failed", {{"error", status.error().ToLogString()}});
}

Status Transaction::Commit() {
  assert(db_ != nullptr);
  Connection* db = db_;
  if (kind_ == Kind::kJoined) {
    db_ = nullptr;
    return OkStatus();
  }
  if (!db->InTransaction()) {
    // The database rolled it (or the batch around this savepoint) back (disk full, I/O error).
    db_ = nullptr;
    return RolledBackByDatabase();
  }
  CS_ASSIGN_OR_RETURN(Statement commit,
                      db->Prepare(kind_ == Kind::kSavepoint ? kReleaseSavepoint : "COMMIT"));
  CS_RETURN_IF_ERROR(commit.Run());
  db_ = nullptr;
  return OkStatus();
}

}  // namespace cornerstore::store::sqlite
