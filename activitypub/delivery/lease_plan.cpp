#include "activitypub/delivery/lease_plan.h"

#include <algorithm>

namespace cornerstore::activitypub::delivery {
namespace {

// Clause 3: the per-host cap is a crowd only when it allows more than one attempt; with a cap of
// 1 every busy host would count.
bool AtCrowdedCap(int attempts, const LeaseCaps& caps) {
  return caps.max_in_flight_per_host > 1 && attempts >= caps.max_in_flight_per_host;
}

}  // namespace

int SuspectWorkerCap(int threads) { return std::max(1, threads - 1); }

bool HostSuspect(const HostInFlight& host, int64_t now_ms, const LeaseCaps& caps) {
  return host.failure_on_record || now_ms - host.oldest_started_ms >= caps.slow_attempt_ms ||
         AtCrowdedCap(host.attempts, caps);
}

int SuspectInFlight(const std::vector<HostInFlight>& in_flight, int64_t now_ms,
                    const LeaseCaps& caps) {
  int busy = 0;
  for (const HostInFlight& host : in_flight) {
    if (HostSuspect(host, now_ms, caps)) busy += host.attempts;
  }
  return busy;
}

LeasePlan PlanLease(const std::vector<HostInFlight>& in_flight, int64_t now_ms,
                    const LeaseCaps& caps) {
  const int busy = SuspectInFlight(in_flight, now_ms, caps);
  LeasePlan plan;
  plan.suspects_full = busy >= caps.max_suspect_in_flight;
  for (const HostInFlight& host : in_flight) {
    // What the suspect workers would number if this host got one more attempt.
    int busy_after = busy;
    if (HostSuspect(host, now_ms, caps)) {
      busy_after = busy + 1;
    } else if (AtCrowdedCap(host.attempts + 1, caps)) {
      busy_after = busy + host.attempts + 1;  // the lease makes it suspect, all its attempts count
    }
    if (host.attempts >= caps.max_in_flight_per_host || busy_after > caps.max_suspect_in_flight) {
      plan.skip.push_back(host.host);
    }
  }
  return plan;
}

}  // namespace cornerstore::activitypub::delivery
