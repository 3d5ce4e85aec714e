#include "src/auth/oauth_service.h"

#include <algorithm>
#include <cctype>

#include "src/auth/password.h"
#include "src/auth/tokens.h"
#include "src/common/base64.h"
#include "src/common/log.h"
#include "src/common/url.h"

namespace cornerstore::auth {
namespace {

constexpr std::string_view kBadLogin = "wrong username or password";

bool HasControlOrSpace(std::string_view s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
}

// An absolute URI (RFC 3986 scheme ":" rest) without a fragment, or the out-of-band marker. Custom
// schemes are allowed: mobile apps register "myapp://oauth". Schemes that run code in a browser
// are not.
bool IsAcceptableRedirectUri(std::string_view uri) {
  if (uri == kOutOfBandRedirect) return true;
  if (uri.empty() || HasControlOrSpace(uri) || uri.find('#') != std::string_view::npos) {
    return false;
  }
  const size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == uri.size()) return false;
  const std::string scheme = ToLower(uri.substr(0, colon));
  if (!std::isalpha(static_cast<unsigned char>(scheme[0]))) return false;
  for (char c : scheme) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  if (scheme == "javascript" || scheme == "data" || scheme == "vbscript" || scheme == "file") {
    return false;
  }
  if ((scheme == "http" || scheme == "https") && !ParseUrl(uri)) return false;
  return true;
}

std::vector<std::string> SplitWhitespace(std::string_view text) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) out.emplace_back(text.substr(start, i - start));
  }
  return out;
}

// "name", "@name" and "name@domain" all name the local account "name".
std::string LocalUsername(std::string_view login) {
  if (!login.empty() && login.front() == '@') login.remove_prefix(1);
  return std::string(login.substr(0, login.find('@')));
}

}  // namespace

// --- Request parsing

AppRegistration AppRegistration::FromParams(const RequestParams& params) {
  AppRegistration r;
  r.name = params.Get("client_name");
  r.website = params.Get("website");
  r.scopes = params.Get("scopes");
  for (const auto& value : params.GetAll("redirect_uris")) {
    for (auto& uri : SplitWhitespace(value)) r.redirect_uris.push_back(std::move(uri));
  }
  return r;
}

AuthorizeRequest AuthorizeRequest::FromParams(const RequestParams& params) {
  AuthorizeRequest r;
  r.response_type = params.Get("response_type");
  r.client_id = params.Get("client_id");
  r.redirect_uri = params.Get("redirect_uri");
  r.scope = params.Get("scope");
  r.state = params.Get("state");
  r.code_challenge = params.Get("code_challenge");
  r.code_challenge_method = params.Get("code_challenge_method");
  return r;
}

TokenRequest TokenRequest::FromParams(const RequestParams& params, std::string_view authorization) {
  TokenRequest r;
  r.grant_type = params.Get("grant_type");
  r.code = params.Get("code");
  r.redirect_uri = params.Get("redirect_uri");
  r.code_verifier = params.Get("code_verifier");
  r.refresh_token = params.Get("refresh_token");
  r.scope = params.Get("scope");
  r.client_id = params.Get("client_id");
  r.client_secret = params.Get("client_secret");
  // RFC 6749 §2.3.1: HTTP Basic with the form-encoded id and secret.
  if (authorization.size() > 6 && EqualsIgnoreCase(authorization.substr(0, 6), "Basic ")) {
    auto decoded = Base64Decode(authorization.substr(6), Base64Mode::kLenient);
    const size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) {
      r.malformed_basic_auth = true;
      return r;
    }
    auto id = PercentDecode(std::string_view(*decoded).substr(0, colon), true);
    auto secret = PercentDecode(std::string_view(*decoded).substr(colon + 1), true);
    if (!id || !secret) {
      r.malformed_basic_auth = true;
      return r;
    }
    r.client_id = std::move(*id);
    r.client_secret = std::move(*secret);
  }
  return r;
}

json::Value IssuedToken::ToJson() const {
  json::Value body;
  body.Set("access_token", access_token);
  body.Set("token_type", "Bearer");
  body.Set("scope", JoinScopes(scopes));
  body.Set("created_at", created_at);
  if (expires_in > 0) body.Set("expires_in", expires_in);
  if (!refresh_token.empty()) body.Set("refresh_token", refresh_token);
  return body;
}

// --- Service

OAuthService::OAuthService(store::AuthStore& auth, store::Store& accounts, const Clock& clock,
                           LoginThrottle& throttle, OAuthOptions options)
    : auth_(auth), accounts_(accounts), clock_(clock), throttle_(throttle), options_(options) {}

OAuthResult<RegisteredApp> OAuthService::RegisterApp(const AppRegistration& registration) {
  // RFC 7591 §3.2.2 names the errors of a registration.
  auto metadata_error = [](std::string description) {
    return OAuthError{400, "invalid_client_metadata", std::move(description)};
  };
  if (registration.name.empty()) return metadata_error("client_name is required");
  if (registration.name.size() > options_.max_app_name_bytes) {
    return metadata_error("client_name is too long");
  }
  if (std::any_of(registration.name.begin(), registration.name.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return metadata_error("client_name must not hold control characters");
  }
  if (registration.website.size() > options_.max_website_bytes) {
    return metadata_error("website is too long");
  }
  if (!registration.website.empty() && !ParseUrl(registration.website)) {
    return metadata_error("website must be an absolute http(s) URL");
  }
  if (registration.redirect_uris.empty()) {
    return OAuthError{400, "invalid_redirect_uri", "redirect_uris is required"};
  }
  if (registration.redirect_uris.size() > options_.max_redirect_uris) {
    return OAuthError{400, "invalid_redirect_uri", "too many redirect_uris"};
  }
  for (const auto& uri : registration.redirect_uris) {
    if (uri.size() > options_.max_redirect_uri_bytes || !IsAcceptableRedirectUri(uri)) {
      return OAuthError{400, "invalid_redirect_uri",
                        "each redirect URI must be an absolute URI without a fragment, or " +
                            std::string(kOutOfBandRedirect)};
    }
  }
  std::vector<std::string> scopes =
      ParseScopes(registration.scopes.empty() ? kDefaultScope : registration.scopes);
  for (const auto& s : scopes) {
    if (!IsKnownScope(s)) return OAuthError::InvalidScope("unknown scope: " + s);
  }
  RegisteredApp result;
  result.client_secret = RandomToken();
  store::OAuthApp app;
  app.client_id = RandomToken();
  app.client_secret_hash = HashSecret(result.client_secret);
  app.name = registration.name;
  app.website = registration.website;
  app.redirect_uris = registration.redirect_uris;
  app.scopes = JoinScopes(scopes);
  auto stored = auth_.CreateApp(app);
  if (!stored.ok()) return OAuthError::FromStore(stored.error());
  result.app = std::move(*stored);
  log::Info("oauth.app_registered",
            {{"app_id", std::to_string(result.app.id)}, {"name", result.app.name}});
  return result;
}

OAuthResult<store::OAuthApp> OAuthService::AuthenticateClient(std::string_view client_id,
                                                              std::string_view client_secret) {
  if (client_id.empty()) return OAuthError::InvalidClient("client authentication is required");
  auto app = auth_.FindAppByClientId(client_id);
  if (!app.ok()) {
    if (app.error().code != ErrorCode::kNotFound) return OAuthError::FromStore(app.error());
    return OAuthError::InvalidClient("unknown client or wrong secret");
  }
  if (!SecretEquals(HashSecret(client_secret), app->client_secret_hash)) {
    return OAuthError::InvalidClient("unknown client or wrong secret");
  }
  return std::move(*app);
}

OAuthResult<std::vector<std::string>> OAuthService::RequestedScopes(
    std::string_view scope, const std::vector<std::string>& allowed) {
  std::vector<std::string> scopes = ParseScopes(scope.empty() ? kDefaultScope : scope);
  for (const auto& s : scopes) {
    if (!IsKnownScope(s)) return OAuthError::InvalidScope("unknown scope: " + s);
  }
  if (!GrantsAll(allowed, scopes)) {
    return OAuthError::InvalidScope("the requested scope is more than the app registered");
  }
  return scopes;
}

OAuthResult<AuthorizeContext> OAuthService::CheckAuthorize(const AuthorizeRequest& request) {
  if (request.client_id.empty()) return OAuthError::InvalidRequest("client_id is required");
  auto app = auth_.FindAppByClientId(request.client_id);
  if (!app.ok()) {
    if (app.error().code != ErrorCode::kNotFound) return OAuthError::FromStore(app.error());
    return OAuthError::InvalidClient("unknown client");
  }
  AuthorizeContext context;
  context.redirect_uri = request.redirect_uri;
  // RFC 6749 §3.1.2.3: with one registered URI the parameter may be left out.
  if (context.redirect_uri.empty() && app->redirect_uris.size() == 1) {
    context.redirect_uri = app->redirect_uris.front();
  }
  if (std::find(app->redirect_uris.begin(), app->redirect_uris.end(), context.redirect_uri) ==
      app->redirect_uris.end()) {
    return OAuthError{400, "invalid_redirect_uri",
                      "redirect_uri does not match a URI registered by the app"};
  }
  if (request.response_type != "code") {
    return OAuthError{400, "unsupported_response_type", "response_type must be 'code'"};
  }
  auto scopes = RequestedScopes(request.scope, ParseScopes(app->scopes));
  if (!scopes.ok()) return scopes.error();
  if (!request.code_challenge.empty() || !request.code_challenge_method.empty()) {
    if (request.code_challenge_method != "S256") {
      return OAuthError::InvalidRequest("code_challenge_method must be S256");
    }
    if (!IsValidCodeChallenge(request.code_challenge)) {
      return OAuthError::InvalidRequest("code_challenge must be 43 base64url characters");
    }
  }
  if (request.state.size() > kMaxParamBytes) return OAuthError::InvalidRequest("state is too long");
  context.app = std::move(*app);
  context.scopes = std::move(*scopes);
  context.state = request.state;
  context.code_challenge = request.code_challenge;
  context.code_challenge_method = request.code_challenge_method;
  return context;
}

OAuthResult<store::Account> OAuthService::Login(std::string_view login, std::string_view password,
                                                std::string_view remote_address) {
  const std::string username = LocalUsername(login);
  if (int64_t wait = throttle_.RetryAfter(username, remote_address); wait > 0) {
    log::Warn("oauth.login_throttled",
              {{"username", username}, {"address", std::string(remote_address)}});
    return OAuthError::Throttled(wait);
  }
  auto refuse = [&] {
    throttle_.RecordFailure(username, remote_address);
    log::Info("oauth.login_failed",
              {{"username", username}, {"address", std::string(remote_address)}});
    return OAuthError::AccessDenied(std::string(kBadLogin));
  };
  if (username.empty() || password.empty()) return refuse();
  auto account = accounts_.FindAccountByUsername(username);
  if (!account.ok()) {
    if (account.error().code != ErrorCode::kNotFound) return OAuthError::FromStore(account.error());
    VerifyPasswordDummy(password);
    return refuse();
  }
  auto hash = auth_.FindPasswordHash(account->id);
  if (!hash.ok()) return OAuthError::FromStore(hash.error());
  if (!hash->has_value()) {
    VerifyPasswordDummy(password);
    return refuse();
  }
  if (!VerifyPassword(password, **hash)) return refuse();
  throttle_.RecordSuccess(username);
  return std::move(*account);
}

OAuthResult<std::string> OAuthService::IssueCode(const AuthorizeContext& context,
                                                 int64_t account_id) {
  std::string code = RandomToken();
  store::AuthorizationCode row;
  row.code_hash = HashSecret(code);
  row.app_id = context.app.id;
  row.account_id = account_id;
  row.redirect_uri = context.redirect_uri;
  row.scopes = JoinScopes(context.scopes);
  row.code_challenge = context.code_challenge;
  row.code_challenge_method = context.code_challenge_method;
  row.created_at = clock_.NowUnix();
  row.expires_at = row.created_at + options_.code_lifetime_seconds;
  Status stored = auth_.PutAuthorizationCode(row);
  if (!stored.ok()) return OAuthError::FromStore(stored.error());
  return code;
}

OAuthResult<IssuedToken> OAuthService::NewToken(const store::OAuthApp& app, int64_t account_id,
                                                const std::vector<std::string>& scopes,
                                                bool with_refresh, int64_t replaces_id) {
  IssuedToken issued;
  issued.access_token = RandomToken();
  if (with_refresh) issued.refresh_token = RandomToken();
  issued.scopes = scopes;
  issued.created_at = clock_.NowUnix();
  issued.expires_in = options_.access_token_lifetime_seconds;
  store::AccessToken row;
  row.token_hash = HashSecret(issued.access_token);
  if (with_refresh) row.refresh_token_hash = HashSecret(issued.refresh_token);
  row.app_id = app.id;
  row.account_id = account_id;
  row.scopes = JoinScopes(scopes);
  row.created_at = issued.created_at;
  if (issued.expires_in > 0) row.expires_at = issued.created_at + issued.expires_in;
  auto stored = replaces_id != 0 ? auth_.ReplaceToken(replaces_id, row) : auth_.CreateToken(row);
  if (!stored.ok()) {
    if (replaces_id != 0 && stored.error().code == ErrorCode::kNotFound) {
      return OAuthError::InvalidGrant("the refresh token was already used or revoked");
    }
    return OAuthError::FromStore(stored.error());
  }
  issued.token_id = stored->id;
  return issued;
}

OAuthResult<IssuedToken> OAuthService::AuthorizationCodeGrant(const store::OAuthApp& app,
                                                              const TokenRequest& request) {
  if (request.code.empty()) return OAuthError::InvalidRequest("code is required");
  if (request.redirect_uri.empty()) return OAuthError::InvalidRequest("redirect_uri is required");
  // The code is consumed before any check: a code presented with a wrong verifier or by the wrong
  // client is spent, so it cannot be retried.
  auto code = auth_.ConsumeAuthorizationCode(HashSecret(request.code));
  if (!code.ok()) {
    if (code.error().code != ErrorCode::kNotFound) return OAuthError::FromStore(code.error());
    return OAuthError::InvalidGrant("the authorization code is invalid or was already used");
  }
  if (code->app_id != app.id) {
    return OAuthError::InvalidGrant("the authorization code was issued to another client");
  }
  if (clock_.NowUnix() >= code->expires_at) {
    return OAuthError::InvalidGrant("the authorization code has expired");
  }
  if (request.redirect_uri != code->redirect_uri) {
    return OAuthError::InvalidGrant("redirect_uri does not match the authorization request");
  }
  if (!code->code_challenge.empty()) {
    if (request.code_verifier.empty()) {
      return OAuthError::InvalidGrant("code_verifier is required (PKCE)");
    }
    if (!VerifyPkceS256(request.code_verifier, code->code_challenge)) {
      return OAuthError::InvalidGrant("code_verifier does not match the code_challenge");
    }
  } else if (!request.code_verifier.empty()) {
    // RFC 9700 §2.1.1: a verifier for a code issued without a challenge is a downgrade attempt.
    return OAuthError::InvalidGrant("code_verifier given for a code issued without PKCE");
  }
  return NewToken(app, code->account_id, ParseScopes(code->scopes), true, 0);
}

OAuthResult<IssuedToken> OAuthService::ClientCredentialsGrant(const store::OAuthApp& app,
                                                              const TokenRequest& request) {
  auto scopes = RequestedScopes(request.scope, ParseScopes(app.scopes));
  if (!scopes.ok()) return scopes.error();
  return NewToken(app, 0, *scopes, false, 0);
}

OAuthResult<IssuedToken> OAuthService::RefreshTokenGrant(const store::OAuthApp& app,
                                                         const TokenRequest& request) {
  if (request.refresh_token.empty()) return OAuthError::InvalidRequest("refresh_token is required");
  auto token = auth_.FindTokenByRefreshHash(HashSecret(request.refresh_token));
  if (!token.ok()) {
    if (token.error().code != ErrorCode::kNotFound) return OAuthError::FromStore(token.error());
    return OAuthError::InvalidGrant("the refresh token is invalid");
  }
  if (token->app_id != app.id) {
    return OAuthError::InvalidGrant("the refresh token was issued to another client");
  }
  if (token->revoked_at != 0) {
    return OAuthError::InvalidGrant("the refresh token was already used or revoked");
  }
  std::vector<std::string> scopes = ParseScopes(token->scopes);
  if (!request.scope.empty()) {
    // RFC 6749 §6: a refresh may narrow the scope, never widen it.
    auto narrowed = RequestedScopes(request.scope, scopes);
    if (!narrowed.ok()) return narrowed.error();
    scopes = std::move(*narrowed);
  }
  return NewToken(app, token->account_id, scopes, true, token->id);
}

OAuthResult<IssuedToken> OAuthService::Token(const TokenRequest& request) {
  if (request.malformed_basic_auth) {
    return OAuthError::InvalidClient("malformed Basic authorization header");
  }
  if (request.grant_type.empty()) return OAuthError::InvalidRequest("grant_type is required");
  const bool known = request.grant_type == "authorization_code" ||
                     request.grant_type == "client_credentials" ||
                     request.grant_type == "refresh_token";
  if (!known) {
    if (request.grant_type == "password") {
      return OAuthError::UnsupportedGrantType(
          "the password grant is not supported; use authorization_code");
    }
    return OAuthError::UnsupportedGrantType("unsupported grant_type");
  }
  auto app = AuthenticateClient(request.client_id, request.client_secret);
  if (!app.ok()) return app.error();
  if (request.grant_type == "authorization_code") return AuthorizationCodeGrant(*app, request);
  if (request.grant_type == "client_credentials") return ClientCredentialsGrant(*app, request);
  return RefreshTokenGrant(*app, request);
}

OAuthResult<std::monostate> OAuthService::Revoke(std::string_view token, std::string_view client_id,
                                                 std::string_view client_secret) {
  auto app = AuthenticateClient(client_id, client_secret);
  if (!app.ok()) return app.error();
  if (token.empty()) return OAuthError::InvalidRequest("token is required");
  const std::string hash = HashSecret(token);
  auto found = auth_.FindTokenByHash(hash);
  if (!found.ok() && found.error().code == ErrorCode::kNotFound) {
    found = auth_.FindTokenByRefreshHash(hash);
  }
  if (!found.ok()) {
    if (found.error().code != ErrorCode::kNotFound) return OAuthError::FromStore(found.error());
    return std::monostate{};
  }
  // RFC 7009 §2.1: a client may revoke only its own tokens; others are left alone silently.
  if (found->app_id != app->id) return std::monostate{};
  Status revoked = auth_.RevokeToken(found->id, clock_.NowUnix());
  if (!revoked.ok()) return OAuthError::FromStore(revoked.error());
  log::Info("oauth.token_revoked", {{"token_id", std::to_string(found->id)}});
  return std::monostate{};
}

Result<IssuedToken> OAuthService::CreatePersonalToken(int64_t account_id,
                                                      const std::vector<std::string>& scopes,
                                                      std::string_view label) {
  if (scopes.empty()) return MakeError(ErrorCode::kInvalidInput, "give at least one scope");
  for (const auto& s : scopes) {
    if (!IsKnownScope(s)) return MakeError(ErrorCode::kInvalidInput, "unknown scope: " + s);
  }
  if (label.size() > options_.max_label_bytes) {
    return MakeError(ErrorCode::kInvalidInput, "the label is too long");
  }
  IssuedToken issued;
  issued.access_token = RandomToken();
  issued.scopes = scopes;
  issued.created_at = clock_.NowUnix();
  store::AccessToken row;
  row.token_hash = HashSecret(issued.access_token);
  row.account_id = account_id;
  row.label = std::string(label);
  row.scopes = JoinScopes(scopes);
  row.created_at = issued.created_at;
  CS_ASSIGN_OR_RETURN(store::AccessToken stored, auth_.CreateToken(row));
  issued.token_id = stored.id;
  return issued;
}

Status OAuthService::SetPassword(int64_t account_id, std::string_view password) {
  CS_ASSIGN_OR_RETURN(std::string hash, HashPassword(password));
  return auth_.SetPasswordHash(account_id, hash);
}

}  // namespace cornerstore::auth
