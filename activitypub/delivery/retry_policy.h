// RetryPolicy: what to do after one delivery attempt — done, retry at a given time, or give up
// (PROTOCOL.md §7). Pure: no I/O; "now" and the jitter come from the caller.
//
// The schedule is Mastodon's (Sidekiq's default backoff under DeliveryWorker's `retry: 16`): after
// the n-th failed attempt (n = 1, 2, …) the next one waits
//     (n − 1)⁴ + 15 s + jitter,   jitter = draw(0 … 9) × n seconds,
// for at most 16 retries (17 attempts), about 2.07 days in all. A `Retry-After` answer (seconds
// or HTTP-date, capped) pushes the next attempt later, never earlier. Every number lives in
// RetrySchedule, so staging and tests can shrink the ≈2-day schedule to seconds (time_scale).
//
// Not retried: 4xx except 401, 408 and 429, and 501; transport errors other than kUnavailable,
// kTimeout and kInternal (a kForbidden from the SSRF guard will not change on retry).
//
// Thread safety: immutable after construction; Decide may be called from many threads as long
// as the jitter source is thread-safe (RandomJitter is).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "src/common/result.h"

namespace cornerstore::activitypub::delivery {

// Mastodon's ActivityPub::DeliveryWorker: 16 retries, ≈2 days before giving up.
inline constexpr int kMaxRetries = 16;
// Sidekiq's floor between attempts: even the first retry waits 15 s.
inline constexpr int64_t kBaseDelaySeconds = 15;
// Sidekiq's growth: retry n waits n⁴ on top of the floor (0 s, 1 s, 16 s, 81 s, … 14 h).
inline constexpr int kBackoffExponent = 4;
// Sidekiq's jitter: draw(0 … 9) × (retry + 1) seconds, so a burst of failures spreads out.
inline constexpr int kJitterSteps = 10;
// A peer may ask for a pause of up to a day; beyond that it would outlast the whole schedule.
inline constexpr int64_t kMaxRetryAfterSeconds = 86'400;
// Times are whole seconds; a retry never comes in the same second as the failure.
inline constexpr int64_t kMinDelaySeconds = 1;

struct RetrySchedule {
  int max_retries = kMaxRetries;
  int64_t base_delay_seconds = kBaseDelaySeconds;
  int backoff_exponent = kBackoffExponent;
  int jitter_steps = kJitterSteps;
  int64_t max_retry_after_seconds = kMaxRetryAfterSeconds;
  // Multiplies every delay, Retry-After included: 1 in production; e.g. 1.0 / 3600 turns the
  // ≈2-day schedule into ≈1 minute for staging (each delay still at least kMinDelaySeconds).
  double time_scale = 1.0;
};

// The default schedule with time_scale 1 / divisor (≥ 1), for config
// unsafe.delivery_time_divisor.
RetrySchedule RetryScheduleDividedBy(int divisor);

// Draws a whole number in [0, bound) (bound ≥ 1). Must be thread-safe.
using JitterSource = std::function<int64_t(int64_t bound)>;
// A uniform draw from a per-thread generator seeded from std::random_device.
JitterSource RandomJitter();
// Always 0: a schedule without jitter (tests, tools that print the schedule).
JitterSource NoJitter();

// What one attempt gave: an HTTP response (status, Retry-After) or a transport error.
struct AttemptOutcome {
  int status = 0;              // HTTP status; 0 when there was no response
  std::string retry_after;     // the Retry-After header, empty if absent
  std::optional<Error> error;  // set when the request failed without a response
};

enum class Verdict {
  kDelivered,  // 2xx: done
  kRetry,      // try again at next_attempt_at
  kGiveUp,     // permanent failure, or retries exhausted
};

// What the attempt says about the remote host (circuit breaker, unavailable domains).
enum class HostSignal {
  kAlive,    // it answered with a final status (2xx, or a permanent 4xx)
  kFailed,   // 5xx, 401/408/429, another retryable status, or a retryable transport error
  kNeutral,  // we refused to send (SSRF guard, malformed URL, signer problem): says nothing
};

struct Decision {
  Verdict verdict = Verdict::kGiveUp;
  int64_t next_attempt_at = 0;  // kRetry only
  HostSignal host = HostSignal::kNeutral;
  // Short reason for the operator ("HTTP 503", "timeout: …", "HTTP 410"); kept as last_error.
  std::string reason;
};

// 2xx.
bool IsSuccessStatus(int status);
// A status that will not change on retry: 4xx except 401, 408, 429; and 501.
bool IsPermanentStatus(int status);
// Transport errors worth retrying: kUnavailable (DNS, refused, reset), kTimeout, kInternal.
bool IsRetryableError(ErrorCode code);
// Seconds from `now` a Retry-After value asks for: delta-seconds or an IMF-fixdate (a date in
// the past gives 0). nullopt when malformed. Not capped.
std::optional<int64_t> ParseRetryAfter(std::string_view value, int64_t now);

class RetryPolicy {
 public:
  explicit RetryPolicy(RetrySchedule schedule = {}, JitterSource jitter = RandomJitter());

  // The verdict after attempt number `attempt` (1 for the first) ended with `outcome` at `now`.
  Decision Decide(const AttemptOutcome& outcome, int attempt, int64_t now) const;

  // The wait after failed attempt `attempt` (1-based) from the backoff alone: scaled, jittered,
  // at least kMinDelaySeconds.
  int64_t BackoffSeconds(int attempt) const;
  // True when no retry may follow attempt `attempt` (it was attempt max_retries + 1).
  bool Exhausted(int attempt) const { return attempt > schedule_.max_retries; }

  const RetrySchedule& schedule() const { return schedule_; }

 private:
  int64_t Scaled(int64_t seconds) const;

  const RetrySchedule schedule_;
  const JitterSource jitter_;
};

}  // namespace cornerstore::activitypub::delivery
