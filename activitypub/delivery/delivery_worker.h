// DeliveryWorker: the pool of threads that drains the durable delivery queue (PROTOCOL.md §7).
//
// Each thread leases one due job at a time (FederationStore::LeaseDeliveries, skipping paused
// hosts, hosts already at kMaxInFlightPerHost, and — while the workers they may hold together are
// all busy — suspect hosts: failing, slow or crowded ones, lease_plan.h), POSTs the job's exact
// activity_json to its inbox through the HttpFetcher — signed by the job's actor with a fresh Date
// on every attempt — and records the outcome: CompleteDelivery, RetryDelivery at the time
// RetryPolicy gives, or FailDelivery; then updates the host's health (HostHealth). One log line per
// attempt.
//
// Delivery is at-least-once: no transaction is held across network I/O; a job whose worker dies
// keeps its lease until it expires (kLeaseSeconds) and is then leased again (the store counts
// every lease as an attempt). A job leased for a host that turns out to be paused is handed back
// (RetryDelivery) for the end of the pause without being sent. Stop() lets attempts in progress
// finish and leases nothing more.
//
// Threads wake on Notify() (call it after enqueueing jobs) and otherwise poll every
// poll_interval, which is how retries come due. DeliverDue() runs the same loop on the calling
// thread, for tests and for "deliver now" tools.
//
// Ownership: everything in DeliveryDeps is borrowed and must outlive the worker.
// Thread safety: all public methods may be called from any thread; Start/Stop are not reentrant
// with each other (call them from one owner thread).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "activitypub/delivery/host_health.h"
#include "activitypub/delivery/lease_plan.h"
#include "activitypub/delivery/retry_policy.h"
#include "activitypub/uris.h"
#include "config/config.h"
#include "src/common/clock.h"
#include "src/common/http_fetcher.h"
#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub::delivery {

// A lease outlives one attempt by far (a 30 s request, its one re-signed retry, a slow
// database); it is also how long a crashed worker's job waits before someone else takes it.
inline constexpr int64_t kLeaseSeconds = 300;
// How late a retry may start after it came due when nothing calls Notify().
inline constexpr std::chrono::milliseconds kPollInterval{2'000};
// Bounds the skip list sent with each lease query; further paused hosts cost a wasted lease.
inline constexpr size_t kMaxSkipHosts = 500;
// Media type of every delivery POST (what Mastodon sends and expects).
inline constexpr const char* kActivityContentType = "application/activity+json";

static_assert(kLeaseSeconds * 1000 > 2 * FetchLimits{}.total_timeout_ms,
              "a lease must outlive an attempt and its one re-signed retry");

struct DeliveryWorkerOptions {
  int threads = 4;  // config::WorkerConfig::delivery_workers
  int max_in_flight_per_host = kMaxInFlightPerHost;
  // Workers suspect hosts may hold together (lease_plan.h); 0 means SuspectWorkerCap(threads).
  int max_suspect_in_flight = 0;
  int64_t slow_attempt_ms = kSlowAttemptMs;  // an attempt running this long marks its host slow
  int64_t lease_seconds = kLeaseSeconds;
  std::chrono::milliseconds poll_interval = kPollInterval;
  size_t max_skip_hosts = kMaxSkipHosts;
  FetchLimits fetch_limits;  // per attempt
};

// The options for the configured number of threads, every limit at its default.
DeliveryWorkerOptions DeliveryWorkerOptionsFromConfig(const config::WorkerConfig& config);

struct DeliveryDeps {
  store::FederationStore* queue = nullptr;  // the delivery queue and HostState
  store::Store* accounts = nullptr;         // signer_account_id → username → actor id
  HttpFetcher* fetcher = nullptr;           // signs and sends
  const Clock* clock = nullptr;
  const Uris* uris = nullptr;
  const RetryPolicy* policy = nullptr;
  HostHealth* health = nullptr;  // shared with the inbox (MarkHostAlive)
};

class DeliveryWorker {
 public:
  DeliveryWorker(DeliveryDeps deps, DeliveryWorkerOptions options = {});
  ~DeliveryWorker();  // Stop()
  DeliveryWorker(const DeliveryWorker&) = delete;
  DeliveryWorker& operator=(const DeliveryWorker&) = delete;

  // Starts options.threads threads. Must not be running.
  void Start();
  // Wakes the threads and waits for them: attempts in progress finish, nothing new is leased.
  // Idempotent.
  void Stop();
  // Jobs were enqueued: wake idle threads now instead of at the next poll.
  void Notify();

  // Leases and attempts due jobs one by one on the calling thread until none is left (or
  // `max_jobs` were leased). Returns the number of attempts made.
  int DeliverDue(int max_jobs = std::numeric_limits<int>::max());

  // Attempts in progress right now, over all threads and callers.
  int InFlight() const;
  // Of those, the attempts to suspect hosts (lease_plan.h), and the most they may number.
  int SuspectInFlight() const;
  int MaxSuspectInFlight() const { return caps_.max_suspect_in_flight; }

 private:
  struct Running {
    int64_t job_id = 0;
    int64_t started_ms = 0;  // Clock::NowUnixMillis()
  };

  // Leases one due job and takes an in-flight slot for its host; nullopt when none is due.
  Result<std::optional<store::DeliveryJob>> LeaseNext();
  // Gives the job's slot back (and wakes a thread if that may let another job be leased).
  void Release(const store::DeliveryJob& job);
  // The hosts in flight for PlanLease. Called with lease_mu_ held.
  std::vector<HostInFlight> HostsInFlightLocked() const;
  // One attempt of a leased job, start to finish. False if nothing was sent: the host is paused
  // (the job is handed back for the end of the pause), or the database could not tell us who
  // signs or how the host is (the job is left to its lease).
  bool Attempt(const store::DeliveryJob& job);
  // The request for one attempt; kNotFound when the signer account is gone, kUnavailable when
  // the database could not tell.
  Result<OutboundRequest> BuildRequest(const store::DeliveryJob& job) const;
  void Wake(bool all);
  void Loop();

  // Fixed at construction.
  const DeliveryDeps deps_;
  const DeliveryWorkerOptions options_;
  const LeaseCaps caps_;

  mutable std::mutex lease_mu_;  // guards in_flight_; serializes leasing so caps hold
  std::unordered_map<std::string, std::vector<Running>> in_flight_;  // host → its attempts
  int in_flight_total_ = 0;

  std::mutex wake_mu_;  // guards stopping_, generation_
  std::condition_variable wake_;
  bool stopping_ = false;
  uint64_t generation_ = 0;  // bumped by Notify() and freed host slots

  std::vector<std::thread> threads_;  // touched by Start/Stop only
};

}  // namespace cornerstore::activitypub::delivery
