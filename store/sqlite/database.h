// Database: one SQLite database file and its connections, shared by every SQLite-backed store.
//
// A file database runs in WAL mode with synchronous=NORMAL, foreign keys on and a busy timeout;
// the file (and its -wal/-shm companions) is made mode 0600 because it holds private keys.
// Open applies pending migrations (store/migrations.h) and refuses a database whose schema is
// newer than this binary.
//
// Connections: one writer connection, guarded by a mutex, for every write (inside BEGIN
// IMMEDIATE, see transaction.h); a fixed pool of reader connections serves reads concurrently
// (WAL lets readers run beside the writer). ":memory:" has one private database, so it uses the
// single writer connection for reads too. Hold a Lease only around SQL.
//
// Ownership: owns its connections; `clock` is borrowed and must outlive it.
// Thread safety: AcquireWriter/AcquireReader may be called from any thread concurrently; a
// Lease is used by one thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/clock.h"
#include "src/common/result.h"
#include "store/sqlite/transaction.h"

namespace cornerstore::store::sqlite {

class Connection;

// The path of a private in-memory database (nothing on disk).
inline constexpr std::string_view kMemoryPath = ":memory:";

// How long a statement waits for another connection's lock (e.g. the CLI writing from another
// process) before giving up with kUnavailable.
inline constexpr int kBusyTimeoutMs = 5000;
// Reader connections of a file database: enough for the HTTP workers' short reads to rarely
// queue, few enough to keep file descriptors and page caches small.
inline constexpr int kReaderConnections = 4;
// The WAL file is truncated to this size after a checkpoint, so one burst of writes does not
// keep its disk space forever.
inline constexpr int64_t kJournalSizeLimitBytes = 64 << 20;

struct DatabaseOptions {
  int busy_timeout_ms = kBusyTimeoutMs;
  int reader_connections = kReaderConnections;  // ignored for ":memory:"
};

class Database {
 public:
  // Exclusive use of one connection: the writer (holding the writer mutex) or a pooled reader
  // (returned to the pool on destruction).
  class Lease {
   public:
    Lease(Connection* db, std::unique_lock<std::mutex> writer_lock)
        : db_(db), writer_lock_(std::move(writer_lock)) {}
    Lease(Database* pool, Connection* reader) : db_(reader), pool_(pool) {}
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& db() { return *db_; }

   private:
    Connection* db_;
    Database* pool_ = nullptr;  // set for a pooled reader
    std::unique_lock<std::mutex> writer_lock_;
  };

  // Opens (creating if needed) and migrates to `schema_version` (normally the latest).
  static Result<std::unique_ptr<Database>> Open(const std::string& path, const Clock* clock,
                                                int schema_version,
                                                const DatabaseOptions& options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Lease AcquireWriter();
  // A pooled reader, or the writer when there is no pool; kUnavailable if none frees up
  // within the busy timeout.
  Result<Lease> AcquireReader();

  // A write batch: the calling thread holds the writer and one open write transaction until the
  // Batch ends, so many small writes share one commit. Meanwhile every AcquireWriter and
  // AcquireReader *on this thread* returns the writer without waiting (reads see the batch's
  // own writes), and Transactions begun inside it are savepoints (transaction.h). Other threads
  // wait for the writer as usual, so keep a batch short and free of network I/O. Ending without
  // Commit rolls everything back.
  class Batch {
   public:
    Batch(Batch&& other) noexcept;
    Batch& operator=(Batch&&) = delete;
    ~Batch();
    Connection& db();
    // False once SQLite rolled the transaction back by itself (disk full, I/O error).
    bool active() const;
    Status Commit();

   private:
    friend class Database;
    Batch(Database* database, std::unique_lock<std::mutex> writer_lock, Transaction transaction);
    void End();

    Database* database_;  // null once ended or moved from
    std::unique_lock<std::mutex> writer_lock_;
    std::optional<Transaction> transaction_;
  };
  // kUnavailable (busy) or another error if BEGIN IMMEDIATE fails. One batch per thread.
  Result<Batch> BeginBatch();

  const Clock& clock() const { return *clock_; }

 private:
  Database(const Clock* clock, const DatabaseOptions& options);
  Status OpenConnections(const std::string& path, int schema_version);
  void ReleaseReader(Connection* reader);

  // Set once at construction.
  const Clock* const clock_;
  const DatabaseOptions options_;

  // Set once by OpenConnections, before the database is shared; never changed after.
  std::unique_ptr<Connection> writer_;
  std::vector<std::unique_ptr<Connection>> readers_;

  // True when the calling thread holds a Batch of this database.
  bool InBatchOnThisThread() const;

  // Guards all use of *writer_.
  std::mutex writer_mu_;

  // Guards idle_readers_; readers_cv_ signals a reader coming back.
  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<Connection*> idle_readers_;
};

}  // namespace cornerstore::store::sqlite
