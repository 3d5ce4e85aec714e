// RemoteActorResolver and CachingKeyResolver on their own: origin checks on fetched documents,
// caching and refresh, key documents whose owner must list them.
#include <doctest/doctest.h>

#include <string>

#include "tests/unit/inbox/inbox_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

TEST_CASE("remote actors: fetched once, cached for a day, then refreshed") {
  InboxHarness h;
  h.Alice();
  auto first = h.actors->Resolve(kAlice);
  REQUIRE(first.ok());
  CHECK(first->username == "alice");
  CHECK(first->host == "mastodon.example");
  CHECK(first->shared_inbox == "https://mastodon.example/inbox");
  CHECK(first->followers_uri == std::string(kAlice) + "/followers");
  CHECK(first->public_key_id == std::string(kAlice) + "#main-key");
  CHECK(first->summary_html.find("<script") == std::string::npos);
  CHECK(first->summary_html.find("onclick") == std::string::npos);
  CHECK(h.actors->Resolve(kAlice).ok());
  CHECK(h.fetcher.RequestCount(kAlice) == 1);

  h.clock.Advance(RemoteActorResolver::kRefreshAfterSeconds);
  CHECK(h.actors->Resolve(kAlice).ok());
  CHECK(h.fetcher.RequestCount(kAlice) == 2);
  CHECK(h.actors->Resolve(kAlice, /*force_refresh=*/true).ok());
  CHECK(h.fetcher.RequestCount(kAlice) == 3);
}

TEST_CASE("remote actors: a refresh that fails transiently keeps the cached copy") {
  InboxHarness h;
  h.Alice();
  REQUIRE(h.actors->Resolve(kAlice).ok());
  h.fetcher.Route(kAlice, FakeHttpFetcher::Unreachable());
  h.clock.Advance(RemoteActorResolver::kRefreshAfterSeconds + 1);
  CHECK(h.actors->Resolve(kAlice).ok());
  h.fetcher.RouteStatuses(kAlice, {410});
  CHECK(h.actors->Resolve(kAlice, true).error().code == ErrorCode::kGone);
}

TEST_CASE("remote actors: documents that lie about where they come from are refused") {
  InboxHarness h;
  TestActor& alice = h.Alice();
  SUBCASE("id differs from the URL") {
    json::Value doc = alice.doc;
    doc.Set("id", "https://mastodon.example/users/alice2");
    doc.Find("publicKey")->Set("owner", "https://mastodon.example/users/alice2");
    h.fetcher.RouteJson(kAlice, doc);
    CHECK(h.actors->Resolve(kAlice).error().message == "actor id does not match its URL");
  }
  SUBCASE("served from another origin after a redirect") {
    FetchResponse redirected;
    redirected.status = 200;
    redirected.body = json::Serialize(alice.doc);
    redirected.final_url = "https://evil.example/alice";
    h.fetcher.Route(kAlice, redirected);
    CHECK(h.actors->Resolve(kAlice).error().message == "remote document id is from another origin");
  }
  SUBCASE("not an actor") {
    json::Value doc = alice.doc;
    doc.Set("type", "Note");
    h.fetcher.RouteJson(kAlice, doc);
    CHECK_FALSE(h.actors->Resolve(kAlice).ok());
  }
  SUBCASE("a local id") {
    CHECK(h.actors->Resolve(kShop).error().code == ErrorCode::kInvalidInput);
  }
  SUBCASE("a 5xx is transient") {
    h.fetcher.RouteStatuses(kAlice, {503});
    CHECK(h.actors->Resolve(kAlice).error().code == ErrorCode::kUnavailable);
  }
  CHECK(h.federation->FindRemoteActor(kAlice).error().code == ErrorCode::kNotFound);
}

TEST_CASE("key resolver: a key document's owner must list the key") {
  InboxHarness h;
  TestActor& alice = h.Alice();
  const std::string key_id = "https://mastodon.example/keys/alice-2";
  json::Value key;
  key.Set("id", key_id);
  key.Set("type", "CryptographicKey");
  key.Set("owner", kAlice);
  key.Set("publicKeyPem", PooledKey(8).public_pem);
  h.fetcher.RouteJson(key_id, key);

  SUBCASE("not listed: refused") {
    auto resolved = h.keys->Resolve(key_id, false);
    REQUIRE_FALSE(resolved.ok());
    CHECK(resolved.error().code == ErrorCode::kUnauthorized);
    CHECK(resolved.error().message.find("does not list the key") != std::string::npos);
  }
  SUBCASE("listed: resolved to its owner") {
    json::Value doc = alice.doc;
    json::Value second;
    second.Set("id", key_id);
    second.Set("owner", kAlice);
    second.Set("publicKeyPem", PooledKey(8).public_pem);
    doc.Set("publicKey", json::Array{*doc.Find("publicKey"), second});
    h.fetcher.RouteJson(kAlice, doc);
    auto resolved = h.keys->Resolve(key_id, false);
    REQUIRE(resolved.ok());
    CHECK(resolved->owner_id == kAlice);
    CHECK_FALSE(resolved->from_cache);
    auto again = h.keys->Resolve(key_id, false);
    REQUIRE(again.ok());
    CHECK(again->from_cache);
  }
}

TEST_CASE("key resolver: local keyIds and keyIds that are not URLs are refused") {
  InboxHarness h;
  CHECK(h.keys->Resolve("https://shop.example/users/shop#main-key", false).error().code ==
        ErrorCode::kUnauthorized);
  CHECK(h.keys->Resolve("acct:alice@mastodon.example", false).error().code ==
        ErrorCode::kUnauthorized);
  CHECK(h.fetcher.RequestCount() == 0);
}
