#include "store/private_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cornerstore::store {
namespace {

Error FileError(std::string_view message, const std::string& path, int error_number) {
  return MakeError(ErrorCode::kInternal, std::string(message),
                   path + ": " + std::strerror(error_number));
}

Status MakeDirectory(const std::string& dir) {
  if (::mkdir(dir.c_str(), kPrivateDirectoryMode) == 0 || errno == EEXIST) return OkStatus();
  return FileError("cannot create the data directory", dir, errno);
}

}  // namespace

Status EnsurePrivateDirectory(const std::string& dir) {
  if (dir.empty()) {
    return MakeError(ErrorCode::kInvalidInput, "the data directory path is empty");
  }
  // Create each missing ancestor, then the directory itself (mkdir -p).
  for (size_t pos = dir.find('/', 1); pos != std::string::npos; pos = dir.find('/', pos + 1)) {
    CS_RETURN_IF_ERROR(MakeDirectory(dir.substr(0, pos)));
  }
  CS_RETURN_IF_ERROR(MakeDirectory(dir));
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    return FileError("cannot read the data directory", dir, errno);
  }
  if (!S_ISDIR(st.st_mode)) {
    return MakeError(ErrorCode::kInternal, "the data directory path is not a directory", dir);
  }
  if ((st.st_mode & 07777) != kPrivateDirectoryMode &&
      ::chmod(dir.c_str(), kPrivateDirectoryMode) != 0) {
    return FileError("cannot restrict the data directory to its owner", dir, errno);
  }
  return OkStatus();
}

Status EnsurePrivateFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, kPrivateFileMode);
  if (fd < 0) return FileError("cannot open the database file", path, errno);
  int rc = ::fchmod(fd, kPrivateFileMode);
  int saved_errno = errno;
  ::close(fd);
  if (rc != 0)
    return FileError("cannot restrict the database file to its owner", path, saved_errno);
  return OkStatus();
}

Status RestrictFileIfExists(const std::string& path) {
  if (::chmod(path.c_str(), kPrivateFileMode) == 0 || errno == ENOENT) return OkStatus();
  return FileError("cannot restrict the database file to its owner", path, errno);
}

}  // namespace cornerstore::store
