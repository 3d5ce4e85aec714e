// QuietLog: raises the log level for the life of a test fixture, so expected warnings do not
// drown the test output; restores the previous level on destruction. Not thread-safe to nest
// across threads (the level is process-wide).
#pragma once

#include "src/common/log.h"

namespace cornerstore::testing {

class QuietLog {
 public:
  explicit QuietLog(log::Level level = log::Level::kError) : saved_(log::GetLevel()) {
    log::SetLevel(level);
  }
  ~QuietLog() { log::SetLevel(saved_); }
  QuietLog(const QuietLog&) = delete;
  QuietLog& operator=(const QuietLog&) = delete;

 private:
  log::Level saved_;
};

}  // namespace cornerstore::testing
