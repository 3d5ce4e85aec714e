// EnqueueInbox under concurrency: callers arriving together share one write transaction (group
// commit), and each still gets its own answer (inserted, or a replayed activity id).
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"
#include "tests/support/support.h"
#include "tests/unit/store/sqlite_harness.h"
#include "tests/unit/store/test_clock.h"

using namespace cornerstore;
using cornerstore::testing::MustOpen;
using cornerstore::testing::TempDir;

namespace {

constexpr int kThreads = 16;
constexpr int kPerThread = 50;

store::InboxItem Item(const std::string& activity_uri) {
  store::InboxItem item;
  item.activity_uri = activity_uri;
  item.signer_key_id = "https://remote.example/users/a#main-key";
  item.signer_uri = "https://remote.example/users/a";
  item.body = R"({"type":"Create"})";
  return item;
}

}  // namespace

TEST_CASE("inbox queue: concurrent enqueues are all stored, each answered on its own") {
  TempDir dir;
  testing::StoreTestClock clock;
  auto store = MustOpen(store::SqliteStore::Open(dir.path() + "/db.sqlite", &clock));
  store::SqliteFederationStore federation(store->database());

  std::atomic<int> inserted{0}, duplicates{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Every thread also replays one id that all threads send.
        const std::string uri =
            i == 0 ? std::string("https://remote.example/shared")
                   : "https://remote.example/" + std::to_string(t) + "/" + std::to_string(i);
        auto result = federation.EnqueueInbox(Item(uri));
        if (!result.ok()) {
          ++errors;
        } else if (*result) {
          ++inserted;
        } else {
          ++duplicates;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();

  CHECK(errors == 0);
  CHECK(inserted == kThreads * (kPerThread - 1) + 1);
  CHECK(duplicates == kThreads - 1);
  auto pending = federation.CountInboxPending();
  REQUIRE(pending.ok());
  CHECK(*pending == kThreads * (kPerThread - 1) + 1);
}

TEST_CASE("inbox queue: a lone enqueue commits at once and reports a replay") {
  testing::StoreTestClock clock;
  auto store = MustOpen(store::SqliteStore::Open(":memory:", &clock));
  store::SqliteFederationStore federation(store->database());
  auto first = federation.EnqueueInbox(Item("https://remote.example/1"));
  REQUIRE(first.ok());
  CHECK(*first);
  auto again = federation.EnqueueInbox(Item("https://remote.example/1"));
  REQUIRE(again.ok());
  CHECK_FALSE(*again);
  auto leased = federation.LeaseInbox(clock.NowUnix(), 60, 10);
  REQUIRE(leased.ok());
  CHECK(leased->size() == 1);
}
