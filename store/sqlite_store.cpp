#include "store/sqlite_store.h"

#include <cassert>
#include <chrono>
#include <utility>

#include "store/account_json.h"
#include "store/migrations.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/database.h"
#include "store/sqlite/statement.h"
#include "store/sqlite/transaction.h"

namespace cornerstore::store {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kActiveMonthSeconds = 30 * kSecondsPerDay;      // NodeInfo activeMonth
constexpr int64_t kActiveHalfyearSeconds = 180 * kSecondsPerDay;  // NodeInfo activeHalfyear

// Column order read by AccountFromRow.
#define CS_ACCOUNT_COLUMNS                                                                  \
  "id, username, display_name, summary, actor_type, fields_json, "                          \
  "manually_approves_followers, discoverable, indexable, hide_collections, avatar_url, "    \
  "header_url, also_known_as_json, moved_to, public_key_pem, private_key_pem, created_at, " \
  "updated_at"

constexpr const char* kSelectAccountById =
    "SELECT " CS_ACCOUNT_COLUMNS " FROM accounts WHERE id = ?1";
// `username` is declared COLLATE NOCASE, so this comparison ignores ASCII case.
constexpr const char* kSelectAccountByUsername =
    "SELECT " CS_ACCOUNT_COLUMNS " FROM accounts WHERE username = ?1";
constexpr const char* kSelectAllAccounts =
    "SELECT " CS_ACCOUNT_COLUMNS " FROM accounts ORDER BY id";

#undef CS_ACCOUNT_COLUMNS

constexpr const char* kInsertAccount =
    "INSERT INTO accounts (username, display_name, summary, actor_type, fields_json, "
    "manually_approves_followers, discoverable, indexable, hide_collections, avatar_url, "
    "header_url, also_known_as_json, moved_to, public_key_pem, private_key_pem, created_at, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
    "?16)";

// The username and created_at are the account's identity and are never rewritten.
constexpr const char* kUpdateAccount =
    "UPDATE accounts SET display_name = ?2, summary = ?3, actor_type = ?4, fields_json = ?5, "
    "manually_approves_followers = ?6, discoverable = ?7, indexable = ?8, hide_collections = ?9, "
    "avatar_url = ?10, header_url = ?11, also_known_as_json = ?12, moved_to = ?13, "
    "public_key_pem = ?14, private_key_pem = ?15, updated_at = ?16 WHERE id = ?1";

constexpr const char* kDeleteAccount = "DELETE FROM accounts WHERE id = ?1";
// Kept by triggers on accounts (migration 8).
constexpr const char* kSelectAccountsVersion =
    "SELECT value FROM change_counters WHERE name = 'accounts'";
// `username` is COLLATE NOCASE here too.
constexpr const char* kSelectDeletedAccount = "SELECT 1 FROM deleted_accounts WHERE username = ?1";

// A local account is active in a window if it was created in it or published a post (not
// deleted since) in it.
constexpr const char* kCountUsage =
    "SELECT (SELECT count(*) FROM accounts), "
    "(SELECT count(*) FROM accounts a WHERE a.created_at >= ?1 OR EXISTS (SELECT 1 FROM "
    "objects o WHERE o.account_id = a.id AND o.deleted_at IS NULL AND o.published_at >= ?1)), "
    "(SELECT count(*) FROM accounts a WHERE a.created_at >= ?2 OR EXISTS (SELECT 1 FROM "
    "objects o WHERE o.account_id = a.id AND o.deleted_at IS NULL AND o.published_at >= ?2)), "
    "(SELECT count(*) FROM objects WHERE account_id IS NOT NULL AND deleted_at IS NULL)";

constexpr const char* kSelectSetting = "SELECT value FROM settings WHERE key = ?1";
constexpr const char* kUpsertSetting =
    "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";

// True if `username` is a deleted account's; false also when the schema predates the record
// (then no name is retired).
bool IsDeletedName(sqlite::Connection& db, std::string_view username) {
  auto stmt = db.Prepare(kSelectDeletedAccount);
  if (!stmt.ok()) return false;
  stmt->BindText(1, username);
  auto row = stmt->Step();
  return row.ok() && *row;
}

Error AccountNotFound() { return MakeError(ErrorCode::kNotFound, "no such account"); }

// Binds ?2 … ?15 of kInsertAccount / kUpdateAccount: the fields both write the same way.
void BindAccountFields(sqlite::Statement& stmt, const Account& account) {
  stmt.BindText(2, account.display_name);
  stmt.BindText(3, account.summary);
  stmt.BindText(4, ActorTypeName(account.type));
  stmt.BindText(5, ProfileFieldsToJson(account.fields));
  stmt.BindBool(6, account.manually_approves_followers);
  stmt.BindBool(7, account.discoverable);
  stmt.BindBool(8, account.indexable);
  stmt.BindBool(9, account.hide_collections);
  stmt.BindText(10, account.avatar_url);
  stmt.BindText(11, account.header_url);
  stmt.BindText(12, StringListToJson(account.also_known_as));
  stmt.BindText(13, account.moved_to);
  stmt.BindText(14, account.public_key_pem);
  stmt.BindText(15, account.private_key_pem);
}

Result<Account> AccountFromRow(const sqlite::Statement& row) {
  Account account;
  account.id = row.ColumnInt(0);
  account.username = row.ColumnText(1);
  account.display_name = row.ColumnText(2);
  account.summary = row.ColumnText(3);
  std::optional<ActorType> type = ParseActorType(row.ColumnText(4));
  if (!type.has_value()) {
    return MakeError(ErrorCode::kInternal, "storage error",
                     "unknown actor_type in accounts row " + std::to_string(account.id));
  }
  account.type = *type;
  CS_ASSIGN_OR_RETURN(account.fields, ProfileFieldsFromJson(row.ColumnText(5)));
  account.manually_approves_followers = row.ColumnBool(6);
  account.discoverable = row.ColumnBool(7);
  account.indexable = row.ColumnBool(8);
  account.hide_collections = row.ColumnBool(9);
  account.avatar_url = row.ColumnText(10);
  account.header_url = row.ColumnText(11);
  CS_ASSIGN_OR_RETURN(account.also_known_as, StringListFromJson(row.ColumnText(12)));
  account.moved_to = row.ColumnText(13);
  account.public_key_pem = row.ColumnText(14);
  account.private_key_pem = row.ColumnText(15);
  account.created_at = row.ColumnInt(16);
  account.updated_at = row.ColumnInt(17);
  return account;
}

// Runs a prepared SELECT expected to return at most one account.
Result<Account> SelectOneAccount(sqlite::Statement& stmt) {
  CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return AccountNotFound();
  return AccountFromRow(stmt);
}

}  // namespace

SqliteStore::SqliteStore(std::unique_ptr<sqlite::Database> db) : db_(std::move(db)) {}

SqliteStore::~SqliteStore() = default;

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, const Clock* clock,
                                                       const Options& options) {
  return OpenInternal(path, clock, LatestSchemaVersion(), options);
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::OpenAtVersionForTesting(const std::string& path,
                                                                          const Clock* clock,
                                                                          int schema_version,
                                                                          const Options& options) {
  if (schema_version < 0 || schema_version > LatestSchemaVersion()) {
    return MakeError(ErrorCode::kInvalidInput, "no such schema version",
                     std::to_string(schema_version));
  }
  return OpenInternal(path, clock, schema_version, options);
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::OpenInternal(const std::string& path,
                                                               const Clock* clock,
                                                               int schema_version,
                                                               const Options& options) {
  CS_ASSIGN_OR_RETURN(auto db, sqlite::Database::Open(path, clock, schema_version, options));
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(db)));
}

Result<int> SqliteStore::SchemaVersion() {
  CS_ASSIGN_OR_RETURN(sqlite::Database::Lease lease, db_->AcquireReader());
  return ReadSchemaVersion(lease.db());
}

Status SqliteStore::ExecForTesting(std::string_view sql) {
  sqlite::Database::Lease lease = db_->AcquireWriter();
  return lease.db().Exec(sql);
}

Result<int64_t> SqliteStore::QueryIntForTesting(std::string_view sql) {
  sqlite::Database::Lease lease = db_->AcquireWriter();
  return lease.db().QueryInt(sql);
}

Status SqliteStore::Ping() {
  CS_ASSIGN_OR_RETURN(sqlite::Database::Lease lease, db_->AcquireReader());
  CS_ASSIGN_OR_RETURN(int64_t one, lease.db().QueryInt("SELECT 1"));
  if (one != 1)
    return MakeError(ErrorCode::kInternal, "storage error",
                     "SELECT 1 returned " + std::to_string(one));
  return OkStatus();
}

Result<Account> SqliteStore::CreateAccount(const Account& account) {
  Account created = account;
  created.created_at = db_->clock().NowUnix();
  created.updated_at = created.created_at;

  sqlite::Database::Lease lease = db_->AcquireWriter();
  sqlite::Connection& db = lease.db();
  CS_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::BeginImmediate(db));
  {
    CS_ASSIGN_OR_RETURN(sqlite::Statement stmt, db.Prepare(kInsertAccount));
    stmt.BindText(1, created.username);
    BindAccountFields(stmt, created);
    stmt.BindInt(16, created.created_at);
    Status status = stmt.Run();
    if (!status.ok()) {
      Error error = status.take_error();
      if (error.code == ErrorCode::kConflict) {
        // A trigger refuses deleted names (migration 5); say which refusal this was.
        error.message = IsDeletedName(db, created.username)
                            ? "that username belonged to a deleted account and is never reused"
                            : "that username is taken";
      }
      return error;
    }
  }
  created.id = db.LastInsertRowId();
  CS_RETURN_IF_ERROR(tx.Commit());
  return created;
}

Result<Account> SqliteStore::FindAccountByUsername(std::string_view username) {
  CS_ASSIGN_OR_RETURN(sqlite::Database::Lease lease, db_->AcquireReader());
  CS_ASSIGN_OR_RETURN(sqlite::Statement stmt, lease.db().Prepare(kSelectAccountByUsername));
  stmt.BindText(1, username);
  return SelectOneAccount(stmt);
}

Result<Account> SqliteStore::FindAccountById(int64_t id) {
  CS_ASSIGN_OR_RETURN(sqlite::Database::Lease lease, db_->AcquireReader());
  CS_ASSIGN_OR_RETURN(sqlite::Statement stmt, lease.db().Prepare(kSelectAccountById));
  stmt.BindInt(1, id);
  return SelectOneAccount(stmt);
}

Result<std::vector<Account>> SqliteStore::ListAccounts() {
  CS_ASSIGN_OR_RETURN(sqlite::Database::Lease lease, db_->AcquireReader());
  CS_ASSIGN_OR_RETURN(sqlite::Statement stmt, lease.db().Prepare(kSelectAllAccounts));
  std::vector<Account> accounts;
  while (true) {
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    CS_ASSIGN_OR_RETURN(Account account, AccountFromRow(stmt));
    accounts.push_back(std::move(account));
  }
  return accounts;
}

Status SqliteStore::UpdateAccount(const Account& account) {
  sqlite::Database::Lease lease = db_->AcquireWriter();
  sqlite::Connection& db = lease.db();
  CS_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::BeginImmediate(db));
  {
    CS_ASSIGN_OR_RETURN(sqlite::Statement stmt, db.Prepare(kUpdateAccount));
    stmt.BindInt(1, account.id);
    BindAccountFields(stmt, account);
    stmt.BindInt(16, db_->clock().NowUnix());
    CS_RETURN_IF_ERROR(stmt.Run());
  }
  if (db.Changes() == 0) return AccountNotFound();
  return tx.Commit();
}

Status SqliteStore::DeleteAccount(int64_t id) {
  sqlite::Database::Lease lease = db_->AcquireWriter();
  sqlite::Connection& db = lease.db();
  CS_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::BeginImmediate(db));
  {
    CS_ASSIGN_OR_RETURN(sqlite::Statement stmt, db.Prepare(kDeleteAccount));
    stmt.BindInt(1, id);
    CS_RETURN_IF_ERROR(stmt.Run());
  }
  if (db.Changes() == 0) return AccountNotFound();
  return tx.Commit();
}

Result<int64_t> SqliteStore::AccountsVersion() {
  CS_ASSIGN_OR_RETURN(sqlite::Database::Lease lease, db_->AcquireReader());
  CS_ASSIGN_OR_RETURN(sqlite::Statement stmt, lease.db().Prepare(kSelectAccountsVersion));
  CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return MakeError(ErrorCode::kInternal, "accounts version missing");
  return stmt.ColumnInt(0);
}

Result<bool> SqliteStore::IsAccountDeleted(std::string_view username) {
  CS_ASSIGN_OR_RETURN(sqlite::Database::Lease lease, db_->AcquireReader());
  CS_ASSIGN_OR_RETURN(sqlite::Statement stmt, lease.db().Prepare(kSelectDeletedAccount));
  stmt.BindText(1, username);
  return stmt.Step();
}

Result<UsageCounts> SqliteStore::CountUsage() {
  const int64_t now = db_->clock().NowUnix();
  CS_ASSIGN_OR_RETURN(sqlite::Database::Lease lease, db_->AcquireReader());
  // One statement, so the four figures come from one snapshot.
  CS_ASSIGN_OR_RETURN(sqlite::Statement stmt, lease.db().Prepare(kCountUsage));
  stmt.BindInt(1, now - kActiveMonthSeconds);
  stmt.BindInt(2, now - kActiveHalfyearSeconds);
  CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return MakeError(ErrorCode::kInternal, "storage error", "usage query returned no row");
  UsageCounts counts;
  counts.total_users = stmt.ColumnInt(0);
  counts.active_month = stmt.ColumnInt(1);
  counts.active_halfyear = stmt.ColumnInt(2);
  counts.local_posts = stmt.ColumnInt(3);
  return counts;
}

Result<std::optional<std::string>> SqliteStore::GetSetting(std::string_view key) {
  CS_ASSIGN_OR_RETURN(sqlite::Database::Lease lease, db_->AcquireReader());
  CS_ASSIGN_OR_RETURN(sqlite::Statement stmt, lease.db().Prepare(kSelectSetting));
  stmt.BindText(1, key);
  CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(stmt.ColumnText(0));
}

Status SqliteStore::PutSetting(std::string_view key, std::string_view value) {
  sqlite::Database::Lease lease = db_->AcquireWriter();
  sqlite::Connection& db = lease.db();
  CS_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::BeginImmediate(db));
  {
    CS_ASSIGN_OR_RETURN(sqlite::Statement stmt, db.Prepare(kUpsertSetting));
    stmt.BindText(1, key);
    stmt.BindText(2, value);
    stmt.BindInt(3, db_->clock().NowUnix());
    CS_RETURN_IF_ERROR(stmt.Run());
  }
  return tx.Commit();
}

}  // namespace cornerstore::store
