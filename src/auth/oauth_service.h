// OAuthService: the rules of OAuth 2.0 as Mastodon apps expect them — app registration, the
// authorization code grant with PKCE S256, client credentials, refresh tokens (rotated on use),
// revocation, the login check behind the consent form, and tokens made by the admin CLI.
//
// Pure core, thin adapters: src/server/oauth_routes.cpp turns HTTP into these calls and the
// results back into HTTP; the CLI calls the same methods. Secrets are hashed before they reach
// the store (tokens.h) and are returned to the caller exactly once. The password grant is refused
// (Mastodon removed it in 4.x): apps log users in through the browser form.
//
// Ownership: borrows the stores, clock and throttle (they outlive it).
// Thread safety: every method may be called from any thread concurrently.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "src/auth/login_throttle.h"
#include "src/auth/oauth_error.h"
#include "src/auth/principal.h"
#include "src/auth/request_params.h"
#include "src/common/clock.h"
#include "src/common/json.h"
#include "store/auth_store.h"
#include "store/store.h"

namespace cornerstore::auth {

// RFC 6749 §3.1.2 / Mastodon: show the code to the user instead of redirecting.
inline constexpr std::string_view kOutOfBandRedirect = "urn:ietf:wg:oauth:2.0:oob";

struct OAuthOptions {
  // RFC 6749 §4.1.2 recommends at most 10 minutes for an authorization code.
  int64_t code_lifetime_seconds = 10 * 60;
  // 0: access tokens never expire. Mastodon's tokens do not, and its apps never refresh, so an
  // expiring token would log every such app out.
  int64_t access_token_lifetime_seconds = 0;
  // Registration bounds: what a real app needs, with room; beyond is abuse of our storage.
  size_t max_app_name_bytes = 200;
  size_t max_website_bytes = 2000;
  size_t max_redirect_uris = 10;
  size_t max_redirect_uri_bytes = 2000;
  size_t max_label_bytes = 200;
};

struct AppRegistration {
  std::string name;                        // client_name
  std::string website;                     // optional
  std::vector<std::string> redirect_uris;  // one value may hold several, whitespace-separated
  std::string scopes;                      // "" → kDefaultScope
  static AppRegistration FromParams(const RequestParams& params);
};

struct RegisteredApp {
  store::OAuthApp app;
  std::string client_secret;  // in the clear, this once
};

struct AuthorizeRequest {
  std::string response_type, client_id, redirect_uri, scope, state;
  std::string code_challenge, code_challenge_method;
  static AuthorizeRequest FromParams(const RequestParams& params);
};

// A checked authorization request: what the consent page shows and the code will carry.
struct AuthorizeContext {
  store::OAuthApp app;
  std::string redirect_uri;
  std::vector<std::string> scopes;
  std::string state;
  std::string code_challenge, code_challenge_method;
};

struct TokenRequest {
  std::string grant_type, code, redirect_uri, code_verifier, refresh_token, scope;
  std::string client_id, client_secret;  // from the body or an HTTP Basic Authorization header
  // kInvalidRequest-worthy input (a malformed Basic header) is reported by Token().
  bool malformed_basic_auth = false;
  static TokenRequest FromParams(const RequestParams& params, std::string_view authorization);
};

struct IssuedToken {
  int64_t token_id = 0;
  std::string access_token;
  std::string refresh_token;  // "" when none
  std::vector<std::string> scopes;
  int64_t created_at = 0;
  int64_t expires_in = 0;  // 0: never
  // The OAuth token response (and Mastodon's Token entity).
  json::Value ToJson() const;
};

class OAuthService {
 public:
  OAuthService(store::AuthStore& auth, store::Store& accounts, const Clock& clock,
               LoginThrottle& throttle, OAuthOptions options = {});

  OAuthResult<RegisteredApp> RegisterApp(const AppRegistration& registration);
  // Checks client, redirect_uri (exact match with a registered one, or oob if registered), scopes
  // ⊆ the app's, response_type "code" and PKCE parameters.
  OAuthResult<AuthorizeContext> CheckAuthorize(const AuthorizeRequest& request);
  // Checks a username and password, counting failures in the throttle: 429 when throttled,
  // access_denied for a wrong pair (the same answer whether or not the user exists).
  OAuthResult<store::Account> Login(std::string_view username, std::string_view password,
                                    std::string_view remote_address);
  // A one-time code for `account_id`, valid code_lifetime_seconds.
  OAuthResult<std::string> IssueCode(const AuthorizeContext& context, int64_t account_id);
  OAuthResult<IssuedToken> Token(const TokenRequest& request);
  // RFC 7009: revokes an access or refresh token of the authenticated client; unknown tokens
  // succeed too (so a client cannot probe).
  OAuthResult<std::monostate> Revoke(std::string_view token, std::string_view client_id,
                                     std::string_view client_secret);
  // The app `client_id` if `client_secret` is its secret.
  OAuthResult<store::OAuthApp> AuthenticateClient(std::string_view client_id,
                                                  std::string_view client_secret);

  // --- For the admin CLI
  // A token for `account_id` with `scopes` (known scopes only), labelled for `token list`.
  Result<IssuedToken> CreatePersonalToken(int64_t account_id,
                                          const std::vector<std::string>& scopes,
                                          std::string_view label);
  // Hashes and stores a new password (policy: password.h).
  Status SetPassword(int64_t account_id, std::string_view password);

 private:
  OAuthResult<IssuedToken> NewToken(const store::OAuthApp& app, int64_t account_id,
                                    const std::vector<std::string>& scopes, bool with_refresh,
                                    int64_t replaces_id);
  OAuthResult<IssuedToken> AuthorizationCodeGrant(const store::OAuthApp& app,
                                                  const TokenRequest& request);
  OAuthResult<IssuedToken> ClientCredentialsGrant(const store::OAuthApp& app,
                                                  const TokenRequest& request);
  OAuthResult<IssuedToken> RefreshTokenGrant(const store::OAuthApp& app,
                                             const TokenRequest& request);
  OAuthResult<std::vector<std::string>> RequestedScopes(std::string_view scope,
                                                        const std::vector<std::string>& allowed);

  store::AuthStore& auth_;
  store::Store& accounts_;
  const Clock& clock_;
  LoginThrottle& throttle_;
  const OAuthOptions options_;
};

}  // namespace cornerstore::auth
