// LoginThrottle: counts failed logins per account and per remote address and refuses further
// attempts for the rest of the window once a limit is reached (an online guesser gets a handful of
// tries per quarter hour; the password hash bounds the offline side).
//
// In memory: a restart forgets the counts, which costs an attacker a restart of our process. Both
// maps are bounded (kMaxTrackedKeys): when full, expired entries go first, then the oldest one,
// so a flood of addresses cannot grow memory.
//
// Ownership: borrows the Clock. Thread safety: every method may be called concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "src/common/clock.h"

namespace cornerstore::auth {

struct ThrottleLimits {
  // Failures per account before it is locked for the rest of the window.
  int account_failures = 5;
  // Failures per address: higher than per account, as one office or carrier NAT shares an address.
  int address_failures = 20;
  int64_t window_seconds = 15 * 60;
  size_t max_tracked_keys = 10'000;  // per map; a bound on memory, not a policy
};

class LoginThrottle {
 public:
  explicit LoginThrottle(const Clock& clock, ThrottleLimits limits = {});

  // Seconds until a login for `username` from `address` may be tried again; 0 when it may now.
  int64_t RetryAfter(std::string_view username, std::string_view address);
  void RecordFailure(std::string_view username, std::string_view address);
  // A successful login clears the account's count (not the address's).
  void RecordSuccess(std::string_view username);

 private:
  struct Entry {
    int failures = 0;
    int64_t window_start = 0;
  };
  using Map = std::map<std::string, Entry, std::less<>>;

  int64_t Blocked(const Map& map, std::string_view key, int limit, int64_t now) const;
  void Count(Map& map, std::string key, int64_t now);

  const Clock& clock_;
  const ThrottleLimits limits_;

  std::mutex mu_;  // guards both maps
  Map accounts_;   // keyed by lower-case username
  Map addresses_;
};

}  // namespace cornerstore::auth
