// SqliteStore: the SQLite implementation of Store (accounts, settings).
//
// Built on sqlite::Database (store/sqlite/database.h), which owns the connections, WAL setup,
// file modes and migrations; other SQLite-backed stores share the same Database through
// database(). Open applies pending migrations and refuses a newer schema.
//
// Ownership: owns its Database; `clock` is borrowed and must outlive it.
// Thread safety: every method may be called from any thread concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/clock.h"
#include "src/common/result.h"
#include "store/sqlite/database.h"
#include "store/store.h"

namespace cornerstore::store {

// Kept for callers that name the SQLite limits through this header.
inline constexpr int kSqliteBusyTimeoutMs = sqlite::kBusyTimeoutMs;
inline constexpr int kSqliteReaderConnections = sqlite::kReaderConnections;
inline constexpr int64_t kSqliteJournalSizeLimitBytes = sqlite::kJournalSizeLimitBytes;
using SqliteStoreOptions = sqlite::DatabaseOptions;

class SqliteStore final : public Store {
 public:
  using Options = SqliteStoreOptions;

  // Opens (creating if needed) the database at `path`, or a private in-memory database for
  // ":memory:", and migrates it to LatestSchemaVersion(). The directory must exist (see
  // EnsurePrivateDirectory in store/private_files.h).
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, const Clock* clock,
                                                   const Options& options = {});

  // Test-only: like Open, but migrates no further than `schema_version` (0 … latest), so tests
  // can build a database as an older binary left it and then reopen it with Open. Methods
  // that need tables the old schema lacks fail with kInternal.
  static Result<std::unique_ptr<SqliteStore>> OpenAtVersionForTesting(const std::string& path,
                                                                      const Clock* clock,
                                                                      int schema_version,
                                                                      const Options& options = {});

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  // The schema version of the open database.
  Result<int> SchemaVersion();

  // Test-only: runs `sql` on the writer connection outside any transaction, to seed rows that
  // the Store interface cannot write yet (posts for CountUsage) or to inspect the schema.
  Status ExecForTesting(std::string_view sql);
  // Test-only: the first column of the first row of `sql`, as an integer.
  Result<int64_t> QueryIntForTesting(std::string_view sql);

  Status Ping() override;

  Result<Account> CreateAccount(const Account& account) override;
  Result<Account> FindAccountByUsername(std::string_view username) override;
  Result<Account> FindAccountById(int64_t id) override;
  Result<std::vector<Account>> ListAccounts() override;
  Status UpdateAccount(const Account& account) override;
  Status DeleteAccount(int64_t id) override;
  Result<bool> IsAccountDeleted(std::string_view username) override;
  Result<int64_t> AccountsVersion() override;

  Result<UsageCounts> CountUsage() override;

  Result<std::optional<std::string>> GetSetting(std::string_view key) override;
  Status PutSetting(std::string_view key, std::string_view value) override;

  // The shared database, for the other SQLite-backed stores.
  sqlite::Database& database() { return *db_; }

 private:
  explicit SqliteStore(std::unique_ptr<sqlite::Database> db);
  static Result<std::unique_ptr<SqliteStore>> OpenInternal(const std::string& path,
                                                           const Clock* clock, int schema_version,
                                                           const Options& options);

  std::unique_ptr<sqlite::Database> db_;
};

}  // namespace cornerstore::store
