// Behaviour specific to SqliteFederationStore (two processes on one file), and the free
// functions of store/federation_store.h.
#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/federation_store.h"
#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"
#include "tests/support/support.h"
#include "tests/unit/store/sqlite_harness.h"
#include "tests/unit/store/test_clock.h"

using namespace cornerstore;
using cornerstore::testing::MustOpen;
using cornerstore::testing::TempDir;

TEST_CASE("federation store: visibility names round trip") {
  using store::Visibility;
  for (Visibility v :
       {Visibility::kPublic, Visibility::kUnlisted, Visibility::kFollowers, Visibility::kDirect}) {
    CAPTURE(store::VisibilityName(v));
    CHECK(store::ParseVisibility(store::VisibilityName(v)) == v);
  }
  CHECK(store::VisibilityName(Visibility::kFollowers) == "followers");
  CHECK(store::ParseVisibility("PUBLIC") == Visibility::kPublic);
  CHECK(store::ParseVisibility("private") == Visibility::kFollowers);
  CHECK_FALSE(store::ParseVisibility("").has_value());
  CHECK_FALSE(store::ParseVisibility("limited").has_value());
}

TEST_CASE("federation store: notification type names round trip and are distinct") {
  using store::NotificationType;
  std::set<std::string> names;
  for (NotificationType t :
       {NotificationType::kFollow, NotificationType::kFollowRequest, NotificationType::kMention,
        NotificationType::kReply, NotificationType::kFavourite, NotificationType::kReblog,
        NotificationType::kEmojiReact, NotificationType::kMove, NotificationType::kReport,
        NotificationType::kUpdate}) {
    std::string name(store::NotificationTypeName(t));
    CAPTURE(name);
    CHECK(store::ParseNotificationType(name) == t);
    names.insert(name);
  }
  CHECK(names.size() == 10);
  CHECK(store::NotificationTypeName(NotificationType::kFavourite) == "favourite");
  CHECK(store::NotificationTypeName(NotificationType::kReblog) == "reblog");
  CHECK(store::NotificationTypeName(NotificationType::kFollowRequest) == "follow_request");
  CHECK_FALSE(store::ParseNotificationType("like").has_value());
}

TEST_CASE("sqlite federation: two processes leasing from one file never share a row") {
  constexpr int kStores = 2;
  constexpr int kThreadsPerStore = 2;
  constexpr int kJobs = 300;
  constexpr int kBatch = 5;
  testing::StoreTestClock clock;
  TempDir dir;
  const std::string path = dir.path() + "/shared.db";
  // Two Databases on one file stand for two processes: separate writer connections, so only
  // SQLite's own locking keeps the leases apart.
  std::vector<std::unique_ptr<store::SqliteStore>> stores;
  std::vector<std::unique_ptr<store::SqliteFederationStore>> feds;
  for (int i = 0; i < kStores; ++i) {
    stores.push_back(MustOpen(store::SqliteStore::Open(path, &clock)));
    feds.push_back(std::make_unique<store::SqliteFederationStore>(stores.back()->database()));
  }
  std::vector<store::DeliveryJob> jobs;
  for (int i = 0; i < kJobs; ++i) {
    store::DeliveryJob job;
    job.activity_uri = "https://local.example/act/" + std::to_string(i);
    job.activity_json = "{}";
    job.inbox_url = "https://h" + std::to_string(i % 7) + ".example/inbox";
    job.signer_key_id = "https://local.example/actor#main-key";
    jobs.push_back(job);
    store::InboxItem item;
    item.activity_uri = "https://remote.example/a/" + std::to_string(i);
    item.signer_key_id = "k";
    item.signer_uri = "u";
    item.body = "{}";
    auto added = feds[i % kStores]->EnqueueInbox(item);
    REQUIRE(added.ok());
  }
  REQUIRE(feds[0]->EnqueueDeliveries(jobs).ok());

  const int64_t now = clock.NowUnix();
  std::atomic<int> failures{0};
  std::vector<std::vector<int64_t>> job_ids(kStores * kThreadsPerStore);
  std::vector<std::vector<int64_t>> item_ids(kStores * kThreadsPerStore);
  std::vector<std::thread> threads;
  for (int t = 0; t < kStores * kThreadsPerStore; ++t) {
    threads.emplace_back([&, t] {
      store::FederationStore& fed = *feds[t % kStores];
      bool more = true;
      while (more) {
        auto leased_jobs = fed.LeaseDeliveries(now, 600, kBatch);
        auto leased_items = fed.LeaseInbox(now, 600, kBatch);
        if (!leased_jobs.ok() || !leased_items.ok()) {
          ++failures;
          return;
        }
        for (const auto& job : *leased_jobs) job_ids[t].push_back(job.id);
        for (const auto& item : *leased_items) item_ids[t].push_back(item.id);
        more = !leased_jobs->empty() || !leased_items->empty();
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
  auto pending = feds[1]->CountDeliveriesPending();
  REQUIRE(pending.ok());
  CHECK(*pending == kJobs);  // leased, not done
}

TEST_CASE("sqlite federation: the stores share one database with the accounts") {
  testing::StoreTestClock clock;
  auto accounts = MustOpen(store::SqliteStore::Open(":memory:", &clock));
  store::SqliteFederationStore fed(accounts->database());
  store::Account shop;
  shop.username = "shop";
  shop.public_key_pem = "pub";
  shop.private_key_pem = "priv";
  auto created = accounts->CreateAccount(shop);
  REQUIRE(created.ok());
  store::StoredObject post;
  post.uri = "https://local.example/objects/1";
  post.account_id = created->id;
  post.attributed_to = "https://local.example/users/shop";
  REQUIRE(fed.InsertObject(post).ok());
  // The accounts store's NodeInfo figures see the federation store's posts.
  auto usage = accounts->CountUsage();
  REQUIRE(usage.ok());
  CHECK(usage->local_posts == 1);
  // A post for an account that does not exist is refused.
  post.uri = "https://local.example/objects/2";
  post.account_id = created->id + 100;
  auto orphan = fed.InsertObject(post);
  REQUIRE_FALSE(orphan.ok());
  CHECK(orphan.error().code == ErrorCode::kNotFound);
}
