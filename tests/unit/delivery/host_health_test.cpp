#include "activitypub/delivery/host_health.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/unit/delivery/delivery_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub::delivery;
using cornerstore::testing::DeliveryHarness;

namespace {

constexpr int64_t kNow = 1'800'000'000;  // 08:00 UTC

store::HostState Fresh() {
  store::HostState state;
  state.host = "remote.example";
  return state;
}

store::HostState FailTimes(store::HostState state, int times, int64_t at) {
  for (int i = 0; i < times; ++i) state = HostAfterFailure(state, at);
  return state;
}

bool Contains(const std::vector<std::string>& hosts, const std::string& host) {
  return std::find(hosts.begin(), hosts.end(), host) != hosts.end();
}

}  // namespace

TEST_CASE("host health: the breaker opens after 10 consecutive failures for 60 s") {
  store::HostState state = FailTimes(Fresh(), 9, kNow);
  CHECK(state.consecutive_failures == 9);
  CHECK_FALSE(HostPaused(state, kNow));

  state = HostAfterFailure(state, kNow);
  CHECK(state.consecutive_failures == 10);
  CHECK(state.breaker_until == kNow + kBreakerPauseSeconds);
  CHECK(HostPaused(state, kNow));
  CHECK(HostPaused(state, kNow + 59));
  CHECK_FALSE(HostPaused(state, kNow + 60));

  // Half-open: after the pause one more failure re-opens it at once.
  state = HostAfterFailure(state, kNow + 60);
  CHECK(state.breaker_until == kNow + 120);
  // One success closes it.
  state = HostAfterSuccess(state, kNow + 200);
  CHECK(state.consecutive_failures == 0);
  CHECK(state.breaker_until == 0);
  CHECK(state.last_success_at == kNow + 200);
  CHECK_FALSE(HostPaused(state, kNow + 200));
}

TEST_CASE("host health: failures on 7 distinct days make a host unavailable") {
  store::HostState state = Fresh();
  for (int day = 0; day < 6; ++day) {
    // Many failures on one day count as one day.
    state = FailTimes(state, 3, kNow + day * kSecondsPerDay);
    state = HostAfterFailure(state, kNow + day * kSecondsPerDay + 3600);
  }
  CHECK(state.failure_days == 6);
  CHECK_FALSE(state.unavailable);

  int64_t day7 = kNow + 6 * kSecondsPerDay;
  state = HostAfterFailure(state, day7);
  CHECK(state.failure_days == 7);
  CHECK(state.unavailable);
  // Skipped until the daily probe.
  CHECK(state.breaker_until == day7 + kUnavailableProbeSeconds);
  CHECK(HostPaused(state, day7 + kUnavailableProbeSeconds - 1));
  CHECK_FALSE(HostPaused(state, day7 + kUnavailableProbeSeconds));
  // A failed probe waits another day.
  state = HostAfterFailure(state, day7 + kUnavailableProbeSeconds);
  CHECK(state.unavailable);
  CHECK(state.breaker_until == day7 + 2 * kUnavailableProbeSeconds);

  SUBCASE("a success clears it") {
    state = HostAfterSuccess(state, day7 + 2 * kUnavailableProbeSeconds);
    CHECK_FALSE(state.unavailable);
    CHECK(state.failure_days == 0);
    CHECK(state.consecutive_failures == 0);
    CHECK(state.breaker_until == 0);
  }
  SUBCASE("a signed request from the host clears it") {
    int64_t last_success = state.last_success_at;
    state = HostAfterSignedRequest(state);
    CHECK_FALSE(state.unavailable);
    CHECK(state.failure_days == 0);
    CHECK(state.breaker_until == 0);
    CHECK(state.last_success_at == last_success);
  }
}

TEST_CASE("host health: a success in between starts the day count again") {
  store::HostState state = Fresh();
  for (int day = 0; day < 6; ++day) state = HostAfterFailure(state, kNow + day * kSecondsPerDay);
  state = HostAfterSuccess(state, kNow + 6 * kSecondsPerDay);
  for (int day = 7; day < 13; ++day) state = HostAfterFailure(state, kNow + day * kSecondsPerDay);
  CHECK(state.failure_days == 6);
  CHECK_FALSE(state.unavailable);
}

TEST_CASE("host health: limits are configurable") {
  HostLimits limits;
  limits.breaker_threshold = 2;
  limits.breaker_pause_seconds = 5;
  store::HostState state = HostAfterFailure(HostAfterFailure(Fresh(), kNow, limits), kNow, limits);
  CHECK(state.breaker_until == kNow + 5);
}

TEST_CASE("host health: the configuration's divisor shortens pauses and days alike") {
  CHECK(HostLimitsDividedBy(1).breaker_pause_seconds == kBreakerPauseSeconds);
  HostLimits fast = HostLimitsDividedBy(86'400);
  CHECK(fast.breaker_threshold == kBreakerThreshold);
  CHECK(fast.unavailable_after_days == kUnavailableAfterDays);
  CHECK(fast.breaker_pause_seconds == 1);  // never below a second
  CHECK(fast.unavailable_probe_seconds == 1);
  CHECK(fast.seconds_per_day == 1);
  // Failures a second apart fall on distinct "days": seven of them make the host unavailable.
  store::HostState state = Fresh();
  for (int i = 0; i < kUnavailableAfterDays; ++i) state = HostAfterFailure(state, kNow + i, fast);
  CHECK(state.unavailable);
  CHECK(state.breaker_until == kNow + kUnavailableAfterDays);
}

TEST_CASE("host health: kept in the store, remembered in memory, scheme untouched") {
  DeliveryHarness h;
  store::HostState seeded;
  seeded.host = "remote.example";
  seeded.signature_scheme = "rfc9421";
  REQUIRE(h.federation->PutHostState(seeded).ok());

  for (int i = 0; i < kBreakerThreshold; ++i)
    REQUIRE(h.health->RecordFailure("remote.example").ok());
  store::HostState stored = h.Host("remote.example");
  CHECK(stored.consecutive_failures == kBreakerThreshold);
  CHECK(stored.breaker_until == h.clock.NowUnix() + kBreakerPauseSeconds);
  CHECK(stored.signature_scheme == "rfc9421");
  CHECK(Contains(h.health->PausedHosts(), "remote.example"));

  auto current = h.health->Current("remote.example");
  REQUIRE(current.ok());
  CHECK(HostPaused(*current, h.clock.NowUnix()));

  h.clock.Advance(kBreakerPauseSeconds);
  CHECK_FALSE(Contains(h.health->PausedHosts(), "remote.example"));

  REQUIRE(h.health->RecordSuccess("remote.example").ok());
  stored = h.Host("remote.example");
  CHECK(stored.consecutive_failures == 0);
  CHECK(stored.last_success_at == h.clock.NowUnix());
  CHECK(stored.signature_scheme == "rfc9421");

  // A host seen for the first time is read from the store.
  store::HostState other;
  other.host = "other.example";
  other.breaker_until = h.clock.NowUnix() + 30;
  other.consecutive_failures = 12;
  REQUIRE(h.federation->PutHostState(other).ok());
  current = h.health->Current("other.example");
  REQUIRE(current.ok());
  CHECK(HostPaused(*current, h.clock.NowUnix()));
  CHECK(Contains(h.health->PausedHosts(), "other.example"));
}

TEST_CASE("host health: MarkHostAlive clears an unavailable host, and writes only when needed") {
  DeliveryHarness h;
  for (int day = 0; day < kUnavailableAfterDays; ++day) {
    REQUIRE(h.health->RecordFailure("remote.example").ok());
    h.clock.Advance(kSecondsPerDay);
  }
  h.clock.Advance(-kSecondsPerDay);
  store::HostState stored = h.Host("remote.example");
  CHECK(stored.unavailable);
  CHECK(stored.failure_days == kUnavailableAfterDays);
  CHECK(Contains(h.health->PausedHosts(), "remote.example"));

  REQUIRE(h.health->MarkHostAlive("Remote.EXAMPLE").ok());  // host names ignore case
  stored = h.Host("remote.example");
  CHECK_FALSE(stored.unavailable);
  CHECK(stored.failure_days == 0);
  CHECK(stored.breaker_until == 0);
  CHECK(h.health->PausedHosts().empty());

  // Nothing to clear: no write (every signed request calls it).
  int64_t written_at = h.Int("SELECT updated_at FROM host_state WHERE host = 'remote.example'");
  h.clock.Advance(100);
  REQUIRE(h.health->MarkHostAlive("remote.example").ok());
  CHECK(h.Int("SELECT updated_at FROM host_state WHERE host = 'remote.example'") == written_at);

  // An unknown host is fine too.
  CHECK(h.health->MarkHostAlive("never-seen.example").ok());
}

TEST_CASE("host health: a healthy host's successes are written at most once per interval") {
  DeliveryHarness h;
  REQUIRE(h.health->RecordSuccess("remote.example").ok());  // first contact: written
  const int64_t first = h.clock.NowUnix();
  CHECK(h.Host("remote.example").last_success_at == first);
  auto updated_at = [&h] {
    return h.Int("SELECT updated_at FROM host_state WHERE host = 'remote.example'");
  };
  const int64_t written_at = updated_at();

  // Every delivery to it succeeds: no write per delivery.
  h.clock.Advance(kSuccessRecordSeconds - 1);
  REQUIRE(h.health->RecordSuccess("remote.example").ok());
  CHECK(updated_at() == written_at);
  CHECK(h.Host("remote.example").last_success_at == first);

  // Once the recorded success is that old, the next one is written.
  h.clock.Advance(1);
  REQUIRE(h.health->RecordSuccess("remote.example").ok());
  CHECK(h.Host("remote.example").last_success_at == h.clock.NowUnix());

  // A failure in between: the next success clears it in the store at once.
  REQUIRE(h.health->RecordFailure("remote.example").ok());
  h.clock.Advance(1);
  REQUIRE(h.health->RecordSuccess("remote.example").ok());
  const store::HostState stored = h.Host("remote.example");
  CHECK(stored.consecutive_failures == 0);
  CHECK(stored.last_success_at == h.clock.NowUnix());
}
