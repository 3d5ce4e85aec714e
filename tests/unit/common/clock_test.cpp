#include "src/common/clock.h"

#include <doctest/doctest.h>

#include <string>

using namespace cornerstore;

namespace {

constexpr int64_t kRfcExample = 784111777;  // Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110)

// The parsed time, or -1 if `text` is refused.
int64_t HttpDate(std::string_view text) {
  int64_t t = -1;
  return ParseHttpDate(text, &t) ? t : -1;
}

int64_t Iso(std::string_view text) {
  int64_t t = -1;
  return ParseIso8601(text, &t) ? t : -1;
}

}  // namespace

TEST_CASE("clock: FormatHttpDate is IMF-fixdate") {
  CHECK(FormatHttpDate(kRfcExample) == "Sun, 06 Nov 1994 08:49:37 GMT");
  CHECK(FormatHttpDate(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
  CHECK(FormatHttpDate(951782400) == "Tue, 29 Feb 2000 00:00:00 GMT");
  CHECK(FormatHttpDate(4102444799) == "Thu, 31 Dec 2099 23:59:59 GMT");
}

TEST_CASE("clock: http dates round trip") {
  for (int64_t t : {int64_t{0}, kRfcExample, int64_t{951782400}, int64_t{1795878000},
                    int64_t{4102444799}, int64_t{253402300799}}) {
    CAPTURE(t);
    CHECK(HttpDate(FormatHttpDate(t)) == t);
  }
  for (int64_t t = 1700000000; t < 1800000000; t += 86399 * 7 + 13) {
    CHECK(HttpDate(FormatHttpDate(t)) == t);
  }
}

TEST_CASE("clock: malformed http dates are refused") {
  CHECK(HttpDate("Sun, 06 Nov 1994 08:49:37 GMT") == kRfcExample);
  for (std::string bad : {"",
                          "Sun, 06 Nov 1994 08:49:37",
                          "Sun, 06 Nov 1994 08:49:37 UTC",
                          "Sun, 06 Nov 1994 08:49:37 gmt",
                          "Sunday, 06-Nov-94 08:49:37 GMT",  // RFC 850
                          "Sun Nov  6 08:49:37 1994",        // asctime
                          "Sun, 6 Nov 1994 08:49:37 GMT",
                          " Sun, 06 Nov 1994 08:49:37 GMT",
                          "Sun, 06 Nov 1994 08:49:37 GMT ",
                          "Xyz, 06 Nov 1994 08:49:37 GMT",
                          "sun, 06 Nov 1994 08:49:37 GMT",
                          "Sun, 06 nov 1994 08:49:37 GMT",
                          "Sun, 06 Foo 1994 08:49:37 GMT",
                          "Sun,06  Nov 1994 08:49:37 GMT",
                          "Sun, 0a Nov 1994 08:49:37 GMT",
                          "Sun, 06 Nov 19x4 08:49:37 GMT",
                          "Sun, 06 Nov 1994 08-49-37 GMT",
                          "Sun, 00 Nov 1994 08:49:37 GMT",
                          "Sun, 32 Nov 1994 08:49:37 GMT",
                          "Sun, 31 Nov 1994 08:49:37 GMT",
                          "Sun, 29 Feb 2026 08:49:37 GMT",
                          "Sun, 30 Feb 2000 08:49:37 GMT",
                          "Sun, 06 Nov 1994 24:00:00 GMT",
                          "Sun, 06 Nov 1994 08:60:00 GMT",
                          "Sun, 06 Nov 1994 08:49:61 GMT",
                          "Sun, 06 Nov 1969 08:49:37 GMT",
                          "Sun, 06 Nov 1994 -8:49:37 GMT",
                          "Sun, 06 Nov 1994 08:49:37 GMT\r\n"}) {
    CAPTURE(bad);
    CHECK(HttpDate(bad) == -1);
  }
  CHECK(HttpDate("Tue, 29 Feb 2000 00:00:00 GMT") == 951782400);
  CHECK(HttpDate("Thu, 31 Dec 2026 23:59:59 GMT") == 1798761599);
}

TEST_CASE("clock: a refused date leaves the output alone") {
  int64_t t = 42;
  CHECK_FALSE(ParseHttpDate("nonsense", &t));
  CHECK_FALSE(ParseIso8601("nonsense", &t));
  CHECK(t == 42);
}

TEST_CASE("clock: ISO 8601") {
  CHECK(FormatIso8601(1795878000) == "2026-11-28T15:00:00Z");
  CHECK(FormatIso8601(0) == "1970-01-01T00:00:00Z");
  CHECK(Iso("2026-11-28T15:00:00Z") == 1795878000);
  CHECK(Iso("2026-11-28t15:00:00z") == 1795878000);
  CHECK(Iso(FormatIso8601(1795878000)) == 1795878000);
  // Fractions are dropped, not rounded.
  CHECK(Iso("2026-11-28T15:00:00.999Z") == 1795878000);
  CHECK(Iso("2026-11-28T15:00:00.1Z") == 1795878000);
  CHECK(Iso("2026-11-28T15:00:00.123456789Z") == 1795878000);
  // Offsets: local time minus the offset is UTC.
  CHECK(Iso("2026-11-28T16:00:00+01:00") == 1795878000);
  CHECK(Iso("2026-11-28T09:30:00-05:30") == 1795878000);
  CHECK(Iso("2026-11-28T15:00:00.5+00:00") == 1795878000);
  CHECK(Iso("2026-11-28T15:00:00-00:00") == 1795878000);
  CHECK(Iso("2026-11-29T04:45:00+13:45") == 1795878000);
  CHECK(Iso("2000-02-29T00:00:00Z") == 951782400);
}

TEST_CASE("clock: malformed ISO 8601 is refused") {
  for (std::string bad : {"",
                          "2026-11-28",
                          "2026-11-28T15:00Z",
                          "2026-11-28T15:00:00",
                          "2026-11-28 15:00:00Z",
                          "2026-11-28T15:00:00+0100",
                          "2026-11-28T15:00:00+01",
                          "2026-11-28T15:00:00 Z",
                          "2026-11-28T15:00:00Zjunk",
                          "2026-11-28T15:00:00.Z",
                          "2026-11-28T15:00:00.1234567890Z",
                          "2026-11-28T15:00:00,5Z",
                          "2026-11-28T15:00:00.5",
                          "2026/11/28T15:00:00Z",
                          "26-11-28T15:00:00Z",
                          "2026-13-28T15:00:00Z",
                          "2026-00-28T15:00:00Z",
                          "2026-11-31T15:00:00Z",
                          "2026-02-29T15:00:00Z",
                          "2026-11-00T15:00:00Z",
                          "2026-11-28T24:00:00Z",
                          "2026-11-28T15:60:00Z",
                          "2026-11-28T15:00:61Z",
                          "2026-11-28T15:00:00+24:00",
                          "2026-11-28T15:00:00+01:60",
                          "1969-12-31T23:59:59Z",
                          "+2026-11-28T15:00:00Z",
                          "2026-11-28T15:00:00+1:00"}) {
    CAPTURE(bad);
    CHECK(Iso(bad) == -1);
  }
}

TEST_CASE("clock: SystemClock is near the real time") {
  SystemClock clock;
  int64_t now = clock.NowUnix();
  CHECK(now > 1700000000);
  int64_t millis = clock.NowUnixMillis();
  CHECK(millis / 1000 >= now);
  CHECK(millis / 1000 - now <= 2);
}
