// Nothing lost, little repeated: kill -9 in the middle of a fan-out to 2,000 inboxes, restart,
// and every inbox ends up with the post. Delivery is at-least-once; the duplicates are bounded by
// the attempts in flight when the process died — at most one per delivery worker — because the
// restarted server takes back its predecessor's leases at once (ServerLock, ReleaseLeases).
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "src/common/clock.h"
#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"
#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

using Steady = std::chrono::steady_clock;

constexpr int kServers = 4;
constexpr int kInboxesPerServer = 500;  // 2,000 in all
constexpr int kDeliveryWorkers = 4;
constexpr int kKillAfter = 300;  // deliveries seen before the crash
constexpr auto kFanoutWait = std::chrono::seconds(180);

// Writes `count` remote followers of @shop on `remote` straight into the database, as if each
// had followed and been accepted: the fan-out, not 2,000 Follow round trips, is under test.
void SeedFollowers(const CornerstoreProcess& s, const FakeRemote& remote, int count) {
  SystemClock clock;
  auto store = store::SqliteStore::Open(s.data_dir() + "/cornerstore.db", &clock);
  REQUIRE(store.ok());
  auto shop = (*store)->FindAccountByUsername("shop");
  REQUIRE(shop.ok());
  store::SqliteFederationStore federation((*store)->database());
  for (int i = 0; i < count; ++i) {
    store::RemoteActor actor;
    actor.uri = remote.base_url() + "/users/f" + std::to_string(i);
    actor.username = "f" + std::to_string(i);
    actor.inbox = actor.uri + "/inbox";  // no shared inbox: one delivery per follower
    actor.fetched_at = clock.NowUnix();
    REQUIRE(federation.UpsertRemoteActor(actor).ok());
    store::Follow follow;
    follow.follower_uri = actor.uri;
    follow.followed_uri = s.base_url() + "/users/shop";
    follow.followed_account_id = shop->id;
    follow.state = store::FollowState::kAccepted;
    follow.follow_activity_uri = actor.uri + "/follows/1";
    REQUIRE(federation.PutFollow(follow).ok());
  }
}

// Creates received per inbox path, over every fake server.
std::map<std::string, int> CreatesPerInbox(const std::vector<std::unique_ptr<FakeRemote>>& fleet,
                                           int* unverified) {
  std::map<std::string, int> counts;
  for (const auto& remote : fleet) {
    for (const ReceivedRequest& r : remote->Received()) {
      const std::string* type = r.activity.FindString("type");
      if (!type || *type != "Create") continue;
      ++counts[remote->host() + r.path];
      if (!r.signature_valid) ++*unverified;
    }
  }
  return counts;
}

}  // namespace

TEST_CASE("kill -9 during a fan-out to 2,000 inboxes: all delivered, duplicates bounded") {
  std::vector<std::unique_ptr<FakeRemote>> fleet;
  for (int i = 0; i < kServers; ++i) fleet.push_back(std::make_unique<FakeRemote>());
  CornerstoreProcess s("[workers]\ndelivery_workers = " + std::to_string(kDeliveryWorkers) +
                       "\n[unsafe]\nallow_private_addresses = true\n[log]\naccess_log = false\n");
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  for (const auto& remote : fleet) SeedFollowers(s, *remote, kInboxesPerServer);
  s.Start();

  auto post = s.Cli({"post", "shop", "Everything half price until noon"});
  REQUIRE_MESSAGE(post.exit_code == 0, post.err);
  CHECK(post.out.find("Queued for 2000 inboxes on 4 servers") != std::string::npos);

  int unverified = 0;
  const auto deadline = Steady::now() + kFanoutWait;
  auto delivered = [&] {
    unverified = 0;
    return CreatesPerInbox(fleet, &unverified);
  };
  while (delivered().size() < kKillAfter && Steady::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  s.Kill();
  const size_t before_crash = delivered().size();
  INFO("delivered before the crash: " << before_crash);
  REQUIRE(before_crash >= kKillAfter);
  REQUIRE(before_crash < kServers * kInboxesPerServer);  // the crash came mid-way

  s.Start();
  std::map<std::string, int> counts;
  while ((counts = delivered()).size() < kServers * kInboxesPerServer && Steady::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(counts.size() == kServers * kInboxesPerServer);
  int duplicates = 0;
  for (const auto& [inbox, n] : counts) duplicates += n - 1;
  MESSAGE("fan-out of 2,000 with a kill -9 after ", before_crash, ": ", duplicates,
          " duplicate deliveries (bound: ", kDeliveryWorkers, ")");
  CHECK(duplicates <= kDeliveryWorkers);
  CHECK(unverified == 0);
  CHECK(s.log().find("server.leases_released") != std::string::npos);
  auto report = s.Cli({"deliveries", "shop"});
  CHECK(report.out.find("Reached 2000 of 2000 inboxes on 4 of 4 servers") != std::string::npos);
}
