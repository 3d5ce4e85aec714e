// The FederationStore conformance suite: behaviour every FederationStore implementation must
// show, written against `store::Store&` (for local accounts) and `store::FederationStore&` only.
// An implementation runs it by invoking CS_FEDERATION_STORE_CONFORMANCE(Harness…) inside
// namespace cornerstore::testing::conformance in one test file (see
// sqlite_federation_conformance_test.cpp).
//
// A harness is a type H with:
//   explicit H(const Clock* clock);            // a fresh, empty database using `clock`
//   store::Store& store();                     // the accounts of that database
//   store::FederationStore& federation();      // the federation store of the same database
//
// Name each harness with DOCTEST_TYPE_TO_STRING_AS(name, H) at global scope. Include this header
// in exactly one translation unit per test binary.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/store.h"
#include "tests/unit/store/account_samples.h"
#include "tests/unit/store/test_clock.h"

namespace cornerstore::testing::conformance {

// ---------------------------------------------------------------- helpers

template <typename T>
T Must(Result<T> result) {
  REQUIRE_MESSAGE(result.ok(), result.error().ToLogString());
  return std::move(result).value();
}

inline void MustOk(const Status& status) {
  REQUIRE_MESSAGE(status.ok(), status.error().ToLogString());
}

template <typename T>
ErrorCode CodeOf(const Result<T>& result) {
  REQUIRE_FALSE(result.ok());
  return result.error().code;
}

inline std::string LocalActor(const std::string& username) {
  return "https://local.example/users/" + username;
}

inline std::string RemoteUri(const std::string& host, const std::string& username) {
  return "https://" + host + "/users/" + username;
}

// A remote actor with every field set; `shared_inbox` may be empty.
inline store::RemoteActor SampleActor(const std::string& host, const std::string& username,
                                      const std::string& shared_inbox = "") {
  store::RemoteActor a;
  a.uri = RemoteUri(host, username);
  a.type = "Person";
  a.username = username;
  a.host = host;
  a.display_name = "Ünïcode " + username + " 🍞";
  a.summary_html = "<p>About \"" + username + "\"</p>";
  a.url = "https://" + host + "/@" + username;
  a.inbox = a.uri + "/inbox";
  a.shared_inbox = shared_inbox;
  a.outbox = a.uri + "/outbox";
  a.followers_uri = a.uri + "/followers";
  a.following_uri = a.uri + "/following";
  a.featured_uri = a.uri + "/collections/featured";
  a.avatar_url = "https://" + host + "/avatar.png";
  a.header_url = "https://" + host + "/header.png";
  a.public_key_id = a.uri + "#main-key";
  a.public_key_pem = "-----BEGIN PUBLIC KEY-----\n" + username + "\n-----END PUBLIC KEY-----\n";
  a.manually_approves_followers = true;
  a.also_known_as = {"https://old.example/users/" + username};
  a.moved_to = "";
  a.raw_json = R"({"id":")" + a.uri + R"("})";
  a.fetched_at = StoreTestClock::kStart - 10;
  return a;
}

inline store::DeliveryJob Job(const std::string& activity_uri, const std::string& inbox_url,
                              int64_t object_id = 0) {
  store::DeliveryJob job;
  job.activity_uri = activity_uri;
  job.activity_json = R"({"id":")" + activity_uri + R"("})";
  job.inbox_url = inbox_url;
  job.signer_key_id = "https://local.example/users/shop#main-key";
  job.object_id = object_id;
  return job;
}

inline store::Follow MakeFollow(const std::string& follower_uri, int64_t follower_account_id,
                                const std::string& followed_uri, int64_t followed_account_id,
                                store::FollowState state, const std::string& activity_uri) {
  store::Follow f;
  f.follower_uri = follower_uri;
  f.follower_account_id = follower_account_id;
  f.followed_uri = followed_uri;
  f.followed_account_id = followed_account_id;
  f.state = state;
  f.follow_activity_uri = activity_uri;
  return f;
}

// A post with every field set; `account_id` 0 makes it a remote post.
inline store::StoredObject SamplePost(const std::string& uri, int64_t account_id,
                                      const std::string& attributed_to,
                                      store::Visibility visibility = store::Visibility::kPublic) {
  store::StoredObject o;
  o.uri = uri;
  o.url = uri + "/html";
  o.type = "Note";
  o.account_id = account_id;
  o.attributed_to = attributed_to;
  o.in_reply_to_uri = "https://other.example/notes/parent";
  o.conversation_uri = "tag:other.example,2026:conv-1";
  o.visibility = visibility;
  o.summary = "cw: bread";
  o.sensitive = true;
  o.content_html = "<p>Fresh <b>bread</b> & \"rolls\" 🥐</p>";
  o.content_source = "Fresh **bread**";
  o.language = "de";
  o.to = {"https://www.w3.org/ns/activitystreams#Public"};
  o.cc = {attributed_to + "/followers", "https://b.example/users/zed"};
  o.mentions = {{"https://b.example/users/zed", "zed@b.example", 0},
                {"https://a.example/users/amy", "amy@a.example", 0}};
  o.hashtags = {"sourdough", "bakery"};
  o.published_at = StoreTestClock::kStart - 100;
  o.raw_json = account_id == 0 ? R"({"id":")" + uri + R"("})" : "";
  return o;
}

inline void CheckSameObject(const store::StoredObject& got, const store::StoredObject& want) {
  CHECK(got.uri == want.uri);
  CHECK(got.url == want.url);
  CHECK(got.type == want.type);
  CHECK(got.account_id == want.account_id);
  CHECK(got.attributed_to == want.attributed_to);
  CHECK(got.in_reply_to_uri == want.in_reply_to_uri);
  CHECK(got.conversation_uri == want.conversation_uri);
  CHECK(got.visibility == want.visibility);
  CHECK(got.summary == want.summary);
  CHECK(got.sensitive == want.sensitive);
  CHECK(got.content_html == want.content_html);
  CHECK(got.content_source == want.content_source);
  CHECK(got.language == want.language);
  CHECK(got.to == want.to);
  CHECK(got.cc == want.cc);
  REQUIRE(got.mentions.size() == want.mentions.size());
  for (size_t i = 0; i < got.mentions.size(); ++i) {
    CHECK(got.mentions[i].actor_uri == want.mentions[i].actor_uri);
    CHECK(got.mentions[i].acct == want.mentions[i].acct);
    CHECK(got.mentions[i].account_id == want.mentions[i].account_id);
  }
  CHECK(got.hashtags == want.hashtags);
  CHECK(got.published_at == want.published_at);
  CHECK(got.edited_at == want.edited_at);
  CHECK(got.deleted_at == want.deleted_at);
  CHECK(got.raw_json == want.raw_json);
}

template <typename T>
std::vector<int64_t> IdsOf(const std::vector<T>& items) {
  std::vector<int64_t> ids;
  for (const T& item : items) ids.push_back(item.id);
  return ids;
}

template <typename H>
struct FederationFixture {
  StoreTestClock clock;
  H harness{&clock};
  store::Store& store() { return harness.store(); }
  store::FederationStore& fed() { return harness.federation(); }

  int64_t Account(const std::string& username) {
    return Must(store().CreateAccount(MinimalAccount(username))).id;
  }
  store::RemoteActor Actor(const std::string& host, const std::string& username,
                           const std::string& shared_inbox = "") {
    return Must(fed().UpsertRemoteActor(SampleActor(host, username, shared_inbox)));
  }
  store::StoredObject Post(const std::string& uri, int64_t account_id,
                           const std::string& attributed_to,
                           store::Visibility visibility = store::Visibility::kPublic) {
    return Must(fed().InsertObject(SamplePost(uri, account_id, attributed_to, visibility)));
  }
  int64_t Pending() { return Must(fed().CountDeliveriesPending()); }
  // Every due job, leased at "now" and completed, so a later lease starts clean.
  std::vector<store::DeliveryJob> DrainJobs() {
    auto jobs = Must(fed().LeaseDeliveries(clock.NowUnix(), 60, store::kMaxPageLimit));
    for (const auto& job : jobs) MustOk(fed().CompleteDelivery(job.id, 202));
    return jobs;
  }
};

// ---------------------------------------------------------------- remote actors and keys

TEST_CASE_TEMPLATE_DEFINE("federation conformance: remote actors", H, cs_fed_remote_actors) {
  FederationFixture<H> f;
  CHECK(CodeOf(f.fed().FindRemoteActor(RemoteUri("a.example", "amy"))) == ErrorCode::kNotFound);

  store::RemoteActor want = SampleActor("a.example", "Amy", "https://a.example/inbox");
  want.host = "A.Example";  // stored in lower case
  want.moved_to = "https://b.example/users/amy";
  store::RemoteActor stored = Must(f.fed().UpsertRemoteActor(want));
  CHECK(stored.id > 0);
  CHECK(stored.host == "a.example");

  store::RemoteActor got = Must(f.fed().FindRemoteActor(want.uri));
  CHECK(got.id == stored.id);
  CHECK(got.uri == want.uri);
  CHECK(got.type == want.type);
  CHECK(got.username == "Amy");
  CHECK(got.host == "a.example");
  CHECK(got.display_name == want.display_name);
  CHECK(got.summary_html == want.summary_html);
  CHECK(got.url == want.url);
  CHECK(got.inbox == want.inbox);
  CHECK(got.shared_inbox == want.shared_inbox);
  CHECK(got.outbox == want.outbox);
  CHECK(got.followers_uri == want.followers_uri);
  CHECK(got.following_uri == want.following_uri);
  CHECK(got.featured_uri == want.featured_uri);
  CHECK(got.avatar_url == want.avatar_url);
  CHECK(got.header_url == want.header_url);
  CHECK(got.public_key_id == want.public_key_id);
  CHECK(got.public_key_pem == want.public_key_pem);
  CHECK(got.manually_approves_followers);
  CHECK(got.also_known_as == want.also_known_as);
  CHECK(got.moved_to == want.moved_to);
  CHECK(got.raw_json == want.raw_json);
  CHECK(got.fetched_at == want.fetched_at);

  // By acct: the username in any case, the host exactly.
  CHECK(Must(f.fed().FindRemoteActorByAcct("amy", "a.example")).id == stored.id);
  CHECK(Must(f.fed().FindRemoteActorByAcct("AMY", "a.example")).id == stored.id);
  CHECK(CodeOf(f.fed().FindRemoteActorByAcct("amy", "b.example")) == ErrorCode::kNotFound);
  CHECK(CodeOf(f.fed().FindRemoteActorByAcct("amelia", "a.example")) == ErrorCode::kNotFound);

  // Upsert by uri replaces every field and keeps the id.
  store::RemoteActor changed = SampleActor("a.example", "Amy");
  changed.display_name = "Amy (new)";
  changed.also_known_as = {};
  changed.manually_approves_followers = false;
  changed.fetched_at = 0;  // now
  store::RemoteActor again = Must(f.fed().UpsertRemoteActor(changed));
  CHECK(again.id == stored.id);
  got = Must(f.fed().FindRemoteActor(want.uri));
  CHECK(got.display_name == "Amy (new)");
  CHECK(got.shared_inbox.empty());
  CHECK(got.also_known_as.empty());
  CHECK_FALSE(got.manually_approves_followers);
  CHECK(got.fetched_at == StoreTestClock::kStart);

  store::RemoteActor other = f.Actor("b.example", "bob");
  CHECK(other.id != stored.id);
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: the remote key cache", H, cs_fed_keys) {
  FederationFixture<H> f;
  const std::string key_id = "https://a.example/users/amy#main-key";
  CHECK_FALSE(Must(f.fed().FindKey(key_id)).has_value());

  // A failed fetch of an unknown key is remembered (negative cache).
  MustOk(f.fed().MarkKeyFetchFailed(key_id, StoreTestClock::kStart - 5));
  auto failed = Must(f.fed().FindKey(key_id));
  REQUIRE(failed.has_value());
  CHECK(failed->failed_at == StoreTestClock::kStart - 5);
  CHECK(failed->public_key_pem.empty());

  store::CachedKey key{key_id, "https://a.example/users/amy", "PEM-1", StoreTestClock::kStart, 0};
  MustOk(f.fed().PutKey(key));
  auto got = Must(f.fed().FindKey(key_id));
  REQUIRE(got.has_value());
  CHECK(got->key_id == key_id);
  CHECK(got->owner_uri == key.owner_uri);
  CHECK(got->public_key_pem == "PEM-1");
  CHECK(got->fetched_at == StoreTestClock::kStart);
  CHECK(got->failed_at == 0);  // PutKey clears the failure

  // A later failure keeps the key; a rotation replaces it.
  MustOk(f.fed().MarkKeyFetchFailed(key_id, StoreTestClock::kStart + 1));
  got = Must(f.fed().FindKey(key_id));
  CHECK(got->public_key_pem == "PEM-1");
  CHECK(got->failed_at == StoreTestClock::kStart + 1);
  key.public_key_pem = "PEM-2";
  MustOk(f.fed().PutKey(key));
  got = Must(f.fed().FindKey(key_id));
  CHECK(got->public_key_pem == "PEM-2");
  CHECK(got->failed_at == 0);
}

// ---------------------------------------------------------------- follows

TEST_CASE_TEMPLATE_DEFINE("federation conformance: follows", H, cs_fed_follows) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t cafe = f.Account("cafe");
  const std::string amy = RemoteUri("a.example", "amy");
  const std::string bob = RemoteUri("b.example", "bob");

  // amy asks to follow shop.
  store::Follow pending = Must(f.fed().PutFollow(MakeFollow(
      amy, 0, LocalActor("shop"), shop, store::FollowState::kPending, "https://a.example/f/1")));
  CHECK(pending.id > 0);
  CHECK(pending.created_at == StoreTestClock::kStart);
  store::Follow found = Must(f.fed().FindFollow(amy, LocalActor("shop")));
  CHECK(found.id == pending.id);
  CHECK(found.follower_uri == amy);
  CHECK(found.follower_account_id == 0);
  CHECK(found.followed_uri == LocalActor("shop"));
  CHECK(found.followed_account_id == shop);
  CHECK(found.state == store::FollowState::kPending);
  CHECK(found.follow_activity_uri == "https://a.example/f/1");
  CHECK(Must(f.fed().FindFollowByActivity("https://a.example/f/1")).id == pending.id);
  CHECK(CodeOf(f.fed().FindFollowByActivity("https://a.example/f/2")) == ErrorCode::kNotFound);
  CHECK(CodeOf(f.fed().FindFollowByActivity("")) == ErrorCode::kNotFound);
  CHECK(CodeOf(f.fed().FindFollow(LocalActor("shop"), amy)) == ErrorCode::kNotFound);

  // The same Follow again (a replay) changes nothing but is fine; a new Follow of the same pair
  // updates the row and keeps its id and creation time.
  f.clock.Advance(10);
  store::Follow replay = Must(f.fed().PutFollow(MakeFollow(
      amy, 0, LocalActor("shop"), shop, store::FollowState::kPending, "https://a.example/f/1")));
  CHECK(replay.id == pending.id);
  store::Follow refollow = Must(f.fed().PutFollow(MakeFollow(
      amy, 0, LocalActor("shop"), shop, store::FollowState::kAccepted, "https://a.example/f/3")));
  CHECK(refollow.id == pending.id);
  CHECK(refollow.created_at == StoreTestClock::kStart);
  found = Must(f.fed().FindFollow(amy, LocalActor("shop")));
  CHECK(found.state == store::FollowState::kAccepted);
  CHECK(found.follow_activity_uri == "https://a.example/f/3");
  CHECK(CodeOf(f.fed().FindFollowByActivity("https://a.example/f/1")) == ErrorCode::kNotFound);

  // SetFollowState.
  MustOk(f.fed().SetFollowState(pending.id, store::FollowState::kPending));
  CHECK(Must(f.fed().FindFollow(amy, LocalActor("shop"))).state == store::FollowState::kPending);
  MustOk(f.fed().SetFollowState(pending.id, store::FollowState::kAccepted));

  // More relations: bob follows shop (pending), shop follows amy and bob, cafe follows shop.
  Must(f.fed().PutFollow(MakeFollow(bob, 0, LocalActor("shop"), shop, store::FollowState::kPending,
                                    "https://b.example/f/1")));
  Must(f.fed().PutFollow(MakeFollow(LocalActor("shop"), shop, amy, 0, store::FollowState::kAccepted,
                                    "https://local.example/f/1")));
  Must(f.fed().PutFollow(MakeFollow(LocalActor("shop"), shop, bob, 0, store::FollowState::kPending,
                                    "https://local.example/f/2")));
  Must(f.fed().PutFollow(MakeFollow(LocalActor("cafe"), cafe, LocalActor("shop"), shop,
                                    store::FollowState::kAccepted, "https://local.example/f/3")));
  Must(f.fed().PutFollow(MakeFollow(LocalActor("cafe"), cafe, amy, 0, store::FollowState::kAccepted,
                                    "https://local.example/f/4")));

  const store::PageRequest all{0, 0, store::kMaxPageLimit};
  auto followers = Must(f.fed().ListFollowers(shop, store::FollowState::kAccepted, all));
  REQUIRE(followers.size() == 2);  // cafe (newest) and amy
  CHECK(followers[0].follower_uri == LocalActor("cafe"));
  CHECK(followers[0].follower_account_id == cafe);
  CHECK(followers[1].follower_uri == amy);
  auto requests = Must(f.fed().ListFollowers(shop, store::FollowState::kPending, all));
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].follower_uri == bob);
  auto following = Must(f.fed().ListFollowing(shop, store::FollowState::kAccepted, all));
  REQUIRE(following.size() == 1);
  CHECK(following[0].followed_uri == amy);
  CHECK(Must(f.fed().ListFollowing(shop, store::FollowState::kPending, all)).size() == 1);
  CHECK(Must(f.fed().CountFollowers(shop, store::FollowState::kAccepted)) == 2);
  CHECK(Must(f.fed().CountFollowers(shop, store::FollowState::kPending)) == 1);
  CHECK(Must(f.fed().CountFollowing(shop, store::FollowState::kAccepted)) == 1);
  CHECK(Must(f.fed().CountFollowing(shop, store::FollowState::kPending)) == 1);
  CHECK(Must(f.fed().CountFollowers(cafe, store::FollowState::kAccepted)) == 0);

  // Local accounts following a remote actor (accepted only).
  CHECK(Must(f.fed().LocalFollowersOf(amy)) == std::vector<int64_t>{shop, cafe});
  CHECK(Must(f.fed().LocalFollowersOf(bob)).empty());

  // DeleteFollow.
  MustOk(f.fed().DeleteFollow(pending.id));
  CHECK(CodeOf(f.fed().FindFollow(amy, LocalActor("shop"))) == ErrorCode::kNotFound);
  Status again = f.fed().DeleteFollow(pending.id);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kNotFound);
  CHECK(Must(f.fed().CountFollowers(shop, store::FollowState::kAccepted)) == 1);

  // Deleting a local account ends its follows.
  MustOk(f.store().DeleteAccount(cafe));
  CHECK(Must(f.fed().LocalFollowersOf(amy)) == std::vector<int64_t>{shop});
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: a missing follow is kNotFound", H,
                          cs_fed_follow_not_found) {
  FederationFixture<H> f;
  Status set = f.fed().SetFollowState(42, store::FollowState::kAccepted);
  REQUIRE_FALSE(set.ok());
  CHECK(set.error().code == ErrorCode::kNotFound);
  Status del = f.fed().DeleteFollow(42, {Job("https://local.example/undo/1", "https://a/inbox")});
  REQUIRE_FALSE(del.ok());
  CHECK(del.error().code == ErrorCode::kNotFound);
  CHECK(f.Pending() == 0);  // nothing enqueued for a change that did not happen
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: follower inboxes, one per shared inbox", H,
                          cs_fed_follower_inboxes) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t cafe = f.Account("cafe");
  // Three followers on a.example share one inbox; b.example has none; c.example is pending.
  for (const char* name : {"amy", "ann", "abe"}) {
    f.Actor("a.example", name, "https://a.example/inbox");
  }
  f.Actor("b.example", "bob");
  f.Actor("b.example", "bea");
  f.Actor("c.example", "cid", "https://c.example/inbox");
  f.Actor("d.example", "dan", "https://d.example/inbox");
  int n = 0;
  auto follow = [&](const std::string& follower, int64_t account, store::FollowState state) {
    Must(f.fed().PutFollow(MakeFollow(follower, 0, LocalActor("x"), account, state,
                                      "https://f.example/" + std::to_string(++n))));
  };
  for (const char* name : {"amy", "ann", "abe"}) {
    follow(RemoteUri("a.example", name), shop, store::FollowState::kAccepted);
  }
  follow(RemoteUri("b.example", "bob"), shop, store::FollowState::kAccepted);
  follow(RemoteUri("b.example", "bea"), shop, store::FollowState::kAccepted);
  follow(RemoteUri("c.example", "cid"), shop, store::FollowState::kPending);
  follow(RemoteUri("d.example", "dan"), cafe, store::FollowState::kAccepted);  // another account
  // A local follower has no inbox to deliver to.
  Must(f.fed().PutFollow(MakeFollow(LocalActor("cafe"), cafe, LocalActor("shop"), shop,
                                    store::FollowState::kAccepted, "https://local.example/f/1")));

  auto inboxes = Must(f.fed().FollowerInboxes(shop));
  std::sort(inboxes.begin(), inboxes.end());
  CHECK(inboxes == std::vector<std::string>{"https://a.example/inbox",
                                            "https://b.example/users/bea/inbox",
                                            "https://b.example/users/bob/inbox"});
  CHECK(Must(f.fed().FollowerInboxes(cafe)) == std::vector<std::string>{"https://d.example/inbox"});
  CHECK(Must(f.fed().FollowerInboxes(f.Account("nobody"))).empty());
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: pagination, newest first", H, cs_fed_paging) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  constexpr int kCount = store::kMaxPageLimit + 5;
  for (int i = 0; i < kCount; ++i) {
    store::Notification n;
    n.account_id = shop;
    n.type = store::NotificationType::kFavourite;
    n.actor_uri = RemoteUri("a.example", "amy");
    n.activity_uri = "https://a.example/likes/" + std::to_string(i);
    REQUIRE(Must(f.fed().AddNotification(n)));
  }
  auto first = Must(f.fed().ListNotifications(shop, {0, 0, 10}));
  REQUIRE(first.size() == 10);
  CHECK(first[0].activity_uri == "https://a.example/likes/" + std::to_string(kCount - 1));
  for (size_t i = 1; i < first.size(); ++i) CHECK(first[i].id < first[i - 1].id);

  // max_id continues below the last item seen.
  auto second = Must(f.fed().ListNotifications(shop, {first.back().id, 0, 10}));
  REQUIRE(second.size() == 10);
  CHECK(second[0].id < first.back().id);
  CHECK(second[0].activity_uri == "https://a.example/likes/" + std::to_string(kCount - 11));

  // min_id: only items newer than it (still newest first).
  auto newer = Must(f.fed().ListNotifications(shop, {0, first[3].id, 10}));
  CHECK(IdsOf(newer) == std::vector<int64_t>{first[0].id, first[1].id, first[2].id});
  auto between = Must(f.fed().ListNotifications(shop, {first[0].id, first[3].id, 10}));
  CHECK(IdsOf(between) == std::vector<int64_t>{first[1].id, first[2].id});

  // The limit is clamped to [1, kMaxPageLimit].
  CHECK(Must(f.fed().ListNotifications(shop, {0, 0, 0})).size() == 1);
  CHECK(Must(f.fed().ListNotifications(shop, {0, 0, -5})).size() == 1);
  CHECK(Must(f.fed().ListNotifications(shop, {0, 0, 100000})).size() == store::kMaxPageLimit);
  // Past the oldest: empty.
  auto all = Must(f.fed().ListNotifications(shop, {0, 0, store::kMaxPageLimit}));
  auto rest = Must(f.fed().ListNotifications(shop, {all.back().id, 0, store::kMaxPageLimit}));
  CHECK(rest.size() == kCount - store::kMaxPageLimit);
  CHECK(Must(f.fed().ListNotifications(shop, {rest.back().id, 0, 10})).empty());

  // Follows page the same way.
  for (int i = 0; i < 15; ++i) {
    Must(f.fed().PutFollow(MakeFollow(RemoteUri("a.example", "u" + std::to_string(i)), 0,
                                      LocalActor("shop"), shop, store::FollowState::kAccepted,
                                      "https://a.example/f/" + std::to_string(i))));
  }
  auto page1 = Must(f.fed().ListFollowers(shop, store::FollowState::kAccepted, {0, 0, 6}));
  auto page2 =
      Must(f.fed().ListFollowers(shop, store::FollowState::kAccepted, {page1.back().id, 0, 6}));
  auto page3 =
      Must(f.fed().ListFollowers(shop, store::FollowState::kAccepted, {page2.back().id, 0, 6}));
  CHECK(page1.size() == 6);
  CHECK(page2.size() == 6);
  CHECK(page3.size() == 3);
  CHECK(page1[0].follower_uri == RemoteUri("a.example", "u14"));
  CHECK(page3.back().follower_uri == RemoteUri("a.example", "u0"));
}

// ---------------------------------------------------------------- objects

TEST_CASE_TEMPLATE_DEFINE("federation conformance: objects round trip and conflicts", H,
                          cs_fed_objects) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  store::StoredObject want = SamplePost("https://local.example/objects/1", shop, LocalActor("shop"),
                                        store::Visibility::kFollowers);
  want.mentions[0].account_id = shop;
  store::StoredObject stored = Must(f.fed().InsertObject(want));
  CHECK(stored.id > 0);
  CheckSameObject(Must(f.fed().FindObject(want.uri)), want);
  CheckSameObject(Must(f.fed().FindObjectById(stored.id)), want);
  CHECK(Must(f.fed().FindObject(want.uri)).id == stored.id);

  // A remote post with the minimum set: empty optional fields stay empty.
  store::StoredObject remote;
  remote.uri = "https://a.example/notes/1";
  remote.attributed_to = RemoteUri("a.example", "amy");
  remote.published_at = 0;  // now
  store::StoredObject remote_stored = Must(f.fed().InsertObject(remote));
  CHECK(remote_stored.id > stored.id);
  store::StoredObject got = Must(f.fed().FindObject(remote.uri));
  CHECK(got.account_id == 0);
  CHECK(got.type == "Note");
  CHECK(got.in_reply_to_uri.empty());
  CHECK(got.mentions.empty());
  CHECK(got.hashtags.empty());
  CHECK(got.to.empty());
  CHECK(got.published_at == StoreTestClock::kStart);
  CHECK(got.edited_at == 0);
  CHECK(got.deleted_at == 0);

  // The uri is unique.
  CHECK(CodeOf(f.fed().InsertObject(want)) == ErrorCode::kConflict);
  CHECK(CodeOf(f.fed().FindObject("https://a.example/notes/none")) == ErrorCode::kNotFound);
  CHECK(CodeOf(f.fed().FindObjectById(remote_stored.id + 100)) == ErrorCode::kNotFound);

  // An edit replaces the content fields.
  f.clock.Advance(60);
  store::StoredObject edit = want;
  edit.url = "https://local.example/@shop/1";
  edit.summary = "";
  edit.sensitive = false;
  edit.content_html = "<p>edited</p>";
  edit.content_source = "edited";
  edit.language = "en";
  edit.cc = {};
  edit.mentions = {{"https://c.example/users/cid", "cid@c.example", 0}};
  edit.hashtags = {"rye"};
  edit.edited_at = 0;  // now
  MustOk(f.fed().UpdateObject(edit));
  got = Must(f.fed().FindObject(want.uri));
  edit.edited_at = StoreTestClock::kStart + 60;
  CheckSameObject(got, edit);
  CHECK(got.id == stored.id);

  store::StoredObject missing = want;
  missing.uri = "https://local.example/objects/none";
  Status update_missing = f.fed().UpdateObject(missing);
  REQUIRE_FALSE(update_missing.ok());
  CHECK(update_missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: tombstones", H, cs_fed_tombstones) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const std::string amy = RemoteUri("a.example", "amy");
  store::StoredObject post = f.Post("https://local.example/objects/1", shop, LocalActor("shop"));
  f.Post("https://local.example/objects/2", shop, LocalActor("shop"));
  store::Reaction like{
      0, store::ReactionType::kLike, "https://a.example/likes/1", amy, 0, post.uri, "", 0};
  REQUIRE(Must(f.fed().AddReaction(like)));
  MustOk(f.fed().Pin(shop, post.id));
  store::Notification n;
  n.account_id = shop;
  n.type = store::NotificationType::kFavourite;
  n.actor_uri = amy;
  n.object_uri = post.uri;
  n.activity_uri = like.activity_uri;
  REQUIRE(Must(f.fed().AddNotification(n)));
  CHECK(Must(f.fed().CountAccountObjects(shop, {})) == 2);

  const int64_t deleted_at = StoreTestClock::kStart + 5;
  MustOk(f.fed().TombstoneObject(post.uri, deleted_at));
  store::StoredObject tomb = Must(f.fed().FindObject(post.uri));
  CHECK(tomb.id == post.id);
  CHECK(tomb.deleted_at == deleted_at);
  CHECK(tomb.content_html.empty());
  CHECK(tomb.content_source.empty());
  CHECK(tomb.summary.empty());
  CHECK(tomb.raw_json.empty());
  CHECK(tomb.mentions.empty());
  CHECK(tomb.hashtags.empty());
  CHECK(tomb.attributed_to == post.attributed_to);
  CHECK(Must(f.fed().FindObjectById(post.id)).deleted_at == deleted_at);

  // Its reactions, pins and notifications go; lists and counts leave it out.
  CHECK(Must(f.fed().CountReactions(post.uri, store::ReactionType::kLike)) == 0);
  CHECK(CodeOf(f.fed().FindReactionByActivity(like.activity_uri)) == ErrorCode::kNotFound);
  CHECK(Must(f.fed().ListPinned(shop)).empty());
  CHECK(Must(f.fed().ListNotifications(shop, {})).empty());
  CHECK(Must(f.fed().CountAccountObjects(shop, {})) == 1);
  CHECK(Must(f.fed().ListAccountObjects(shop, {}, {})).size() == 1);

  // The uri is never reused, nor edited, nor reacted to.
  CHECK(CodeOf(f.fed().InsertObject(SamplePost(post.uri, shop, LocalActor("shop")))) ==
        ErrorCode::kGone);
  Status update = f.fed().UpdateObject(SamplePost(post.uri, shop, LocalActor("shop")));
  REQUIRE_FALSE(update.ok());
  CHECK(update.error().code == ErrorCode::kGone);
  like.activity_uri = "https://a.example/likes/2";
  CHECK(CodeOf(f.fed().AddReaction(like)) == ErrorCode::kGone);
  Status pin = f.fed().Pin(shop, post.id);
  REQUIRE_FALSE(pin.ok());
  CHECK(pin.error().code == ErrorCode::kGone);

  // A second Delete is harmless and keeps the first time; an unknown uri is kNotFound.
  MustOk(f.fed().TombstoneObject(post.uri, deleted_at + 100));
  CHECK(Must(f.fed().FindObject(post.uri)).deleted_at == deleted_at);
  Status unknown = f.fed().TombstoneObject("https://local.example/objects/none", 0);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::kNotFound);
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: account posts by visibility", H,
                          cs_fed_account_objects) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t cafe = f.Account("cafe");
  using V = store::Visibility;
  const V order[] = {V::kPublic, V::kUnlisted, V::kFollowers, V::kDirect, V::kPublic};
  std::vector<int64_t> ids;
  for (size_t i = 0; i < std::size(order); ++i) {
    ids.push_back(f.Post("https://local.example/objects/" + std::to_string(i), shop,
                         LocalActor("shop"), order[i])
                      .id);
  }
  f.Post("https://local.example/objects/cafe", cafe, LocalActor("cafe"));
  f.Post("https://a.example/notes/1", 0, RemoteUri("a.example", "amy"));

  auto all = Must(f.fed().ListAccountObjects(shop, {}, {0, 0, 50}));
  CHECK(IdsOf(all) == std::vector<int64_t>{ids[4], ids[3], ids[2], ids[1], ids[0]});
  CHECK(Must(f.fed().CountAccountObjects(shop, {})) == 5);
  auto listed = Must(f.fed().ListAccountObjects(shop, {V::kPublic, V::kUnlisted}, {0, 0, 50}));
  CHECK(IdsOf(listed) == std::vector<int64_t>{ids[4], ids[1], ids[0]});
  CHECK(Must(f.fed().CountAccountObjects(shop, {V::kPublic, V::kUnlisted})) == 3);
  CHECK(Must(f.fed().CountAccountObjects(shop, {V::kDirect})) == 1);
  auto page = Must(f.fed().ListAccountObjects(shop, {}, {ids[3], 0, 2}));
  CHECK(IdsOf(page) == std::vector<int64_t>{ids[2], ids[1]});
  // Full objects come back, with their parts.
  CHECK(all[0].mentions.size() == 2);
  CHECK(all[0].hashtags == std::vector<std::string>{"sourdough", "bakery"});
  CHECK(Must(f.fed().CountAccountObjects(cafe, {})) == 1);
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: home timelines", H, cs_fed_timeline) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t cafe = f.Account("cafe");
  const std::string amy = RemoteUri("a.example", "amy");
  auto n1 = f.Post("https://a.example/notes/1", 0, amy);
  auto n2 = f.Post("https://a.example/notes/2", 0, amy);
  auto n3 = f.Post("https://a.example/notes/3", 0, amy);
  MustOk(f.fed().AddToTimeline(shop, n2.id));
  MustOk(f.fed().AddToTimeline(shop, n1.id));
  MustOk(f.fed().AddToTimeline(shop, n3.id));
  MustOk(f.fed().AddToTimeline(shop, n3.id));  // idempotent
  MustOk(f.fed().AddToTimeline(cafe, n1.id));

  auto timeline = Must(f.fed().ListTimeline(shop, {0, 0, 20}));
  CHECK(IdsOf(timeline) == std::vector<int64_t>{n3.id, n2.id, n1.id});
  CHECK(timeline[0].content_html == n3.content_html);
  CHECK(IdsOf(Must(f.fed().ListTimeline(shop, {n3.id, 0, 1}))) == std::vector<int64_t>{n2.id});
  CHECK(IdsOf(Must(f.fed().ListTimeline(shop, {0, n1.id, 20}))) ==
        std::vector<int64_t>{n3.id, n2.id});
  CHECK(IdsOf(Must(f.fed().ListTimeline(cafe, {}))) == std::vector<int64_t>{n1.id});

  MustOk(f.fed().TombstoneObject(n2.uri, 0));
  CHECK(IdsOf(Must(f.fed().ListTimeline(shop, {}))) == std::vector<int64_t>{n3.id, n1.id});

  Status missing = f.fed().AddToTimeline(shop, n3.id + 1000);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: client API timelines and replies", H,
                          cs_fed_client_timelines) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t cafe = f.Account("cafe");
  const std::string amy = RemoteUri("a.example", "amy");
  using V = store::Visibility;
  store::StoredObject own =
      SamplePost(LocalActor("shop") + "/statuses/1", shop, LocalActor("shop"));
  own.in_reply_to_uri = "";
  own = Must(f.fed().InsertObject(own));
  store::StoredObject cafes =
      SamplePost(LocalActor("cafe") + "/statuses/2", cafe, LocalActor("cafe"), V::kUnlisted);
  cafes.in_reply_to_uri = "";
  cafes.hashtags = {};
  cafes = Must(f.fed().InsertObject(cafes));
  store::StoredObject remote = SamplePost("https://a.example/notes/3", 0, amy);
  remote.in_reply_to_uri = own.uri;  // a reply to someone else
  remote = Must(f.fed().InsertObject(remote));
  store::StoredObject thread = SamplePost("https://a.example/notes/4", 0, amy);
  thread.in_reply_to_uri = remote.uri;  // amy answering herself: a thread
  thread.hashtags = {"rye"};
  thread = Must(f.fed().InsertObject(thread));
  auto hidden = f.Post("https://a.example/notes/5", 0, amy, V::kFollowers);
  MustOk(f.fed().AddToTimeline(shop, remote.id));
  MustOk(f.fed().AddToTimeline(shop, hidden.id));

  // Home: own posts and timeline entries, newest first, paged.
  CHECK(IdsOf(Must(f.fed().ListHomeTimeline(shop, {}))) ==
        std::vector<int64_t>{hidden.id, remote.id, own.id});
  CHECK(IdsOf(Must(f.fed().ListHomeTimeline(shop, {hidden.id, 0, 1}))) ==
        std::vector<int64_t>{remote.id});
  CHECK(IdsOf(Must(f.fed().ListHomeTimeline(shop, {0, remote.id, 20}))) ==
        std::vector<int64_t>{hidden.id});
  CHECK(IdsOf(Must(f.fed().ListHomeTimeline(cafe, {}))) == std::vector<int64_t>{cafes.id});

  // Public: public posts only; replies to others left out, threads kept; local or remote.
  auto filter = [](bool local_only, bool remote_only, std::string tag) {
    store::PublicTimelineFilter out;
    out.local_only = local_only;
    out.remote_only = remote_only;
    out.tag = std::move(tag);
    return out;
  };
  CHECK(IdsOf(Must(f.fed().ListPublicTimeline({}, {}))) == std::vector<int64_t>{thread.id, own.id});
  CHECK(IdsOf(Must(f.fed().ListPublicTimeline(filter(true, false, ""), {}))) ==
        std::vector<int64_t>{own.id});
  CHECK(IdsOf(Must(f.fed().ListPublicTimeline(filter(false, true, ""), {}))) ==
        std::vector<int64_t>{thread.id});
  // A hashtag lists replies too.
  CHECK(IdsOf(Must(f.fed().ListPublicTimeline(filter(false, false, "sourdough"), {}))) ==
        std::vector<int64_t>{remote.id, own.id});
  CHECK(IdsOf(Must(f.fed().ListPublicTimeline(filter(false, true, "sourdough"), {}))) ==
        std::vector<int64_t>{remote.id});
  CHECK(IdsOf(Must(f.fed().ListPublicTimeline(filter(false, false, "rye"), {}))) ==
        std::vector<int64_t>{thread.id});

  // Replies: direct ones, oldest first, counted; tombstones leave both.
  CHECK(IdsOf(Must(f.fed().ListReplies(own.uri, 20))) == std::vector<int64_t>{remote.id});
  CHECK(Must(f.fed().CountReplies(own.uri)) == 1);
  CHECK(Must(f.fed().CountReplies(thread.uri)) == 0);
  MustOk(f.fed().TombstoneObject(remote.uri, 0));
  CHECK(Must(f.fed().ListReplies(own.uri, 20)).empty());
  CHECK(Must(f.fed().CountReplies(own.uri)) == 0);
  CHECK(IdsOf(Must(f.fed().ListHomeTimeline(shop, {}))) == std::vector<int64_t>{hidden.id, own.id});

  // Posts by page URL.
  CHECK(Must(f.fed().FindObjectByUrl(thread.url)).id == thread.id);
  CHECK(CodeOf(f.fed().FindObjectByUrl("https://a.example/nothing")) == ErrorCode::kNotFound);
  CHECK(CodeOf(f.fed().FindObjectByUrl("")) == ErrorCode::kNotFound);

  // Hashtags by prefix, most used first; LIKE wildcards are plain characters.
  CHECK(Must(f.fed().SearchHashtags("SOUR", 10, 0)) == std::vector<std::string>{"sourdough"});
  CHECK(Must(f.fed().SearchHashtags("", 10, 0)) ==
        std::vector<std::string>{"bakery", "sourdough", "rye"});
  CHECK(Must(f.fed().SearchHashtags("", 1, 1)) == std::vector<std::string>{"sourdough"});
  CHECK(Must(f.fed().SearchHashtags("%", 10, 0)).empty());
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: notifications by type, one, cleared", H,
                          cs_fed_notification_queries) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t cafe = f.Account("cafe");
  const std::string amy = RemoteUri("a.example", "amy");
  using T = store::NotificationType;
  for (T type : {T::kFollow, T::kMention, T::kFavourite}) {
    store::Notification n;
    n.account_id = shop;
    n.type = type;
    n.actor_uri = amy;
    n.activity_uri =
        "https://a.example/activities/" + std::string(store::NotificationTypeName(type));
    CHECK(Must(f.fed().AddNotification(n)));
  }
  auto all = Must(f.fed().ListNotificationsOfTypes(shop, {}, {}));
  REQUIRE(all.size() == 3);
  CHECK(all[0].type == T::kFavourite);
  auto some = Must(f.fed().ListNotificationsOfTypes(shop, {T::kFollow, T::kFavourite}, {}));
  REQUIRE(some.size() == 2);
  CHECK(some[1].type == T::kFollow);
  CHECK(IdsOf(Must(f.fed().ListNotificationsOfTypes(shop, {}, {all[0].id, 0, 1}))) ==
        std::vector<int64_t>{all[1].id});
  CHECK(Must(f.fed().ListNotificationsOfTypes(cafe, {}, {})).empty());

  CHECK(Must(f.fed().FindNotification(shop, all[1].id)).type == T::kMention);
  CHECK(CodeOf(f.fed().FindNotification(cafe, all[1].id)) == ErrorCode::kNotFound);
  MustOk(f.fed().DismissNotification(shop, all[1].id));
  CHECK(CodeOf(f.fed().FindNotification(shop, all[1].id)) == ErrorCode::kNotFound);

  MustOk(f.fed().ClearNotifications(shop));
  MustOk(f.fed().ClearNotifications(shop));  // nothing left: fine
  CHECK(Must(f.fed().ListNotifications(shop, {})).empty());
  store::Notification again;
  again.account_id = shop;
  again.type = T::kFollow;
  again.actor_uri = amy;
  again.activity_uri = "https://a.example/activities/follow";
  CHECK(Must(f.fed().AddNotification(again)) == false);  // cleared, not forgotten
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: markers", H, cs_fed_markers) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t cafe = f.Account("cafe");
  CHECK(Must(f.fed().ListMarkers(shop)).empty());
  store::Marker home = Must(f.fed().SaveMarker(shop, "home", "12"));
  CHECK(home.timeline == "home");
  CHECK(home.last_read_id == "12");
  CHECK(home.version == 0);
  CHECK(home.updated_at == StoreTestClock::kStart);
  home = Must(f.fed().SaveMarker(shop, "home", "15"));
  CHECK(home.last_read_id == "15");
  CHECK(home.version == 1);
  Must(f.fed().SaveMarker(shop, "notifications", "3"));
  auto markers = Must(f.fed().ListMarkers(shop));
  REQUIRE(markers.size() == 2);
  CHECK(markers[0].timeline == "home");
  CHECK(markers[1].last_read_id == "3");
  CHECK(Must(f.fed().ListMarkers(cafe)).empty());
  CHECK_FALSE(f.fed().SaveMarker(cafe + 1000, "home", "1").ok());
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: pins", H, cs_fed_pins) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t cafe = f.Account("cafe");
  auto p1 = f.Post("https://local.example/objects/1", shop, LocalActor("shop"));
  auto p2 = f.Post("https://local.example/objects/2", shop, LocalActor("shop"));
  auto theirs = f.Post("https://local.example/objects/3", cafe, LocalActor("cafe"));
  auto remote = f.Post("https://a.example/notes/1", 0, RemoteUri("a.example", "amy"));

  MustOk(f.fed().Pin(shop, p2.id));
  MustOk(f.fed().Pin(shop, p1.id));
  MustOk(f.fed().Pin(shop, p1.id));  // idempotent
  CHECK(IdsOf(Must(f.fed().ListPinned(shop))) == std::vector<int64_t>{p1.id, p2.id});
  CHECK(Must(f.fed().ListPinned(cafe)).empty());

  // Only an account's own posts.
  for (int64_t id : {theirs.id, remote.id, p1.id + 1000}) {
    Status refused = f.fed().Pin(shop, id);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::kNotFound);
  }

  MustOk(f.fed().Unpin(shop, p1.id));
  CHECK(IdsOf(Must(f.fed().ListPinned(shop))) == std::vector<int64_t>{p2.id});
  Status again = f.fed().Unpin(shop, p1.id);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kNotFound);
}

// ---------------------------------------------------------------- reactions

TEST_CASE_TEMPLATE_DEFINE("federation conformance: reactions are one per kind, actor, object", H,
                          cs_fed_reactions) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const std::string amy = RemoteUri("a.example", "amy");
  const std::string bob = RemoteUri("b.example", "bob");
  auto post = f.Post("https://local.example/objects/1", shop, LocalActor("shop"));
  auto other = f.Post("https://local.example/objects/2", shop, LocalActor("shop"));
  using RT = store::ReactionType;

  store::Reaction like{0, RT::kLike, "https://a.example/likes/1", amy, 0, post.uri, "", 0};
  CHECK(Must(f.fed().AddReaction(like)) == true);
  CHECK(Must(f.fed().AddReaction(like)) == false);  // the same activity again
  store::Reaction like2 = like;
  like2.activity_uri = "https://a.example/likes/2";  // a second Like of the same post
  CHECK(Must(f.fed().AddReaction(like2)) == false);
  CHECK(Must(f.fed().CountReactions(post.uri, RT::kLike)) == 1);

  store::Reaction boost{0, RT::kAnnounce, "https://a.example/boosts/1", amy, 0, post.uri, "", 0};
  CHECK(Must(f.fed().AddReaction(boost)));
  store::Reaction react{0,        RT::kEmojiReact, "https://b.example/react/1", bob, 0,
                        post.uri, "🥐",          StoreTestClock::kStart - 3};
  CHECK(Must(f.fed().AddReaction(react)));
  store::Reaction ours{
      0, RT::kLike, "https://local.example/likes/1", LocalActor("shop"), shop, other.uri, "", 0};
  CHECK(Must(f.fed().AddReaction(ours)));
  CHECK(Must(
      f.fed().AddReaction({0, RT::kLike, "https://b.example/likes/1", bob, 0, post.uri, "", 0})));

  CHECK(Must(f.fed().CountReactions(post.uri, RT::kLike)) == 2);
  CHECK(Must(f.fed().CountReactions(post.uri, RT::kAnnounce)) == 1);
  CHECK(Must(f.fed().CountReactions(post.uri, RT::kEmojiReact)) == 1);
  CHECK(Must(f.fed().CountReactions(other.uri, RT::kLike)) == 1);
  CHECK(Must(f.fed().CountReactions("https://local.example/none", RT::kLike)) == 0);

  store::Reaction got = Must(f.fed().FindReaction(RT::kEmojiReact, bob, post.uri));
  CHECK(got.id > 0);
  CHECK(got.type == RT::kEmojiReact);
  CHECK(got.activity_uri == react.activity_uri);
  CHECK(got.actor_uri == bob);
  CHECK(got.actor_account_id == 0);
  CHECK(got.object_uri == post.uri);
  CHECK(got.content == "🥐");
  CHECK(got.created_at == StoreTestClock::kStart - 3);
  store::Reaction mine = Must(f.fed().FindReactionByActivity(ours.activity_uri));
  CHECK(mine.actor_account_id == shop);
  CHECK(mine.object_uri == other.uri);
  CHECK(mine.created_at == StoreTestClock::kStart);
  CHECK(CodeOf(f.fed().FindReaction(RT::kAnnounce, bob, post.uri)) == ErrorCode::kNotFound);
  CHECK(CodeOf(f.fed().FindReactionByActivity("https://x.example/none")) == ErrorCode::kNotFound);

  // Undo.
  store::Reaction amy_like = Must(f.fed().FindReaction(RT::kLike, amy, post.uri));
  MustOk(f.fed().RemoveReaction(amy_like.id));
  CHECK(Must(f.fed().CountReactions(post.uri, RT::kLike)) == 1);
  Status again = f.fed().RemoveReaction(amy_like.id);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kNotFound);
  CHECK(Must(f.fed().AddReaction(like2)));  // may like again after the Undo

  // A reaction needs a known object.
  store::Reaction stray = like;
  stray.object_uri = "https://local.example/objects/none";
  CHECK(CodeOf(f.fed().AddReaction(stray)) == ErrorCode::kNotFound);
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: reactor inboxes, one per shared inbox", H,
                          cs_fed_reactor_inboxes) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  auto post = f.Post("https://local.example/objects/1", shop, LocalActor("shop"));
  auto other = f.Post("https://local.example/objects/2", shop, LocalActor("shop"));
  // amy and ann share a.example's inbox; bob has only a personal one; dan reacted elsewhere.
  f.Actor("a.example", "amy", "https://a.example/inbox");
  f.Actor("a.example", "ann", "https://a.example/inbox");
  f.Actor("b.example", "bob");
  f.Actor("d.example", "dan", "https://d.example/inbox");
  using RT = store::ReactionType;
  const std::string amy = RemoteUri("a.example", "amy");
  const std::string ann = RemoteUri("a.example", "ann");
  const std::string bob = RemoteUri("b.example", "bob");
  const std::string dan = RemoteUri("d.example", "dan");
  CHECK(Must(f.fed().ReactorInboxes(post.uri)).empty());

  Must(f.fed().AddReaction({0, RT::kAnnounce, "https://a.example/b/1", amy, 0, post.uri, "", 0}));
  Must(f.fed().AddReaction({0, RT::kLike, "https://a.example/l/1", amy, 0, post.uri, "", 0}));
  Must(f.fed().AddReaction({0, RT::kLike, "https://a.example/l/2", ann, 0, post.uri, "", 0}));
  Must(f.fed().AddReaction(
      {0, RT::kEmojiReact, "https://b.example/r/1", bob, 0, post.uri, "🥐", 0}));
  Must(f.fed().AddReaction({0, RT::kLike, "https://d.example/l/1", dan, 0, other.uri, "", 0}));
  // A local account's reaction has no inbox to deliver to; nor has an actor we never stored.
  Must(f.fed().AddReaction(
      {0, RT::kAnnounce, "https://local.example/b/1", LocalActor("shop"), shop, post.uri, "", 0}));
  Must(f.fed().AddReaction(
      {0, RT::kLike, "https://e.example/l/1", RemoteUri("e.example", "eve"), 0, post.uri, "", 0}));

  auto inboxes = Must(f.fed().ReactorInboxes(post.uri));
  std::sort(inboxes.begin(), inboxes.end());
  CHECK(inboxes ==
        std::vector<std::string>{"https://a.example/inbox", "https://b.example/users/bob/inbox"});
  CHECK(Must(f.fed().ReactorInboxes(other.uri)) ==
        std::vector<std::string>{"https://d.example/inbox"});
  CHECK(Must(f.fed().ReactorInboxes("https://local.example/objects/none")).empty());
}

// ---------------------------------------------------------------- blocks

TEST_CASE_TEMPLATE_DEFINE("federation conformance: blocks", H, cs_fed_blocks) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t cafe = f.Account("cafe");
  const std::string amy = RemoteUri("a.example", "amy");
  const std::string bob = RemoteUri("b.example", "bob");
  // Follows both ways between shop and amy, and cafe ↔ amy, shop ↔ bob.
  Must(f.fed().PutFollow(MakeFollow(amy, 0, LocalActor("shop"), shop, store::FollowState::kAccepted,
                                    "https://a.example/f/1")));
  Must(f.fed().PutFollow(MakeFollow(LocalActor("shop"), shop, amy, 0, store::FollowState::kAccepted,
                                    "https://local.example/f/1")));
  Must(f.fed().PutFollow(MakeFollow(amy, 0, LocalActor("cafe"), cafe, store::FollowState::kAccepted,
                                    "https://a.example/f/2")));
  Must(f.fed().PutFollow(MakeFollow(LocalActor("shop"), shop, bob, 0, store::FollowState::kAccepted,
                                    "https://local.example/f/2")));

  // A local block records one direction and leaves follows to the caller.
  store::Block local{0, shop, bob, false, "https://local.example/blocks/1", 0};
  MustOk(f.fed().AddBlock(local));
  MustOk(f.fed().AddBlock(local));  // idempotent
  CHECK(Must(f.fed().IsBlocked(shop, bob, false)));
  CHECK_FALSE(Must(f.fed().IsBlocked(shop, bob, true)));
  CHECK_FALSE(Must(f.fed().IsBlocked(cafe, bob, false)));
  CHECK(Must(f.fed().FindFollow(LocalActor("shop"), bob)).id > 0);

  // amy blocks shop: the follows between them end, both ways; cafe's stay.
  MustOk(f.fed().AddBlock({0, shop, amy, true, "https://a.example/blocks/1", 0}));
  CHECK(Must(f.fed().IsBlocked(shop, amy, true)));
  CHECK_FALSE(Must(f.fed().IsBlocked(shop, amy, false)));
  CHECK(CodeOf(f.fed().FindFollow(amy, LocalActor("shop"))) == ErrorCode::kNotFound);
  CHECK(CodeOf(f.fed().FindFollow(LocalActor("shop"), amy)) == ErrorCode::kNotFound);
  CHECK(Must(f.fed().FindFollow(amy, LocalActor("cafe"))).id > 0);
  CHECK(Must(f.fed().FindFollow(LocalActor("shop"), bob)).id > 0);

  // Undo.
  MustOk(f.fed().RemoveBlock(shop, amy, true));
  CHECK_FALSE(Must(f.fed().IsBlocked(shop, amy, true)));
  Status again = f.fed().RemoveBlock(shop, amy, true);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kNotFound);
  CHECK(Must(f.fed().IsBlocked(shop, bob, false)));

  Status invalid = f.fed().AddBlock({0, 0, amy, false, "", 0});
  REQUIRE_FALSE(invalid.ok());
  CHECK(invalid.error().code == ErrorCode::kInvalidInput);
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: domain blocks", H, cs_fed_domain_blocks) {
  FederationFixture<H> f;
  CHECK_FALSE(Must(f.fed().IsDomainBlocked("spam.example")));
  MustOk(f.fed().AddDomainBlock("Spam.Example"));
  MustOk(f.fed().AddDomainBlock("spam.example"));  // idempotent
  CHECK(Must(f.fed().IsDomainBlocked("spam.example")));
  CHECK(Must(f.fed().IsDomainBlocked("SPAM.example")));
  CHECK(Must(f.fed().IsDomainBlocked("social.spam.example")));  // subdomains too
  CHECK_FALSE(Must(f.fed().IsDomainBlocked("notspam.example")));
  CHECK_FALSE(Must(f.fed().IsDomainBlocked("example")));
  CHECK_FALSE(Must(f.fed().IsDomainBlocked("")));

  MustOk(f.fed().RemoveDomainBlock("SPAM.EXAMPLE"));
  CHECK_FALSE(Must(f.fed().IsDomainBlocked("spam.example")));
  Status again = f.fed().RemoveDomainBlock("spam.example");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kNotFound);
}

// ---------------------------------------------------------------- notifications and reports

TEST_CASE_TEMPLATE_DEFINE("federation conformance: notifications", H, cs_fed_notifications) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t cafe = f.Account("cafe");
  const std::string amy = RemoteUri("a.example", "amy");
  store::Notification n;
  n.account_id = shop;
  n.type = store::NotificationType::kMention;
  n.actor_uri = amy;
  n.object_uri = "https://a.example/notes/1";
  n.activity_uri = "https://a.example/notes/1/activity";
  CHECK(Must(f.fed().AddNotification(n)) == true);
  CHECK(Must(f.fed().AddNotification(n)) == false);  // the same activity again
  store::Notification reply = n;
  reply.type = store::NotificationType::kReply;  // another type, same activity: its own
  CHECK(Must(f.fed().AddNotification(reply)));
  store::Notification for_cafe = n;
  for_cafe.account_id = cafe;
  CHECK(Must(f.fed().AddNotification(for_cafe)));
  store::Notification no_id = n;
  no_id.type = store::NotificationType::kMove;
  no_id.activity_uri = "";
  no_id.object_uri = "";
  CHECK(Must(f.fed().AddNotification(no_id)));
  CHECK(Must(f.fed().AddNotification(no_id)));  // without an id, never deduplicated

  auto list = Must(f.fed().ListNotifications(shop, {}));
  REQUIRE(list.size() == 4);
  CHECK(list[0].type == store::NotificationType::kMove);
  CHECK(list[0].object_uri.empty());
  CHECK(list[2].type == store::NotificationType::kReply);
  CHECK(list[3].type == store::NotificationType::kMention);
  CHECK(list[3].account_id == shop);
  CHECK(list[3].actor_uri == amy);
  CHECK(list[3].object_uri == n.object_uri);
  CHECK(list[3].activity_uri == n.activity_uri);
  CHECK(list[3].created_at == StoreTestClock::kStart);
  CHECK_FALSE(list[3].dismissed);
  CHECK(Must(f.fed().ListNotifications(cafe, {})).size() == 1);

  // Dismissed notifications leave the list and are not re-created by a replay.
  MustOk(f.fed().DismissNotification(shop, list[3].id));
  MustOk(f.fed().DismissNotification(shop, list[3].id));  // already dismissed: fine
  CHECK(Must(f.fed().ListNotifications(shop, {})).size() == 3);
  CHECK(Must(f.fed().AddNotification(n)) == false);
  Status not_theirs = f.fed().DismissNotification(cafe, list[2].id);
  REQUIRE_FALSE(not_theirs.ok());
  CHECK(not_theirs.error().code == ErrorCode::kNotFound);

  // A notification for an account that does not exist is refused.
  store::Notification ghost = n;
  ghost.account_id = cafe + 1000;
  CHECK(CodeOf(f.fed().AddNotification(ghost)) == ErrorCode::kNotFound);
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: reports", H, cs_fed_reports) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  store::Report r;
  r.account_id = shop;
  r.reporter_uri = RemoteUri("a.example", "mod");
  r.content = "spam, \"obviously\" ✉";
  r.object_uris = {"https://local.example/objects/1", "https://local.example/objects/2"};
  r.activity_uri = "https://a.example/flags/1";
  CHECK(Must(f.fed().AddReport(r)));
  CHECK_FALSE(Must(f.fed().AddReport(r)));
  store::Report about_nobody;
  about_nobody.reporter_uri = RemoteUri("b.example", "mod");
  about_nobody.activity_uri = "https://b.example/flags/1";
  f.clock.Advance(5);
  CHECK(Must(f.fed().AddReport(about_nobody)));

  auto reports = Must(f.fed().ListReports({}));
  REQUIRE(reports.size() == 2);
  CHECK(reports[0].reporter_uri == about_nobody.reporter_uri);
  CHECK(reports[0].account_id == 0);
  CHECK(reports[0].object_uris.empty());
  CHECK(reports[0].created_at == StoreTestClock::kStart + 5);
  CHECK(reports[1].id < reports[0].id);
  CHECK(reports[1].account_id == shop);
  CHECK(reports[1].content == r.content);
  CHECK(reports[1].object_uris == r.object_uris);
  CHECK(reports[1].activity_uri == r.activity_uri);
  CHECK(Must(f.fed().ListReports({reports[0].id, 0, 10})).size() == 1);
}

// ---------------------------------------------------------------- inbox queue

inline store::InboxItem Item(const std::string& activity_uri, int64_t recipient = 0) {
  store::InboxItem item;
  item.activity_uri = activity_uri;
  item.recipient_account_id = recipient;
  item.signer_key_id = "https://a.example/users/amy#main-key";
  item.signer_uri = "https://a.example/users/amy";
  item.body = R"({"id":")" + activity_uri + R"(","type":"Like"})";
  return item;
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: the inbox queue", H, cs_fed_inbox) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t t0 = StoreTestClock::kStart;
  CHECK(Must(f.fed().EnqueueInbox(Item("https://a.example/a/1", shop))));
  CHECK_FALSE(Must(f.fed().EnqueueInbox(Item("https://a.example/a/1", shop))));  // replay
  CHECK_FALSE(Must(f.fed().EnqueueInbox(Item("https://a.example/a/1"))));
  CHECK(Must(f.fed().EnqueueInbox(Item("https://a.example/a/2"))));
  CHECK(Must(f.fed().EnqueueInbox(Item(""))));  // no id: never deduplicated
  CHECK(Must(f.fed().EnqueueInbox(Item(""))));
  CHECK(Must(f.fed().CountInboxPending()) == 4);

  // Oldest first, up to the limit, with every field.
  auto leased = Must(f.fed().LeaseInbox(t0, 60, 3));
  REQUIRE(leased.size() == 3);
  CHECK(leased[0].id < leased[1].id);
  CHECK(leased[1].id < leased[2].id);
  CHECK(leased[0].activity_uri == "https://a.example/a/1");
  CHECK(leased[0].recipient_account_id == shop);
  CHECK(leased[0].signer_key_id == "https://a.example/users/amy#main-key");
  CHECK(leased[0].signer_uri == "https://a.example/users/amy");
  CHECK(leased[0].body == Item("https://a.example/a/1").body);
  CHECK(leased[0].received_at == t0);
  CHECK(leased[0].state == store::InboxState::kProcessing);
  CHECK(leased[0].attempts == 1);
  CHECK(leased[1].recipient_account_id == 0);
  // Leased items are not handed out again while the lease holds.
  auto rest = Must(f.fed().LeaseInbox(t0 + 30, 60, 10));
  REQUIRE(rest.size() == 1);
  CHECK(Must(f.fed().LeaseInbox(t0 + 30, 60, 10)).empty());
  CHECK(Must(f.fed().LeaseInbox(t0, 60, 0)).empty());
  CHECK(Must(f.fed().CountInboxPending()) == 4);

  // Complete: no longer pending, and a replay of its id is still refused.
  MustOk(f.fed().CompleteInbox(leased[0].id));
  CHECK(Must(f.fed().CountInboxPending()) == 3);
  CHECK_FALSE(Must(f.fed().EnqueueInbox(Item("https://a.example/a/1"))));

  // Retry: due again at the given time, with the error kept.
  MustOk(f.fed().RetryInbox(leased[1].id, t0 + 300, "handler: timeout"));
  // Fail: permanent, listed for the operator.
  MustOk(f.fed().FailInbox(leased[2].id, "unknown actor"));
  MustOk(f.fed().FailInbox(rest[0].id, "bad signature"));
  CHECK(Must(f.fed().CountInboxPending()) == 1);
  CHECK(Must(f.fed().LeaseInbox(t0 + 299, 60, 10)).empty());
  auto retried = Must(f.fed().LeaseInbox(t0 + 300, 60, 10));
  REQUIRE(retried.size() == 1);
  CHECK(retried[0].id == leased[1].id);
  CHECK(retried[0].attempts == 2);
  CHECK(retried[0].last_error == "handler: timeout");

  auto failed = Must(f.fed().ListFailedInbox({}));
  REQUIRE(failed.size() == 2);
  CHECK(failed[0].id == rest[0].id);  // newest first
  CHECK(failed[0].state == store::InboxState::kFailed);
  CHECK(failed[0].last_error == "bad signature");
  CHECK(failed[1].last_error == "unknown actor");
  CHECK(failed[1].body == Item("").body);  // kept for the operator

  for (int64_t missing : {retried[0].id + 1000}) {
    CHECK_FALSE(f.fed().CompleteInbox(missing).ok());
    CHECK(f.fed().RetryInbox(missing, t0, "x").error().code == ErrorCode::kNotFound);
    CHECK(f.fed().FailInbox(missing, "x").error().code == ErrorCode::kNotFound);
  }

  // Purging old done items forgets their ids: the replay window is the retention.
  CHECK(Must(f.fed().PurgeInbox(t0)) == 0);
  CHECK(Must(f.fed().PurgeInbox(t0 + 1)) == 1);
  CHECK(Must(f.fed().EnqueueInbox(Item("https://a.example/a/1"))));
  CHECK(Must(f.fed().ListFailedInbox({})).size() == 2);  // failed ones stay
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: inbox items completed together", H,
                          cs_fed_inbox_complete_items) {
  FederationFixture<H> f;
  const int64_t t0 = StoreTestClock::kStart;
  for (int i = 1; i <= 3; ++i) {
    CHECK(Must(f.fed().EnqueueInbox(Item("https://a.example/a/" + std::to_string(i)))));
  }
  auto leased = Must(f.fed().LeaseInbox(t0, 60, 10));
  REQUIRE(leased.size() == 3);
  MustOk(f.fed().CompleteInboxItems({}));
  MustOk(f.fed().CompleteInboxItems({leased[0].id, leased[1].id, leased[0].id}));
  CHECK(Must(f.fed().CountInboxPending()) == 1);
  // One missing id: kNotFound, and the others are left as they were.
  CHECK(f.fed().CompleteInboxItems({leased[2].id, leased[2].id + 1000}).error().code ==
        ErrorCode::kNotFound);
  CHECK(Must(f.fed().CountInboxPending()) == 1);
  MustOk(f.fed().CompleteInboxItems({leased[2].id}));
  CHECK(Must(f.fed().CountInboxPending()) == 0);
  CHECK_FALSE(Must(f.fed().EnqueueInbox(Item("https://a.example/a/1"))));  // still a replay
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: an expired inbox lease is leased again", H,
                          cs_fed_inbox_expired) {
  FederationFixture<H> f;
  const int64_t t0 = StoreTestClock::kStart;
  store::InboxItem later = Item("https://a.example/a/later");
  later.next_attempt_at = t0 + 100;  // not due yet
  CHECK(Must(f.fed().EnqueueInbox(later)));
  CHECK(Must(f.fed().EnqueueInbox(Item("https://a.example/a/1"))));
  auto first = Must(f.fed().LeaseInbox(t0, 60, 10));
  REQUIRE(first.size() == 1);
  CHECK(first[0].activity_uri == "https://a.example/a/1");
  CHECK(Must(f.fed().LeaseInbox(t0 + 59, 60, 10)).empty());
  // The worker died: after the lease runs out the item comes back, oldest first.
  auto again = Must(f.fed().LeaseInbox(t0 + 100, 60, 10));
  REQUIRE(again.size() == 2);
  CHECK(again[0].activity_uri == "https://a.example/a/later");
  CHECK(again[1].id == first[0].id);
  CHECK(again[1].attempts == 2);
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: leases released at start-up are due at once", H,
                          cs_fed_release_leases) {
  FederationFixture<H> f;
  const int64_t t0 = StoreTestClock::kStart;
  MustOk(
      f.fed().EnqueueDeliveries({Job("https://local.example/act/1", "https://a.example/inbox"),
                                 Job("https://local.example/act/1", "https://b.example/inbox")}));
  CHECK(Must(f.fed().EnqueueInbox(Item("https://a.example/a/1"))));
  CHECK(Must(f.fed().EnqueueInbox(Item("https://a.example/a/2"))));
  REQUIRE(Must(f.fed().LeaseDeliveries(t0, 300, 1)).size() == 1);
  REQUIRE(Must(f.fed().LeaseInbox(t0, 300, 1)).size() == 1);
  // A crashed server held one of each; nothing else is touched.
  CHECK(Must(f.fed().ReleaseLeases(t0 + 5)) == 2);
  CHECK(Must(f.fed().ReleaseLeases(t0 + 5)) == 0);
  // Due again long before the 300 s leases would have expired; attempts were counted.
  auto jobs = Must(f.fed().LeaseDeliveries(t0 + 5, 300, 10));
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0].attempts == 2);
  CHECK(jobs[1].attempts == 1);
  auto items = Must(f.fed().LeaseInbox(t0 + 5, 300, 10));
  REQUIRE(items.size() == 2);
  CHECK(items[0].attempts == 2);
  CHECK(Must(f.fed().CountDeliveriesPending()) == 2);
}

// ---------------------------------------------------------------- delivery queue

TEST_CASE_TEMPLATE_DEFINE("federation conformance: the delivery queue", H, cs_fed_delivery) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t t0 = StoreTestClock::kStart;
  auto post = f.Post("https://local.example/objects/1", shop, LocalActor("shop"));
  store::DeliveryJob a = Job("https://local.example/act/1", "https://A.example/inbox", post.id);
  a.signer_account_id = shop;
  store::DeliveryJob b = Job("https://local.example/act/1", "https://b.example/inbox", post.id);
  b.signer_private_key_pem = "PRIVATE";
  store::DeliveryJob c = Job("https://local.example/act/1", "https://c.example/inbox", post.id);
  store::DeliveryJob later = Job("https://local.example/act/2", "https://b.example/inbox");
  later.next_attempt_at = t0 + 500;
  MustOk(f.fed().EnqueueDeliveries({a, b, c, later}));
  MustOk(f.fed().EnqueueDeliveries({a, b}));  // duplicates of (activity, inbox) are ignored
  MustOk(f.fed().EnqueueDeliveries({}));
  CHECK(f.Pending() == 4);

  // Oldest first, skipping hosts, with every field.
  auto leased = Must(f.fed().LeaseDeliveries(t0, 60, 10, {"C.example"}));
  REQUIRE(leased.size() == 2);
  CHECK(leased[0].inbox_url == "https://A.example/inbox");
  CHECK(leased[0].host == "a.example");  // derived, lower case
  CHECK(leased[0].activity_uri == a.activity_uri);
  CHECK(leased[0].activity_json == a.activity_json);
  CHECK(leased[0].signer_account_id == shop);
  CHECK(leased[0].signer_key_id == a.signer_key_id);
  CHECK(leased[0].signer_private_key_pem.empty());
  CHECK(leased[0].object_id == post.id);
  CHECK(leased[0].state == store::DeliveryState::kLeased);
  CHECK(leased[0].attempts == 1);
  CHECK(leased[0].lease_until == t0 + 60);
  CHECK(leased[0].created_at == t0);
  CHECK(leased[1].host == "b.example");
  CHECK(leased[1].signer_account_id == 0);
  CHECK(leased[1].signer_private_key_pem == "PRIVATE");
  CHECK(Must(f.fed().LeaseDeliveries(t0, 60, 10, {"c.example"})).empty());
  CHECK(Must(f.fed().LeaseDeliveries(t0, 60, 0)).empty());
  auto c_leased = Must(f.fed().LeaseDeliveries(t0, 60, 10));
  REQUIRE(c_leased.size() == 1);
  CHECK(c_leased[0].host == "c.example");

  MustOk(f.fed().CompleteDelivery(leased[0].id, 202));
  MustOk(f.fed().RetryDelivery(leased[1].id, t0 + 100, 503, "service unavailable"));
  MustOk(f.fed().FailDelivery(c_leased[0].id, 410, "gone"));
  CHECK(f.Pending() == 2);  // the retry and `later`

  store::DeliveryReport report = Must(f.fed().ReportDeliveries(post.id));
  CHECK(report.total == 3);
  CHECK(report.done == 1);
  CHECK(report.queued == 1);
  CHECK(report.failed == 1);
  CHECK(report.hosts_total == 3);
  CHECK(report.hosts_done == 1);
  REQUIRE(report.retrying.size() == 1);
  CHECK(report.retrying[0].id == leased[1].id);
  CHECK(report.retrying[0].last_status == 503);
  CHECK(report.retrying[0].last_error == "service unavailable");
  CHECK(report.retrying[0].next_attempt_at == t0 + 100);
  CHECK(report.retrying[0].signer_private_key_pem.empty());  // secrets stay in the queue
  REQUIRE(report.gave_up.size() == 1);
  CHECK(report.gave_up[0].last_status == 410);
  CHECK(report.gave_up[0].state == store::DeliveryState::kFailed);
  store::DeliveryReport none = Must(f.fed().ReportDeliveries(post.id + 1000));
  CHECK(none.total == 0);
  CHECK(none.retrying.empty());

  // The retry and `later` come due at their times.
  CHECK(Must(f.fed().LeaseDeliveries(t0 + 99, 60, 10)).empty());
  auto retried = Must(f.fed().LeaseDeliveries(t0 + 100, 1000, 10));
  REQUIRE(retried.size() == 1);
  CHECK(retried[0].attempts == 2);
  auto due_later = Must(f.fed().LeaseDeliveries(t0 + 500, 60, 10));
  REQUIRE(due_later.size() == 1);
  CHECK(due_later[0].activity_uri == later.activity_uri);

  for (int64_t missing : {due_later[0].id + 1000}) {
    CHECK(f.fed().CompleteDelivery(missing, 200).error().code == ErrorCode::kNotFound);
    CHECK(f.fed().RetryDelivery(missing, t0, 500, "x").error().code == ErrorCode::kNotFound);
    CHECK(f.fed().FailDelivery(missing, 400, "x").error().code == ErrorCode::kNotFound);
  }
  // A job needs an activity id and an inbox.
  Status invalid = f.fed().EnqueueDeliveries({Job("https://local.example/act/3", "")});
  REQUIRE_FALSE(invalid.ok());
  CHECK(invalid.error().code == ErrorCode::kInvalidInput);
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: an expired delivery lease is leased again", H,
                          cs_fed_delivery_expired) {
  FederationFixture<H> f;
  const int64_t t0 = StoreTestClock::kStart;
  MustOk(f.fed().EnqueueDeliveries({Job("https://local.example/act/1", "https://a.example/i")}));
  auto first = Must(f.fed().LeaseDeliveries(t0, 60, 10));
  REQUIRE(first.size() == 1);
  CHECK(Must(f.fed().LeaseDeliveries(t0 + 59, 60, 10)).empty());
  auto again = Must(f.fed().LeaseDeliveries(t0 + 60, 60, 10));
  REQUIRE(again.size() == 1);
  CHECK(again[0].id == first[0].id);
  CHECK(again[0].attempts == 2);
  CHECK(again[0].lease_until == t0 + 120);
  // Skipping its host also skips an expired lease.
  CHECK(Must(f.fed().LeaseDeliveries(t0 + 500, 60, 10, {"a.example"})).empty());
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: concurrent leasing never hands a row twice", H,
                          cs_fed_concurrent_leasing) {
  constexpr int kThreads = 4;
  constexpr int kJobs = 240;
  constexpr int kBatch = 7;
  FederationFixture<H> f;
  std::vector<store::DeliveryJob> jobs;
  for (int i = 0; i < kJobs; ++i) {
    jobs.push_back(Job("https://local.example/act/" + std::to_string(i),
                       "https://h" + std::to_string(i % 5) + ".example/inbox"));
    REQUIRE(Must(f.fed().EnqueueInbox(Item("https://a.example/a/" + std::to_string(i)))));
  }
  MustOk(f.fed().EnqueueDeliveries(jobs));

  const int64_t now = f.clock.NowUnix();
  std::atomic<int> failures{0};
  std::vector<std::vector<int64_t>> job_ids(kThreads), item_ids(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      bool jobs_left = true, items_left = true;
      while (jobs_left || items_left) {
        if (jobs_left) {
          auto leased = f.fed().LeaseDeliveries(now, 600, kBatch);
          if (!leased.ok()) {
            ++failures;
            return;
          }
          jobs_left = !leased->empty();
          for (const auto& job : *leased) job_ids[t].push_back(job.id);
        }
        if (items_left) {
          auto leased = f.fed().LeaseInbox(now, 600, kBatch);
          if (!leased.ok()) {
            ++failures;
            return;
          }
          items_left = !leased->empty();
          for (const auto& item : *leased) item_ids[t].push_back(item.id);
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures.load() == 0);
  for (const auto* per_thread : {&job_ids, &item_ids}) {
    size_t total = 0;
    std::set<int64_t> distinct;
    for (const auto& ids : *per_thread) {
      total += ids.size();
      distinct.insert(ids.begin(), ids.end());
    }
    CHECK(total == kJobs);
    CHECK(distinct.size() == kJobs);
  }
}

// ---------------------------------------------------------------- the outbox pattern

TEST_CASE_TEMPLATE_DEFINE("federation conformance: state changes enqueue their deliveries", H,
                          cs_fed_outbox) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const std::string amy = RemoteUri("a.example", "amy");
  const std::string inbox = "https://a.example/users/amy/inbox";
  int n = 0;
  // One fresh job per call; checks that exactly that job was committed with the change.
  auto next = [&] {
    return std::vector{Job("https://local.example/act/" + std::to_string(++n), inbox)};
  };
  auto expect_enqueued = [&](const char* what) {
    CAPTURE(what);
    auto drained = f.DrainJobs();
    REQUIRE(drained.size() == 1);
    CHECK(drained[0].activity_uri == "https://local.example/act/" + std::to_string(n));
  };

  store::Follow follow = Must(f.fed().PutFollow(
      MakeFollow(amy, 0, LocalActor("shop"), shop, store::FollowState::kPending, "https://a/f"),
      next()));
  expect_enqueued("PutFollow");
  MustOk(f.fed().SetFollowState(follow.id, store::FollowState::kAccepted, next()));
  expect_enqueued("SetFollowState");
  MustOk(f.fed().DeleteFollow(follow.id, next()));
  expect_enqueued("DeleteFollow");

  store::StoredObject post = Must(f.fed().InsertObject(
      SamplePost("https://local.example/objects/1", shop, LocalActor("shop")), next()));
  expect_enqueued("InsertObject");
  MustOk(f.fed().UpdateObject(SamplePost(post.uri, shop, LocalActor("shop")), next()));
  expect_enqueued("UpdateObject");
  MustOk(f.fed().Pin(shop, post.id, next()));
  expect_enqueued("Pin");
  MustOk(f.fed().Unpin(shop, post.id, next()));
  expect_enqueued("Unpin");

  store::Reaction like{0,
                       store::ReactionType::kLike,
                       "https://local.example/likes/1",
                       LocalActor("shop"),
                       shop,
                       post.uri,
                       "",
                       0};
  CHECK(Must(f.fed().AddReaction(like, next())));
  expect_enqueued("AddReaction");
  CHECK_FALSE(Must(f.fed().AddReaction(like, next())));  // nothing changed: nothing sent
  CHECK(f.DrainJobs().empty());
  MustOk(
      f.fed().RemoveReaction(Must(f.fed().FindReactionByActivity(like.activity_uri)).id, next()));
  expect_enqueued("RemoveReaction");

  MustOk(f.fed().AddBlock({0, shop, amy, false, "https://local.example/blocks/1", 0}, next()));
  expect_enqueued("AddBlock");
  MustOk(f.fed().RemoveBlock(shop, amy, false, next()));
  expect_enqueued("RemoveBlock");

  MustOk(f.fed().TombstoneObject(post.uri, 0, next()));
  expect_enqueued("TombstoneObject");
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: a failed change enqueues nothing", H,
                          cs_fed_outbox_rollback) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const std::string amy = RemoteUri("a.example", "amy");
  const std::string bob = RemoteUri("b.example", "bob");
  const store::DeliveryJob good = Job("https://local.example/act/1", "https://a.example/inbox");
  const store::DeliveryJob bad = Job("https://local.example/act/2", "");  // refused: no inbox
  Must(f.fed().PutFollow(MakeFollow(amy, 0, LocalActor("shop"), shop, store::FollowState::kAccepted,
                                    "https://a.example/f/1")));

  // The change itself is refused (its activity id belongs to another follow): no jobs.
  auto conflict =
      f.fed().PutFollow(MakeFollow(bob, 0, LocalActor("shop"), shop, store::FollowState::kPending,
                                   "https://a.example/f/1"),
                        {good});
  CHECK(CodeOf(conflict) == ErrorCode::kConflict);
  CHECK(f.Pending() == 0);

  // A job is refused after the change and a first job were written: all of it rolls back.
  auto rolled_back =
      f.fed().PutFollow(MakeFollow(bob, 0, LocalActor("shop"), shop, store::FollowState::kPending,
                                   "https://b.example/f/1"),
                        {good, bad});
  CHECK(CodeOf(rolled_back) == ErrorCode::kInvalidInput);
  CHECK(CodeOf(f.fed().FindFollow(bob, LocalActor("shop"))) == ErrorCode::kNotFound);
  CHECK(f.Pending() == 0);

  auto post = f.fed().InsertObject(
      SamplePost("https://local.example/objects/1", shop, LocalActor("shop")), {good, bad});
  CHECK(CodeOf(post) == ErrorCode::kInvalidInput);
  CHECK(CodeOf(f.fed().FindObject("https://local.example/objects/1")) == ErrorCode::kNotFound);
  CHECK(Must(f.fed().CountAccountObjects(shop, {})) == 0);

  Status remote_block = f.fed().AddBlock({0, shop, amy, true, "https://a.example/b/1", 0}, {bad});
  REQUIRE_FALSE(remote_block.ok());
  CHECK_FALSE(Must(f.fed().IsBlocked(shop, amy, true)));
  CHECK(Must(f.fed().FindFollow(amy, LocalActor("shop"))).id > 0);  // not ended either
  CHECK(f.Pending() == 0);

  // And the store still works afterwards.
  Must(f.fed().PutFollow(MakeFollow(bob, 0, LocalActor("shop"), shop, store::FollowState::kPending,
                                    "https://b.example/f/1"),
                         {good}));
  CHECK(f.Pending() == 1);
}

// ---------------------------------------------------------------- an actor's Delete

TEST_CASE_TEMPLATE_DEFINE("federation conformance: removing a remote actor", H,
                          cs_fed_remove_actor) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const std::string amy = f.Actor("a.example", "amy").uri;
  const std::string bob = f.Actor("b.example", "bob").uri;
  MustOk(f.fed().PutKey({amy + "#main-key", amy, "PEM", 0, 0}));
  MustOk(f.fed().PutKey({bob + "#main-key", bob, "PEM", 0, 0}));
  Must(f.fed().PutFollow(MakeFollow(amy, 0, LocalActor("shop"), shop, store::FollowState::kAccepted,
                                    "https://a.example/f/1")));
  Must(f.fed().PutFollow(MakeFollow(LocalActor("shop"), shop, amy, 0, store::FollowState::kAccepted,
                                    "https://local.example/f/1")));
  Must(f.fed().PutFollow(MakeFollow(bob, 0, LocalActor("shop"), shop, store::FollowState::kAccepted,
                                    "https://b.example/f/1")));
  auto amy_note = f.Post("https://a.example/notes/1", 0, amy);
  auto bob_note = f.Post("https://b.example/notes/1", 0, bob);
  auto ours = f.Post("https://local.example/objects/1", shop, LocalActor("shop"));
  MustOk(f.fed().AddToTimeline(shop, amy_note.id));
  MustOk(f.fed().AddToTimeline(shop, bob_note.id));
  using RT = store::ReactionType;
  CHECK(
      Must(f.fed().AddReaction({0, RT::kLike, "https://a.example/l/1", amy, 0, ours.uri, "", 0})));
  CHECK(
      Must(f.fed().AddReaction({0, RT::kLike, "https://b.example/l/1", bob, 0, ours.uri, "", 0})));
  CHECK(Must(f.fed().AddReaction(
      {0, RT::kLike, "https://local.example/l/1", LocalActor("shop"), shop, amy_note.uri, "", 0})));
  store::Notification from_amy;
  from_amy.account_id = shop;
  from_amy.type = store::NotificationType::kFavourite;
  from_amy.actor_uri = amy;
  from_amy.object_uri = ours.uri;
  from_amy.activity_uri = "https://a.example/l/1";
  CHECK(Must(f.fed().AddNotification(from_amy)));
  store::Notification from_bob = from_amy;
  from_bob.actor_uri = bob;
  from_bob.activity_uri = "https://b.example/l/1";
  CHECK(Must(f.fed().AddNotification(from_bob)));

  f.clock.Advance(7);
  MustOk(f.fed().RemoveRemoteActor(amy));

  CHECK(CodeOf(f.fed().FindRemoteActor(amy)) == ErrorCode::kNotFound);
  CHECK(CodeOf(f.fed().FindRemoteActorByAcct("amy", "a.example")) == ErrorCode::kNotFound);
  CHECK_FALSE(Must(f.fed().FindKey(amy + "#main-key")).has_value());
  CHECK(CodeOf(f.fed().FindFollow(amy, LocalActor("shop"))) == ErrorCode::kNotFound);
  CHECK(CodeOf(f.fed().FindFollow(LocalActor("shop"), amy)) == ErrorCode::kNotFound);
  // Its posts are tombstones: they cannot be re-created by a late Create.
  store::StoredObject tomb = Must(f.fed().FindObject(amy_note.uri));
  CHECK(tomb.deleted_at == StoreTestClock::kStart + 7);
  CHECK(tomb.content_html.empty());
  CHECK(CodeOf(f.fed().InsertObject(SamplePost(amy_note.uri, 0, amy))) == ErrorCode::kGone);
  CHECK(Must(f.fed().CountReactions(amy_note.uri, RT::kLike)) == 0);
  // Its reactions and the notifications from it are gone.
  CHECK(Must(f.fed().CountReactions(ours.uri, RT::kLike)) == 1);
  auto notifications = Must(f.fed().ListNotifications(shop, {}));
  REQUIRE(notifications.size() == 1);
  CHECK(notifications[0].actor_uri == bob);
  CHECK(IdsOf(Must(f.fed().ListTimeline(shop, {}))) == std::vector<int64_t>{bob_note.id});

  // Nobody else was touched.
  CHECK(Must(f.fed().FindRemoteActor(bob)).uri == bob);
  CHECK(Must(f.fed().FindKey(bob + "#main-key")).has_value());
  CHECK(Must(f.fed().FindFollow(bob, LocalActor("shop"))).id > 0);
  CHECK(Must(f.fed().FindObject(bob_note.uri)).deleted_at == 0);
  CHECK(Must(f.fed().FindObject(ours.uri)).deleted_at == 0);

  // A repeated Delete, or one for an actor never seen, is harmless.
  MustOk(f.fed().RemoveRemoteActor(amy));
  MustOk(f.fed().RemoveRemoteActor(RemoteUri("z.example", "nobody")));
}

// ---------------------------------------------------------------- host state

// ---------------------------------------------------------------- deleting a local account

TEST_CASE_TEMPLATE_DEFINE("federation conformance: deleting a local account", H,
                          cs_fed_delete_account) {
  FederationFixture<H> f;
  const int64_t shop = f.Account("shop");
  const int64_t cafe = f.Account("cafe");
  const std::string me = LocalActor("shop");
  const std::string amy = f.Actor("a.example", "amy", "https://a.example/inbox").uri;
  const std::string ann = f.Actor("a.example", "ann", "https://a.example/inbox").uri;
  const std::string bob = f.Actor("b.example", "bob").uri;  // personal inbox only
  const std::string zed = f.Actor("b.example", "zed").uri;
  const std::string cid = f.Actor("c.example", "cid", "https://c.example/inbox").uri;
  const std::string dan = f.Actor("d.example", "dan", "https://d.example/inbox").uri;
  const std::string eve = f.Actor("e.example", "eve", "https://e.example/inbox").uri;
  using FS = store::FollowState;
  // Who knows shop: amy follows it, ann asked to, it asked to follow bob, its post mentions zed,
  // cid liked that post, and it boosted dan's. eve knows only cafe.
  Must(f.fed().PutFollow(MakeFollow(amy, 0, me, shop, FS::kAccepted, "https://a.example/f/1")));
  Must(f.fed().PutFollow(MakeFollow(ann, 0, me, shop, FS::kPending, "https://a.example/f/2")));
  Must(f.fed().PutFollow(MakeFollow(me, shop, bob, 0, FS::kPending, "https://local.example/f/1")));
  Must(f.fed().PutFollow(
      MakeFollow(eve, 0, LocalActor("cafe"), cafe, FS::kAccepted, "https://e.example/f/1")));
  Must(f.fed().PutFollow(MakeFollow(LocalActor("cafe"), cafe, me, shop, FS::kAccepted,
                                    "https://local.example/f/2")));  // local: no inbox
  store::StoredObject mine = SamplePost("https://local.example/objects/1", shop, me);
  mine.mentions = {{zed, "zed@b.example", 0}, {LocalActor("cafe"), "cafe@local.example", cafe}};
  mine = Must(f.fed().InsertObject(mine));
  store::StoredObject theirs = SamplePost("https://d.example/notes/1", 0, dan);
  theirs.mentions.clear();
  theirs = Must(f.fed().InsertObject(theirs));
  using RT = store::ReactionType;
  Must(f.fed().AddReaction({0, RT::kLike, "https://c.example/l/1", cid, 0, mine.uri, "", 0}));
  Must(f.fed().AddReaction(
      {0, RT::kAnnounce, "https://local.example/b/1", me, shop, theirs.uri, "", 0}));

  CHECK(Must(f.fed().AccountAudienceInboxes(shop)) ==
        std::vector<std::string>{"https://a.example/inbox", "https://b.example/users/bob/inbox",
                                 "https://b.example/users/zed/inbox", "https://c.example/inbox",
                                 "https://d.example/inbox"});
  CHECK(Must(f.fed().AccountAudienceInboxes(cafe)) ==
        std::vector<std::string>{"https://e.example/inbox"});
  CHECK(Must(f.fed().AccountAudienceInboxes(f.Account("nobody"))).empty());

  // A job queued earlier under shop's name goes with the account.
  MustOk(f.fed().EnqueueDeliveries(
      {Job("https://local.example/objects/1/activity", "https://a.example/inbox")}));
  store::DeliveryJob earlier = Job("https://local.example/objects/2/activity", "https://x/inbox");
  earlier.signer_account_id = shop;
  MustOk(f.fed().EnqueueDeliveries({earlier}));
  CHECK(f.Pending() == 2);

  auto delete_job = [&](const std::string& inbox) {
    store::DeliveryJob job = Job(me + "#delete", inbox);
    job.signer_private_key_pem = "PRIVATE";
    return job;
  };
  // Refused, and nothing changes: a job that does not carry the key would be lost with it.
  store::DeliveryJob keyless = Job(me + "#delete", "https://a.example/inbox");
  store::DeliveryJob named = delete_job("https://a.example/inbox");
  named.signer_account_id = shop;
  for (const store::DeliveryJob& bad : {keyless, named}) {
    Status refused = f.fed().DeleteLocalAccount(shop, {bad});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::kInvalidInput);
  }
  CHECK(Must(f.store().FindAccountById(shop)).username == "shop");
  CHECK_FALSE(Must(f.store().IsAccountDeleted("shop")));
  CHECK(f.Pending() == 2);

  MustOk(f.fed().DeleteLocalAccount(
      shop, {delete_job("https://a.example/inbox"), delete_job("https://d.example/inbox")}));
  CHECK(CodeOf(f.store().FindAccountById(shop)) == ErrorCode::kNotFound);
  CHECK(CodeOf(f.store().FindAccountByUsername("shop")) == ErrorCode::kNotFound);
  CHECK(Must(f.store().IsAccountDeleted("shop")));
  CHECK(Must(f.store().IsAccountDeleted("SHOP")));
  CHECK_FALSE(Must(f.store().IsAccountDeleted("cafe")));
  CHECK(CodeOf(f.fed().FindObject(mine.uri)) == ErrorCode::kNotFound);
  CHECK(Must(f.fed().ListFollowers(cafe, FS::kAccepted, {})).size() == 1);  // eve only
  CHECK(Must(f.fed().CountFollowing(cafe, FS::kAccepted)) == 0);
  // The earlier job without a signer stays; the Delete jobs keep their key; shop's own went.
  auto jobs = Must(f.fed().LeaseDeliveries(f.clock.NowUnix(), 60, store::kMaxPageLimit));
  REQUIRE(jobs.size() == 3);
  int deletes = 0;
  for (const auto& job : jobs) {
    CHECK(job.signer_account_id == 0);
    if (job.activity_uri != me + "#delete") continue;
    ++deletes;
    CHECK(job.signer_private_key_pem == "PRIVATE");
    CHECK(job.signer_key_id == "https://local.example/users/shop#main-key");
  }
  CHECK(deletes == 2);

  // The name is never taken again, in any case; deleting again finds nothing.
  CHECK(CodeOf(f.store().CreateAccount(MinimalAccount("shop"))) == ErrorCode::kConflict);
  CHECK(CodeOf(f.store().CreateAccount(MinimalAccount("Shop"))) == ErrorCode::kConflict);
  Status again = f.fed().DeleteLocalAccount(shop, {delete_job("https://c.example/inbox")});
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kNotFound);
  CHECK(f.Pending() == 3);  // the leased ones, nothing new
}

TEST_CASE_TEMPLATE_DEFINE("federation conformance: host state", H, cs_fed_host_state) {
  FederationFixture<H> f;
  store::HostState unknown = Must(f.fed().GetHostState("a.example"));
  CHECK(unknown.host == "a.example");
  CHECK(unknown.signature_scheme.empty());
  CHECK(unknown.consecutive_failures == 0);
  CHECK(unknown.breaker_until == 0);
  CHECK(unknown.failure_days == 0);
  CHECK_FALSE(unknown.unavailable);

  store::HostState s;
  s.host = "A.Example";
  s.signature_scheme = "rfc9421";
  s.consecutive_failures = 10;
  s.breaker_until = StoreTestClock::kStart + 60;
  s.last_failure_day = StoreTestClock::kStart / 86400;
  s.failure_days = 7;
  s.unavailable = true;
  s.last_success_at = StoreTestClock::kStart - 86400;
  MustOk(f.fed().PutHostState(s));
  store::HostState got = Must(f.fed().GetHostState("a.example"));
  CHECK(got.host == "a.example");
  CHECK(got.signature_scheme == "rfc9421");
  CHECK(got.consecutive_failures == 10);
  CHECK(got.breaker_until == s.breaker_until);
  CHECK(got.last_failure_day == s.last_failure_day);
  CHECK(got.failure_days == 7);
  CHECK(got.unavailable);
  CHECK(got.last_success_at == s.last_success_at);
  CHECK(Must(f.fed().GetHostState("A.EXAMPLE")).failure_days == 7);

  // It answered again.
  store::HostState healthy;
  healthy.host = "a.example";
  healthy.signature_scheme = "cavage";
  healthy.last_success_at = StoreTestClock::kStart;
  MustOk(f.fed().PutHostState(healthy));
  got = Must(f.fed().GetHostState("a.example"));
  CHECK(got.signature_scheme == "cavage");
  CHECK_FALSE(got.unavailable);
  CHECK(got.failure_days == 0);
  CHECK(got.breaker_until == 0);
  CHECK(Must(f.fed().GetHostState("b.example")).signature_scheme.empty());

  store::HostState bad = healthy;
  bad.signature_scheme = "hmac";
  CHECK(f.fed().PutHostState(bad).error().code == ErrorCode::kInvalidInput);
}

}  // namespace cornerstore::testing::conformance

// Runs the whole suite for one or more harness types.
#define CS_FEDERATION_STORE_CONFORMANCE(...)                           \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_remote_actors, __VA_ARGS__);        \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_keys, __VA_ARGS__);                 \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_follows, __VA_ARGS__);              \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_follow_not_found, __VA_ARGS__);     \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_follower_inboxes, __VA_ARGS__);     \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_paging, __VA_ARGS__);               \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_objects, __VA_ARGS__);              \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_tombstones, __VA_ARGS__);           \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_account_objects, __VA_ARGS__);      \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_timeline, __VA_ARGS__);             \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_pins, __VA_ARGS__);                 \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_client_timelines, __VA_ARGS__);     \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_notification_queries, __VA_ARGS__); \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_markers, __VA_ARGS__);              \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_reactions, __VA_ARGS__);            \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_reactor_inboxes, __VA_ARGS__);      \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_blocks, __VA_ARGS__);               \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_domain_blocks, __VA_ARGS__);        \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_notifications, __VA_ARGS__);        \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_reports, __VA_ARGS__);              \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_inbox, __VA_ARGS__);                \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_inbox_complete_items, __VA_ARGS__); \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_inbox_expired, __VA_ARGS__);        \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_release_leases, __VA_ARGS__);       \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_delivery, __VA_ARGS__);             \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_delivery_expired, __VA_ARGS__);     \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_concurrent_leasing, __VA_ARGS__);   \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_outbox, __VA_ARGS__);               \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_outbox_rollback, __VA_ARGS__);      \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_remove_actor, __VA_ARGS__);         \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_delete_account, __VA_ARGS__);       \
  TEST_CASE_TEMPLATE_INVOKE(cs_fed_host_state, __VA_ARGS__)
