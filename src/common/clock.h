// Clock: the one source of "now" (Date headers, signature windows, retry schedules).
//
// Injected through constructors so tests can use FakeClock (tests/fakes/fake_clock.h).
// Implementations must be thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace cornerstore {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch.
  virtual int64_t NowUnix() const = 0;
  // Milliseconds since the Unix epoch (for durations and ordering).
  virtual int64_t NowUnixMillis() const { return NowUnix() * 1000; }
};

class SystemClock final : public Clock {
 public:
  int64_t NowUnix() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  int64_t NowUnixMillis() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// RFC 9110 IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string FormatHttpDate(int64_t unix_seconds);
// Parses IMF-fixdate (the only form we accept from peers); false if malformed.
bool ParseHttpDate(std::string_view text, int64_t* unix_seconds);
// ISO 8601 UTC with seconds: "2026-11-28T15:00:00Z" (ActivityStreams `published`).
std::string FormatIso8601(int64_t unix_seconds);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)".
bool ParseIso8601(std::string_view text, int64_t* unix_seconds);

}  // namespace cornerstore
