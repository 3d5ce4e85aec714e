#include "activitypub/delivery/lease_plan.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/unit/delivery/delivery_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub::delivery;
using cornerstore::testing::DeliveryHarness;

namespace {

constexpr int64_t kNow = 1'800'000'000'000;  // ms

HostInFlight Busy(const std::string& host, int attempts, int64_t running_ms = 0,
                  bool failure_on_record = false) {
  HostInFlight entry;
  entry.host = host;
  entry.attempts = attempts;
  entry.oldest_started_ms = kNow - running_ms;
  entry.failure_on_record = failure_on_record;
  return entry;
}

// The caps of the default pool: 4 workers, 2 per host, suspect hosts 3 together.
LeaseCaps DefaultPool() {
  LeaseCaps caps;
  caps.max_in_flight_per_host = kMaxInFlightPerHost;
  caps.max_suspect_in_flight = SuspectWorkerCap(4);
  caps.slow_attempt_ms = kSlowAttemptMs;
  return caps;
}

bool Skips(const LeasePlan& plan, const std::string& host) {
  return std::find(plan.skip.begin(), plan.skip.end(), host) != plan.skip.end();
}

}  // namespace

TEST_CASE("lease plan: suspect hosts may hold all workers but one, and at least one") {
  CHECK(SuspectWorkerCap(4) == 3);
  CHECK(SuspectWorkerCap(2) == 1);
  CHECK(SuspectWorkerCap(1) == 1);
  CHECK(SuspectWorkerCap(0) == 1);  // DeliverDue on the caller's thread
}

TEST_CASE("lease plan: a host is suspect when it failed, is slow, or fills its per-host cap") {
  const LeaseCaps caps = DefaultPool();
  CHECK_FALSE(HostSuspect(Busy("a", 1), kNow, caps));
  CHECK_FALSE(HostSuspect(Busy("a", 1, kSlowAttemptMs - 1), kNow, caps));
  CHECK(HostSuspect(Busy("a", 1, kSlowAttemptMs), kNow, caps));
  CHECK(HostSuspect(Busy("a", 1, 0, /*failure_on_record=*/true), kNow, caps));
  CHECK(HostSuspect(Busy("a", kMaxInFlightPerHost), kNow, caps));

  LeaseCaps one_per_host = caps;
  one_per_host.max_in_flight_per_host = 1;  // every busy host is at its cap: that says nothing
  CHECK_FALSE(HostSuspect(Busy("a", 1), kNow, one_per_host));

  CHECK(SuspectInFlight({Busy("a", 2), Busy("b", 1), Busy("c", 1, 6'000)}, kNow, caps) == 3);
}

TEST_CASE("lease plan: nothing in flight skips nothing") {
  LeasePlan plan = PlanLease({}, kNow, DefaultPool());
  CHECK(plan.skip.empty());
  CHECK_FALSE(plan.suspects_full);
}

TEST_CASE("lease plan: a host at its per-host cap is skipped even when workers are free") {
  LeaseCaps roomy = DefaultPool();
  roomy.max_suspect_in_flight = 8;
  LeasePlan plan = PlanLease({Busy("a", 2), Busy("b", 1)}, kNow, roomy);
  CHECK(plan.skip == std::vector<std::string>{"a"});
  CHECK_FALSE(plan.suspects_full);

  LeaseCaps one_per_host = DefaultPool();
  one_per_host.max_in_flight_per_host = 1;
  plan = PlanLease({Busy("a", 1)}, kNow, one_per_host);
  CHECK(plan.skip == std::vector<std::string>{"a"});
  CHECK_FALSE(plan.suspects_full);
}

TEST_CASE("lease plan: one busy clean host may take its second worker") {
  LeasePlan plan = PlanLease({Busy("a", 1)}, kNow, DefaultPool());
  CHECK(plan.skip.empty());  // it becomes crowded: 2 of the 3 suspect workers
  CHECK_FALSE(plan.suspects_full);
}

TEST_CASE("lease plan: two first-contact hosts cannot take all four workers between them") {
  // Case 5 before anything failed: a (a hang) holds two workers, b (a trickle) one. b's second
  // attempt would put all four on crowded hosts, so b waits; other hosts — new ones, and those
  // with a failure on record — may still have the fourth worker.
  LeasePlan plan = PlanLease({Busy("a", 2), Busy("b", 1)}, kNow, DefaultPool());
  CHECK(Skips(plan, "a"));
  CHECK(Skips(plan, "b"));
  CHECK_FALSE(plan.suspects_full);
}

TEST_CASE("lease plan: once suspect hosts hold their share, only clean hosts are leased") {
  // b's attempt has run 5 s: a and b now hold the 3 suspect workers.
  LeasePlan plan =
      PlanLease({Busy("a", 2), Busy("b", 1, kSlowAttemptMs), Busy("c", 1)}, kNow, DefaultPool());
  CHECK(plan.suspects_full);  // and so every host with a failure on record is skipped as well
  CHECK(Skips(plan, "a"));
  CHECK(Skips(plan, "b"));
  CHECK(Skips(plan, "c"));  // clean, but a second attempt would crowd it
  CHECK(SuspectInFlight({Busy("a", 2), Busy("b", 1, kSlowAttemptMs)}, kNow, DefaultPool()) == 3);
}

TEST_CASE("lease plan: a failing host gets the suspect workers that are left") {
  LeasePlan plan = PlanLease({Busy("f", 1, 0, /*failure_on_record=*/true)}, kNow, DefaultPool());
  CHECK(plan.skip.empty());
  CHECK_FALSE(plan.suspects_full);

  plan = PlanLease({Busy("a", 2), Busy("f", 1, 0, true)}, kNow, DefaultPool());
  CHECK(plan.suspects_full);
  CHECK(Skips(plan, "f"));

  // A pool of two keeps one worker for clean hosts: one failing attempt fills the share.
  LeaseCaps two_workers = DefaultPool();
  two_workers.max_suspect_in_flight = SuspectWorkerCap(2);
  plan = PlanLease({Busy("f", 1, 0, true), Busy("c", 1)}, kNow, two_workers);
  CHECK(plan.suspects_full);
  CHECK(Skips(plan, "f"));
  CHECK(Skips(plan, "c"));
}

TEST_CASE("host health: failures on record, as the lease planning reads them") {
  DeliveryHarness h;
  CHECK_FALSE(h.health->HasFailureOnRecord("remote.example"));  // never seen: clean
  REQUIRE(h.health->RecordFailure("remote.example").ok());
  CHECK(h.health->HasFailureOnRecord("Remote.Example"));
  CHECK(h.health->FailingHosts(10) == std::vector<std::string>{"remote.example"});
  CHECK(h.health->FailingHosts(0).empty());

  REQUIRE(h.health->RecordSuccess("remote.example").ok());
  CHECK_FALSE(h.health->HasFailureOnRecord("remote.example"));
  CHECK(h.health->FailingHosts(10).empty());

  // A paused host is listed by PausedHosts, not twice.
  for (int i = 0; i < activitypub::delivery::kBreakerThreshold; ++i) {
    REQUIRE(h.health->RecordFailure("other.example").ok());
  }
  CHECK(h.health->HasFailureOnRecord("other.example"));
  CHECK(h.health->FailingHosts(10).empty());
  CHECK(h.health->PausedHosts() == std::vector<std::string>{"other.example"});
}
