#include "activitypub/delivery/retry_policy.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "src/common/clock.h"

using namespace cornerstore;
using namespace cornerstore::activitypub::delivery;

namespace {

constexpr int64_t kNow = 1'800'000'000;

AttemptOutcome Answer(int status, std::string retry_after = {}) {
  AttemptOutcome outcome;
  outcome.status = status;
  outcome.retry_after = std::move(retry_after);
  return outcome;
}

AttemptOutcome Failure(ErrorCode code) {
  AttemptOutcome outcome;
  outcome.error = MakeError(code, "failed", "detail");
  return outcome;
}

std::string Duration(int64_t seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%lldd %02lldh %02lldm %02llds", (long long)(seconds / 86'400),
                (long long)(seconds % 86'400 / 3600), (long long)(seconds % 3600 / 60),
                (long long)(seconds % 60));
  return buf;
}

// Walks the whole schedule: fails every attempt with a 503 until the policy gives up. Returns the
// delays between attempts.
std::vector<int64_t> WalkSchedule(const RetryPolicy& policy, int* attempts) {
  std::vector<int64_t> delays;
  int64_t now = kNow;
  for (int attempt = 1;; ++attempt) {
    Decision decision = policy.Decide(Answer(503), attempt, now);
    if (decision.verdict != Verdict::kRetry) {
      *attempts = attempt;
      CHECK(decision.verdict == Verdict::kGiveUp);
      CHECK(decision.reason == "gave up after " + std::to_string(attempt) + " attempts: HTTP 503");
      return delays;
    }
    delays.push_back(decision.next_attempt_at - now);
    now = decision.next_attempt_at;
  }
}

}  // namespace

TEST_CASE("retry policy: Mastodon's schedule, 16 retries over about two days") {
  RetryPolicy policy({}, NoJitter());
  int attempts = 0;
  std::vector<int64_t> delays = WalkSchedule(policy, &attempts);

  CHECK(attempts == 17);  // the first attempt and 16 retries
  REQUIRE(delays.size() == 16);
  const std::vector<int64_t> expected = {15,   16,   31,    96,    271,   640,   1311,  2416,
                                         4111, 6576, 10015, 14656, 20751, 28576, 38431, 50640};
  CHECK(delays == expected);

  int64_t total = 0;
  std::string lines;
  for (size_t i = 0; i < delays.size(); ++i) {
    total += delays[i];
    lines += "  retry " + std::to_string(i + 1) + ": +" + std::to_string(delays[i]) + " s, at " +
             Duration(total) + "\n";
  }
  MESSAGE("delivery retry schedule without jitter (16 retries):\n"
          << lines << "  total " << total << " s = " << Duration(total) << " = "
          << static_cast<double>(total) / 86'400 << " days");
  CHECK(total == 178'552);
  CHECK(total > 2 * 86'400 - 86'400 / 4);  // "about 2 days"
  CHECK(total < 2 * 86'400 + 86'400 / 4);
}

TEST_CASE("retry policy: jitter is draw(0..9) x n seconds and comes from the injected source") {
  std::vector<int64_t> bounds;
  RetryPolicy max_jitter({}, [&](int64_t bound) {
    bounds.push_back(bound);
    return bound - 1;
  });
  CHECK(max_jitter.BackoffSeconds(1) == 15 + 9 * 1);
  CHECK(max_jitter.BackoffSeconds(2) == 1 + 15 + 9 * 2);
  CHECK(max_jitter.BackoffSeconds(16) == 50'625 + 15 + 9 * 16);
  CHECK(bounds == std::vector<int64_t>{10, 10, 10});

  int attempts = 0;
  std::vector<int64_t> delays = WalkSchedule(max_jitter, &attempts);
  int64_t total = 0;
  for (int64_t d : delays) total += d;
  MESSAGE("with the largest jitter every time: " << total << " s = " << Duration(total));
  CHECK(total == 178'552 + 9 * (16 * 17 / 2));

  // The production source stays inside its bound.
  JitterSource random = RandomJitter();
  std::set<int64_t> seen;
  for (int i = 0; i < 2000; ++i) {
    int64_t v = random(10);
    REQUIRE(v >= 0);
    REQUIRE(v < 10);
    seen.insert(v);
  }
  CHECK(seen.size() == 10);
  CHECK(random(1) == 0);
}

TEST_CASE("retry policy: which statuses are final") {
  RetryPolicy policy({}, NoJitter());
  for (int status : {200, 201, 202, 204}) {
    CAPTURE(status);
    Decision d = policy.Decide(Answer(status), 1, kNow);
    CHECK(d.verdict == Verdict::kDelivered);
    CHECK(d.host == HostSignal::kAlive);
  }
  for (int status : {400, 403, 404, 405, 410, 413, 415, 422, 451, 501}) {
    CAPTURE(status);
    Decision d = policy.Decide(Answer(status), 1, kNow);
    CHECK(d.verdict == Verdict::kGiveUp);
    CHECK(d.host == HostSignal::kAlive);
    CHECK(d.reason == "HTTP " + std::to_string(status));
  }
  for (int status : {401, 408, 429, 500, 502, 503, 504, 520, 301, 302}) {
    CAPTURE(status);
    Decision d = policy.Decide(Answer(status), 1, kNow);
    CHECK(d.verdict == Verdict::kRetry);
    CHECK(d.host == HostSignal::kFailed);
    CHECK(d.next_attempt_at == kNow + 15);
  }
}

TEST_CASE("retry policy: transport errors") {
  RetryPolicy policy({}, NoJitter());
  for (ErrorCode code : {ErrorCode::kTimeout, ErrorCode::kUnavailable, ErrorCode::kInternal}) {
    Decision d = policy.Decide(Failure(code), 3, kNow);
    CHECK(d.verdict == Verdict::kRetry);
    CHECK(d.host == HostSignal::kFailed);
    CHECK(d.next_attempt_at == kNow + 16 + 15);
    CHECK(d.reason == "failed (detail)");
  }
  // The SSRF guard's refusal, a malformed URL and the like will not change on retry.
  for (ErrorCode code : {ErrorCode::kForbidden, ErrorCode::kInvalidInput, ErrorCode::kTooLarge,
                         ErrorCode::kUnsupportedType, ErrorCode::kNotFound}) {
    Decision d = policy.Decide(Failure(code), 1, kNow);
    CHECK(d.verdict == Verdict::kGiveUp);
    CHECK(d.host == HostSignal::kNeutral);
  }
  // A retryable failure on the last allowed attempt ends it.
  Decision last = policy.Decide(Failure(ErrorCode::kTimeout), 17, kNow);
  CHECK(last.verdict == Verdict::kGiveUp);
  CHECK(last.host == HostSignal::kFailed);
}

TEST_CASE("retry policy: Retry-After in seconds or as an HTTP-date, never earlier, capped") {
  RetryPolicy policy({}, NoJitter());
  CHECK(policy.Decide(Answer(503, "120"), 1, kNow).next_attempt_at == kNow + 120);
  CHECK(policy.Decide(Answer(429, " 3600 "), 1, kNow).next_attempt_at == kNow + 3600);
  // Shorter than the backoff: the backoff wins.
  CHECK(policy.Decide(Answer(503, "5"), 1, kNow).next_attempt_at == kNow + 15);
  CHECK(policy.Decide(Answer(503, "0"), 4, kNow).next_attempt_at == kNow + 96);
  // An HTTP-date.
  CHECK(policy.Decide(Answer(503, FormatHttpDate(kNow + 7200)), 1, kNow).next_attempt_at ==
        kNow + 7200);
  CHECK(policy.Decide(Answer(503, FormatHttpDate(kNow - 7200)), 1, kNow).next_attempt_at ==
        kNow + 15);
  // Capped at a day, however long the peer asks for.
  CHECK(policy.Decide(Answer(503, "31536000"), 1, kNow).next_attempt_at ==
        kNow + kMaxRetryAfterSeconds);
  CHECK(policy.Decide(Answer(503, "99999999999999999999999"), 1, kNow).next_attempt_at ==
        kNow + kMaxRetryAfterSeconds);
  // Malformed values are ignored.
  for (const char* bad : {"soon", "-5", "1.5", "Sun, 06 Nov 1994", "12s"}) {
    CAPTURE(bad);
    CHECK(policy.Decide(Answer(503, bad), 1, kNow).next_attempt_at == kNow + 15);
  }
  // A final status ignores it.
  CHECK(policy.Decide(Answer(410, "60"), 1, kNow).verdict == Verdict::kGiveUp);

  CHECK(ParseRetryAfter("42", kNow) == 42);
  CHECK(ParseRetryAfter(FormatHttpDate(kNow + 10), kNow) == 10);
  CHECK_FALSE(ParseRetryAfter("", kNow).has_value());
}

TEST_CASE("retry policy: the schedule shrinks for staging and tests") {
  RetrySchedule fast;
  fast.time_scale = 1.0 / 3600;
  RetryPolicy policy(fast, NoJitter());
  int attempts = 0;
  std::vector<int64_t> delays = WalkSchedule(policy, &attempts);
  CHECK(attempts == 17);
  int64_t total = 0;
  for (int64_t d : delays) {
    CHECK(d >= kMinDelaySeconds);
    total += d;
  }
  MESSAGE("time_scale 1/3600: 16 retries in " << total << " s");
  CHECK(total < 120);
  // Retry-After shrinks with everything else.
  CHECK(policy.Decide(Answer(503, "7200"), 1, kNow).next_attempt_at == kNow + 2);

  // The configuration's divisor: the same schedule, time_scale 1 / divisor.
  CHECK(RetryScheduleDividedBy(1).time_scale == 1.0);
  CHECK(RetryScheduleDividedBy(3600).time_scale == fast.time_scale);
  CHECK(RetryScheduleDividedBy(3600).max_retries == kMaxRetries);

  RetrySchedule few;
  few.max_retries = 2;
  few.base_delay_seconds = 1;
  few.backoff_exponent = 1;
  RetryPolicy short_policy(few, NoJitter());
  delays = WalkSchedule(short_policy, &attempts);
  CHECK(attempts == 3);
  CHECK(delays == std::vector<int64_t>{1, 2});
}
