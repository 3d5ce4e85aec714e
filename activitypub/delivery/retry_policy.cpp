#include "activitypub/delivery/retry_policy.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <random>
#include <utility>

#include "src/common/clock.h"

namespace cornerstore::activitypub::delivery {
namespace {

// Retry-After values longer than this many digits are absurd; treated as "the cap".
constexpr size_t kMaxRetryAfterDigits = 12;

int64_t IntPow(int64_t base, int exponent) {
  int64_t result = 1;
  for (int i = 0; i < exponent; ++i) result *= base;
  return result;
}

std::string StatusReason(int status) { return "HTTP " + std::to_string(status); }

}  // namespace

JitterSource RandomJitter() {
  return [](int64_t bound) -> int64_t {
    if (bound <= 1) return 0;
    thread_local std::mt19937_64 generator{std::random_device{}()};
    return std::uniform_int_distribution<int64_t>(0, bound - 1)(generator);
  };
}

JitterSource NoJitter() {
  return [](int64_t) -> int64_t { return 0; };
}

bool IsSuccessStatus(int status) { return status >= 200 && status < 300; }

bool IsPermanentStatus(int status) {
  if (status == 501) return true;
  if (status < 400 || status >= 500) return false;
  return status != 401 && status != 408 && status != 429;
}

bool IsRetryableError(ErrorCode code) {
  return code == ErrorCode::kUnavailable || code == ErrorCode::kTimeout ||
         code == ErrorCode::kInternal;
}

std::optional<int64_t> ParseRetryAfter(std::string_view value, int64_t now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > kMaxRetryAfterDigits) return std::numeric_limits<int64_t>::max();
    int64_t seconds = 0;
    for (char c : value) seconds = seconds * 10 + (c - '0');
    return seconds;
  }
  int64_t at = 0;
  if (!ParseHttpDate(value, &at)) return std::nullopt;
  return std::max<int64_t>(0, at - now);
}

RetrySchedule RetryScheduleDividedBy(int divisor) {
  assert(divisor >= 1);
  RetrySchedule schedule;
  schedule.time_scale = 1.0 / divisor;
  return schedule;
}

RetryPolicy::RetryPolicy(RetrySchedule schedule, JitterSource jitter)
    : schedule_(std::move(schedule)), jitter_(std::move(jitter)) {
  assert(schedule_.max_retries >= 0);
  assert(schedule_.time_scale > 0);
  assert(jitter_);
}

int64_t RetryPolicy::Scaled(int64_t seconds) const {
  double scaled = std::ceil(static_cast<double>(seconds) * schedule_.time_scale);
  if (scaled >= static_cast<double>(std::numeric_limits<int64_t>::max() / 2)) {
    return std::numeric_limits<int64_t>::max() / 2;
  }
  return std::max<int64_t>(kMinDelaySeconds, static_cast<int64_t>(scaled));
}

int64_t RetryPolicy::BackoffSeconds(int attempt) const {
  int64_t retry = std::max(attempt, 1) - 1;  // Sidekiq's retry_count: 0 before the first retry
  int64_t jitter = schedule_.jitter_steps > 1 ? jitter_(schedule_.jitter_steps) : 0;
  assert(jitter >= 0 && jitter < std::max(schedule_.jitter_steps, 1));
  int64_t seconds = IntPow(retry, schedule_.backoff_exponent) + schedule_.base_delay_seconds +
                    jitter * (retry + 1);
  return Scaled(seconds);
}

Decision RetryPolicy::Decide(const AttemptOutcome& outcome, int attempt, int64_t now) const {
  Decision decision;
  if (outcome.error.has_value()) {
    decision.reason = outcome.error->ToLogString();
    if (!IsRetryableError(outcome.error->code)) {
      decision.verdict = Verdict::kGiveUp;
      decision.host = HostSignal::kNeutral;
      return decision;
    }
    decision.host = HostSignal::kFailed;
  } else if (IsSuccessStatus(outcome.status)) {
    decision.verdict = Verdict::kDelivered;
    decision.host = HostSignal::kAlive;
    decision.reason = StatusReason(outcome.status);
    return decision;
  } else if (IsPermanentStatus(outcome.status)) {
    decision.verdict = Verdict::kGiveUp;
    decision.host = HostSignal::kAlive;
    decision.reason = StatusReason(outcome.status);
    return decision;
  } else {
    decision.host = HostSignal::kFailed;
    decision.reason = StatusReason(outcome.status);
  }

  if (Exhausted(attempt)) {
    decision.verdict = Verdict::kGiveUp;
    decision.reason = "gave up after " + std::to_string(attempt) + " attempts: " + decision.reason;
    return decision;
  }
  int64_t delay = BackoffSeconds(attempt);
  if (!outcome.retry_after.empty()) {
    if (std::optional<int64_t> asked = ParseRetryAfter(outcome.retry_after, now)) {
      int64_t capped = std::min(*asked, schedule_.max_retry_after_seconds);
      delay = std::max(delay, Scaled(capped));
    }
  }
  decision.verdict = Verdict::kRetry;
  decision.next_attempt_at = now + delay;
  return decision;
}

}  // namespace cornerstore::activitypub::delivery
