// SqliteFederationStore: write batches (FederationStore::WriteBatch) over Database::Batch; a step
// is a Transaction inside it, i.e. a savepoint (store/sqlite/transaction.h).
#include <optional>

#include "store/sqlite/database.h"
#include "store/sqlite/errors.h"
#include "store/sqlite/transaction.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

class SqliteWriteBatch final : public FederationStore::WriteBatch {
 public:
  explicit SqliteWriteBatch(sqlite::Database::Batch batch) : batch_(std::move(batch)) {}

  Status BeginStep() override {
    // After SQLite rolled the batch back by itself (disk full, I/O error), a step would begin a
    // transaction of its own outside it: refuse, so the caller sees the batch is lost.
    if (!batch_.active()) return sqlite::RolledBackByDatabase();
    CS_ASSIGN_OR_RETURN(sqlite::Transaction step, sqlite::Transaction::BeginImmediate(batch_.db()));
    step_.emplace(std::move(step));
    return OkStatus();
  }
  Status KeepStep() override {
    Status kept = step_->Commit();
    step_.reset();
    return kept;
  }
  Status UndoStep() override {
    step_.reset();  // rolls back to the step's savepoint
    return batch_.active() ? OkStatus() : sqlite::RolledBackByDatabase();
  }
  Status Commit() override {
    step_.reset();
    return batch_.Commit();
  }

 private:
  sqlite::Database::Batch batch_;
  std::optional<sqlite::Transaction> step_;  // the step in progress
};

}  // namespace

Result<std::unique_ptr<FederationStore::WriteBatch>> SqliteFederationStore::BeginWriteBatch() {
  CS_ASSIGN_OR_RETURN(sqlite::Database::Batch batch, db_.BeginBatch());
  return std::unique_ptr<WriteBatch>(std::make_unique<SqliteWriteBatch>(std::move(batch)));
}

}  // namespace cornerstore::store
