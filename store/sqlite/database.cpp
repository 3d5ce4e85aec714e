#include "store/sqlite/database.h"

#include <cassert>
#include <chrono>

#include "store/migrations.h"
#include "store/private_files.h"
#include "store/sqlite/connection.h"

namespace cornerstore::store::sqlite {
namespace {

// Per-connection settings shared by the writer and the readers.
Status ConfigureConnection(Connection& db, int busy_timeout_ms) {
  CS_RETURN_IF_ERROR(db.SetBusyTimeout(busy_timeout_ms));
  CS_RETURN_IF_ERROR(db.Exec("PRAGMA foreign_keys = ON"));
  // The schema is ours; do not let SQL functions in it (there are none) run with privileges.
  CS_RETURN_IF_ERROR(db.Exec("PRAGMA trusted_schema = OFF"));
  return OkStatus();
}

}  // namespace

Database::Lease::Lease(Lease&& other) noexcept
    : db_(other.db_), pool_(other.pool_), writer_lock_(std::move(other.writer_lock_)) {
  other.db_ = nullptr;
  other.pool_ = nullptr;
}

Database::Lease::~Lease() {
  if (pool_ != nullptr && db_ != nullptr) pool_->ReleaseReader(db_);
}

Database::Database(const Clock* clock, const DatabaseOptions& options)
    : clock_(clock), options_(options) {
  assert(clock_ != nullptr);
}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::Open(const std::string& path, const Clock* clock,
                                                 int schema_version,
                                                 const DatabaseOptions& options) {
  std::unique_ptr<Database> db(new Database(clock, options));
  CS_RETURN_IF_ERROR(db->OpenConnections(path, schema_version));
  return db;
}

Status Database::OpenConnections(const std::string& path, int schema_version) {
  const bool memory = path == kMemoryPath;
  if (path.empty()) return MakeError(ErrorCode::kInvalidInput, "the database path is empty");
  // Create the file ourselves so it is 0600 from its first byte; SQLite gives the -wal and
  // -shm files it creates the database file's mode.
  if (!memory) CS_RETURN_IF_ERROR(EnsurePrivateFile(path));

  CS_ASSIGN_OR_RETURN(writer_, Connection::Open(path, /*create=*/true));
  CS_RETURN_IF_ERROR(ConfigureConnection(*writer_, options_.busy_timeout_ms));
  if (!memory) {
    CS_ASSIGN_OR_RETURN(std::string mode, writer_->QueryText("PRAGMA journal_mode = WAL"));
    if (mode != "wal") {
      return MakeError(ErrorCode::kInternal, "cannot switch the database to WAL mode",
                       path + ": journal_mode is " + mode);
    }
    CS_RETURN_IF_ERROR(writer_->Exec("PRAGMA synchronous = NORMAL"));
    // The inbox worker's write batches hold a savepoint per item: keep their statement journals
    // in memory rather than in temporary files (a write(2) per page each step).
    CS_RETURN_IF_ERROR(writer_->Exec("PRAGMA temp_store = MEMORY"));
    CS_RETURN_IF_ERROR(
        writer_->Exec("PRAGMA journal_size_limit = " + std::to_string(kJournalSizeLimitBytes)));
    // Companions left behind by an earlier run may predate these rules.
    CS_RETURN_IF_ERROR(RestrictFileIfExists(path + "-wal"));
    CS_RETURN_IF_ERROR(RestrictFileIfExists(path + "-shm"));
  }

  CS_RETURN_IF_ERROR(MigrateTo(*writer_, schema_version));

  if (memory) return OkStatus();
  for (int i = 0; i < options_.reader_connections; ++i) {
    CS_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader,
                        Connection::Open(path, /*create=*/false));
    CS_RETURN_IF_ERROR(ConfigureConnection(*reader, options_.busy_timeout_ms));
    CS_RETURN_IF_ERROR(reader->Exec("PRAGMA query_only = ON"));
    idle_readers_.push_back(reader.get());
    readers_.push_back(std::move(reader));
  }
  return OkStatus();
}

namespace {
// The database whose Batch the current thread holds, if any.
thread_local const Database* batch_of_this_thread = nullptr;
}  // namespace

bool Database::InBatchOnThisThread() const { return batch_of_this_thread == this; }

Database::Lease Database::AcquireWriter() {
  // The batch holds the writer mutex already; the batch's own thread uses the writer freely.
  if (InBatchOnThisThread()) return Lease(writer_.get(), std::unique_lock<std::mutex>());
  std::unique_lock<std::mutex> lock(writer_mu_);
  return Lease(writer_.get(), std::move(lock));
}

Result<Database::Batch> Database::BeginBatch() {
  assert(batch_of_this_thread == nullptr);
  std::unique_lock<std::mutex> lock(writer_mu_);
  CS_ASSIGN_OR_RETURN(Transaction transaction, Transaction::BeginImmediate(*writer_));
  return Batch(this, std::move(lock), std::move(transaction));
}

Database::Batch::Batch(Database* database, std::unique_lock<std::mutex> writer_lock,
                       Transaction transaction)
    : database_(database),
      writer_lock_(std::move(writer_lock)),
      transaction_(std::move(transaction)) {
  batch_of_this_thread = database_;
}

Database::Batch::Batch(Batch&& other) noexcept
    : database_(other.database_),
      writer_lock_(std::move(other.writer_lock_)),
      transaction_(std::move(other.transaction_)) {
  other.database_ = nullptr;
}

Database::Batch::~Batch() { End(); }

Connection& Database::Batch::db() { return *database_->writer_; }

bool Database::Batch::active() const {
  return database_ != nullptr && database_->writer_->InTransaction();
}

Status Database::Batch::Commit() {
  assert(database_ != nullptr);
  Status committed = transaction_->Commit();
  End();
  return committed;
}

void Database::Batch::End() {
  if (database_ == nullptr) return;
  transaction_.reset();  // rolls back unless committed
  batch_of_this_thread = nullptr;
  database_ = nullptr;
  writer_lock_ = std::unique_lock<std::mutex>();
}

Result<Database::Lease> Database::AcquireReader() {
  if (readers_.empty() || InBatchOnThisThread()) return AcquireWriter();
  std::unique_lock<std::mutex> lock(readers_mu_);
  bool available = readers_cv_.wait_for(lock, std::chrono::milliseconds(options_.busy_timeout_ms),
                                        [this] { return !idle_readers_.empty(); });
  if (!available) {
    return MakeError(ErrorCode::kUnavailable, "storage is unavailable, try again later",
                     "no reader connection became free within the busy timeout");
  }
  Connection* reader = idle_readers_.back();
  idle_readers_.pop_back();
  return Lease(this, reader);
}

void Database::ReleaseReader(Connection* reader) {
  {
    std::lock_guard<std::mutex> lock(readers_mu_);
    idle_readers_.push_back(reader);
  }
  readers_cv_.notify_one();
}

}  // namespace cornerstore::store::sqlite
