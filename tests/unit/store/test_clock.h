// A settable Clock for the store tests. Thread-safe (atomic).
#pragma once

#include <atomic>
#include <cstdint>

#include "src/common/clock.h"

namespace cornerstore::testing {

class StoreTestClock final : public Clock {
 public:
  static constexpr int64_t kStart = 1'800'000'000;  // 2027-01-15, an arbitrary fixed "now"

  int64_t NowUnix() const override { return now_.load(); }
  void Set(int64_t unix_seconds) { now_.store(unix_seconds); }
  void Advance(int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<int64_t> now_{kStart};
};

}  // namespace cornerstore::testing
