// HostHealth: per-host delivery health — the circuit breaker and unavailable domains
// (PROTOCOL.md §7) — kept in FederationStore's HostState.
//
// Rules (Mastodon's): after kBreakerThreshold consecutive failed attempts a host is paused for
// kBreakerPauseSeconds; after the pause one failure re-opens the breaker at once (half-open),
// one success closes it. A host that failed on kUnavailableAfterDays distinct (UTC) days since
// its last success is unavailable: skipped, except one probe attempt every
// kUnavailableProbeSeconds, until it answers or sends us a signed request (MarkHostAlive).
// Both pauses are stored as HostState::breaker_until; `unavailable` tells which one it is.
//
// The transitions are pure functions (HostAfterSuccess, …); HostHealth applies them to the store
// and keeps an in-memory copy of the states it has seen, so the delivery workers can tell which
// hosts to skip without a query per host.
//
// Ownership: borrows the store and clock, which must outlive it.
// Thread safety: every method may be called from any thread. Updates are read-modify-write of
// the stored row under one mutex, so workers and the inbox in this process never lose each
// other's updates; another process writing HostState at the same moment could.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "src/common/clock.h"
#include "src/common/result.h"
#include "store/federation_store.h"

namespace cornerstore::activitypub::delivery {

// Mastodon's Stoplight threshold: 10 failures in a row means the host is down, not unlucky.
inline constexpr int kBreakerThreshold = 10;
// Mastodon's cool-off: long enough to stop hammering, short enough to notice a quick recovery.
inline constexpr int64_t kBreakerPauseSeconds = 60;
// Mastodon's UnavailableDomain rule: failures on 7 distinct days mean the server is gone.
inline constexpr int kUnavailableAfterDays = 7;
// An unavailable host still gets one attempt a day, so a server that came back but never
// writes to us is noticed.
inline constexpr int64_t kUnavailableProbeSeconds = 86'400;
// Length of a "day" for counting failure days (UTC days since the epoch).
inline constexpr int64_t kSecondsPerDay = 86'400;
// How old a healthy host's last_success_at may get before a success is written again: without
// it every delivery to a healthy host would rewrite its row (a write transaction per delivery).
inline constexpr int64_t kSuccessRecordSeconds = 3600;
// Host states kept in memory; beyond it the copy starts over (reloaded from the store on use).
inline constexpr size_t kMaxCachedHosts = 100'000;

struct HostLimits {
  int breaker_threshold = kBreakerThreshold;
  int64_t breaker_pause_seconds = kBreakerPauseSeconds;
  int unavailable_after_days = kUnavailableAfterDays;
  int64_t unavailable_probe_seconds = kUnavailableProbeSeconds;
  int64_t seconds_per_day = kSecondsPerDay;  // length of a failure "day"
};

// Every duration of the defaults divided by `divisor` (≥ 1; each at least one second), for
// config unsafe.delivery_time_divisor: tests and staging see days pass in seconds.
HostLimits HostLimitsDividedBy(int divisor);

// --- Pure transitions.
// True while no attempt may go to the host (breaker open, or unavailable between probes).
bool HostPaused(const store::HostState& state, int64_t now);
// The host answered: breaker closed, failure days forgotten, available again.
store::HostState HostAfterSuccess(store::HostState state, int64_t now);
// One more failed attempt: counts it, its day, and opens the breaker or marks unavailable.
store::HostState HostAfterFailure(store::HostState state, int64_t now,
                                  const HostLimits& limits = {});
// The host sent us a signed request: it is alive (like a success, but last_success_at keeps
// meaning "last delivery that worked").
store::HostState HostAfterSignedRequest(store::HostState state);

// Hosts are servers as in DeliveryJob::host: "host[:port]" of a URL, default port omitted
// (AuthorityOf in src/common/url.h); compared case-insensitively.
class HostHealth {
 public:
  HostHealth(store::FederationStore* store, const Clock* clock, HostLimits limits = {});
  HostHealth(const HostHealth&) = delete;
  HostHealth& operator=(const HostHealth&) = delete;

  // The host's state as this process last saw it (read from the store the first time a host is
  // seen). HostPaused(state, now) tells whether an attempt may go.
  Result<store::HostState> Current(std::string_view host);
  // Records one attempt's effect on the host. Return the state after the update. A success
  // that changes nothing but a last_success_at younger than kSuccessRecordSeconds (this
  // process's copy says so) is not written.
  Result<store::HostState> RecordSuccess(std::string_view host);
  Result<store::HostState> RecordFailure(std::string_view host);
  // For the inbox: `host` sent a request with a valid signature, so it is up. Writes only when
  // there was something to clear (cheap on every signed request).
  Status MarkHostAlive(std::string_view host);

  // Hosts known (from this process's copy) to be paused right now.
  std::vector<std::string> PausedHosts();
  // Whether this process's copy holds a failed attempt to `host` since its last success (hosts
  // never seen count as clean). No store read: for the delivery workers' lease planning.
  bool HasFailureOnRecord(std::string_view host);
  // Hosts with a failure on record that are not paused (PausedHosts lists those), at most
  // `limit` of them.
  std::vector<std::string> FailingHosts(size_t limit);

  const HostLimits& limits() const { return limits_; }

 private:
  // Loads `host` from the store (fresh, not the copy), applies `transition`, writes it back when
  // it changed, and refreshes the copy. Called with mu_ held.
  template <typename Transition>
  Result<store::HostState> UpdateLocked(const std::string& host, Transition transition);
  void CacheLocked(const store::HostState& state);

  // Fixed at construction.
  store::FederationStore* const store_;
  const Clock* const clock_;
  const HostLimits limits_;

  std::mutex mu_;  // guards cache_ and serializes read-modify-write of HostState rows
  std::unordered_map<std::string, store::HostState> cache_;
  // The cached hosts with failures or a breaker on record: PausedHosts and FailingHosts walk
  // these, not every host this process has delivered to (one lease each, so a 10,000-host
  // fan-out would read the whole map 10,000 times).
  std::unordered_set<std::string> troubled_;
};

}  // namespace cornerstore::activitypub::delivery
