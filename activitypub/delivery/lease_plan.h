// Lease planning: which hosts the delivery workers' next lease must skip, so that no host holds
// more than its share of the pool (PROTOCOL.md §7, docs/FAULTS.md case 5).
//
// Two caps, both over the attempts in flight right now:
// - per host: at most `max_in_flight_per_host` attempts at once to one server;
// - per pool: hosts under suspicion may hold at most `max_suspect_in_flight` workers together
//   (by default all but one: SuspectWorkerCap), so one worker is always left for hosts with a
//   clean record and a delivery to a healthy server never waits behind dead ones.
//
// A host is *suspect* while it holds workers it may not give back soon, i.e. when
//   1. its last attempt failed (HostHealth: a failure on record since its last success), or
//   2. one of its attempts has been running for `slow_attempt_ms` or longer, or
//   3. it holds as many attempts as the per-host cap allows (when that cap is above 1).
// Clause 1 knows the host only after a failure; clauses 2 and 3 catch a host on first contact
// (a server that hangs has no failure on record until its first read timeout, 10 s later).
// Clause 3 is judged before the lease: taking a host's last free slot counts all its attempts
// against the pool cap, so two first-contact hosts cannot take every worker between them. The
// price: when only two busy hosts have due jobs, one worker waits for other hosts (the queue
// drains at 3 of 4 workers until their backlog is done).
//
// Suspect hosts are never starved: they share the capped workers, and leases skip them only
// while those are all busy. Hosts are only skipped by name, so a host never seen by this
// process (no attempt in flight, nothing on record) is always leasable: it counts as clean.
// The limit of that: a worker is never taken back, so as many never-seen hosts as there are
// workers, each hanging on its first attempt, still hold them all until their timeouts.
//
// Pure functions; the worker holds its lease mutex while calling them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cornerstore::activitypub::delivery {

// Two POSTs at once per server: enough for one shop's audience, gentle on small servers.
inline constexpr int kMaxInFlightPerHost = 2;
// A healthy inbox answers in well under a second (Mastodon queues the activity and says 202);
// an attempt still running after 5 s waits on a server that is struggling or gone.
inline constexpr int64_t kSlowAttemptMs = 5'000;

// Workers suspect hosts may hold together in a pool of `threads`: all but one (and at least one,
// so a pool of one still serves them).
int SuspectWorkerCap(int threads);

// One host with attempts in flight, as the worker sees it at lease time.
struct HostInFlight {
  std::string host;
  int attempts = 0;                // in flight now, ≥ 1
  int64_t oldest_started_ms = 0;   // Clock::NowUnixMillis() when the oldest one started
  bool failure_on_record = false;  // HostHealth::HasFailureOnRecord
};

struct LeaseCaps {
  int max_in_flight_per_host = kMaxInFlightPerHost;
  int max_suspect_in_flight = 1;
  int64_t slow_attempt_ms = kSlowAttemptMs;
};

// Clauses 1-3 above for a host with attempts in flight.
bool HostSuspect(const HostInFlight& host, int64_t now_ms, const LeaseCaps& caps);

// Attempts in flight to suspect hosts.
int SuspectInFlight(const std::vector<HostInFlight>& in_flight, int64_t now_ms,
                    const LeaseCaps& caps);

struct LeasePlan {
  // In-flight hosts the lease must skip: at their per-host cap, or suspect (or made suspect by
  // this lease) while the suspect workers are used up.
  std::vector<std::string> skip;
  // The suspect workers are all busy: the lease must also skip every host with a failure on
  // record (HostHealth::FailingHosts), not only those in flight.
  bool suspects_full = false;
};

LeasePlan PlanLease(const std::vector<HostInFlight>& in_flight, int64_t now_ms,
                    const LeaseCaps& caps);

}  // namespace cornerstore::activitypub::delivery
