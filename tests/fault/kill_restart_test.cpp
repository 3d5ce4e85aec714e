// Case 3: kill -9 at random moments while the server processes a stream of signed inbox
// activities and fans posts out to many remote followers, restart, repeat. At the end every
// activity answered 202 had its effect exactly once (one mention notification), every post
// reached every follower's inbox (at least once; duplicates bounded by the delivery workers per
// kill, docs/FEDERATION.md), nothing is stuck in a queue, and the database is intact.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <sstream>
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

constexpr int kFollowerServers = 2;
constexpr int kDeliveryWorkers = 4;
constexpr int kSenderThreads = 2;
constexpr int kSenders = 4;  // remote actors taking turns
// A kill lands this long after the round's post: anywhere from mid-fan-out to after it.
constexpr int kMinKillDelayMs = 150;
constexpr int kMaxKillDelayMs = 1500;
// After the last start, for what is left: the long form's 10,000 deliveries to 2 servers (at most
// 2 in flight each) take minutes under ASan.
const auto kDrainWait = std::chrono::seconds(Scale(60, 600));

// Creates of our posts received, per (inbox, post id), over the fleet.
std::map<std::string, int> CreatesPerInboxAndPost(
    const std::vector<std::unique_ptr<FakeRemote>>& fleet, int* unverified) {
  std::map<std::string, int> counts;
  for (const auto& remote : fleet) {
    for (const ReceivedRequest& r : remote->Received()) {
      const std::string* type = r.activity.FindString("type");
      const json::Value* object = r.activity.Find("object");
      if (!type || *type != "Create" || !object || !object->FindString("id")) continue;
      ++counts[remote->host() + r.path + " " + *object->FindString("id")];
      if (!r.signature_valid) ++*unverified;
    }
  }
  return counts;
}

// Sends mention Creates from the remote actors until told to stop; remembers the notes whose
// Create was answered 202.
class MentionStream {
 public:
  MentionStream(FakeRemote& remote, std::vector<const FakeActor*> actors, std::string target)
      : remote_(remote), actors_(std::move(actors)), target_(std::move(target)) {}

  void Start(int port) {
    stop_ = false;
    for (int t = 0; t < kSenderThreads; ++t) {
      threads_.emplace_back([this, port, t] {
        for (int i = 0; !stop_; ++i) {
          const FakeActor& from = *actors_[(t + i) % actors_.size()];
          json::Value create;
          {
            std::lock_guard<std::mutex> lock(mu_);  // NewId is not ours to share unguarded
            create = MentionCreate(remote_, from, target_, "stream " + std::to_string(sent_));
            ++sent_;
          }
          TestResponse r = remote_.Send(from, port, create);
          std::lock_guard<std::mutex> lock(mu_);
          if (r.status == 202) accepted_.insert(*create.Find("object")->FindString("id"));
          ++statuses_[r.status];
          if (r.status == 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
      });
    }
  }
  void Stop() {
    stop_ = true;
    for (std::thread& t : threads_) t.join();
    threads_.clear();
  }
  std::set<std::string> accepted() const {
    std::lock_guard<std::mutex> lock(mu_);
    return accepted_;
  }
  int sent() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sent_;
  }
  std::map<int, int> statuses() const {
    std::lock_guard<std::mutex> lock(mu_);
    return statuses_;
  }

 private:
  FakeRemote& remote_;
  const std::vector<const FakeActor*> actors_;
  const std::string target_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  mutable std::mutex mu_;  // guards the fields below
  std::set<std::string> accepted_;
  std::map<int, int> statuses_;
  int sent_ = 0;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("kill -9 during inbox processing and fan-out: effects exactly once, all delivered") {
  const auto started = Steady::now();
  const int rounds = Scale(5, 20);
  const int followers_per_server = Scale(100, 250);
  const unsigned seed = std::random_device{}();
  MESSAGE("kill -9 rounds: ", rounds, ", seed ", seed);
  std::mt19937 rng(seed);

  std::vector<std::unique_ptr<FakeRemote>> fleet;
  for (int i = 0; i < kFollowerServers; ++i) fleet.push_back(std::make_unique<FakeRemote>());
  FakeRemote senders;
  std::vector<const FakeActor*> actors;
  for (int i = 0; i < kSenders; ++i) actors.push_back(&senders.AddActor("s" + std::to_string(i)));

  CornerstoreProcess s("[workers]\ndelivery_workers = " + std::to_string(kDeliveryWorkers) +
                       "\n[unsafe]\nallow_private_addresses = true\n[log]\naccess_log = false\n");
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  for (const auto& remote : fleet) {
    std::vector<SeededFollower> followers;
    for (int i = 0; i < followers_per_server; ++i) {
      const std::string uri = remote->base_url() + "/users/f" + std::to_string(i);
      followers.push_back({uri, uri + "/inbox"});  // no shared inbox: one delivery each
    }
    SeedFollowers(s, "shop", followers);
  }
  const std::string db = s.data_dir() + "/cornerstore.db";
  const int inboxes = kFollowerServers * followers_per_server;

  MentionStream stream(senders, actors, s.base_url() + "/users/shop");
  std::vector<int> kill_delays;
  for (int round = 0; round < rounds; ++round) {
    s.Start();
    stream.Start(s.port());
    auto post = s.Cli({"post", "shop", "Round " + std::to_string(round) + " specials"});
    REQUIRE_MESSAGE(post.exit_code == 0, post.err);
    const int delay = std::uniform_int_distribution<int>(kMinKillDelayMs, kMaxKillDelayMs)(rng);
    kill_delays.push_back(delay);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    s.Kill();
    stream.Stop();
  }

  // The last restart: no more kills; everything pending must finish.
  s.Start();
  int unverified = 0;
  std::map<std::string, int> creates;
  const auto deadline = Steady::now() + kDrainWait;
  auto drained = [&] {
    unverified = 0;
    creates = CreatesPerInboxAndPost(fleet, &unverified);
    return creates.size() >= static_cast<size_t>(inboxes * rounds) && InboxDrained(db);
  };
  while (!drained() && Steady::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  CHECK(s.Stop() == 0);

  const std::set<std::string> accepted = stream.accepted();
  std::string summary;
  for (const auto& [status, n] : stream.statuses()) {
    summary += " " + std::to_string(status) + "x" + std::to_string(n);
  }
  int duplicates = 0;
  for (const auto& [key, n] : creates) duplicates += n - 1;
  std::string delays;
  for (int d : kill_delays) delays += " " + std::to_string(d);
  MESSAGE(rounds, " kills (ms after each post:", delays, "); ", stream.sent(),
          " activities sent:", summary, "; ", creates.size(), " of ", inboxes * rounds,
          " deliveries, ", duplicates, " duplicates; ", MillisSince(started), " ms in all");

  // Every accepted activity had its effect exactly once (and nothing else had any).
  std::map<std::string, int> effects;
  for (const std::string& note :
       Lines(QueryText(db, "SELECT object_uri FROM notifications WHERE kind = 'mention'"))) {
    ++effects[note];
  }
  int missing = 0, repeated = 0;
  for (const std::string& note : accepted) {
    auto it = effects.find(note);
    if (it == effects.end()) {
      ++missing;
    } else if (it->second > 1) {
      ++repeated;
    }
  }
  CHECK(accepted.size() > 0);
  CHECK(missing == 0);
  CHECK(repeated == 0);
  CHECK(effects.size() <= static_cast<size_t>(stream.sent()));
  CHECK(QueryInt(db, "SELECT count(*) FROM inbox_queue WHERE state <> 'done'") == 0);
  CHECK_MESSAGE(QueryText(db,
                          "SELECT state || ' ' || last_error FROM inbox_queue WHERE state "
                          "<> 'done' LIMIT 5") == "",
                "unfinished inbox items");

  // Every post reached every inbox; a kill repeats at most the attempts in flight.
  CHECK(creates.size() == static_cast<size_t>(inboxes * rounds));
  CHECK(duplicates <= kDeliveryWorkers * rounds);
  CHECK(unverified == 0);
  CHECK(QueryInt(db, "SELECT count(*) FROM delivery_jobs WHERE state <> 'done'") == 0);
  CHECK(IntegrityCheck(db) == "ok");
}
