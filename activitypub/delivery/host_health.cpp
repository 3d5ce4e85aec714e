#include "activitypub/delivery/host_health.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "src/common/clock.h"
#include "src/common/http_message.h"
#include "src/common/log.h"

namespace cornerstore::activitypub::delivery {
namespace {

bool SameHealth(const store::HostState& a, const store::HostState& b) {
  return a.consecutive_failures == b.consecutive_failures && a.breaker_until == b.breaker_until &&
         a.last_failure_day == b.last_failure_day && a.failure_days == b.failure_days &&
         a.unavailable == b.unavailable && a.last_success_at == b.last_success_at;
}

// Neither failures, a breaker nor unavailability on record: a success or a signed request would
// clear nothing.
bool NothingToClear(const store::HostState& state) {
  return SameHealth(state, HostAfterSignedRequest(state));
}

}  // namespace

HostLimits HostLimitsDividedBy(int divisor) {
  assert(divisor >= 1);
  auto divide = [divisor](int64_t seconds) { return std::max<int64_t>(1, seconds / divisor); };
  HostLimits limits;
  limits.breaker_pause_seconds = divide(limits.breaker_pause_seconds);
  limits.unavailable_probe_seconds = divide(limits.unavailable_probe_seconds);
  limits.seconds_per_day = divide(limits.seconds_per_day);
  return limits;
}

bool HostPaused(const store::HostState& state, int64_t now) { return state.breaker_until > now; }

store::HostState HostAfterSuccess(store::HostState state, int64_t now) {
  state = HostAfterSignedRequest(std::move(state));
  state.last_success_at = now;
  return state;
}

store::HostState HostAfterFailure(store::HostState state, int64_t now, const HostLimits& limits) {
  ++state.consecutive_failures;
  int64_t day = now / limits.seconds_per_day;
  if (day != state.last_failure_day || state.failure_days == 0) {
    ++state.failure_days;
    state.last_failure_day = day;
  }
  if (state.failure_days >= limits.unavailable_after_days) state.unavailable = true;
  if (state.unavailable) {
    state.breaker_until = now + limits.unavailable_probe_seconds;
  } else if (state.consecutive_failures >= limits.breaker_threshold) {
    state.breaker_until = now + limits.breaker_pause_seconds;
  }
  return state;
}

store::HostState HostAfterSignedRequest(store::HostState state) {
  state.consecutive_failures = 0;
  state.breaker_until = 0;
  state.failure_days = 0;
  state.last_failure_day = 0;
  state.unavailable = false;
  return state;
}

HostHealth::HostHealth(store::FederationStore* store, const Clock* clock, HostLimits limits)
    : store_(store), clock_(clock), limits_(limits) {
  assert(store_ != nullptr && clock_ != nullptr);
}

void HostHealth::CacheLocked(const store::HostState& state) {
  if (cache_.size() >= kMaxCachedHosts && cache_.find(state.host) == cache_.end()) {
    cache_.clear();
    troubled_.clear();
  }
  cache_[state.host] = state;
  if (state.consecutive_failures > 0 || state.breaker_until > 0) {
    troubled_.insert(state.host);
  } else {
    troubled_.erase(state.host);
  }
}

Result<store::HostState> HostHealth::Current(std::string_view host_name) {
  const std::string host = ToLower(host_name);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(host);
  if (it != cache_.end()) return it->second;
  CS_ASSIGN_OR_RETURN(store::HostState state, store_->GetHostState(host));
  state.host = host;
  CacheLocked(state);
  return state;
}

template <typename Transition>
Result<store::HostState> HostHealth::UpdateLocked(const std::string& host, Transition transition) {
  CS_ASSIGN_OR_RETURN(store::HostState before, store_->GetHostState(host));
  before.host = host;
  store::HostState after = transition(before);
  if (!SameHealth(before, after)) CS_RETURN_IF_ERROR(store_->PutHostState(after));
  CacheLocked(after);
  return after;
}

Result<store::HostState> HostHealth::RecordSuccess(std::string_view host_name) {
  const std::string host = ToLower(host_name);
  int64_t now = clock_->NowUnix();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(host);
  if (it != cache_.end() && NothingToClear(it->second) &&
      now - it->second.last_success_at < kSuccessRecordSeconds) {
    return it->second;  // healthy and recently recorded: no store round trip
  }
  bool was_unavailable = false;
  auto result = UpdateLocked(host, [&](const store::HostState& state) {
    was_unavailable = state.unavailable;
    return HostAfterSuccess(state, now);
  });
  if (result.ok() && was_unavailable) {
    log::Info("delivery_host_available", {{"host", host}, {"cause", "answered"}});
  }
  return result;
}

Result<store::HostState> HostHealth::RecordFailure(std::string_view host_name) {
  const std::string host = ToLower(host_name);
  int64_t now = clock_->NowUnix();
  std::lock_guard<std::mutex> lock(mu_);
  store::HostState before;
  auto result = UpdateLocked(host, [&](const store::HostState& state) {
    before = state;
    return HostAfterFailure(state, now, limits_);
  });
  if (!result.ok()) return result;
  const store::HostState& after = *result;
  if (after.unavailable && !before.unavailable) {
    log::Warn("delivery_host_unavailable", {{"host", after.host},
                                            {"failure_days", std::to_string(after.failure_days)},
                                            {"next_probe", FormatIso8601(after.breaker_until)}});
  } else if (!after.unavailable && HostPaused(after, now) && !HostPaused(before, now)) {
    log::Warn("delivery_breaker_open",
              {{"host", after.host},
               {"consecutive_failures", std::to_string(after.consecutive_failures)},
               {"until", FormatIso8601(after.breaker_until)}});
  }
  return result;
}

Status HostHealth::MarkHostAlive(std::string_view host_name) {
  const std::string host = ToLower(host_name);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(host);
  if (it != cache_.end() && NothingToClear(it->second)) {
    return OkStatus();  // nothing to clear: no store round trip
  }
  bool was_unavailable = false;
  auto result = UpdateLocked(host, [&](const store::HostState& state) {
    was_unavailable = state.unavailable;
    return HostAfterSignedRequest(state);
  });
  if (!result.ok()) return result.take_error();
  if (was_unavailable) {
    log::Info("delivery_host_available", {{"host", host}, {"cause", "signed_request"}});
  }
  return OkStatus();
}

std::vector<std::string> HostHealth::PausedHosts() {
  int64_t now = clock_->NowUnix();
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> hosts;
  for (const std::string& host : troubled_) {
    if (HostPaused(cache_.at(host), now)) hosts.push_back(host);
  }
  return hosts;
}

bool HostHealth::HasFailureOnRecord(std::string_view host_name) {
  const std::string host = ToLower(host_name);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cache_.find(host);
  return it != cache_.end() && it->second.consecutive_failures > 0;
}

std::vector<std::string> HostHealth::FailingHosts(size_t limit) {
  int64_t now = clock_->NowUnix();
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> hosts;
  for (const std::string& host : troubled_) {
    if (hosts.size() >= limit) break;
    const store::HostState& state = cache_.at(host);
    if (state.consecutive_failures > 0 && !HostPaused(state, now)) hosts.push_back(host);
  }
  return hosts;
}

}  // namespace cornerstore::activitypub::delivery
