// FakeClock: a Clock that only moves when told (Set, Advance), for hermetic tests of signature
// windows, caches and retry schedules. Thread-safe (atomic): workers may read it while the test
// thread moves it.
#pragma once

#include <atomic>
#include <cstdint>

#include "src/common/clock.h"

namespace cornerstore::testing {

class FakeClock final : public Clock {
 public:
  // An arbitrary fixed "now" (2027-01-15) unless a test chooses another.
  static constexpr int64_t kDefaultStart = 1'800'000'000;

  explicit FakeClock(int64_t now_unix = kDefaultStart) : now_millis_(now_unix * 1000) {}

  int64_t NowUnix() const override { return now_millis_.load() / 1000; }
  int64_t NowUnixMillis() const override { return now_millis_.load(); }

  void Set(int64_t unix_seconds) { now_millis_.store(unix_seconds * 1000); }
  void Advance(int64_t seconds) { now_millis_.fetch_add(seconds * 1000); }
  void AdvanceMillis(int64_t millis) { now_millis_.fetch_add(millis); }

 private:
  std::atomic<int64_t> now_millis_;
};

}  // namespace cornerstore::testing
