// InboxEndpoint: the synchronous checks of PROTOCOL.md §4–6 — every forged or malformed request
// is refused with its status and leaves nothing behind; a good one is persisted once and 202.
#include <doctest/doctest.h>

#include <string>

#include "activitypub/signatures/digest.h"
#include "activitypub/signatures/signer.h"
#include "src/common/http_response.h"
#include "tests/unit/inbox/inbox_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

namespace {

std::string ErrorOf(const HttpResponse& r) {
  auto body = json::Parse(r.body);
  if (!body.ok()) return "";
  const std::string* e = body->FindString("error");
  return e ? *e : "";
}

// Posts `body` as Alice with `options`, checks the status, and that nothing was queued.
void ExpectRefused(InboxHarness& h, const std::string& body, int status,
                   const PostOptions& options = {}) {
  const std::string before = h.Footprint();
  HttpResponse r = h.Post(h.Alice(), body, options);
  CHECK(r.status == status);
  CHECK(r.headers.Get("Content-Type") == std::string(cornerstore::kJsonType));
  CHECK_FALSE(ErrorOf(r).empty());
  CHECK(h.Int("SELECT count(*) FROM inbox_queue") == 0);
  h.Drain();
  CHECK(h.Footprint() == before);
}

}  // namespace

TEST_CASE("inbox endpoint: a signed Follow is persisted and answered 202, once") {
  InboxHarness h;
  h.Alice();
  HttpResponse r = h.PostFixture(h.Alice(), "mastodon_follow.json");
  CHECK(r.status == 202);
  CHECK(h.notified == 1);
  CHECK(h.CountInbox("queued") == 1);

  auto items = h.federation->LeaseInbox(h.clock.NowUnix(), 60, 10);
  REQUIRE(items.ok());
  REQUIRE(items->size() == 1);
  const store::InboxItem& item = (*items)[0];
  CHECK(item.activity_uri == "https://mastodon.example/2f4a0a0e-5c3a-4bb3-9d6a-2b6c7e1f0a11");
  CHECK(item.signer_uri == kAlice);
  CHECK(item.signer_key_id == std::string(kAlice) + "#main-key");
  CHECK(item.recipient_account_id == 0);
  CHECK(item.body == FixtureText("mastodon_follow.json"));

  // The same activity again (a retry by the sender): 202, stored once, no second wake-up.
  h.clock.Advance(30);
  CHECK(h.PostFixture(h.Alice(), "mastodon_follow.json").status == 202);
  CHECK(h.Int("SELECT count(*) FROM inbox_queue") == 1);
  CHECK(h.notified == 1);
}

TEST_CASE("inbox endpoint: the personal inbox records its owner; unknown owners are 404") {
  InboxHarness h;
  PostOptions personal;
  personal.path = "/users/shop/inbox";
  CHECK(h.PostFixture(h.Alice(), "mastodon_follow.json", personal).status == 202);
  CHECK(h.Int("SELECT recipient_account_id FROM inbox_queue") == h.shop.id);

  personal.path = "/users/nobody/inbox";
  CHECK(h.PostFixture(h.Alice(), "mastodon_like.json", personal).status == 404);
}

TEST_CASE("inbox endpoint: the key is fetched once and cached; the actor is cached with it") {
  InboxHarness h;
  h.Alice();
  CHECK(h.PostFixture(h.Alice(), "mastodon_follow.json").status == 202);
  CHECK(h.PostFixture(h.Alice(), "mastodon_like.json").status == 202);
  CHECK(h.fetcher.RequestCount(kAlice) == 1);
  auto actor = h.federation->FindRemoteActor(kAlice);
  REQUIRE(actor.ok());
  CHECK(actor->inbox == std::string(kAlice) + "/inbox");
  // Fetched as the instance actor, signed, asking for ActivityStreams.
  auto requests = h.fetcher.RequestsTo(kAlice);
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].request.method == "GET");
  CHECK(requests[0].request.sign);
  CHECK(requests[0].request.signer_actor_id.empty());
  CHECK(requests[0].request.headers.Get("Accept")->find("application/activity+json") == 0);
}

TEST_CASE("inbox endpoint: content types") {
  InboxHarness h;
  PostOptions options;
  SUBCASE("ld+json with profile") {
    options.content_type = "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
    CHECK(h.PostFixture(h.Alice(), "mastodon_follow.json", options).status == 202);
  }
  SUBCASE("plain ld+json") {
    options.content_type = "application/ld+json";
    CHECK(h.PostFixture(h.Alice(), "mastodon_follow.json", options).status == 202);
  }
  SUBCASE("activity+json with charset") {
    options.content_type = "application/activity+json; charset=utf-8";
    CHECK(h.PostFixture(h.Alice(), "mastodon_follow.json", options).status == 202);
  }
  SUBCASE("application/json is refused") {
    options.content_type = "application/json";
    ExpectRefused(h, FixtureText("mastodon_follow.json"), 415, options);
  }
  SUBCASE("text/plain is refused") {
    options.content_type = "text/plain";
    ExpectRefused(h, FixtureText("mastodon_follow.json"), 415, options);
  }
}

TEST_CASE("inbox endpoint: signature failures are 401 with a JSON reason") {
  InboxHarness h;
  h.Alice();
  const std::string follow = FixtureText("mastodon_follow.json");
  PostOptions options;

  SUBCASE("unsigned") {
    options.sign = false;
    ExpectRefused(h, follow, 401, options);
    CHECK(ErrorOf(h.Post(h.Alice(), follow, options)) == "request is not signed");
  }
  SUBCASE("expired Date") {
    options.date_offset = -(2 * 60 * 60);
    ExpectRefused(h, follow, 401, options);
    CHECK(ErrorOf(h.Post(h.Alice(), follow, options)) == "signature expired");
  }
  SUBCASE("Date in the future") {
    options.date_offset = 2 * 60 * 60;
    ExpectRefused(h, follow, 401, options);
  }
  SUBCASE("Digest mismatch: the body changed after signing") {
    options.corrupt_digest = true;
    ExpectRefused(h, follow, 401, options);
    CHECK(ErrorOf(h.Post(h.Alice(), follow, options)) == "digest mismatch");
  }
  SUBCASE("signed with a key that is not the actor's") {
    options.keys = &PooledKey(9);
    ExpectRefused(h, follow, 401, options);
  }
  SUBCASE("keyId that does not resolve") {
    options.key_id = "https://mastodon.example/users/alice#other-key";
    ExpectRefused(h, follow, 401, options);
  }
}

TEST_CASE("inbox endpoint: the signer must be the actor") {
  InboxHarness h;
  h.Alice();
  TestActor& bob = h.Bob();
  // Bob signs (validly) an activity claiming Alice as its actor.
  const std::string before = h.Footprint();
  HttpResponse r = h.Post(bob, FixtureText("mastodon_like.json"));
  CHECK(r.status == 401);
  CHECK(ErrorOf(r) == "signer does not match actor");
  CHECK(h.Int("SELECT count(*) FROM inbox_queue") == 0);
  CHECK(h.Footprint() == before);
}

TEST_CASE("inbox endpoint: a key whose owner is on another origin is refused") {
  InboxHarness h;
  h.Alice();
  // evil.example serves a key document that claims Alice as owner.
  const std::string key_id = "https://evil.example/keys/1";
  json::Value key;
  key.Set("id", key_id);
  key.Set("type", "Key");
  key.Set("owner", kAlice);
  key.Set("publicKeyPem", PooledKey(9).public_pem);
  h.fetcher.RouteJson(key_id, key);
  PostOptions options;
  options.key_id = key_id;
  options.keys = &PooledKey(9);
  ExpectRefused(h, FixtureText("mastodon_like.json"), 401, options);
}

TEST_CASE("inbox endpoint: malformed JSON and hostile shapes are 400 (or 413)") {
  InboxHarness h;
  h.Alice();
  SUBCASE("not JSON") { ExpectRefused(h, "{\"type\":", 400); }
  SUBCASE("duplicate keys") {
    ExpectRefused(h,
                  R"({"id":"https://mastodon.example/x","type":"Like","actor":")" +
                      std::string(kAlice) + R"(","actor":"https://evil.example/u","object":")" +
                      kShopPost + "\"}",
                  400);
  }
  SUBCASE("deep nesting") {
    std::string deep(100, '[');
    deep += std::string(100, ']');
    ExpectRefused(h, R"({"type":"Like","actor":")" + std::string(kAlice) + R"(","x":)" + deep + "}",
                  400);
  }
  SUBCASE("an array of a million elements") {
    std::string big = R"({"type":"Create","actor":")" + std::string(kAlice) + R"(","to":[)";
    big.reserve(big.size() + 2'000'010);
    for (int i = 0; i < 1'000'000; ++i) big += i ? ",0" : "0";
    big += "]}";
    h.endpoint =
        std::make_unique<InboxEndpoint>(*h.accounts, *h.federation, *h.keys, h.uris, h.clock, [] {
          InboxLimits limits;
          limits.max_body_bytes = 4 << 20;  // past the size check, to reach the parser's limits
          limits.json.max_bytes = 4 << 20;
          return limits;
        }());
    ExpectRefused(h, big, 400);
  }
  SUBCASE("too large") { ExpectRefused(h, std::string((1 << 20) + 1, ' '), 413); }
  SUBCASE("invalid UTF-8") {
    ExpectRefused(h,
                  R"({"type":"Like","actor":")" + std::string(kAlice) + R"(","object":")" +
                      "\xff\xfe" + "\"}",
                  400);
  }
  SUBCASE("not an object") { ExpectRefused(h, "[]", 400); }
  SUBCASE("no actor") { ExpectRefused(h, R"({"type":"Like","object":"https://x.example/"})", 400); }
}

TEST_CASE("inbox endpoint: ids colliding with our own URLs are refused") {
  InboxHarness h;
  h.Alice();
  ExpectRefused(h,
                R"({"id":"https://shop.example/users/shop#likes/1","type":"Like","actor":")" +
                    std::string(kAlice) + R"(","object":")" + kShopPost + "\"}",
                400);
  ExpectRefused(h,
                R"({"id":"https://mastodon.example/l/1","type":"Like","actor":")" +
                    std::string(kShop) + R"(","object":")" + kShopPost + "\"}",
                400);
}

TEST_CASE("inbox endpoint: blocked domains are 403 before any key fetch") {
  InboxHarness h;
  h.Alice();
  REQUIRE(h.federation->AddDomainBlock("mastodon.example").ok());
  ExpectRefused(h, FixtureText("mastodon_follow.json"), 403);
  CHECK(h.fetcher.RequestCount() == 0);
}

TEST_CASE("inbox endpoint: a full queue answers 503 with Retry-After") {
  InboxLimits limits;
  limits.queue_capacity = 2;
  InboxHarness h(limits);
  h.Alice();
  CHECK(h.PostFixture(h.Alice(), "mastodon_follow.json").status == 202);
  CHECK(h.PostFixture(h.Alice(), "mastodon_like.json").status == 202);
  HttpResponse full = h.PostFixture(h.Alice(), "mastodon_announce.json");
  CHECK(full.status == 503);
  CHECK(full.headers.Get("Retry-After") == std::to_string(InboxLimits::kRetryAfterSeconds));
  CHECK(h.Int("SELECT count(*) FROM inbox_queue") == 2);
  // Once the worker catches up, it is accepted.
  h.Drain();
  CHECK(h.PostFixture(h.Alice(), "mastodon_announce.json").status == 202);
}

TEST_CASE("inbox endpoint: a failed key fetch is remembered for five minutes") {
  InboxHarness h;
  h.Alice();
  h.fetcher.Route(kAlice, FakeHttpFetcher::Unreachable());
  CHECK(h.PostFixture(h.Alice(), "mastodon_follow.json").status == 401);
  CHECK(h.PostFixture(h.Alice(), "mastodon_follow.json").status == 401);
  CHECK(h.fetcher.RequestCount(kAlice) == 1);  // the second was answered from the negative cache

  h.fetcher.RouteJson(kAlice, h.Alice().doc);
  h.clock.Advance(CachingKeyResolver::kNegativeCacheSeconds);
  CHECK(h.PostFixture(h.Alice(), "mastodon_follow.json").status == 202);
  CHECK(h.fetcher.RequestCount(kAlice) == 2);
}

TEST_CASE("inbox endpoint: a rotated key is refetched once, then rate limited") {
  InboxHarness h;
  TestActor& alice = h.Alice();
  CHECK(h.PostFixture(alice, "mastodon_follow.json").status == 202);

  // Alice rotates her key; we still hold the old one.
  h.clock.Advance(CachingKeyResolver::kRefetchIntervalSeconds);
  alice.keys = PooledKey(8);
  alice.doc.Find("publicKey")->Set("publicKeyPem", alice.keys.public_pem);
  h.fetcher.RouteJson(kAlice, alice.doc);
  CHECK(h.PostFixture(alice, "mastodon_like.json").status == 202);
  CHECK(h.fetcher.RequestCount(kAlice) == 2);

  // A forger with a wrong key right after: no refetch (at most once per 5 minutes).
  PostOptions forged;
  forged.keys = &PooledKey(9);
  CHECK(h.PostFixture(alice, "mastodon_announce.json", forged).status == 401);
  CHECK(h.fetcher.RequestCount(kAlice) == 2);
}

TEST_CASE("inbox endpoint: GoToSocial's key stub at /main-key resolves to its owner") {
  InboxHarness h;
  TestActor& bob = h.Bob();
  CHECK(h.PostFixture(bob, "gotosocial_follow.json").status == 202);
  auto key = h.federation->FindKey(bob.key_id);
  REQUIRE(key.ok());
  REQUIRE(key->has_value());
  CHECK((*key)->owner_uri == kBob);
}

TEST_CASE("inbox endpoint: a signed request lifts a host's unavailable mark") {
  InboxHarness h;
  store::HostState state;
  state.host = "mastodon.example";
  state.unavailable = true;
  state.failure_days = 7;
  REQUIRE(h.federation->PutHostState(state).ok());
  CHECK(h.PostFixture(h.Alice(), "mastodon_follow.json").status == 202);
  auto after = h.federation->GetHostState("mastodon.example");
  REQUIRE(after.ok());
  CHECK_FALSE(after->unavailable);
  CHECK(after->failure_days == 0);
}

TEST_CASE("inbox endpoint: RFC 9421 signatures (as Fedify sends them) are accepted") {
  InboxHarness h;
  TestActor& alice = h.Alice();
  PostOptions unsigned_post;
  unsigned_post.sign = false;
  HttpRequest request = h.SignedPost(alice, FixtureText("mastodon_follow.json"), unsigned_post);
  request.headers.Remove("Date");
  auto key = PrivateKeyFromPem(alice.keys.private_pem);
  REQUIRE(key.ok());
  Rfc9421SignOptions options;
  options.created = h.clock.NowUnix();
  REQUIRE(SignRequestRfc9421(&request, alice.key_id, key->get(), options).ok());
  CHECK(h.endpoint->Receive(request, std::nullopt).status == 202);

  // Tampered after signing: the Content-Digest no longer matches.
  request.body += "\n";
  CHECK(h.endpoint->Receive(request, std::nullopt).status == 401);
}
