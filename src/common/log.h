// Leveled, one-line structured logging to stderr: `2026-11-28T15:00:00Z INFO event key=value …`.
//
// Values with spaces, quotes or control characters are quoted and escaped, so a hostile peer
// cannot forge log lines. Thread-safe: each line is written with one call under a mutex.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace cornerstore::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

void SetLevel(Level level);
Level GetLevel();
// "debug" | "info" | "warn" | "error"; false if unknown.
bool ParseLevel(std::string_view name, Level* level);

using Field = std::pair<std::string_view, std::string>;

void Write(Level level, std::string_view event, std::initializer_list<Field> fields = {});

inline void Debug(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kDebug, event, fields);
}
inline void Info(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kInfo, event, fields);
}
inline void Warn(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kWarn, event, fields);
}
inline void Error(std::string_view event, std::initializer_list<Field> fields = {}) {
  Write(Level::kError, event, fields);
}

// Escapes one value for a log line (exposed for tests).
std::string QuoteValue(std::string_view value);

}  // namespace cornerstore::log
