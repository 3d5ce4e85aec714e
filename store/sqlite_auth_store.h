// SqliteAuthStore: the SQLite implementation of AuthStore (tables of migrations 4 and 6).
//
// Shares the sqlite::Database of a SqliteStore (SqliteStore::database()), like
// SqliteFederationStore. Every write is one BEGIN IMMEDIATE transaction on the writer
// connection; reads run in one read transaction on a pooled reader. The methods are split by
// subject across store/sqlite/auth/*.cpp.
//
// Ownership: borrows `database`, which must outlive this object.
// Thread safety: every method may be called from any thread concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/result.h"
#include "store/auth_store.h"
#include "store/sqlite/database.h"

namespace cornerstore::store {

class SqliteAuthStore final : public AuthStore {
 public:
  explicit SqliteAuthStore(sqlite::Database& database) : db_(database) {}
  SqliteAuthStore(const SqliteAuthStore&) = delete;
  SqliteAuthStore& operator=(const SqliteAuthStore&) = delete;

  // --- Applications (store/sqlite/auth/apps.cpp)
  Result<OAuthApp> CreateApp(const OAuthApp& app) override;
  Result<OAuthApp> FindAppByClientId(std::string_view client_id) override;
  Result<OAuthApp> FindAppById(int64_t id) override;

  // --- Authorization codes (codes.cpp)
  Status PutAuthorizationCode(const AuthorizationCode& code) override;
  Result<AuthorizationCode> ConsumeAuthorizationCode(std::string_view code_hash) override;

  // --- Access tokens (tokens.cpp)
  Result<AccessToken> CreateToken(const AccessToken& token) override;
  Result<AccessToken> ReplaceToken(int64_t old_id, const AccessToken& replacement) override;
  Result<AccessToken> FindTokenByHash(std::string_view token_hash) override;
  Result<AccessToken> FindTokenByRefreshHash(std::string_view refresh_token_hash) override;
  Result<AccessToken> FindTokenById(int64_t id) override;
  Result<std::vector<AccessToken>> ListTokens(int64_t account_id) override;
  Status TouchToken(int64_t id, int64_t at) override;
  Status RevokeToken(int64_t id, int64_t at) override;

  // --- Passwords (credentials.cpp)
  Status SetPasswordHash(int64_t account_id, std::string_view password_hash) override;
  Result<std::optional<std::string>> FindPasswordHash(int64_t account_id) override;

 private:
  int64_t Now() const { return db_.clock().NowUnix(); }

  sqlite::Database& db_;
};

}  // namespace cornerstore::store
