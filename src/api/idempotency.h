// IdempotencyCache: Mastodon's `Idempotency-Key` for posting. A client that retries a post
// (a phone losing its connection before the answer arrived) sends the same key; for an hour the
// same key from the same account gets the post made the first time, and nothing is posted twice.
//
// In memory: a restart forgets the keys (Mastodon keeps them in Redis for the same hour). A
// second request with a key whose first request is still running waits for it. Bounded: past
// kMaxIdempotencyKeys live entries, the oldest are forgotten first.
//
// Thread-safe. Borrows the clock.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "src/common/clock.h"
#include "src/common/result.h"

namespace cornerstore::api {

// How long a key is remembered: Mastodon's value.
inline constexpr int64_t kIdempotencySeconds = 60 * 60;
// Keys remembered at once: an hour of heavy posting for a small instance, a few MB at most.
inline constexpr size_t kMaxIdempotencyKeys = 10'000;
// Longer keys are refused (422): clients send UUIDs or hashes.
inline constexpr size_t kMaxIdempotencyKeyLength = 256;

class IdempotencyCache {
 public:
  explicit IdempotencyCache(const Clock& clock) : clock_(clock) {}

  // Runs `post` unless `key` of `account_id` was seen in the last hour, and returns the id it
  // produced (or, for a repeat, the id the first call produced). A failed `post` is not
  // remembered, so a retry can succeed.
  Result<int64_t> Once(int64_t account_id, const std::string& key,
                       const std::function<Result<int64_t>()>& post);

 private:
  struct Entry {
    int64_t object_id = 0;  // 0 while the first request runs
    int64_t at = 0;
  };
  void PruneLocked(int64_t now);

  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable done_;
  std::map<std::string, Entry> entries_;  // guarded by mu_
};

}  // namespace cornerstore::api
