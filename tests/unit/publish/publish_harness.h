// The publishing side over the real SQLite stores (":memory:"), a FakeClock and a
// FakeHttpFetcher serving remote actors from tests/fixtures/activities, with a handle lookup
// table standing in for WebFinger, and helpers to read back the delivery jobs queued.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "activitypub/inbox/remote_actors.h"
#include "activitypub/inbox/sanitizer.h"
#include "activitypub/publish/publish_service.h"
#include "activitypub/uris.h"
#include "src/common/json.h"
#include "src/common/log.h"
#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"
#include "tests/fakes/fake_clock.h"
#include "tests/fakes/fake_http_fetcher.h"
#include "tests/support/support.h"

namespace cornerstore::testing {

inline constexpr const char* kPublic = "https://www.w3.org/ns/activitystreams#Public";
inline constexpr const char* kShopActor = "https://shop.example/users/shop";
inline constexpr const char* kShopFollowers = "https://shop.example/users/shop/followers";
inline constexpr const char* kAliceId = "https://mastodon.example/users/alice";
inline constexpr const char* kAliceInbox = "https://mastodon.example/users/alice/inbox";
inline constexpr const char* kMastodonShared = "https://mastodon.example/inbox";
inline constexpr const char* kBobId = "https://gts.example/users/bob";
inline constexpr const char* kBobInbox = "https://gts.example/users/bob/inbox";
inline constexpr const char* kGtsShared = "https://gts.example/sharedInbox";
inline constexpr const char* kCarolId = "https://misskey.example/users/9kqv3w2xyz";
inline constexpr const char* kMisskeyShared = "https://misskey.example/inbox";

class QuietPublishLog {
 public:
  QuietPublishLog() : saved_(log::GetLevel()) { log::SetLevel(log::Level::kError); }
  ~QuietPublishLog() { log::SetLevel(saved_); }

 private:
  log::Level saved_;
};

inline json::Value FixtureJson(const std::string& relative) {
  auto parsed = json::Parse(ReadFile(std::string(CS_TEST_FIXTURES_DIR) + "/" + relative));
  REQUIRE_MESSAGE(parsed.ok(), (relative + ": " + parsed.error().ToLogString()));
  return std::move(parsed).value();
}

inline std::vector<std::string> Strings(const json::Value* array) {
  std::vector<std::string> out;
  if (array == nullptr || !array->is_array()) return out;
  for (const json::Value& v : array->AsArray()) {
    if (v.is_string()) out.push_back(v.AsString());
  }
  return out;
}

// True if any object anywhere in `value` has a `bto` or `bcc` member.
inline bool HasBlindAddressing(const json::Value& value) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.AsObject()) {
      if (key == "bto" || key == "bcc" || HasBlindAddressing(member)) return true;
    }
  } else if (value.is_array()) {
    for (const json::Value& v : value.AsArray()) {
      if (HasBlindAddressing(v)) return true;
    }
  }
  return false;
}

struct PublishHarness {
  PublishHarness() {
    auto opened = store::SqliteStore::Open(":memory:", &clock);
    REQUIRE_MESSAGE(opened.ok(), opened.error().ToLogString());
    accounts = std::move(opened).value();
    federation = std::make_unique<store::SqliteFederationStore>(accounts->database());
    actors = std::make_unique<activitypub::RemoteActorResolver>(*federation, fetcher, uris, clock,
                                                                activitypub::ContentSanitizer());
    service = std::make_unique<activitypub::PublishService>(
        *accounts, *federation, *actors, fetcher,
        [this](const std::string& user,
               const std::string& host) -> Result<activitypub::HandleMatch> {
          ++lookups;
          auto it = handles.find(user + "@" + host);
          if (it == handles.end()) return MakeError(ErrorCode::kNotFound, "no such account");
          return activitypub::HandleMatch{it->second, "acct:" + user + "@" + host};
        },
        uris, clock, [this] { ++notified; });
    shop = CreateAccount("shop");
    ServeActor("activities/actor_mastodon_alice.json");
    ServeActor("activities/actor_gotosocial_bob.json");
    ServeActor("activities/actor_misskey_carol.json");
    handles["alice@mastodon.example"] = kAliceId;
    handles["bob@gts.example"] = kBobId;
    handles["carol@misskey.example"] = kCarolId;
  }

  store::Account CreateAccount(const std::string& username) {
    store::Account account;
    account.username = username;
    account.public_key_pem = "unused";
    account.private_key_pem = "unused";
    auto created = accounts->CreateAccount(account);
    REQUIRE_MESSAGE(created.ok(), created.error().ToLogString());
    return *created;
  }

  void ServeActor(const std::string& fixture) {
    json::Value doc = FixtureJson(fixture);
    fetcher.RouteJson(*doc.FindString("id"), doc);
  }

  // `actor_id` follows shop (accepted).
  void AddFollower(const std::string& actor_id) {
    auto actor = actors->Resolve(actor_id);
    REQUIRE_MESSAGE(actor.ok(), actor.error().ToLogString());
    store::Follow follow;
    follow.follower_uri = actor_id;
    follow.followed_uri = kShopActor;
    follow.followed_account_id = shop.id;
    follow.state = store::FollowState::kAccepted;
    follow.follow_activity_uri = actor_id + "#follows/1";
    REQUIRE(federation->PutFollow(follow).ok());
  }

  // Serves a remote Note (by `author`, addressed `to`/`cc`) at `id` and returns it.
  json::Value ServeNote(const std::string& id, const std::string& author,
                        std::vector<std::string> to, std::vector<std::string> cc) {
    json::Value note;
    note.Set("@context", "https://www.w3.org/ns/activitystreams");
    note.Set("id", id);
    note.Set("type", "Note");
    note.Set("attributedTo", author);
    note.Set("content", "<p>Hello</p>");
    note.Set("published", "2026-11-28T11:00:00Z");
    json::Value to_array = json::Value::MakeArray(), cc_array = json::Value::MakeArray();
    for (auto& t : to) to_array.Push(t);
    for (auto& c : cc) cc_array.Push(c);
    note.Set("to", to_array);
    note.Set("cc", cc_array);
    fetcher.RouteJson(id, note);
    return note;
  }

  // Delivery jobs queued since the last call (leases them, so each call sees only new ones).
  std::vector<store::DeliveryJob> NewJobs() {
    auto jobs = federation->LeaseDeliveries(clock.NowUnix() + 1, 3600, 1000);
    REQUIRE_MESSAGE(jobs.ok(), jobs.error().ToLogString());
    return std::move(jobs).value();
  }

  static std::set<std::string> Inboxes(const std::vector<store::DeliveryJob>& jobs) {
    std::set<std::string> out;
    for (const auto& job : jobs) out.insert(job.inbox_url);
    return out;
  }

  // The one activity all `jobs` carry (asserts they carry the same bytes).
  static json::Value Activity(const std::vector<store::DeliveryJob>& jobs) {
    REQUIRE_FALSE(jobs.empty());
    for (const auto& job : jobs) REQUIRE(job.activity_json == jobs.front().activity_json);
    auto parsed = json::Parse(jobs.front().activity_json);
    REQUIRE(parsed.ok());
    return std::move(parsed).value();
  }

  store::StoredObject MustPost(const activitypub::PostRequest& request) {
    auto posted = service->Post(shop, request);
    REQUIRE_MESSAGE(posted.ok(), posted.error().ToLogString());
    return std::move(posted).value();
  }

  QuietPublishLog quiet;
  FakeClock clock;
  FakeHttpFetcher fetcher{&clock};
  activitypub::Uris uris{"https://shop.example", "shop.example"};
  std::unique_ptr<store::SqliteStore> accounts;
  std::unique_ptr<store::SqliteFederationStore> federation;
  std::unique_ptr<activitypub::RemoteActorResolver> actors;
  std::map<std::string, std::string> handles;  // "user@host" → actor id
  int lookups = 0;
  int notified = 0;
  std::unique_ptr<activitypub::PublishService> service;
  store::Account shop;
};

}  // namespace cornerstore::testing
