// SqliteAuthStore: one-time authorization codes.
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_auth_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::NotFound;
using sqlite::federation::OrNow;

constexpr const char* kSweepExpired = "DELETE FROM oauth_codes WHERE expires_at <= ?1";
constexpr const char* kInsertCode =
    "INSERT INTO oauth_codes (code_hash, app_id, account_id, redirect_uri, scopes, "
    "code_challenge, code_challenge_method, created_at, expires_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
// DELETE … RETURNING reads and removes the row in one statement: a code is used at most once.
constexpr const char* kConsumeCode =
    "DELETE FROM oauth_codes WHERE code_hash = ?1 RETURNING app_id, account_id, redirect_uri, "
    "scopes, code_challenge, code_challenge_method, created_at, expires_at";

}  // namespace

Status SqliteAuthStore::PutAuthorizationCode(const AuthorizationCode& code) {
  if (code.code_hash.empty() || code.app_id == 0 || code.account_id == 0) {
    return MakeError(ErrorCode::kInvalidInput, "invalid authorization code",
                     "a code needs a hash, an app and an account");
  }
  const int64_t created = OrNow(code.created_at, Now());
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSweepExpired));
      stmt.BindInt(1, created);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertCode));
    stmt.BindText(1, code.code_hash);
    stmt.BindInt(2, code.app_id);
    stmt.BindInt(3, code.account_id);
    stmt.BindText(4, code.redirect_uri);
    stmt.BindText(5, code.scopes);
    stmt.BindText(6, code.code_challenge);
    stmt.BindText(7, code.code_challenge_method);
    stmt.BindInt(8, created);
    stmt.BindInt(9, code.expires_at);
    return stmt.Run();
  });
}

Result<AuthorizationCode> SqliteAuthStore::ConsumeAuthorizationCode(std::string_view code_hash) {
  return InWriteTransaction(db_, [&](Connection& db) -> Result<AuthorizationCode> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kConsumeCode));
    stmt.BindText(1, code_hash);
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return NotFound("authorization code");
    AuthorizationCode code;
    code.code_hash = std::string(code_hash);
    code.app_id = stmt.ColumnInt(0);
    code.account_id = stmt.ColumnInt(1);
    code.redirect_uri = stmt.ColumnText(2);
    code.scopes = stmt.ColumnText(3);
    code.code_challenge = stmt.ColumnText(4);
    code.code_challenge_method = stmt.ColumnText(5);
    code.created_at = stmt.ColumnInt(6);
    code.expires_at = stmt.ColumnInt(7);
    // Finish the statement so the delete is complete before the commit.
    CS_ASSIGN_OR_RETURN(bool more, stmt.Step());
    (void)more;
    return code;
  });
}

}  // namespace cornerstore::store
