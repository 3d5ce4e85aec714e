// ServerLock: one server process per SQLite database.
//
// SQLite lets many processes open one file, and the CLI does so on purpose (it enqueues while
// the server runs). Two *servers* on one file would each think the queue leases they find at
// start belong to a crashed predecessor. The server therefore holds an exclusive advisory lock
// (flock) on "<database>.server-lock" for its whole life; the kernel drops it when the process
// dies, kill -9 included, so a crash never leaves a stale lock behind. The file holds the
// holder's pid, for the operator's error message.
//
// Ownership: the lock is held while the object lives (movable, not copyable).
// Thread safety: not shared between threads.
#pragma once

#include <string>

#include "src/common/result.h"

namespace cornerstore::store {

class ServerLock {
 public:
  // Takes the lock for `database_path`, or kUnavailable ("another server is running …") when a
  // live process holds it; kInternal if the lock file cannot be opened.
  static Result<ServerLock> Acquire(const std::string& database_path);

  ServerLock(ServerLock&& other) noexcept;
  ServerLock& operator=(ServerLock&& other) noexcept;
  ServerLock(const ServerLock&) = delete;
  ServerLock& operator=(const ServerLock&) = delete;
  ~ServerLock();

  const std::string& path() const { return path_; }

 private:
  ServerLock(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  int fd_ = -1;
  std::string path_;
};

}  // namespace cornerstore::store
