// Delivery to a fleet of servers, end to end: the real binary posts to followers on several fake
// servers on loopback (each its own port, so each its own host) — one healthy, one answering
// 500 twice then 202, one answering 410, one that never answers — with the retry schedule
// shrunk by unsafe.delivery_time_divisor so the two-day rules play out in seconds.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>

#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

using Clock = std::chrono::steady_clock;

// Retries after about a second instead of 15 s … 14 h; a "day" lasts 1 s in the second test.
constexpr const char* kFastRetries =
    "[unsafe]\nallow_private_addresses = true\ndelivery_time_divisor = 60\n";
constexpr const char* kSecondDays =
    "[unsafe]\nallow_private_addresses = true\ndelivery_time_divisor = 86400\n";
// Generous: CI runs suites side by side on two cores.
constexpr auto kDeliveryWait = std::chrono::seconds(40);

json::Value FollowOf(FakeRemote& remote, const FakeActor& from, const std::string& target) {
  json::Value follow;
  follow.Set("@context", "https://www.w3.org/ns/activitystreams");
  follow.Set("id", remote.NewId("follows"));
  follow.Set("type", "Follow");
  follow.Set("actor", from.id);
  follow.Set("object", target);
  return follow;
}

// `from` follows @shop and the signed Accept arrives (so the follow is stored on both sides).
void Follow(FakeRemote& remote, const FakeActor& from, const CornerstoreProcess& s) {
  json::Value follow = FollowOf(remote, from, s.base_url() + "/users/shop");
  REQUIRE(remote.Send(from, s.port(), follow).status == 202);
  const std::string follow_id = *follow.FindString("id");
  remote.WaitFor(
      [&](const ReceivedRequest& r) {
        const std::string* type = r.activity.FindString("type");
        const json::Value* object = r.activity.Find("object");
        return type && *type == "Accept" && object && object->FindString("id") &&
               *object->FindString("id") == follow_id;
      },
      kDeliveryWait);
}

bool IsCreate(const ReceivedRequest& r) {
  const std::string* type = r.activity.FindString("type");
  return type && *type == "Create";
}

std::vector<ReceivedRequest> Creates(const FakeRemote& remote, const std::string& path = "") {
  std::vector<ReceivedRequest> out;
  for (ReceivedRequest& r : remote.Received()) {
    if (IsCreate(r) && (path.empty() || r.path == path)) out.push_back(std::move(r));
  }
  return out;
}

// Polls `remote` until it has received `count` Creates (at `path`, if given); returns them.
std::vector<ReceivedRequest> WaitForCreates(const FakeRemote& remote, size_t count,
                                            const std::string& path = "") {
  std::vector<ReceivedRequest> creates;
  const auto deadline = Clock::now() + kDeliveryWait;
  while ((creates = Creates(remote, path)).size() < count && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return creates;
}

// Polls the `deliveries` report until it contains `needle`.
std::string WaitForReport(const CornerstoreProcess& s, const std::string& needle) {
  std::string out;
  const auto deadline = Clock::now() + kDeliveryWait;
  while (Clock::now() < deadline) {
    out = s.Cli({"deliveries", "shop"}).out;
    if (out.find(needle) != std::string::npos) return out;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return out;
}

void CheckSignedAndSighted(const ReceivedRequest& r, const std::string& shop) {
  INFO(r.path << " " << r.signature_error);
  CHECK(r.signature_valid);
  CHECK(r.signer == shop);
  CHECK(r.headers.Get("Date").has_value());
  CHECK(r.activity.Find("bto") == nullptr);
  CHECK(r.activity.Find("bcc") == nullptr);
  const json::Value* object = r.activity.Find("object");
  REQUIRE(object != nullptr);
  CHECK(object->Find("bto") == nullptr);
  CHECK(object->Find("bcc") == nullptr);
}

}  // namespace

TEST_CASE("a post reaches a fleet: once per shared inbox, retried, given up, never held up") {
  FakeRemote healthy;  // three followers behind one shared inbox, one with a personal inbox only
  const FakeActor& ann = healthy.AddActor("ann");
  const FakeActor& ben = healthy.AddActor("ben");
  const FakeActor& cat = healthy.AddActor("cat");
  const FakeActor& dan = healthy.AddActor("dan", /*shared_inbox=*/false);
  FakeRemote flaky;  // 500, 500, then 202
  const FakeActor& fay = flaky.AddActor("fay");
  FakeRemote gone;  // 410: the server says the inbox is gone for good
  const FakeActor& gil = gone.AddActor("gil");
  FakeRemote silent;  // accepts the connection, never answers
  const FakeActor& sam = silent.AddActor("sam");

  CornerstoreProcess s(kFastRetries);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";
  for (const FakeActor* a : {&ann, &ben, &cat, &dan}) Follow(healthy, *a, s);
  Follow(flaky, fay, s);
  Follow(gone, gil, s);
  Follow(silent, sam, s);
  // Scripted only now, so the Accepts above were answered normally.
  flaky.ScriptInbox("/inbox", {500, 500});
  gone.ScriptInbox("/inbox", {410});
  silent.ScriptInbox("/inbox", {FakeRemote::kHang});

  const auto posted_at = Clock::now();
  auto post = s.Cli({"post", "shop", "Fresh bread from 8 o'clock"});
  REQUIRE_MESSAGE(post.exit_code == 0, post.err);
  CHECK(post.out.find("Queued for 5 inboxes on 4 servers") != std::string::npos);

  // The healthy server gets it at once — the silent one holds no worker hostage.
  healthy.WaitFor([](const ReceivedRequest& r) { return IsCreate(r) && r.path == "/inbox"; },
                  kDeliveryWait);
  healthy.WaitFor(
      [&](const ReceivedRequest& r) { return IsCreate(r) && r.path == "/users/dan/inbox"; },
      kDeliveryWait);
  const auto healthy_after = Clock::now() - posted_at;

  // Three attempts at the flaky server, a second or two apart, the same activity each time.
  const std::vector<ReceivedRequest> flaky_creates = WaitForCreates(flaky, 3, "/inbox");
  REQUIRE(flaky_creates.size() == 3);
  for (const ReceivedRequest& r : flaky_creates) CHECK(r.body == flaky_creates[0].body);
  // One attempt at the gone server, given up at once.
  gone.WaitFor([](const ReceivedRequest& r) { return IsCreate(r); }, kDeliveryWait);
  // The silent server's attempt ends in a timeout and is retried later.
  std::string report = WaitForReport(s, "timed out");
  INFO(report);
  CHECK(report.find("Reached 3 of 5 inboxes on 2 of 4 servers") != std::string::npos);
  CHECK(report.find("Retrying 1:") != std::string::npos);
  CHECK(report.find(silent.base_url() + "/inbox: attempt 1 failed (request timed out") !=
        std::string::npos);
  CHECK(report.find("Gave up on 1:\n  " + gone.base_url() + "/inbox: HTTP 410") !=
        std::string::npos);
  // The healthy server did not wait for the silent one's 10 s read timeout.
  CHECK(healthy_after < std::chrono::seconds(8));

  // Exactly once per inbox: ann, ben and cat share one; dan has his own.
  CHECK(Creates(healthy, "/inbox").size() == 1);
  CHECK(Creates(healthy, "/users/dan/inbox").size() == 1);
  CHECK(Creates(gone).size() == 1);
  for (const FakeRemote* remote : {&healthy, &flaky, &gone}) {
    for (const ReceivedRequest& r : Creates(*remote)) CheckSignedAndSighted(r, shop);
  }
  // The silent server answers the retry, with the same activity.
  const std::vector<ReceivedRequest> silent_creates = WaitForCreates(silent, 2);
  REQUIRE(silent_creates.size() == 2);
  CHECK(silent_creates[1].body == silent_creates[0].body);
  CHECK(WaitForReport(s, "Reached 4 of 5").find("Reached 4 of 5") != std::string::npos);
  // Nothing reached an actor who does not follow.
  CHECK(Creates(healthy, "/users/ann/inbox").empty());
}

TEST_CASE("a server down on seven distinct days is marked unavailable") {
  auto down = std::make_unique<FakeRemote>();
  const std::string zed_inbox = down->AddActor("zed").shared_inbox;
  CornerstoreProcess s(kSecondDays);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  Follow(*down, down->Actor("zed"), s);
  const std::string host = down->host();
  down.reset();  // the port closes: every attempt is refused

  REQUIRE(s.Cli({"post", "shop", "Closed for inventory"}).exit_code == 0);
  // A "day" lasts a second here: retries a second apart fail on seven distinct days.
  const auto deadline = Clock::now() + kDeliveryWait;
  while (s.log().find("delivery_host_unavailable") == std::string::npos &&
         Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  const std::string log = s.log();
  const size_t at = log.find("delivery_host_unavailable");
  REQUIRE(at != std::string::npos);
  CHECK(log.substr(at, log.find('\n', at) - at).find(host) != std::string::npos);
  // Still retrying (16 retries are not spent in 7 "days"), not given up.
  std::string report = s.Cli({"deliveries", "shop"}).out;
  INFO(report);
  CHECK(report.find("Retrying 1:") != std::string::npos);
  CHECK(report.find(zed_inbox) != std::string::npos);
}

TEST_CASE("a stop does not wait on a hanging server; the delivery resumes at the next start") {
  FakeRemote silent;
  const FakeActor& sam = silent.AddActor("sam");
  CornerstoreProcess s(kFastRetries);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  Follow(silent, sam, s);
  silent.ScriptInbox("/inbox", {FakeRemote::kHang});
  REQUIRE(s.Cli({"post", "shop", "Closing early today"}).exit_code == 0);
  // The attempt is under way: a worker waits on the silent server (10 s read timeout).
  silent.WaitFor(IsCreate, kDeliveryWait);

  const auto stopping = Clock::now();
  const int exit_code = s.Stop();
  const auto took = Clock::now() - stopping;
  CHECK(exit_code == 0);
  // Well before the read timeout: the workers get 5 s, then the process exits.
  CHECK(took < std::chrono::seconds(8));
  CHECK(s.log().find("server.stop_deadline") != std::string::npos);

  // The job stayed leased in the database; the next start takes it back and delivers it.
  s.Start();
  const std::vector<ReceivedRequest> creates = WaitForCreates(silent, 2);
  REQUIRE(creates.size() == 2);
  CHECK(*creates[1].activity.FindString("id") == *creates[0].activity.FindString("id"));
}
