// Our read endpoints over the real SQLite stores on ":memory:" and a FakeClock: one local
// account "shop", posts inserted straight into the store, follows, pins and blocks, and helpers
// that call an endpoint and parse its JSON answer.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "activitypub/collections/read_endpoints.h"
#include "activitypub/uris.h"
#include "config/config.h"
#include "src/common/json.h"
#include "src/common/log.h"
#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"
#include "tests/fakes/fake_clock.h"
#include "tests/support/quiet_log.h"

namespace cornerstore::testing {

inline constexpr const char* kCollBase = "https://shop.example";
inline constexpr const char* kCollShop = "https://shop.example/users/shop";
inline constexpr const char* kCollPublic = "https://www.w3.org/ns/activitystreams#Public";
inline constexpr const char* kCollAlice = "https://mastodon.example/users/alice";
inline constexpr const char* kCollBob = "https://gts.example/users/bob";
inline constexpr const char* kCollCarol = "https://misskey.example/users/carol";

// A parsed answer.
struct Answer {
  int status = 0;
  HttpResponse response;
  json::Value body;

  std::string Header(const std::string& name) const {
    auto v = response.headers.Get(name);
    return v ? std::string(*v) : std::string();
  }
  std::string Str(const std::string& key) const {
    const std::string* s = body.FindString(key);
    return s ? *s : std::string();
  }
  int64_t Int(const std::string& key) const { return body.FindInt(key).value_or(-1); }
  const json::Array& Items(const std::string& key = "orderedItems") const {
    static const json::Array empty;
    const json::Array* a = body.FindArray(key);
    return a ? *a : empty;
  }
};

inline Answer Parsed(HttpResponse response) {
  Answer answer;
  answer.status = response.status;
  auto parsed = json::Parse(response.body);
  REQUIRE_MESSAGE(parsed.ok(), response.body);
  answer.body = std::move(parsed).value();
  answer.response = std::move(response);
  return answer;
}

struct CollectionsHarness {
  explicit CollectionsHarness(bool authorized_fetch = false) {
    config.instance.base_url = kCollBase;
    config.instance.domain = "shop.example";
    config.instance.authorized_fetch = authorized_fetch;
    auto opened = store::SqliteStore::Open(":memory:", &clock);
    REQUIRE_MESSAGE(opened.ok(), opened.error().ToLogString());
    accounts = std::move(opened).value();
    federation = std::make_unique<store::SqliteFederationStore>(accounts->database());
    endpoints = std::make_unique<activitypub::collections::ReadEndpoints>(*accounts, *federation,
                                                                          uris, config);
    shop = CreateAccount("shop");
  }

  store::Account CreateAccount(const std::string& username, bool hide_collections = false) {
    store::Account account;
    account.username = username;
    account.display_name = username;
    account.hide_collections = hide_collections;
    account.public_key_pem = "unused";
    account.private_key_pem = "unused";
    auto created = accounts->CreateAccount(account);
    REQUIRE_MESSAGE(created.ok(), created.error().ToLogString());
    return *created;
  }

  // Stores post number `n` of `account` (default the shop) with the given visibility.
  store::StoredObject AddPost(int n, store::Visibility visibility = store::Visibility::kPublic,
                              std::vector<store::StoredMention> mentions = {},
                              const store::Account* account = nullptr) {
    const store::Account& owner = account ? *account : shop;
    store::StoredObject post;
    post.uri = uris.Status(owner.username, std::to_string(n));
    post.url = uris.ProfilePage(owner.username) + "/" + std::to_string(n);
    post.type = "Note";
    post.account_id = owner.id;
    post.attributed_to = uris.Actor(owner.username);
    post.visibility = visibility;
    post.content_html = "<p>Post " + std::to_string(n) + "</p>";
    post.content_source = "Post " + std::to_string(n);
    post.mentions = std::move(mentions);
    post.published_at = clock.NowUnix();
    auto inserted = federation->InsertObject(post);
    REQUIRE_MESSAGE(inserted.ok(), inserted.error().ToLogString());
    return *inserted;
  }

  // `follower` follows the shop (remote follower) in `state`.
  store::Follow AddFollower(const std::string& follower,
                            store::FollowState state = store::FollowState::kAccepted) {
    store::Follow follow;
    follow.follower_uri = follower;
    follow.followed_uri = kCollShop;
    follow.followed_account_id = shop.id;
    follow.state = state;
    follow.follow_activity_uri = follower + "#follows/" + std::to_string(++follow_counter);
    auto put = federation->PutFollow(follow);
    REQUIRE_MESSAGE(put.ok(), put.error().ToLogString());
    return *put;
  }

  // The shop follows `followed` in `state`.
  store::Follow AddFollowing(const std::string& followed,
                             store::FollowState state = store::FollowState::kAccepted) {
    store::Follow follow;
    follow.follower_uri = kCollShop;
    follow.follower_account_id = shop.id;
    follow.followed_uri = followed;
    follow.state = state;
    follow.follow_activity_uri =
        std::string(kCollShop) + "#follows/" + std::to_string(++follow_counter);
    auto put = federation->PutFollow(follow);
    REQUIRE_MESSAGE(put.ok(), put.error().ToLogString());
    return *put;
  }

  static HttpRequest Get(const std::string& target) {
    HttpRequest request;
    request.method = "GET";
    request.target = target;
    request.headers.Add("Host", "shop.example");
    request.headers.Add("Accept", "application/activity+json");
    return request;
  }

  Answer Status(const std::string& id, const std::string& requester = "",
                const std::string& username = "shop") {
    return Parsed(
        endpoints->Status(Get("/users/" + username + "/statuses/" + id), username, id, requester));
  }
  Answer Activity(const std::string& id, const std::string& requester = "") {
    return Parsed(endpoints->StatusActivity(Get("/users/shop/statuses/" + id + "/activity"), "shop",
                                            id, requester));
  }
  Answer Outbox(const std::string& query = "", const std::string& requester = "",
                const std::string& username = "shop") {
    return Parsed(
        endpoints->Outbox(Get("/users/" + username + "/outbox" + query), username, requester));
  }
  // Follows a page URL of ours (first/next/prev/last) as a peer would.
  Answer OutboxAt(const std::string& url, const std::string& requester = "") {
    return Parsed(endpoints->Outbox(Get(Target(url)), "shop", requester));
  }
  Answer Followers(const std::string& query = "", const std::string& requester = "",
                   const std::string& username = "shop") {
    return Parsed(endpoints->Followers(Get("/users/" + username + "/followers" + query), username,
                                       requester));
  }
  Answer FollowersAt(const std::string& url, const std::string& username = "shop") {
    return Parsed(endpoints->Followers(Get(Target(url)), username, ""));
  }
  Answer Following(const std::string& query = "", const std::string& requester = "",
                   const std::string& username = "shop") {
    return Parsed(endpoints->Following(Get("/users/" + username + "/following" + query), username,
                                       requester));
  }
  Answer Featured(const std::string& requester = "", const std::string& username = "shop") {
    return Parsed(endpoints->Featured(Get("/users/" + username + "/collections/featured"), username,
                                      requester));
  }
  Answer FeaturedTags(const std::string& requester = "", const std::string& username = "shop") {
    return Parsed(endpoints->FeaturedTags(Get("/users/" + username + "/collections/tags"), username,
                                          requester));
  }

  // The origin-form target of one of our absolute URLs.
  static std::string Target(const std::string& url) {
    REQUIRE(url.starts_with(kCollBase));
    return url.substr(std::string(kCollBase).size());
  }

  QuietLog quiet;
  FakeClock clock;
  config::Config config;
  activitypub::Uris uris{kCollBase, "shop.example"};
  std::unique_ptr<store::SqliteStore> accounts;
  std::unique_ptr<store::SqliteFederationStore> federation;
  std::unique_ptr<activitypub::collections::ReadEndpoints> endpoints;
  store::Account shop;
  int follow_counter = 0;
};

// The ids of a page's items: Create activities' object ids, or plain strings.
inline std::vector<std::string> ItemIds(const Answer& page) {
  std::vector<std::string> ids;
  for (const auto& item : page.Items()) {
    if (item.is_string()) {
      ids.push_back(item.AsString());
    } else if (const json::Value* object = item.FindObject("object")) {
      ids.push_back(object->FindString("id") ? *object->FindString("id") : "?");
    } else {
      ids.push_back(item.FindString("id") ? *item.FindString("id") : "?");
    }
  }
  return ids;
}

}  // namespace cornerstore::testing
