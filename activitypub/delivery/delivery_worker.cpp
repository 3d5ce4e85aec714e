#include "activitypub/delivery/delivery_worker.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "src/common/log.h"

namespace cornerstore::activitypub::delivery {
namespace {

// "https://a.example/users/x#main-key" → "https://a.example/users/x".
std::string ActorOfKeyId(const std::string& key_id) { return key_id.substr(0, key_id.find('#')); }

const char* VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kDelivered:
      return "delivered";
    case Verdict::kRetry:
      return "retry";
    case Verdict::kGiveUp:
      return "gave_up";
  }
  return "gave_up";
}

LeaseCaps CapsOf(const DeliveryWorkerOptions& options) {
  LeaseCaps caps;
  caps.max_in_flight_per_host = options.max_in_flight_per_host;
  caps.max_suspect_in_flight = options.max_suspect_in_flight > 0
                                   ? options.max_suspect_in_flight
                                   : SuspectWorkerCap(options.threads);
  caps.slow_attempt_ms = options.slow_attempt_ms;
  return caps;
}

}  // namespace

DeliveryWorkerOptions DeliveryWorkerOptionsFromConfig(const config::WorkerConfig& config) {
  DeliveryWorkerOptions options;
  options.threads = config.delivery_workers;
  return options;
}

DeliveryWorker::DeliveryWorker(DeliveryDeps deps, DeliveryWorkerOptions options)
    : deps_(deps), options_(std::move(options)), caps_(CapsOf(options_)) {
  assert(deps_.queue && deps_.accounts && deps_.fetcher && deps_.clock && deps_.uris &&
         deps_.policy && deps_.health);
  assert(options_.threads >= 0 && options_.max_in_flight_per_host >= 1);
  assert(options_.max_suspect_in_flight >= 0 && options_.slow_attempt_ms > 0);
  assert(options_.lease_seconds > 0);
}

DeliveryWorker::~DeliveryWorker() { Stop(); }

void DeliveryWorker::Start() {
  assert(threads_.empty());
  {
    std::lock_guard<std::mutex> lock(wake_mu_);
    stopping_ = false;
  }
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this] { Loop(); });
  log::Info("delivery_workers_started", {{"threads", std::to_string(options_.threads)}});
}

void DeliveryWorker::Stop() {
  if (threads_.empty()) return;
  {
    std::lock_guard<std::mutex> lock(wake_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
  log::Info("delivery_workers_stopped");
}

void DeliveryWorker::Notify() { Wake(/*all=*/true); }

void DeliveryWorker::Wake(bool all) {
  {
    std::lock_guard<std::mutex> lock(wake_mu_);
    ++generation_;
  }
  if (all) {
    wake_.notify_all();
  } else {
    wake_.notify_one();
  }
}

int DeliveryWorker::InFlight() const {
  std::lock_guard<std::mutex> lock(lease_mu_);
  return in_flight_total_;
}

int DeliveryWorker::SuspectInFlight() const {
  std::lock_guard<std::mutex> lock(lease_mu_);
  return delivery::SuspectInFlight(HostsInFlightLocked(), deps_.clock->NowUnixMillis(), caps_);
}

std::vector<HostInFlight> DeliveryWorker::HostsInFlightLocked() const {
  std::vector<HostInFlight> hosts;
  hosts.reserve(in_flight_.size());
  for (const auto& [host, running] : in_flight_) {
    HostInFlight entry;
    entry.host = host;
    entry.attempts = static_cast<int>(running.size());
    entry.oldest_started_ms = running.front().started_ms;
    for (const Running& r : running) {
      entry.oldest_started_ms = std::min(entry.oldest_started_ms, r.started_ms);
    }
    entry.failure_on_record = deps_.health->HasFailureOnRecord(host);
    hosts.push_back(std::move(entry));
  }
  return hosts;
}

Result<std::optional<store::DeliveryJob>> DeliveryWorker::LeaseNext() {
  std::lock_guard<std::mutex> lock(lease_mu_);
  const int64_t now_ms = deps_.clock->NowUnixMillis();
  LeasePlan plan = PlanLease(HostsInFlightLocked(), now_ms, caps_);
  std::vector<std::string> skip = std::move(plan.skip);  // bounded by the number of attempts
  for (std::string& host : deps_.health->PausedHosts()) {
    if (skip.size() >= options_.max_skip_hosts) break;
    skip.push_back(std::move(host));
  }
  if (plan.suspects_full && skip.size() < options_.max_skip_hosts) {
    // Beyond the skip list's bound a failing host may still be leased: the cap is then exceeded
    // by that attempt, never a healthy host refused.
    for (std::string& host : deps_.health->FailingHosts(options_.max_skip_hosts - skip.size())) {
      skip.push_back(std::move(host));
    }
  }
  CS_ASSIGN_OR_RETURN(
      std::vector<store::DeliveryJob> jobs,
      deps_.queue->LeaseDeliveries(deps_.clock->NowUnix(), options_.lease_seconds, 1, skip));
  if (jobs.empty()) return std::optional<store::DeliveryJob>();
  in_flight_[jobs.front().host].push_back({jobs.front().id, now_ms});
  ++in_flight_total_;
  return std::optional<store::DeliveryJob>(std::move(jobs.front()));
}

void DeliveryWorker::Release(const store::DeliveryJob& job) {
  bool freed_a_cap = false;
  {
    std::lock_guard<std::mutex> lock(lease_mu_);
    auto it = in_flight_.find(job.host);
    assert(it != in_flight_.end() && !it->second.empty());
    // A lease a peer waits on: the host's own cap, or the suspect workers' cap.
    freed_a_cap = static_cast<int>(it->second.size()) >= options_.max_in_flight_per_host ||
                  delivery::SuspectInFlight(HostsInFlightLocked(), deps_.clock->NowUnixMillis(),
                                            caps_) >= caps_.max_suspect_in_flight;
    std::vector<Running>& running = it->second;
    auto mine = std::find_if(running.begin(), running.end(),
                             [&](const Running& r) { return r.job_id == job.id; });
    assert(mine != running.end());
    if (mine != running.end()) running.erase(mine);
    if (running.empty()) in_flight_.erase(it);
    --in_flight_total_;
  }
  if (freed_a_cap) Wake(/*all=*/false);
}

Result<OutboundRequest> DeliveryWorker::BuildRequest(const store::DeliveryJob& job) const {
  OutboundRequest request;
  request.method = "POST";
  request.url = job.inbox_url;
  request.headers.Set("Content-Type", kActivityContentType);
  request.body = job.activity_json;
  if (!job.signer_private_key_pem.empty()) {
    if (job.signer_key_id.empty()) {
      return MakeError(ErrorCode::kInvalidInput, "job carries a key without its key id");
    }
    request.signer_key_id = job.signer_key_id;
    request.signer_private_key_pem = job.signer_private_key_pem;
    request.signer_actor_id = ActorOfKeyId(job.signer_key_id);
  } else if (job.signer_account_id != 0) {
    Result<store::Account> account = deps_.accounts->FindAccountById(job.signer_account_id);
    if (!account.ok()) {
      Error error = account.take_error();
      error.detail = "signer account " + std::to_string(job.signer_account_id) + ": " +
                     (error.detail.empty() ? error.message : error.detail);
      return error;
    }
    request.signer_actor_id = deps_.uris->Actor(account->username);
  }
  // signer_actor_id stays empty for the instance actor.
  return request;
}

bool DeliveryWorker::Attempt(const store::DeliveryJob& job) {
  Result<store::HostState> host = deps_.health->Current(job.host);
  if (!host.ok()) {
    log::Error("delivery_host_state_unreadable", {{"job", std::to_string(job.id)},
                                                  {"host", job.host},
                                                  {"error", host.error().ToLogString()}});
    return false;
  }
  if (HostPaused(*host, deps_.clock->NowUnix())) {
    // Leased before this process knew the host was paused (e.g. after a restart): hand it back
    // for when the pause ends; the host is in PausedHosts() from now on.
    std::string reason = host->unavailable ? "not sent: server unavailable (failing for days)"
                                           : "not sent: server paused after repeated failures";
    Status requeued =
        deps_.queue->RetryDelivery(job.id, host->breaker_until, job.last_status, reason);
    log::Info("delivery_deferred", {{"job", std::to_string(job.id)},
                                    {"host", job.host},
                                    {"until", FormatIso8601(host->breaker_until)},
                                    {"requeued", requeued.ok() ? "yes" : "no"}});
    return false;
  }

  // FederationStore counts an attempt when it leases the job.
  const int attempt = std::max(job.attempts, 1);
  Result<OutboundRequest> request = BuildRequest(job);
  if (!request.ok() && request.error().code == ErrorCode::kUnavailable) {
    log::Error("delivery_signer_unreadable",
               {{"job", std::to_string(job.id)}, {"error", request.error().ToLogString()}});
    return false;
  }

  AttemptOutcome outcome;
  if (!request.ok()) {
    outcome.error = request.take_error();
  } else {
    Result<FetchResponse> response = deps_.fetcher->Fetch(*request, options_.fetch_limits);
    if (response.ok()) {
      outcome.status = response->status;
      if (auto retry_after = response->headers.Get("Retry-After")) {
        outcome.retry_after = std::string(*retry_after);
      }
    } else {
      outcome.error = response.take_error();
    }
  }

  const int64_t now = deps_.clock->NowUnix();
  // A request we could not even build says nothing about the host and is not worth retrying.
  Decision decision = request.ok() ? deps_.policy->Decide(outcome, attempt, now) : Decision{};
  if (!request.ok()) decision.reason = "cannot sign: " + outcome.error->ToLogString();

  Status recorded;
  switch (decision.verdict) {
    case Verdict::kDelivered:
      recorded = deps_.queue->CompleteDelivery(job.id, outcome.status);
      break;
    case Verdict::kRetry:
      recorded = deps_.queue->RetryDelivery(job.id, decision.next_attempt_at, outcome.status,
                                            decision.reason);
      break;
    case Verdict::kGiveUp:
      recorded = deps_.queue->FailDelivery(job.id, outcome.status, decision.reason);
      break;
  }

  const log::Level level =
      decision.verdict == Verdict::kGiveUp ? log::Level::kWarn : log::Level::kInfo;
  log::Write(level, "delivery_attempt",
             {{"job", std::to_string(job.id)},
              {"host", job.host},
              {"inbox", job.inbox_url},
              {"attempt", std::to_string(attempt)},
              {"status", outcome.status != 0 ? std::to_string(outcome.status) : "-"},
              {"outcome", VerdictName(decision.verdict)},
              {"next_attempt",
               decision.verdict == Verdict::kRetry ? FormatIso8601(decision.next_attempt_at) : "-"},
              {"error", decision.verdict == Verdict::kDelivered ? "-" : decision.reason}});
  if (!recorded.ok()) {
    // The lease will expire and the job be attempted again: at-least-once.
    log::Error("delivery_outcome_not_recorded",
               {{"job", std::to_string(job.id)}, {"error", recorded.error().ToLogString()}});
  }

  Status health;
  if (decision.host == HostSignal::kAlive) {
    Result<store::HostState> state = deps_.health->RecordSuccess(job.host);
    if (!state.ok()) health = state.take_error();
  } else if (decision.host == HostSignal::kFailed) {
    Result<store::HostState> state = deps_.health->RecordFailure(job.host);
    if (!state.ok()) health = state.take_error();
  }
  if (!health.ok()) {
    log::Error("delivery_host_state_not_recorded",
               {{"host", job.host}, {"error", health.error().ToLogString()}});
  }
  return true;
}

int DeliveryWorker::DeliverDue(int max_jobs) {
  int attempts = 0;
  for (int leased = 0; leased < max_jobs; ++leased) {
    Result<std::optional<store::DeliveryJob>> job = LeaseNext();
    if (!job.ok()) {
      log::Error("delivery_lease_failed", {{"error", job.error().ToLogString()}});
      break;
    }
    if (!job->has_value()) break;
    if (Attempt(**job)) ++attempts;
    Release(**job);
  }
  return attempts;
}

void DeliveryWorker::Loop() {
  for (;;) {
    uint64_t seen;
    {
      std::lock_guard<std::mutex> lock(wake_mu_);
      if (stopping_) return;
      seen = generation_;
    }
    Result<std::optional<store::DeliveryJob>> job = LeaseNext();
    if (job.ok() && job->has_value()) {
      Wake(/*all=*/false);  // more may be due: let an idle peer look as well
      Attempt(**job);
      Release(**job);
      continue;
    }
    if (!job.ok()) log::Error("delivery_lease_failed", {{"error", job.error().ToLogString()}});
    std::unique_lock<std::mutex> lock(wake_mu_);
    wake_.wait_for(lock, options_.poll_interval, [&] { return stopping_ || generation_ != seen; });
  }
}

}  // namespace cornerstore::activitypub::delivery
