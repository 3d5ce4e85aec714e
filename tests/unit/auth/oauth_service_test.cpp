// OAuthService and TokenAuthenticator over an in-memory SQLite store and a fake clock.
#include <doctest/doctest.h>

#include <memory>

#include "src/auth/oauth_service.h"
#include "src/auth/token_authenticator.h"
#include "src/auth/tokens.h"
#include "store/sqlite_auth_store.h"
#include "store/sqlite_store.h"
#include "tests/fakes/fake_clock.h"

using namespace cornerstore;
using namespace cornerstore::auth;
using cornerstore::testing::FakeClock;

namespace {

constexpr const char* kRedirect = "https://app.example/cb";
constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
constexpr const char* kPassword = "correct horse battery";

struct Fixture {
  explicit Fixture(OAuthOptions options = {}) {
    auto opened = store::SqliteStore::Open(":memory:", &clock);
    REQUIRE(opened.ok());
    store = std::move(opened).value();
    auth_store = std::make_unique<store::SqliteAuthStore>(store->database());
    throttle = std::make_unique<LoginThrottle>(clock);
    oauth = std::make_unique<OAuthService>(*auth_store, *store, clock, *throttle, options);
    authenticator = std::make_unique<TokenAuthenticator>(*auth_store, *store, clock);
    store::Account a;
    a.username = "shop";
    a.public_key_pem = "pub";
    a.private_key_pem = "priv";
    account = *store->CreateAccount(a);
    REQUIRE(oauth->SetPassword(account.id, kPassword).ok());
  }

  RegisteredApp Register(const std::string& scopes = "read write follow") {
    AppRegistration r;
    r.name = "App";
    r.redirect_uris = {kRedirect, std::string(kOutOfBandRedirect)};
    r.scopes = scopes;
    auto app = oauth->RegisterApp(r);
    REQUIRE(app.ok());
    return app.value();
  }

  AuthorizeRequest Authorize(const RegisteredApp& app) {
    AuthorizeRequest r;
    r.response_type = "code";
    r.client_id = app.app.client_id;
    r.redirect_uri = kRedirect;
    r.scope = "read write";
    r.code_challenge = kChallenge;
    r.code_challenge_method = "S256";
    return r;
  }

  std::string Code(const RegisteredApp& app) {
    auto context = oauth->CheckAuthorize(Authorize(app));
    REQUIRE(context.ok());
    auto code = oauth->IssueCode(*context, account.id);
    REQUIRE(code.ok());
    return *code;
  }

  TokenRequest Exchange(const RegisteredApp& app, const std::string& code) {
    TokenRequest t;
    t.grant_type = "authorization_code";
    t.code = code;
    t.redirect_uri = kRedirect;
    t.code_verifier = kVerifier;
    t.client_id = app.app.client_id;
    t.client_secret = app.client_secret;
    return t;
  }

  HttpRequest Bearer(const std::string& token) {
    HttpRequest r;
    r.headers.Set("Authorization", "Bearer " + token);
    return r;
  }

  FakeClock clock;
  std::unique_ptr<store::SqliteStore> store;
  std::unique_ptr<store::SqliteAuthStore> auth_store;
  std::unique_ptr<LoginThrottle> throttle;
  std::unique_ptr<OAuthService> oauth;
  std::unique_ptr<TokenAuthenticator> authenticator;
  store::Account account;
};

}  // namespace

TEST_CASE("oauth service: registration stores only the secret's hash") {
  Fixture f;
  RegisteredApp app = f.Register();
  CHECK(app.client_secret.size() == 43);
  CHECK(app.app.client_secret_hash == HashSecret(app.client_secret));
  CHECK(app.app.scopes == "read write follow");
  AppRegistration bad;
  bad.name = "App";
  bad.redirect_uris = {"https://app.example/cb#frag"};
  CHECK(f.oauth->RegisterApp(bad).error().error == "invalid_redirect_uri");
  bad.redirect_uris = {"javascript:alert(1)"};
  CHECK(f.oauth->RegisterApp(bad).error().error == "invalid_redirect_uri");
  bad.redirect_uris = {"myapp://oauth"};
  bad.scopes = "read bogus";
  CHECK(f.oauth->RegisterApp(bad).error().error == "invalid_scope");
  bad.scopes = "";
  bad.name = "";
  CHECK(f.oauth->RegisterApp(bad).error().error == "invalid_client_metadata");
  bad.name = "Mobile";
  auto mobile = f.oauth->RegisterApp(bad);
  REQUIRE(mobile.ok());
  CHECK(mobile->app.scopes == "read");  // the default
}

TEST_CASE("oauth service: authorization code with PKCE, once") {
  Fixture f;
  RegisteredApp app = f.Register();
  const std::string code = f.Code(app);
  auto token = f.oauth->Token(f.Exchange(app, code));
  REQUIRE(token.ok());
  CHECK(JoinScopes(token->scopes) == "read write");
  CHECK(!token->refresh_token.empty());
  CHECK(f.oauth->Token(f.Exchange(app, code)).error().error == "invalid_grant");

  auto principal = f.authenticator->Authenticate(f.Bearer(token->access_token));
  REQUIRE(principal.ok());
  REQUIRE(principal->has_value());
  CHECK((*principal)->username == "shop");
  CHECK((*principal)->account_id == f.account.id);
  CHECK((*principal)->app_id == app.app.id);
  CHECK(Grants((*principal)->scopes, "write:statuses"));
  CHECK(f.auth_store->FindTokenById((*principal)->token_id)->last_used_at == f.clock.NowUnix());

  HttpRequest anonymous;
  CHECK(!f.authenticator->Authenticate(anonymous)->has_value());
  CHECK(f.authenticator->Authenticate(f.Bearer("nope")).error().code == ErrorCode::kUnauthorized);
}

TEST_CASE("oauth service: code refusals") {
  Fixture f;
  RegisteredApp app = f.Register();
  SUBCASE("wrong verifier spends the code") {
    const std::string code = f.Code(app);
    TokenRequest t = f.Exchange(app, code);
    t.code_verifier = std::string(43, 'a');
    CHECK(f.oauth->Token(t).error().error == "invalid_grant");
    CHECK(f.oauth->Token(f.Exchange(app, code)).error().error == "invalid_grant");
  }
  SUBCASE("missing verifier") {
    TokenRequest t = f.Exchange(app, f.Code(app));
    t.code_verifier.clear();
    CHECK(f.oauth->Token(t).error().error == "invalid_grant");
  }
  SUBCASE("expired code") {
    const std::string code = f.Code(app);
    f.clock.Advance(10 * 60);
    CHECK(f.oauth->Token(f.Exchange(app, code)).error().error == "invalid_grant");
  }
  SUBCASE("another client's code") {
    RegisteredApp other = f.Register();
    CHECK(f.oauth->Token(f.Exchange(other, f.Code(app))).error().error == "invalid_grant");
  }
  SUBCASE("redirect_uri mismatch") {
    TokenRequest t = f.Exchange(app, f.Code(app));
    t.redirect_uri = std::string(kOutOfBandRedirect);
    CHECK(f.oauth->Token(t).error().error == "invalid_grant");
  }
  SUBCASE("wrong secret") {
    TokenRequest t = f.Exchange(app, f.Code(app));
    t.client_secret = "x";
    auto r = f.oauth->Token(t);
    CHECK(r.error().error == "invalid_client");
    CHECK(r.error().status == 401);
  }
  SUBCASE("the password grant is refused") {
    TokenRequest t;
    t.grant_type = "password";
    CHECK(f.oauth->Token(t).error().error == "unsupported_grant_type");
  }
}

TEST_CASE("oauth service: authorize request checks") {
  Fixture f;
  RegisteredApp app = f.Register("read");
  AuthorizeRequest r = f.Authorize(app);
  r.scope = "read";
  CHECK(f.oauth->CheckAuthorize(r).ok());
  r.scope = "read write";
  CHECK(f.oauth->CheckAuthorize(r).error().error == "invalid_scope");
  r.scope = "read:statuses";
  CHECK(f.oauth->CheckAuthorize(r).ok());
  r.redirect_uri = "https://app.example/cb/other";
  CHECK(f.oauth->CheckAuthorize(r).error().error == "invalid_redirect_uri");
  r.redirect_uri = kRedirect;
  r.code_challenge_method = "plain";
  CHECK(f.oauth->CheckAuthorize(r).error().error == "invalid_request");
  r.code_challenge_method = "S256";
  r.response_type = "token";
  CHECK(f.oauth->CheckAuthorize(r).error().error == "unsupported_response_type");
  r.response_type = "code";
  r.client_id = "unknown";
  CHECK(f.oauth->CheckAuthorize(r).error().error == "invalid_client");
}

TEST_CASE("oauth service: login and throttle") {
  Fixture f;
  CHECK(f.oauth->Login("shop", kPassword, "1.1.1.1").ok());
  CHECK(f.oauth->Login("@shop@shop.test", kPassword, "1.1.1.1").ok());
  CHECK(f.oauth->Login("nobody", kPassword, "1.1.1.1").error().error == "access_denied");
  for (int i = 0; i < 5; ++i) {
    CHECK(f.oauth->Login("shop", "wrong password", "1.1.1." + std::to_string(i)).error().status ==
          401);
  }
  auto locked = f.oauth->Login("shop", kPassword, "9.9.9.9");
  CHECK(locked.error().status == 429);
  CHECK(locked.error().retry_after == 15 * 60);
  f.clock.Advance(15 * 60);
  CHECK(f.oauth->Login("shop", kPassword, "9.9.9.9").ok());
}

TEST_CASE("oauth service: refresh rotates, revoke ends, expiry ends") {
  OAuthOptions options;
  options.access_token_lifetime_seconds = 3600;
  Fixture f(options);
  RegisteredApp app = f.Register();
  auto first = f.oauth->Token(f.Exchange(app, f.Code(app)));
  REQUIRE(first.ok());
  CHECK(first->expires_in == 3600);

  TokenRequest refresh;
  refresh.grant_type = "refresh_token";
  refresh.refresh_token = first->refresh_token;
  refresh.client_id = app.app.client_id;
  refresh.client_secret = app.client_secret;
  refresh.scope = "read";  // narrowing is allowed
  auto second = f.oauth->Token(refresh);
  REQUIRE(second.ok());
  CHECK(JoinScopes(second->scopes) == "read");
  CHECK(!f.authenticator->Authenticate(f.Bearer(first->access_token)).ok());
  CHECK(f.oauth->Token(refresh).error().error == "invalid_grant");  // used once
  refresh.refresh_token = second->refresh_token;
  refresh.scope = "read write";  // widening is not
  CHECK(f.oauth->Token(refresh).error().error == "invalid_scope");

  CHECK(f.authenticator->Authenticate(f.Bearer(second->access_token)).ok());
  f.clock.Advance(3600);
  CHECK(f.authenticator->Authenticate(f.Bearer(second->access_token)).error().code ==
        ErrorCode::kUnauthorized);

  auto third = f.oauth->Token(f.Exchange(app, f.Code(app)));
  REQUIRE(third.ok());
  RegisteredApp other = f.Register();
  // Another client cannot revoke it (silently), its own client can.
  CHECK(f.oauth->Revoke(third->access_token, other.app.client_id, other.client_secret).ok());
  CHECK(f.authenticator->Authenticate(f.Bearer(third->access_token)).ok());
  CHECK(f.oauth->Revoke(third->access_token, app.app.client_id, "wrong").error().error ==
        "invalid_client");
  CHECK(f.oauth->Revoke(third->access_token, app.app.client_id, app.client_secret).ok());
  CHECK(!f.authenticator->Authenticate(f.Bearer(third->access_token)).ok());
  CHECK(f.oauth->Revoke("unknown", app.app.client_id, app.client_secret).ok());
}

TEST_CASE("oauth service: client credentials and personal tokens") {
  Fixture f;
  RegisteredApp app = f.Register("read write");
  TokenRequest t;
  t.grant_type = "client_credentials";
  t.client_id = app.app.client_id;
  t.client_secret = app.client_secret;
  auto token = f.oauth->Token(t);
  REQUIRE(token.ok());
  CHECK(token->refresh_token.empty());
  auto principal = f.authenticator->AuthenticateToken(token->access_token);
  REQUIRE(principal.ok());
  CHECK(principal->account_id == 0);
  CHECK(principal->username.empty());
  t.scope = "follow";
  CHECK(f.oauth->Token(t).error().error == "invalid_scope");

  auto personal = f.oauth->CreatePersonalToken(f.account.id, {"read", "write"}, "script");
  REQUIRE(personal.ok());
  auto p = f.authenticator->AuthenticateToken(personal->access_token);
  REQUIRE(p.ok());
  CHECK(p->app_id == 0);
  CHECK(p->username == "shop");
  CHECK(!f.oauth->CreatePersonalToken(f.account.id, {"bogus"}, "").ok());
  // A deleted account's tokens stop working.
  REQUIRE(f.store->DeleteAccount(f.account.id).ok());
  CHECK(!f.authenticator->AuthenticateToken(personal->access_token).ok());
}

TEST_CASE("oauth service: token request parsing with HTTP Basic") {
  auto params = RequestParams::FromForm("grant_type=client_credentials&scope=read");
  REQUIRE(params.ok());
  // "my%20id:s3cret" in base64.
  TokenRequest t = TokenRequest::FromParams(*params, "Basic bXklMjBpZDpzM2NyZXQ=");
  CHECK(t.client_id == "my id");
  CHECK(t.client_secret == "s3cret");
  CHECK(TokenRequest::FromParams(*params, "Basic !!!").malformed_basic_auth);
  auto json_app = RequestParams::FromForm("redirect_uris[]=a&redirect_uris[]=b");
  REQUIRE(json_app.ok());
  CHECK(AppRegistration::FromParams(*json_app).redirect_uris == std::vector<std::string>{"a", "b"});
  CHECK(!RequestParams::FromForm("a=%zz").ok());
}
