// The AuthStore conformance suite: what every implementation must do (SQLite now, PostgreSQL
// later). A harness H offers store() (Store) and auth() (AuthStore) over one database, built from
// a Clock*. Instantiate with CS_AUTH_STORE_CONFORMANCE(Harness, ...).
#pragma once

#include <doctest/doctest.h>

#include "store/auth_store.h"
#include "store/store.h"
#include "tests/unit/store/account_samples.h"
#include "tests/unit/store/test_clock.h"

namespace cornerstore::testing::conformance {

inline store::OAuthApp SampleApp(const std::string& client_id) {
  store::OAuthApp app;
  app.client_id = client_id;
  app.client_secret_hash = "secret-hash-" + client_id;
  app.name = "App " + client_id;
  app.website = "https://app.example";
  app.redirect_uris = {"https://app.example/cb", "urn:ietf:wg:oauth:2.0:oob"};
  app.scopes = "read write";
  return app;
}

TEST_CASE_TEMPLATE_DEFINE("auth conformance: apps", H, cs_auth_apps) {
  StoreTestClock clock;
  H h(&clock);
  auto app = h.auth().CreateApp(SampleApp("c1"));
  REQUIRE(app.ok());
  CHECK(app->id > 0);
  CHECK(app->created_at == StoreTestClock::kStart);
  auto found = h.auth().FindAppByClientId("c1");
  REQUIRE(found.ok());
  CHECK(found->id == app->id);
  CHECK(found->redirect_uris == SampleApp("c1").redirect_uris);
  CHECK(found->scopes == "read write");
  CHECK(found->client_secret_hash == "secret-hash-c1");
  CHECK(h.auth().FindAppById(app->id)->name == "App c1");
  CHECK(h.auth().FindAppByClientId("nope").error().code == ErrorCode::kNotFound);
  CHECK(h.auth().CreateApp(SampleApp("c1")).error().code == ErrorCode::kConflict);
}

TEST_CASE_TEMPLATE_DEFINE("auth conformance: codes are used once", H, cs_auth_codes) {
  StoreTestClock clock;
  H h(&clock);
  auto account = h.store().CreateAccount(MinimalAccount("shop"));
  REQUIRE(account.ok());
  auto app = h.auth().CreateApp(SampleApp("c1"));
  REQUIRE(app.ok());
  store::AuthorizationCode code;
  code.code_hash = "h1";
  code.app_id = app->id;
  code.account_id = account->id;
  code.redirect_uri = "https://app.example/cb";
  code.scopes = "read";
  code.code_challenge = "challenge";
  code.code_challenge_method = "S256";
  code.expires_at = StoreTestClock::kStart + 600;
  REQUIRE(h.auth().PutAuthorizationCode(code).ok());
  auto used = h.auth().ConsumeAuthorizationCode("h1");
  REQUIRE(used.ok());
  CHECK(used->account_id == account->id);
  CHECK(used->code_challenge == "challenge");
  CHECK(used->expires_at == StoreTestClock::kStart + 600);
  CHECK(h.auth().ConsumeAuthorizationCode("h1").error().code == ErrorCode::kNotFound);
  // Storing a code sweeps the expired ones.
  code.code_hash = "h2";
  REQUIRE(h.auth().PutAuthorizationCode(code).ok());
  clock.Advance(601);
  code.code_hash = "h3";
  code.created_at = clock.NowUnix();
  code.expires_at = clock.NowUnix() + 600;
  REQUIRE(h.auth().PutAuthorizationCode(code).ok());
  CHECK(h.auth().ConsumeAuthorizationCode("h2").error().code == ErrorCode::kNotFound);
  CHECK(h.auth().ConsumeAuthorizationCode("h3").ok());
  // Invalid input stores nothing.
  store::AuthorizationCode empty;
  CHECK(h.auth().PutAuthorizationCode(empty).error().code == ErrorCode::kInvalidInput);
}

TEST_CASE_TEMPLATE_DEFINE("auth conformance: tokens", H, cs_auth_tokens) {
  StoreTestClock clock;
  H h(&clock);
  auto account = h.store().CreateAccount(MinimalAccount("shop"));
  REQUIRE(account.ok());
  auto app = h.auth().CreateApp(SampleApp("c1"));
  REQUIRE(app.ok());
  store::AccessToken t;
  t.token_hash = "t1";
  t.refresh_token_hash = "r1";
  t.app_id = app->id;
  t.account_id = account->id;
  t.scopes = "read write";
  auto created = h.auth().CreateToken(t);
  REQUIRE(created.ok());
  CHECK(created->created_at == StoreTestClock::kStart);
  auto by_hash = h.auth().FindTokenByHash("t1");
  REQUIRE(by_hash.ok());
  CHECK(by_hash->refresh_token_hash == "r1");
  CHECK(by_hash->app_id == app->id);
  CHECK(by_hash->last_used_at == 0);
  CHECK(by_hash->revoked_at == 0);
  CHECK(h.auth().FindTokenByRefreshHash("r1")->id == created->id);
  CHECK(h.auth().CreateToken(t).error().code == ErrorCode::kConflict);

  // A CLI token: no app, no refresh token, a label.
  store::AccessToken cli;
  cli.token_hash = "t2";
  cli.account_id = account->id;
  cli.label = "script";
  cli.scopes = "read";
  auto cli_token = h.auth().CreateToken(cli);
  REQUIRE(cli_token.ok());
  CHECK(h.auth().FindTokenById(cli_token->id)->app_id == 0);
  CHECK(h.auth().FindTokenByRefreshHash("").error().code == ErrorCode::kNotFound);

  REQUIRE(h.auth().TouchToken(created->id, StoreTestClock::kStart + 5).ok());
  CHECK(h.auth().FindTokenById(created->id)->last_used_at == StoreTestClock::kStart + 5);
  CHECK(h.auth().TouchToken(999, 1).error().code == ErrorCode::kNotFound);

  // Replacing revokes the old row, once.
  store::AccessToken next = t;
  next.token_hash = "t3";
  next.refresh_token_hash = "r3";
  next.created_at = StoreTestClock::kStart + 10;
  auto replaced = h.auth().ReplaceToken(created->id, next);
  REQUIRE(replaced.ok());
  CHECK(h.auth().FindTokenById(created->id)->revoked_at == StoreTestClock::kStart + 10);
  next.token_hash = "t4";
  next.refresh_token_hash = "r4";
  CHECK(h.auth().ReplaceToken(created->id, next).error().code == ErrorCode::kNotFound);
  CHECK(h.auth().FindTokenByHash("t4").error().code == ErrorCode::kNotFound);

  // Revoking keeps the first time.
  REQUIRE(h.auth().RevokeToken(cli_token->id, StoreTestClock::kStart + 20).ok());
  REQUIRE(h.auth().RevokeToken(cli_token->id, StoreTestClock::kStart + 30).ok());
  CHECK(h.auth().FindTokenById(cli_token->id)->revoked_at == StoreTestClock::kStart + 20);
  CHECK(h.auth().RevokeToken(999, 1).error().code == ErrorCode::kNotFound);

  auto list = h.auth().ListTokens(account->id);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 3);
  CHECK((*list)[0].id == created->id);
  CHECK((*list)[1].label == "script");

  // Deleting the account deletes its tokens.
  REQUIRE(h.store().DeleteAccount(account->id).ok());
  CHECK(h.auth().FindTokenByHash("t3").error().code == ErrorCode::kNotFound);
}

TEST_CASE_TEMPLATE_DEFINE("auth conformance: passwords", H, cs_auth_passwords) {
  StoreTestClock clock;
  H h(&clock);
  auto account = h.store().CreateAccount(MinimalAccount("shop"));
  REQUIRE(account.ok());
  CHECK(!h.auth().FindPasswordHash(account->id)->has_value());
  REQUIRE(h.auth().SetPasswordHash(account->id, "$argon2id$one").ok());
  REQUIRE(h.auth().SetPasswordHash(account->id, "$argon2id$two").ok());
  CHECK(**h.auth().FindPasswordHash(account->id) == "$argon2id$two");
  CHECK(h.auth().SetPasswordHash(999, "$argon2id$x").error().code == ErrorCode::kNotFound);
  CHECK(h.auth().SetPasswordHash(account->id, "").error().code == ErrorCode::kInvalidInput);
}

}  // namespace cornerstore::testing::conformance

#define CS_AUTH_STORE_CONFORMANCE(...)                    \
  TEST_CASE_TEMPLATE_INVOKE(cs_auth_apps, __VA_ARGS__);   \
  TEST_CASE_TEMPLATE_INVOKE(cs_auth_codes, __VA_ARGS__);  \
  TEST_CASE_TEMPLATE_INVOKE(cs_auth_tokens, __VA_ARGS__); \
  TEST_CASE_TEMPLATE_INVOKE(cs_auth_passwords, __VA_ARGS__)
