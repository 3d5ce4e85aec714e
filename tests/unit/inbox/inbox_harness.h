// The receiving side of federation over the real SQLite stores (":memory:"), a FakeClock and a
// FakeHttpFetcher that serves remote actors built from the fixtures in
// tests/fixtures/activities (with real RSA keys), plus helpers to sign and post activities as
// those actors and to run the inbox worker on the test thread.
#pragma once

#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "activitypub/content/sanitizer.h"
#include "activitypub/inbox/inbox_endpoint.h"
#include "activitypub/inbox/inbox_processor.h"
#include "activitypub/inbox/key_resolver.h"
#include "activitypub/inbox/remote_actors.h"
#include "activitypub/keys.h"
#include "activitypub/signatures/signer.h"
#include "activitypub/uris.h"
#include "src/common/clock.h"
#include "src/common/json.h"
#include "src/common/log.h"
#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"
#include "tests/fakes/fake_clock.h"
#include "tests/fakes/fake_http_fetcher.h"
#include "tests/support/quiet_log.h"
#include "tests/support/support.h"

namespace cornerstore::testing {

inline constexpr const char* kBase = "https://shop.example";
inline constexpr const char* kShop = "https://shop.example/users/shop";
inline constexpr const char* kShopPost = "https://shop.example/users/shop/statuses/1";
inline constexpr const char* kAlice = "https://mastodon.example/users/alice";
inline constexpr const char* kAliceNew = "https://social.example/users/alice";
inline constexpr const char* kBob = "https://gts.example/users/bob";
inline constexpr const char* kCarol = "https://misskey.example/users/9kqv3w2xyz";
inline constexpr const char* kDave = "https://snac.example/dave";
inline constexpr const char* kErin = "https://akkoma.example/users/erin";
inline constexpr const char* kMastodonInstance = "https://mastodon.example/actor";

// RSA-2048 key pairs made once per test run (generation is slow), handed out by index.
inline const activitypub::KeyPair& PooledKey(size_t index) {
  static std::vector<activitypub::KeyPair> pool;
  while (pool.size() <= index) {
    auto pair = activitypub::GenerateRsaKeyPair();
    REQUIRE_MESSAGE(pair.ok(), pair.error().ToLogString());
    pool.push_back(std::move(pair).value());
  }
  return pool[index];
}

inline std::string FixtureText(const std::string& name) {
  return ReadFile(std::string(CS_TEST_FIXTURES_DIR) + "/activities/" + name);
}

inline json::Value Fixture(const std::string& name) {
  auto parsed = json::Parse(FixtureText(name));
  REQUIRE_MESSAGE(parsed.ok(), (name + ": " + parsed.error().ToLogString()));
  return std::move(parsed).value();
}

// A remote actor served by the FakeHttpFetcher.
struct TestActor {
  std::string id;
  std::string key_id;
  activitypub::KeyPair keys;
  json::Value doc;
};

struct PostOptions {
  std::string path = "/inbox";
  std::string content_type = "application/activity+json";
  bool sign = true;
  std::string key_id;                          // default: the actor's
  const activitypub::KeyPair* keys = nullptr;  // default: the actor's
  int64_t date_offset = 0;                     // seconds added to now for the Date header
  bool corrupt_digest = false;                 // body changed after signing
};

struct InboxHarness {
  InboxHarness() : InboxHarness(activitypub::InboxLimits{}) {}
  explicit InboxHarness(activitypub::InboxLimits limits) {
    auto opened = store::SqliteStore::Open(":memory:", &clock);
    REQUIRE_MESSAGE(opened.ok(), opened.error().ToLogString());
    accounts = std::move(opened).value();
    federation = std::make_unique<store::SqliteFederationStore>(accounts->database());
    actors = std::make_unique<activitypub::RemoteActorResolver>(*federation, fetcher, uris, clock,
                                                                sanitize);
    keys = std::make_unique<activitypub::CachingKeyResolver>(*federation, fetcher, *actors, uris,
                                                             clock);
    endpoint = std::make_unique<activitypub::InboxEndpoint>(
        *accounts, *federation, *keys, uris, clock, limits, activitypub::VerificationPolicy{},
        [this] { ++notified; });
    processor = std::make_unique<activitypub::InboxProcessor>(
        activitypub::HandlerContext{*accounts, *federation, *actors, uris, clock, sanitize});
    worker = std::make_unique<activitypub::InboxWorker>(*federation, *processor, clock);
    shop = CreateAccount("shop", false);
  }

  store::Account CreateAccount(const std::string& username, bool manual) {
    store::Account account;
    account.username = username;
    account.display_name = username;
    account.manually_approves_followers = manual;
    const auto& pair = PooledKey(0);
    account.public_key_pem = pair.public_pem;
    account.private_key_pem = pair.private_pem;
    auto created = accounts->CreateAccount(account);
    REQUIRE_MESSAGE(created.ok(), created.error().ToLogString());
    return *created;
  }

  // Serves the actor fixture `fixture` with a fresh key; `key_index` picks the pooled key.
  TestActor& AddActor(const std::string& fixture, size_t key_index) {
    TestActor actor;
    actor.doc = Fixture(fixture);
    actor.id = *actor.doc.FindString("id");
    actor.keys = PooledKey(key_index);
    json::Value* key = actor.doc.Find("publicKey");
    REQUIRE(key != nullptr);
    key->Set("publicKeyPem", actor.keys.public_pem);
    actor.key_id = *key->FindString("id");
    fetcher.RouteJson(actor.id, actor.doc);
    auto [it, inserted] = remote.insert_or_assign(actor.id, std::move(actor));
    return it->second;
  }

  TestActor& Alice() { return Have("actor_mastodon_alice.json", kAlice, 1); }
  TestActor& AliceNew() { return Have("actor_mastodon_alice_moved_target.json", kAliceNew, 2); }
  TestActor& Bob() {
    TestActor& bob = Have("actor_gotosocial_bob.json", kBob, 3);
    json::Value stub = Fixture("key_gotosocial_bob.json");
    stub.Find("publicKey")->Set("publicKeyPem", bob.keys.public_pem);
    fetcher.RouteJson(bob.key_id, stub);
    return bob;
  }
  TestActor& Carol() { return Have("actor_misskey_carol.json", kCarol, 4); }
  TestActor& Dave() { return Have("actor_snac_dave.json", kDave, 5); }
  TestActor& Erin() { return Have("actor_akkoma_erin.json", kErin, 6); }
  // Mastodon's instance actor, which signs its Flags.
  TestActor& MastodonInstance() {
    if (auto it = remote.find(kMastodonInstance); it != remote.end()) return it->second;
    TestActor actor;
    actor.id = kMastodonInstance;
    actor.key_id = actor.id + "#main-key";
    actor.keys = PooledKey(7);
    auto doc = json::Parse(R"({"@context":["https://www.w3.org/ns/activitystreams"],
      "id":"https://mastodon.example/actor","type":"Application",
      "preferredUsername":"mastodon.example","inbox":"https://mastodon.example/actor/inbox",
      "publicKey":{"id":"https://mastodon.example/actor#main-key",
                   "owner":"https://mastodon.example/actor","publicKeyPem":""}})");
    REQUIRE(doc.ok());
    actor.doc = std::move(doc).value();
    actor.doc.Find("publicKey")->Set("publicKeyPem", actor.keys.public_pem);
    fetcher.RouteJson(actor.id, actor.doc);
    return remote.insert_or_assign(actor.id, std::move(actor)).first->second;
  }

  // A second account on Alice's server (same origin), to forge within one host.
  TestActor& Mallory() {
    const std::string id = "https://mastodon.example/users/mallory";
    if (auto it = remote.find(id); it != remote.end()) return it->second;
    TestActor actor;
    actor.id = id;
    actor.key_id = id + "#main-key";
    actor.keys = PooledKey(10);
    actor.doc = Fixture("actor_mastodon_alice.json");
    actor.doc.Set("id", id);
    actor.doc.Set("preferredUsername", "mallory");
    actor.doc.Set("inbox", id + "/inbox");
    actor.doc.Set("followers", id + "/followers");
    json::Value key;
    key.Set("id", actor.key_id);
    key.Set("owner", id);
    key.Set("publicKeyPem", actor.keys.public_pem);
    actor.doc.Set("publicKey", key);
    fetcher.RouteJson(id, actor.doc);
    return remote.insert_or_assign(id, std::move(actor)).first->second;
  }

  TestActor& Have(const std::string& fixture, const std::string& id, size_t key_index) {
    if (auto it = remote.find(id); it != remote.end()) return it->second;
    return AddActor(fixture, key_index);
  }

  // A POST of `body` to our inbox, signed (draft-cavage, as Mastodon signs) as `as`.
  HttpRequest SignedPost(const TestActor& as, const std::string& body,
                         const PostOptions& options = {}) {
    HttpRequest request;
    request.method = "POST";
    request.target = options.path;
    request.headers.Add("Host", "shop.example");
    request.headers.Add("Date", FormatHttpDate(clock.NowUnix() + options.date_offset));
    request.headers.Add("Content-Type", options.content_type);
    request.headers.Add("User-Agent", "Mastodon/4.5.0 (+https://mastodon.example/)");
    request.body = body;
    request.remote_addr = "192.0.2.10";
    if (options.sign) {
      const activitypub::KeyPair& pair = options.keys ? *options.keys : as.keys;
      auto key = activitypub::PrivateKeyFromPem(pair.private_pem);
      REQUIRE(key.ok());
      std::string key_id = options.key_id.empty() ? as.key_id : options.key_id;
      Status signed_ok = activitypub::SignRequestCavage(&request, key_id, key->get());
      REQUIRE_MESSAGE(signed_ok.ok(), signed_ok.error().ToLogString());
    }
    if (options.corrupt_digest) request.body += " ";
    return request;
  }

  HttpResponse Post(const TestActor& as, const std::string& body, const PostOptions& options = {}) {
    std::optional<std::string> recipient;
    const std::string prefix = "/users/";
    if (options.path.starts_with(prefix) && options.path.ends_with("/inbox")) {
      recipient = options.path.substr(
          prefix.size(), options.path.size() - prefix.size() - std::string("/inbox").size());
    }
    return endpoint->Receive(SignedPost(as, body, options), recipient);
  }
  HttpResponse PostFixture(const TestActor& as, const std::string& fixture,
                           const PostOptions& options = {}) {
    return Post(as, FixtureText(fixture), options);
  }

  // Posts and processes everything queued; returns the answer to the POST.
  HttpResponse Deliver(const TestActor& as, const std::string& body,
                       const PostOptions& options = {}) {
    HttpResponse response = Post(as, body, options);
    Drain();
    return response;
  }
  HttpResponse DeliverFixture(const TestActor& as, const std::string& fixture,
                              const PostOptions& options = {}) {
    return Deliver(as, FixtureText(fixture), options);
  }

  // Processes `body` as if `signer` had delivered it, bypassing the endpoint (and so its
  // deduplication): what a crash-and-retry of the same item does.
  Status ProcessDirect(const std::string& signer, const std::string& body) {
    store::InboxItem item;
    item.id = 0;
    item.signer_uri = signer;
    item.signer_key_id = signer + "#main-key";
    item.body = body;
    item.received_at = clock.NowUnix();
    return processor->ProcessOne(item);
  }

  // The reason recorded for the newest permanently failed item ("" if none).
  std::string LastFailure() {
    auto failed = federation->ListFailedInbox({});
    REQUIRE_MESSAGE(failed.ok(), failed.error().ToLogString());
    return failed->empty() ? std::string() : failed->front().last_error;
  }

  // Runs the inbox worker on this thread until nothing is due.
  int Drain() {
    int total = 0;
    for (int n; (n = worker->RunOnce()) > 0;) total += n;
    return total;
  }

  // Stores our post kShopPost (or `uri`) by the shop account.
  store::StoredObject AddLocalPost(const std::string& uri = kShopPost,
                                   store::Visibility visibility = store::Visibility::kPublic) {
    store::StoredObject post;
    post.uri = uri;
    post.url = uri;
    post.type = "Note";
    post.account_id = shop.id;
    post.attributed_to = kShop;
    post.visibility = visibility;
    post.content_html = "<p>Sourdough today</p>";
    post.published_at = clock.NowUnix();
    if (visibility == store::Visibility::kPublic) {
      post.to = {"https://www.w3.org/ns/activitystreams#Public"};
    }
    auto inserted = federation->InsertObject(post);
    REQUIRE_MESSAGE(inserted.ok(), inserted.error().ToLogString());
    return *inserted;
  }

  // A follow by the shop of `actor_id` that we sent (id kShop#follows/1 unless given).
  store::Follow AddOurFollow(const std::string& actor_id,
                             store::FollowState state = store::FollowState::kPending,
                             const std::string& activity_id = std::string(kShop) + "#follows/1") {
    store::Follow follow;
    follow.follower_uri = kShop;
    follow.follower_account_id = shop.id;
    follow.followed_uri = actor_id;
    follow.state = state;
    follow.follow_activity_uri = activity_id;
    follow.created_at = clock.NowUnix();
    auto put = federation->PutFollow(follow);
    REQUIRE_MESSAGE(put.ok(), put.error().ToLogString());
    return *put;
  }

  int64_t Int(const std::string& sql) {
    auto value = accounts->QueryIntForTesting(sql);
    REQUIRE_MESSAGE(value.ok(), (value.error().ToLogString() + " in " + sql));
    return *value;
  }

  std::vector<store::Notification> Notifications(int64_t account_id = 0) {
    auto list = federation->ListNotifications(account_id ? account_id : shop.id, {});
    REQUIRE_MESSAGE(list.ok(), list.error().ToLogString());
    return *list;
  }
  std::optional<store::Follow> FindFollow(const std::string& follower,
                                          const std::string& followed) {
    auto f = federation->FindFollow(follower, followed);
    if (!f.ok()) {
      REQUIRE(f.error().code == ErrorCode::kNotFound);
      return std::nullopt;
    }
    return *f;
  }
  std::optional<store::StoredObject> FindObject(const std::string& uri) {
    auto o = federation->FindObject(uri);
    if (!o.ok()) {
      REQUIRE(o.error().code == ErrorCode::kNotFound);
      return std::nullopt;
    }
    return *o;
  }
  // Delivery jobs queued, as (inbox, parsed activity), oldest first.
  std::vector<std::pair<std::string, json::Value>> QueuedDeliveries() {
    auto jobs = federation->LeaseDeliveries(clock.NowUnix() + 1'000'000'000, 1, 1000);
    REQUIRE_MESSAGE(jobs.ok(), jobs.error().ToLogString());
    std::vector<std::pair<std::string, json::Value>> out;
    for (const auto& job : *jobs) {
      auto parsed = json::Parse(job.activity_json);
      REQUIRE(parsed.ok());
      out.emplace_back(job.inbox_url, std::move(parsed).value());
      // Hand them back so a later look sees them too.
      REQUIRE(federation->RetryDelivery(job.id, 0, 0, "inspected").ok());
    }
    return out;
  }
  int64_t CountDeliveries() { return Int("SELECT count(*) FROM delivery_jobs"); }
  int64_t CountInbox(const std::string& state) {
    return Int("SELECT count(*) FROM inbox_queue WHERE state = '" + state + "'");
  }

  // Counts of everything an activity could have changed, to prove "nothing stored".
  std::string Footprint() {
    std::string out;
    for (const char* table : {"follows", "objects", "notifications", "reports", "blocks",
                              "delivery_jobs", "timeline_entries", "reactions"}) {
      auto n = accounts->QueryIntForTesting(std::string("SELECT count(*) FROM ") + table);
      out += std::string(table) + "=" + (n.ok() ? std::to_string(*n) : "?") + " ";
    }
    return out;
  }

  QuietLog quiet;
  FakeClock clock;
  FakeHttpFetcher fetcher{&clock};
  activitypub::Uris uris{kBase, "shop.example"};
  std::atomic<int> sanitizer_calls{0};
  // The real content sanitizer, counted.
  activitypub::HtmlSanitizer sanitize = [this](std::string_view html) {
    ++sanitizer_calls;
    return activitypub::content::SanitizeHtml(html);
  };
  std::unique_ptr<store::SqliteStore> accounts;
  std::unique_ptr<store::SqliteFederationStore> federation;
  std::unique_ptr<activitypub::RemoteActorResolver> actors;
  std::unique_ptr<activitypub::CachingKeyResolver> keys;
  std::unique_ptr<activitypub::InboxEndpoint> endpoint;
  std::unique_ptr<activitypub::InboxProcessor> processor;
  std::unique_ptr<activitypub::InboxWorker> worker;
  std::map<std::string, TestActor> remote;
  store::Account shop;
  int notified = 0;
};

}  // namespace cornerstore::testing
