// SqliteAuthStore: OAuth applications.
#include "store/account_json.h"
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_auth_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::NotFound;
using sqlite::federation::OrNow;

constexpr const char* kInsertApp =
    "INSERT INTO oauth_apps (client_id, client_secret_hash, name, website, redirect_uris_json, "
    "scopes, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
#define CS_APP_COLUMNS \
  "id, client_id, client_secret_hash, name, website, redirect_uris_json, scopes, created_at"
constexpr const char* kFindByClientId =
    "SELECT " CS_APP_COLUMNS " FROM oauth_apps WHERE client_id = ?1";
constexpr const char* kFindById = "SELECT " CS_APP_COLUMNS " FROM oauth_apps WHERE id = ?1";
#undef CS_APP_COLUMNS

Result<OAuthApp> AppFromRow(const Statement& stmt) {
  OAuthApp app;
  app.id = stmt.ColumnInt(0);
  app.client_id = stmt.ColumnText(1);
  app.client_secret_hash = stmt.ColumnText(2);
  app.name = stmt.ColumnText(3);
  app.website = stmt.ColumnText(4);
  CS_ASSIGN_OR_RETURN(app.redirect_uris, StringListFromJson(stmt.ColumnText(5)));
  app.scopes = stmt.ColumnText(6);
  app.created_at = stmt.ColumnInt(7);
  return app;
}

template <typename Bind>
Result<OAuthApp> FindOne(sqlite::Database& database, const char* sql, Bind bind) {
  return InReadTransaction(database, [&](Connection& db) -> Result<OAuthApp> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
    bind(stmt);
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return NotFound("app");
    return AppFromRow(stmt);
  });
}

}  // namespace

Result<OAuthApp> SqliteAuthStore::CreateApp(const OAuthApp& app) {
  if (app.client_id.empty() || app.client_secret_hash.empty()) {
    return MakeError(ErrorCode::kInvalidInput, "invalid app",
                     "an app needs a client id and secret");
  }
  OAuthApp stored = app;
  stored.created_at = OrNow(app.created_at, Now());
  return InWriteTransaction(db_, [&](Connection& db) -> Result<OAuthApp> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertApp));
    stmt.BindText(1, stored.client_id);
    stmt.BindText(2, stored.client_secret_hash);
    stmt.BindText(3, stored.name);
    stmt.BindText(4, stored.website);
    stmt.BindText(5, StringListToJson(stored.redirect_uris));
    stmt.BindText(6, stored.scopes);
    stmt.BindInt(7, stored.created_at);
    CS_RETURN_IF_ERROR(stmt.Run());
    stored.id = db.LastInsertRowId();
    return stored;
  });
}

Result<OAuthApp> SqliteAuthStore::FindAppByClientId(std::string_view client_id) {
  return FindOne(db_, kFindByClientId, [&](Statement& s) { s.BindText(1, client_id); });
}

Result<OAuthApp> SqliteAuthStore::FindAppById(int64_t id) {
  return FindOne(db_, kFindById, [&](Statement& s) { s.BindInt(1, id); });
}

}  // namespace cornerstore::store
