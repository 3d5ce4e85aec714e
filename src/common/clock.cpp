#include "src/common/clock.h"

#include <cstdio>
#include <cstring>
#include <ctime>
#include <string_view>

namespace cornerstore {
namespace {

constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool ParseDigits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

int DaysInMonth(int year, int mon) {
  static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return mon == 2 && leap ? 29 : kDaysInMonth[mon - 1];
}

// Refuses impossible dates ("31 Feb") instead of letting timegm roll them into the next month.
bool ValidFields(int year, int mon, int day, int hour, int min, int sec) {
  return year >= 1970 && year <= 9999 && mon >= 1 && mon <= 12 && day >= 1 &&
         day <= DaysInMonth(year, mon) && hour <= 23 && min <= 59 && sec <= 60;
}

int64_t ToUnix(int year, int mon, int day, int hour, int min, int sec) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  return static_cast<int64_t>(timegm(&tm));
}

}  // namespace

std::string FormatHttpDate(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

bool ParseHttpDate(std::string_view s, int64_t* unix_seconds) {
  // "Sun, 06 Nov 1994 08:49:37 GMT" is exactly 29 characters.
  if (s.size() != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT") {
    return false;
  }
  bool day_ok = false;
  for (const char* d : kDays) day_ok |= s.substr(0, 3) == d;
  if (!day_ok) return false;
  int mon = 0;
  for (int i = 0; i < 12; ++i) {
    if (s.substr(8, 3) == kMonths[i]) mon = i + 1;
  }
  int day, year, hour, min, sec;
  if (mon == 0 || !ParseDigits(s, 5, 2, &day) || !ParseDigits(s, 12, 4, &year) ||
      !ParseDigits(s, 17, 2, &hour) || !ParseDigits(s, 20, 2, &min) ||
      !ParseDigits(s, 23, 2, &sec) || !ValidFields(year, mon, day, hour, min, sec)) {
    return false;
  }
  *unix_seconds = ToUnix(year, mon, day, hour, min, sec);
  return true;
}

std::string FormatIso8601(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

bool ParseIso8601(std::string_view s, int64_t* unix_seconds) {
  int year, mon, day, hour, min, sec;
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
      s[13] != ':' || s[16] != ':' || !ParseDigits(s, 0, 4, &year) || !ParseDigits(s, 5, 2, &mon) ||
      !ParseDigits(s, 8, 2, &day) || !ParseDigits(s, 11, 2, &hour) ||
      !ParseDigits(s, 14, 2, &min) || !ParseDigits(s, 17, 2, &sec) ||
      !ValidFields(year, mon, day, hour, min, sec)) {
    return false;
  }
  size_t pos = 19;
  if (s[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start || pos - start > 9) return false;
  }
  int64_t offset = 0;
  std::string_view zone = s.substr(pos);
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh, om;
    if (!ParseDigits(zone, 1, 2, &oh) || !ParseDigits(zone, 4, 2, &om) || oh > 23 || om > 59) {
      return false;
    }
    offset = (oh * 3600 + om * 60) * (zone[0] == '+' ? 1 : -1);
  } else {
    return false;
  }
  *unix_seconds = ToUnix(year, mon, day, hour, min, sec) - offset;
  return true;
}

}  // namespace cornerstore
