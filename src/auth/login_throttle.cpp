#include "src/auth/login_throttle.h"

#include <algorithm>

#include "src/common/http_message.h"

namespace cornerstore::auth {

LoginThrottle::LoginThrottle(const Clock& clock, ThrottleLimits limits)
    : clock_(clock), limits_(limits) {}

int64_t LoginThrottle::Blocked(const Map& map, std::string_view key, int limit, int64_t now) const {
  auto it = map.find(key);
  if (it == map.end()) return 0;
  const int64_t window_end = it->second.window_start + limits_.window_seconds;
  if (now >= window_end || it->second.failures < limit) return 0;
  return window_end - now;
}

void LoginThrottle::Count(Map& map, std::string key, int64_t now) {
  auto it = map.find(key);
  if (it != map.end()) {
    if (now >= it->second.window_start + limits_.window_seconds) it->second = Entry{0, now};
    ++it->second.failures;
    return;
  }
  if (map.size() >= limits_.max_tracked_keys) {
    std::erase_if(map, [&](const auto& kv) {
      return now >= kv.second.window_start + limits_.window_seconds;
    });
  }
  if (map.size() >= limits_.max_tracked_keys) {
    auto oldest = std::min_element(map.begin(), map.end(), [](const auto& a, const auto& b) {
      return a.second.window_start < b.second.window_start;
    });
    map.erase(oldest);
  }
  map.emplace(std::move(key), Entry{1, now});
}

int64_t LoginThrottle::RetryAfter(std::string_view username, std::string_view address) {
  const int64_t now = clock_.NowUnix();
  std::lock_guard lock(mu_);
  return std::max(Blocked(accounts_, ToLower(username), limits_.account_failures, now),
                  Blocked(addresses_, address, limits_.address_failures, now));
}

void LoginThrottle::RecordFailure(std::string_view username, std::string_view address) {
  const int64_t now = clock_.NowUnix();
  std::lock_guard lock(mu_);
  if (!username.empty()) Count(accounts_, ToLower(username), now);
  if (!address.empty()) Count(addresses_, std::string(address), now);
}

void LoginThrottle::RecordSuccess(std::string_view username) {
  std::lock_guard lock(mu_);
  auto it = accounts_.find(ToLower(username));
  if (it != accounts_.end()) accounts_.erase(it);
}

}  // namespace cornerstore::auth
