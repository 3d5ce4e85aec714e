// The Store conformance suite: behaviour every Store implementation must show, written against
// `store::Store&` only. An implementation runs it by defining a harness type and invoking
// CS_STORE_CONFORMANCE(Harness) inside namespace cornerstore::testing::conformance in one test
// file (see sqlite_conformance_test.cpp).
//
// A harness is a type H with:
//   explicit H(const Clock* clock);            // a fresh, empty store using `clock`
//   store::Store& store();
//   // Seeds a post by a local account: the Store interface cannot write posts yet.
//   void AddLocalPost(int64_t account_id, int64_t published_at, bool deleted);
//
// Name each harness for the test report with DOCTEST_TYPE_TO_STRING_AS(name, H) at global scope.
// Include this header in exactly one translation unit per test binary.
#pragma once

#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "src/common/result.h"
#include "store/store.h"
#include "tests/unit/store/account_samples.h"
#include "tests/unit/store/test_clock.h"

namespace cornerstore::testing::conformance {

inline constexpr int64_t kDay = 86400;

template <typename H>
struct Fixture {
  StoreTestClock clock;
  H harness{&clock};
  store::Store& store() { return harness.store(); }

  store::Account Create(const store::Account& account) {
    Result<store::Account> created = store().CreateAccount(account);
    REQUIRE_MESSAGE(created.ok(), created.error().ToLogString());
    return created.value();
  }
};

TEST_CASE_TEMPLATE_DEFINE("store conformance: ping and an empty store", H, cs_store_empty) {
  Fixture<H> f;
  CHECK(f.store().Ping().ok());
  auto list = f.store().ListAccounts();
  REQUIRE(list.ok());
  CHECK(list->empty());
  auto usage = f.store().CountUsage();
  REQUIRE(usage.ok());
  CHECK(usage->total_users == 0);
  CHECK(usage->active_month == 0);
  CHECK(usage->active_halfyear == 0);
  CHECK(usage->local_posts == 0);
  auto by_name = f.store().FindAccountByUsername("nobody");
  REQUIRE_FALSE(by_name.ok());
  CHECK(by_name.error().code == ErrorCode::kNotFound);
  auto by_id = f.store().FindAccountById(1);
  REQUIRE_FALSE(by_id.ok());
  CHECK(by_id.error().code == ErrorCode::kNotFound);
}

TEST_CASE_TEMPLATE_DEFINE("store conformance: account round trip of every field", H,
                          cs_store_account_round_trip) {
  Fixture<H> f;
  store::Account want = FullAccount("bakery");
  want.id = 999;        // ignored: the store assigns ids
  want.created_at = 5;  // ignored: the store stamps the time
  want.updated_at = 6;
  store::Account created = f.Create(want);
  CHECK(created.id > 0);
  CHECK(created.id != 999);
  CHECK(created.created_at == StoreTestClock::kStart);
  CHECK(created.updated_at == StoreTestClock::kStart);
  CheckSameProfile(created, want);

  auto by_id = f.store().FindAccountById(created.id);
  REQUIRE(by_id.ok());
  CheckSameAccount(*by_id, created);
  auto by_name = f.store().FindAccountByUsername("bakery");
  REQUIRE(by_name.ok());
  CheckSameAccount(*by_name, created);

  SUBCASE("defaults and empty lists survive too") {
    store::Account minimal = f.Create(MinimalAccount("plain"));
    auto found = f.store().FindAccountById(minimal.id);
    REQUIRE(found.ok());
    CheckSameAccount(*found, minimal);
    CHECK(found->fields.empty());
    CHECK(found->also_known_as.empty());
    CHECK(found->type == store::ActorType::kPerson);
    CHECK(found->discoverable);
    CHECK(found->indexable);
  }
  SUBCASE("each actor type") {
    for (auto type :
         {store::ActorType::kPerson, store::ActorType::kOrganization, store::ActorType::kService}) {
      store::Account a = MinimalAccount("t_" + std::string(store::ActorTypeName(type)));
      a.type = type;
      store::Account created_type = f.Create(a);
      auto found = f.store().FindAccountById(created_type.id);
      REQUIRE(found.ok());
      CHECK(found->type == type);
    }
  }
}

TEST_CASE_TEMPLATE_DEFINE("store conformance: usernames are case-insensitive and unique", H,
                          cs_store_usernames) {
  Fixture<H> f;
  store::Account shop = f.Create(MinimalAccount("shop_1"));
  for (const char* spelling : {"shop_1", "SHOP_1", "Shop_1"}) {
    CAPTURE(spelling);
    auto found = f.store().FindAccountByUsername(spelling);
    REQUIRE(found.ok());
    CHECK(found->id == shop.id);
    CHECK(found->username == "shop_1");  // stored as created
  }
  auto missing = f.store().FindAccountByUsername("shop_2");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);

  auto again = f.store().CreateAccount(MinimalAccount("SHOP_1"));
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kConflict);
  CHECK(again.error().http_status() == 409);
  auto list = f.store().ListAccounts();
  REQUIRE(list.ok());
  CHECK(list->size() == 1);
  // The store still works after a refused write.
  CHECK(f.store().CreateAccount(MinimalAccount("shop_2")).ok());
}

TEST_CASE_TEMPLATE_DEFINE("store conformance: update replaces mutable fields", H, cs_store_update) {
  Fixture<H> f;
  store::Account original = f.Create(MinimalAccount("shop"));
  f.Create(MinimalAccount("other"));
  f.clock.Advance(3600);

  store::Account changed = FullAccount("renamed_ignored");
  changed.id = original.id;
  changed.created_at = 1;  // ignored
  REQUIRE(f.store().UpdateAccount(changed).ok());

  auto found = f.store().FindAccountById(original.id);
  REQUIRE(found.ok());
  CHECK(found->username == "shop");
  CHECK(found->created_at == original.created_at);
  CHECK(found->updated_at == StoreTestClock::kStart + 3600);
  changed.username = "shop";
  CheckSameProfile(*found, changed);

  // Back to defaults: lists emptied, flags reset.
  store::Account cleared = MinimalAccount("shop");
  cleared.id = original.id;
  REQUIRE(f.store().UpdateAccount(cleared).ok());
  found = f.store().FindAccountById(original.id);
  REQUIRE(found.ok());
  CheckSameProfile(*found, cleared);

  // The other account is untouched.
  auto other = f.store().FindAccountByUsername("other");
  REQUIRE(other.ok());
  CHECK(other->display_name.empty());
  CHECK(other->updated_at == StoreTestClock::kStart);

  store::Account ghost = MinimalAccount("ghost");
  ghost.id = original.id + 1000;
  Status missing = f.store().UpdateAccount(ghost);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE_TEMPLATE_DEFINE("store conformance: delete and list", H, cs_store_delete_list) {
  Fixture<H> f;
  store::Account a = f.Create(MinimalAccount("alpha"));
  f.clock.Advance(1);
  store::Account b = f.Create(MinimalAccount("bravo"));
  f.clock.Advance(1);
  store::Account c = f.Create(MinimalAccount("charlie"));

  auto list = f.store().ListAccounts();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 3);
  CHECK((*list)[0].username == "alpha");  // creation order
  CHECK((*list)[1].username == "bravo");
  CHECK((*list)[2].username == "charlie");
  CheckSameAccount((*list)[1], b);

  REQUIRE(f.store().DeleteAccount(b.id).ok());
  CHECK(f.store().FindAccountById(b.id).error().code == ErrorCode::kNotFound);
  CHECK(f.store().FindAccountByUsername("bravo").error().code == ErrorCode::kNotFound);
  Status again = f.store().DeleteAccount(b.id);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kNotFound);

  list = f.store().ListAccounts();
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].id == a.id);
  CHECK((*list)[1].id == c.id);

  // The name is free again, but ids are never reused (they appear in URLs and tokens).
  REQUIRE(f.store().DeleteAccount(c.id).ok());
  store::Account reborn = f.Create(MinimalAccount("charlie"));
  CHECK(reborn.id > c.id);
}

TEST_CASE_TEMPLATE_DEFINE("store conformance: settings", H, cs_store_settings) {
  Fixture<H> f;
  auto missing = f.store().GetSetting("instance.key");
  REQUIRE(missing.ok());
  CHECK_FALSE(missing->has_value());

  REQUIRE(f.store().PutSetting("instance.key", "first").ok());
  auto got = f.store().GetSetting("instance.key");
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK(**got == "first");

  const std::string pem = "-----BEGIN PRIVATE KEY-----\nÄ 'quoted' \"x\"\n-----END-----\n";
  REQUIRE(f.store().PutSetting("instance.key", pem).ok());  // overwrite
  got = f.store().GetSetting("instance.key");
  REQUIRE(got.ok());
  CHECK(got->value() == pem);

  REQUIRE(f.store().PutSetting("empty", "").ok());
  got = f.store().GetSetting("empty");
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK(got->value().empty());

  // Keys are exact.
  auto other_case = f.store().GetSetting("INSTANCE.KEY");
  REQUIRE(other_case.ok());
  CHECK_FALSE(other_case->has_value());
}

TEST_CASE_TEMPLATE_DEFINE("store conformance: usage counts for NodeInfo", H, cs_store_usage) {
  Fixture<H> f;
  const int64_t t0 = StoreTestClock::kStart;
  // old_quiet: created a year ago, never posted.
  store::Account old_quiet = f.Create(MinimalAccount("old_quiet"));
  f.clock.Advance(20 * kDay);
  store::Account old_recent = f.Create(MinimalAccount("old_recent"));
  store::Account old_mid = f.Create(MinimalAccount("old_mid"));
  store::Account old_deleted_post = f.Create(MinimalAccount("old_deleted_post"));
  f.clock.Set(t0 + 365 * kDay);
  store::Account fresh = f.Create(MinimalAccount("fresh"));
  const int64_t now = f.clock.NowUnix();

  f.harness.AddLocalPost(old_recent.id, now - 2 * kDay, false);    // month and half-year
  f.harness.AddLocalPost(old_recent.id, now - 300 * kDay, false);  // too old
  f.harness.AddLocalPost(old_mid.id, now - 90 * kDay, false);      // half-year only
  f.harness.AddLocalPost(old_deleted_post.id, now - kDay, true);   // deleted: not activity
  f.harness.AddLocalPost(fresh.id, now, false);

  auto usage = f.store().CountUsage();
  REQUIRE(usage.ok());
  CHECK(usage->total_users == 5);
  CHECK(usage->active_month == 2);     // old_recent, fresh
  CHECK(usage->active_halfyear == 3);  // + old_mid
  CHECK(usage->local_posts == 4);      // the deleted one is not counted

  // Time passes: only the half-year window still sees the recent ones.
  f.clock.Advance(31 * kDay);
  usage = f.store().CountUsage();
  REQUIRE(usage.ok());
  CHECK(usage->active_month == 0);
  CHECK(usage->active_halfyear == 3);  // old_recent, old_mid, fresh

  // Deleting an account deletes its posts.
  REQUIRE(f.store().DeleteAccount(old_recent.id).ok());
  usage = f.store().CountUsage();
  REQUIRE(usage.ok());
  CHECK(usage->total_users == 4);
  CHECK(usage->local_posts == 2);
  (void)old_quiet;
}

TEST_CASE_TEMPLATE_DEFINE("store conformance: concurrent use from several threads", H,
                          cs_store_concurrency) {
  constexpr int kThreads = 4;
  constexpr int kAccountsPerThread = 25;
  Fixture<H> f;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&f, &failures, t] {
      for (int i = 0; i < kAccountsPerThread; ++i) {
        std::string name = "t" + std::to_string(t) + "_" + std::to_string(i);
        auto created = f.store().CreateAccount(MinimalAccount(name));
        if (!created.ok()) {
          ++failures;
          continue;
        }
        auto found = f.store().FindAccountByUsername(name);
        if (!found.ok() || found->id != created->id) ++failures;
        if (!f.store().PutSetting("last_" + std::to_string(t), name).ok()) ++failures;
        auto setting = f.store().GetSetting("last_" + std::to_string(t));
        if (!setting.ok() || setting->value_or("") != name) ++failures;
        if (i % 5 == 0) {
          if (!f.store().ListAccounts().ok()) ++failures;
          if (!f.store().CountUsage().ok()) ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures.load() == 0);
  auto list = f.store().ListAccounts();
  REQUIRE(list.ok());
  CHECK(list->size() == kThreads * kAccountsPerThread);
  std::set<int64_t> ids;
  for (const auto& account : *list) ids.insert(account.id);
  CHECK(ids.size() == kThreads * kAccountsPerThread);
  auto usage = f.store().CountUsage();
  REQUIRE(usage.ok());
  CHECK(usage->total_users == kThreads * kAccountsPerThread);
}

}  // namespace cornerstore::testing::conformance

// Runs the whole suite for one or more harness types.
#define CS_STORE_CONFORMANCE(...)                                      \
  TEST_CASE_TEMPLATE_INVOKE(cs_store_empty, __VA_ARGS__);              \
  TEST_CASE_TEMPLATE_INVOKE(cs_store_account_round_trip, __VA_ARGS__); \
  TEST_CASE_TEMPLATE_INVOKE(cs_store_usernames, __VA_ARGS__);          \
  TEST_CASE_TEMPLATE_INVOKE(cs_store_update, __VA_ARGS__);             \
  TEST_CASE_TEMPLATE_INVOKE(cs_store_delete_list, __VA_ARGS__);        \
  TEST_CASE_TEMPLATE_INVOKE(cs_store_settings, __VA_ARGS__);           \
  TEST_CASE_TEMPLATE_INVOKE(cs_store_usage, __VA_ARGS__);              \
  TEST_CASE_TEMPLATE_INVOKE(cs_store_concurrency, __VA_ARGS__)
