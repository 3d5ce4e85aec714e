#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <utility>

#include "store/server_lock.h"
#include "tests/support/support.h"

using namespace cornerstore;
using cornerstore::testing::TempDir;

TEST_CASE("server lock: one server per database; released when its holder goes") {
  TempDir tmp;
  const std::string db = tmp.path() + "/cornerstore.db";
  {
    auto first = store::ServerLock::Acquire(db);
    REQUIRE(first.ok());
    CHECK(first->path() == db + ".server-lock");
    std::ifstream pid_file(first->path());
    std::string pid;
    pid_file >> pid;
    CHECK(pid == std::to_string(getpid()));

    // flock is per open file: a second open, even in this process, is another server.
    auto second = store::ServerLock::Acquire(db);
    REQUIRE_FALSE(second.ok());
    CHECK(second.error().code == ErrorCode::kUnavailable);
    CHECK(second.error().message.find("another cornerstore server is running") !=
          std::string::npos);
    CHECK(second.error().message.find(pid) != std::string::npos);

    // Moving keeps the lock held.
    store::ServerLock moved = std::move(*first);
    CHECK_FALSE(store::ServerLock::Acquire(db).ok());
  }
  // The holder is gone (as after a crash: the kernel drops the lock with the process).
  CHECK(store::ServerLock::Acquire(db).ok());
}

TEST_CASE("server lock: an unusable path is an internal error, not a held lock") {
  auto lock = store::ServerLock::Acquire("/nonexistent-dir/cornerstore.db");
  REQUIRE_FALSE(lock.ok());
  CHECK(lock.error().code == ErrorCode::kInternal);
}
