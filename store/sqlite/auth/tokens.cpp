// SqliteAuthStore: access tokens and their refresh tokens.
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_auth_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::BindIntOrNull;
using sqlite::federation::BindTextOrNull;
using sqlite::federation::CollectRows;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::NotFound;
using sqlite::federation::OrNow;
using sqlite::federation::RequireChanged;

constexpr const char* kInsertToken =
    "INSERT INTO oauth_tokens (token_hash, refresh_token_hash, app_id, account_id, label, scopes, "
    "created_at, last_used_at, expires_at, revoked_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
#define CS_TOKEN_COLUMNS                                                                \
  "id, token_hash, refresh_token_hash, app_id, account_id, label, scopes, created_at, " \
  "last_used_at, expires_at, revoked_at"
constexpr const char* kFindByHash =
    "SELECT " CS_TOKEN_COLUMNS " FROM oauth_tokens WHERE token_hash = ?1";
constexpr const char* kFindByRefreshHash =
    "SELECT " CS_TOKEN_COLUMNS " FROM oauth_tokens WHERE refresh_token_hash = ?1";
constexpr const char* kFindById = "SELECT " CS_TOKEN_COLUMNS " FROM oauth_tokens WHERE id = ?1";
constexpr const char* kListByAccount =
    "SELECT " CS_TOKEN_COLUMNS " FROM oauth_tokens WHERE account_id = ?1 ORDER BY id";
#undef CS_TOKEN_COLUMNS
constexpr const char* kTouch = "UPDATE oauth_tokens SET last_used_at = ?2 WHERE id = ?1";
constexpr const char* kRevoke =
    "UPDATE oauth_tokens SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1";
constexpr const char* kRevokeLive =
    "UPDATE oauth_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL";

AccessToken TokenFromRow(const Statement& stmt) {
  AccessToken t;
  t.id = stmt.ColumnInt(0);
  t.token_hash = stmt.ColumnText(1);
  t.refresh_token_hash = stmt.ColumnIsNull(2) ? "" : stmt.ColumnText(2);
  t.app_id = stmt.ColumnOptionalInt(3).value_or(0);
  t.account_id = stmt.ColumnOptionalInt(4).value_or(0);
  t.label = stmt.ColumnText(5);
  t.scopes = stmt.ColumnText(6);
  t.created_at = stmt.ColumnInt(7);
  t.last_used_at = stmt.ColumnOptionalInt(8).value_or(0);
  t.expires_at = stmt.ColumnOptionalInt(9).value_or(0);
  t.revoked_at = stmt.ColumnOptionalInt(10).value_or(0);
  return t;
}

Result<AccessToken> Insert(Connection& db, const AccessToken& token) {
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertToken));
  stmt.BindText(1, token.token_hash);
  BindTextOrNull(stmt, 2, token.refresh_token_hash);
  BindIntOrNull(stmt, 3, token.app_id);
  BindIntOrNull(stmt, 4, token.account_id);
  stmt.BindText(5, token.label);
  stmt.BindText(6, token.scopes);
  stmt.BindInt(7, token.created_at);
  BindIntOrNull(stmt, 8, token.last_used_at);
  BindIntOrNull(stmt, 9, token.expires_at);
  BindIntOrNull(stmt, 10, token.revoked_at);
  CS_RETURN_IF_ERROR(stmt.Run());
  AccessToken stored = token;
  stored.id = db.LastInsertRowId();
  return stored;
}

Status CheckToken(const AccessToken& token) {
  if (token.token_hash.empty()) {
    return MakeError(ErrorCode::kInvalidInput, "invalid token", "a token needs its hash");
  }
  return OkStatus();
}

template <typename Bind>
Result<AccessToken> FindOne(sqlite::Database& database, const char* sql, Bind bind) {
  return InReadTransaction(database, [&](Connection& db) -> Result<AccessToken> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
    bind(stmt);
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return NotFound("token");
    return TokenFromRow(stmt);
  });
}

}  // namespace

Result<AccessToken> SqliteAuthStore::CreateToken(const AccessToken& token) {
  CS_RETURN_IF_ERROR(CheckToken(token));
  AccessToken row = token;
  row.created_at = OrNow(token.created_at, Now());
  return InWriteTransaction(db_, [&](Connection& db) { return Insert(db, row); });
}

Result<AccessToken> SqliteAuthStore::ReplaceToken(int64_t old_id, const AccessToken& replacement) {
  CS_RETURN_IF_ERROR(CheckToken(replacement));
  AccessToken row = replacement;
  row.created_at = OrNow(replacement.created_at, Now());
  return InWriteTransaction(db_, [&](Connection& db) -> Result<AccessToken> {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kRevokeLive));
      stmt.BindInt(1, old_id);
      stmt.BindInt(2, row.created_at);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    CS_RETURN_IF_ERROR(RequireChanged(db, "token"));
    return Insert(db, row);
  });
}

Result<AccessToken> SqliteAuthStore::FindTokenByHash(std::string_view token_hash) {
  return FindOne(db_, kFindByHash, [&](Statement& s) { s.BindText(1, token_hash); });
}

Result<AccessToken> SqliteAuthStore::FindTokenByRefreshHash(std::string_view refresh_token_hash) {
  if (refresh_token_hash.empty()) return NotFound("token");
  return FindOne(db_, kFindByRefreshHash, [&](Statement& s) { s.BindText(1, refresh_token_hash); });
}

Result<AccessToken> SqliteAuthStore::FindTokenById(int64_t id) {
  return FindOne(db_, kFindById, [&](Statement& s) { s.BindInt(1, id); });
}

Result<std::vector<AccessToken>> SqliteAuthStore::ListTokens(int64_t account_id) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<AccessToken>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kListByAccount));
    stmt.BindInt(1, account_id);
    return CollectRows<AccessToken>(
        stmt, [](const Statement& s) -> Result<AccessToken> { return TokenFromRow(s); });
  });
}

Status SqliteAuthStore::TouchToken(int64_t id, int64_t at) {
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kTouch));
      stmt.BindInt(1, id);
      stmt.BindInt(2, at);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    return RequireChanged(db, "token");
  });
}

Status SqliteAuthStore::RevokeToken(int64_t id, int64_t at) {
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kRevoke));
      stmt.BindInt(1, id);
      stmt.BindInt(2, at);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    return RequireChanged(db, "token");
  });
}

}  // namespace cornerstore::store
