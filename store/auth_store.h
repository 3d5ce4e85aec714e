// AuthStore: persistence of client API authorization — OAuth applications, one-time
// authorization codes, access tokens (with their refresh tokens) and local login passwords.
//
// Secrets never reach the store in the clear: random tokens, codes and client secrets arrive as
// SHA-256 hex digests (src/auth/tokens.h), passwords as Argon2id encoded hashes. The rules about
// what a token may do live in src/auth; this interface only keeps rows.
//
// Errors as in store.h: kNotFound for a missing row, kConflict for a uniqueness violation,
// kUnavailable when the database is busy, kInternal otherwise. Every method is one transaction.
// Thread safety: all methods may be called from any thread concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/result.h"

namespace cornerstore::store {

// A registered client application (POST /api/v1/apps).
struct OAuthApp {
  int64_t id = 0;  // assigned by CreateApp
  std::string client_id;
  std::string client_secret_hash;  // SHA-256 hex of the secret
  std::string name;
  std::string website;
  std::vector<std::string> redirect_uris;
  std::string scopes;      // space-separated, as registered
  int64_t created_at = 0;  // set by CreateApp when 0
};

// A one-time authorization code, valid until expires_at.
struct AuthorizationCode {
  std::string code_hash;  // SHA-256 hex of the code
  int64_t app_id = 0;
  int64_t account_id = 0;
  std::string redirect_uri;  // exactly as the authorize request named it
  std::string scopes;        // space-separated, as granted
  std::string code_challenge;
  std::string code_challenge_method;  // "S256" or "" (no PKCE)
  int64_t created_at = 0;
  int64_t expires_at = 0;
};

// An access token. app_id 0: made by the admin CLI; account_id 0: an app-only token
// (client_credentials). Times are unix seconds; 0 means never / not yet.
struct AccessToken {
  int64_t id = 0;  // assigned by CreateToken
  std::string token_hash;
  std::string refresh_token_hash;  // "" when it has no refresh token
  int64_t app_id = 0;
  int64_t account_id = 0;
  std::string label;   // a name for humans (CLI tokens)
  std::string scopes;  // space-separated
  int64_t created_at = 0;
  int64_t last_used_at = 0;
  int64_t expires_at = 0;
  int64_t revoked_at = 0;
};

class AuthStore {
 public:
  virtual ~AuthStore() = default;

  // --- Applications
  // Stores a new app; `id` and `created_at` are set on the returned copy. kConflict if the
  // client_id is taken.
  virtual Result<OAuthApp> CreateApp(const OAuthApp& app) = 0;
  virtual Result<OAuthApp> FindAppByClientId(std::string_view client_id) = 0;
  virtual Result<OAuthApp> FindAppById(int64_t id) = 0;

  // --- Authorization codes
  // Stores a code and, in the same transaction, drops every code expired at `code.created_at`
  // (so the table stays small without a sweeper).
  virtual Status PutAuthorizationCode(const AuthorizationCode& code) = 0;
  // Returns the code and deletes it in one transaction, so it is used at most once, even by
  // concurrent requests. kNotFound if there is no such code (never issued, used, or swept).
  // Expiry is the caller's check.
  virtual Result<AuthorizationCode> ConsumeAuthorizationCode(std::string_view code_hash) = 0;

  // --- Access tokens
  // Stores a token; `id` (and `created_at` when 0) set on the returned copy. kConflict if its
  // token or refresh hash is taken.
  virtual Result<AccessToken> CreateToken(const AccessToken& token) = 0;
  // Revokes token `old_id` at `replacement.created_at` and stores `replacement`, in one
  // transaction. kNotFound if `old_id` is unknown or already revoked (a refresh token is used
  // once, even by concurrent requests).
  virtual Result<AccessToken> ReplaceToken(int64_t old_id, const AccessToken& replacement) = 0;
  // Lookups return revoked and expired tokens too: the caller decides.
  virtual Result<AccessToken> FindTokenByHash(std::string_view token_hash) = 0;
  virtual Result<AccessToken> FindTokenByRefreshHash(std::string_view refresh_token_hash) = 0;
  virtual Result<AccessToken> FindTokenById(int64_t id) = 0;
  // The tokens of an account, revoked ones included, oldest first.
  virtual Result<std::vector<AccessToken>> ListTokens(int64_t account_id) = 0;
  // Records a use. kNotFound if there is no such token.
  virtual Status TouchToken(int64_t id, int64_t at) = 0;
  // Marks the token revoked at `at`; revoking a revoked token keeps the first time and succeeds.
  // kNotFound if there is no such token.
  virtual Status RevokeToken(int64_t id, int64_t at) = 0;

  // --- Local login passwords
  // Sets (or replaces) the account's password hash. kNotFound if there is no such account.
  virtual Status SetPasswordHash(int64_t account_id, std::string_view password_hash) = 0;
  // The account's password hash, nullopt when it has none.
  virtual Result<std::optional<std::string>> FindPasswordHash(int64_t account_id) = 0;
};

}  // namespace cornerstore::store
