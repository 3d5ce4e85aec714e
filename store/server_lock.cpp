#include "store/server_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "store/private_files.h"

namespace cornerstore::store {
namespace {

constexpr const char* kLockSuffix = ".server-lock";
constexpr size_t kMaxPidText = 32;  // a pid and a newline

std::string ReadHolder(int fd) {
  char buffer[kMaxPidText] = {};
  ssize_t n = pread(fd, buffer, sizeof(buffer) - 1, 0);
  if (n <= 0) return "unknown";
  std::string pid(buffer, static_cast<size_t>(n));
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.empty() ? "unknown" : pid;
}

}  // namespace

Result<ServerLock> ServerLock::Acquire(const std::string& database_path) {
  std::string path = database_path + kLockSuffix;
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kPrivateFileMode);
  if (fd < 0) {
    return MakeError(ErrorCode::kInternal, "cannot open the server lock file",
                     path + ": " + std::strerror(errno));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    std::string holder = ReadHolder(fd);
    close(fd);
    if (err == EWOULDBLOCK) {
      return MakeError(
          ErrorCode::kUnavailable,
          "another cornerstore server is running on this database (pid " + holder + ")", path);
    }
    return MakeError(ErrorCode::kInternal, "cannot lock the server lock file",
                     path + ": " + std::strerror(err));
  }
  std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The pid is only for error messages; the lock itself holds.
  }
  return ServerLock(fd, std::move(path));
}

ServerLock::ServerLock(ServerLock&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

ServerLock& ServerLock::operator=(ServerLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

ServerLock::~ServerLock() {
  // Closing drops the flock. The file stays: removing it would race with a server starting.
  if (fd_ >= 0) close(fd_);
}

}  // namespace cornerstore::store
