// SqliteAuthStore: local login passwords (Argon2id encoded hashes).
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_auth_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::NotFound;

constexpr const char* kAccountExists = "SELECT EXISTS (SELECT 1 FROM accounts WHERE id = ?1)";
constexpr const char* kUpsertPassword =
    "INSERT INTO account_credentials (account_id, password_hash, updated_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (account_id) DO UPDATE SET password_hash = excluded.password_hash, "
    "updated_at = excluded.updated_at";
constexpr const char* kFindPassword =
    "SELECT password_hash FROM account_credentials WHERE account_id = ?1";

}  // namespace

Status SqliteAuthStore::SetPasswordHash(int64_t account_id, std::string_view password_hash) {
  if (password_hash.empty()) {
    return MakeError(ErrorCode::kInvalidInput, "invalid password hash", "empty hash");
  }
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kAccountExists));
      stmt.BindInt(1, account_id);
      CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row || !stmt.ColumnBool(0)) return NotFound("account");
    }
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kUpsertPassword));
    stmt.BindInt(1, account_id);
    stmt.BindText(2, password_hash);
    stmt.BindInt(3, now);
    return stmt.Run();
  });
}

Result<std::optional<std::string>> SqliteAuthStore::FindPasswordHash(int64_t account_id) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::optional<std::string>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kFindPassword));
    stmt.BindInt(1, account_id);
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(stmt.ColumnText(0));
  });
}

}  // namespace cornerstore::store
