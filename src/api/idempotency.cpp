#include "src/api/idempotency.h"

#include <algorithm>
#include <vector>

namespace cornerstore::api {

void IdempotencyCache::PruneLocked(int64_t now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    const bool expired = it->second.object_id != 0 && now - it->second.at >= kIdempotencySeconds;
    it = expired ? entries_.erase(it) : std::next(it);
  }
  if (entries_.size() < kMaxIdempotencyKeys) return;
  // Still full of fresh keys: forget the oldest finished ones.
  std::vector<std::pair<int64_t, std::string>> finished;
  for (const auto& [key, entry] : entries_) {
    if (entry.object_id != 0) finished.emplace_back(entry.at, key);
  }
  std::sort(finished.begin(), finished.end());
  for (const auto& [at, key] : finished) {
    if (entries_.size() < kMaxIdempotencyKeys) break;
    entries_.erase(key);
  }
}

Result<int64_t> IdempotencyCache::Once(int64_t account_id, const std::string& key,
                                       const std::function<Result<int64_t>()>& post) {
  const std::string full_key = std::to_string(account_id) + "\n" + key;
  {
    std::unique_lock lock(mu_);
    while (true) {
      auto it = entries_.find(full_key);
      if (it == entries_.end()) break;
      if (it->second.object_id == 0) {
        done_.wait(lock);  // the first request with this key is still posting
        continue;
      }
      if (clock_.NowUnix() - it->second.at < kIdempotencySeconds) return it->second.object_id;
      entries_.erase(it);
      break;
    }
    PruneLocked(clock_.NowUnix());
    entries_[full_key] = Entry{0, clock_.NowUnix()};
  }
  Result<int64_t> result = MakeError(ErrorCode::kInternal, "post did not run");
  try {
    result = post();
  } catch (...) {
    // Waiters must not wait forever for a request that died: forget the key, then rethrow.
    {
      std::lock_guard lock(mu_);
      entries_.erase(full_key);
    }
    done_.notify_all();
    throw;
  }
  {
    std::lock_guard lock(mu_);
    if (result.ok()) {
      entries_[full_key] = Entry{*result, clock_.NowUnix()};
    } else {
      entries_.erase(full_key);
    }
  }
  done_.notify_all();
  return result;
}

}  // namespace cornerstore::api
