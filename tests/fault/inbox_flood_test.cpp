// Case 2: an inbox flood beyond the queue's capacity. Past [workers] inbox_queue_capacity the
// server answers 503 with Retry-After and a JSON error, keeps its memory bounded, and processes
// every activity it answered 202 for — also across a restart.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/fault/fault_support.h"
#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"

using namespace cornerstore;
using namespace cornerstore::testing;
using namespace cornerstore::testing::fault;

namespace {

using Steady = std::chrono::steady_clock;

constexpr int kCapacity = 100;
constexpr int kSenders = 8;
// Resident memory may grow by at most this much over the idle server during the flood.
constexpr int64_t kRssGrowthBoundKib = 64 * 1024 * kMemoryBoundFactor;
constexpr auto kProcessWait = std::chrono::seconds(90);

std::string Toml(bool hold) {
  return "[workers]\ninbox_queue_capacity = " + std::to_string(kCapacity) +
         "\n[unsafe]\nallow_private_addresses = true\nhold_inbox_processing = " +
         (hold ? "true" : "false") + "\n[log]\naccess_log = false\n";
}

}  // namespace

TEST_CASE("inbox flood: 503 + Retry-After past capacity, nothing accepted is lost") {
  FakeRemote remote;
  const FakeActor& carol = remote.AddActor("carol");
  // Processing held: the queue only fills, so the capacity is reached deterministically.
  CornerstoreProcess s(Toml(true));
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";
  const std::string padding(2000, 'x');  // ~2.5 KB per activity
  REQUIRE(remote.Send(carol, s.port(), MentionCreate(remote, carol, shop, "warm-up")).status ==
          202);  // the key is cached from here on
  const int64_t rss_idle = RssKib(s.pid());

  const int total = Scale(1500, 12000);
  std::atomic<int> next{0};
  std::mutex mu;
  std::set<std::string> accepted = {};
  std::map<int, int> statuses;
  int bad_503 = 0;
  int64_t rss_peak = rss_idle;
  std::atomic<bool> sending{true};
  std::thread sampler([&] {
    while (sending.load()) {
      int64_t rss = RssKib(s.pid());
      {
        std::lock_guard lock(mu);
        rss_peak = std::max(rss_peak, rss);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  const auto start = Steady::now();
  std::vector<std::thread> senders;
  for (int t = 0; t < kSenders; ++t) {
    senders.emplace_back([&] {
      for (int i = next++; i < total; i = next++) {
        json::Value create = MentionCreate(remote, carol, shop, padding + std::to_string(i));
        TestResponse r = remote.Send(carol, s.port(), create);
        std::lock_guard lock(mu);
        ++statuses[r.status];
        if (r.status == 202) accepted.insert(*create.FindString("id"));
        if (r.status == 503) {
          const bool json_error = r.body.find("\"error\"") != std::string::npos;
          if (!r.headers.Get("Retry-After") || !json_error) ++bad_503;
        }
      }
    });
  }
  for (auto& t : senders) t.join();
  const int64_t flood_ms = MillisSince(start);
  sending = false;
  sampler.join();

  std::string summary;
  for (const auto& [status, n] : statuses) {
    summary += " " + std::to_string(status) + "x" + std::to_string(n);
  }
  MESSAGE("inbox flood of ", total, " activities from ", kSenders, " senders in ", flood_ms,
          " ms:", summary, "; RSS idle ", rss_idle / 1024, " MiB, peak ", rss_peak / 1024,
          " MiB (bound: +", kRssGrowthBoundKib / 1024, " MiB)");
  CHECK(statuses.size() <= 2);  // 202 and 503 only
  CHECK(statuses[503] > 0);
  CHECK(bad_503 == 0);
  // The count-then-insert check may let each concurrent sender past once.
  CHECK(static_cast<int>(accepted.size()) + 1 <= kCapacity + kSenders);
  CHECK(rss_peak - rss_idle < kRssGrowthBoundKib);

  // Restart with processing on: every accepted activity becomes exactly one stored note and
  // one mention notification.
  s.Stop();
  std::string toml = ReadFile(s.config_path());
  toml.replace(toml.find("hold_inbox_processing = true"), 28, "hold_inbox_processing = false");
  WriteFile(s.config_path(), toml);
  s.Start();
  const std::string db = s.data_dir() + "/cornerstore.db";
  const auto deadline = Steady::now() + kProcessWait;
  while (!InboxDrained(db) && Steady::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  s.Stop();
  CHECK(IntegrityCheck(db) == "ok");
  CHECK(QueryInt(db, "SELECT count(*) FROM inbox_queue WHERE state <> 'done'") == 0);
  int missing = 0, duplicated = 0;
  for (const std::string& id : accepted) {
    const std::string note = id.substr(0, id.size() - std::string("/activity").size());
    const int64_t n = QueryInt(db,
                               "SELECT count(*) FROM notifications WHERE kind = 'mention' AND "
                               "(object_uri = '" +
                                   note + "' OR activity_uri IN ('" + id + "', '" + note + "'))");
    if (n == 0) ++missing;
    if (n > 1) ++duplicated;
  }
  CHECK(missing == 0);
  CHECK(duplicated == 0);
  CHECK(QueryInt(db, "SELECT count(*) FROM notifications WHERE kind = 'mention'") ==
        static_cast<int64_t>(accepted.size()) + 1);  // + the warm-up
}
