// SqliteFederationStore: write batches (FederationStore::WriteBatch) over Database::Batch, with
// one savepoint per step.
#include "store/sqlite/connection.h"
#include "store/sqlite/database.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

constexpr const char* kBeginStep = "SAVEPOINT cs_step";
constexpr const char* kKeepStep = "RELEASE cs_step";
constexpr const char* kUndoStep = "ROLLBACK TO cs_step";

class SqliteWriteBatch final : public FederationStore::WriteBatch {
 public:
  explicit SqliteWriteBatch(sqlite::Database::Batch batch) : batch_(std::move(batch)) {}

  Status BeginStep() override {
    CS_RETURN_IF_ERROR(Active());
    return batch_.db().Exec(kBeginStep);
  }
  Status KeepStep() override {
    CS_RETURN_IF_ERROR(Active());
    return batch_.db().Exec(kKeepStep);
  }
  Status UndoStep() override {
    CS_RETURN_IF_ERROR(Active());
    CS_RETURN_IF_ERROR(batch_.db().Exec(kUndoStep));
    return batch_.db().Exec(kKeepStep);
  }
  Status Commit() override { return batch_.Commit(); }

 private:
  // After SQLite rolled the batch back by itself (disk full, I/O error), every later statement
  // would run on its own outside it: refuse instead, so the caller sees the batch is lost.
  Status Active() const {
    if (batch_.active()) return OkStatus();
    return MakeError(ErrorCode::kUnavailable, "storage is unavailable, try again later",
                     "the write batch was rolled back by the database");
  }

  sqlite::Database::Batch batch_;
};

}  // namespace

Result<std::unique_ptr<FederationStore::WriteBatch>> SqliteFederationStore::BeginWriteBatch() {
  CS_ASSIGN_OR_RETURN(sqlite::Database::Batch batch, db_.BeginBatch());
  return std::unique_ptr<WriteBatch>(std::make_unique<SqliteWriteBatch>(std::move(batch)));
}

}  // namespace cornerstore::store
