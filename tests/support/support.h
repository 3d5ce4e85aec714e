// Helpers shared by unit and integration tests: temporary directories, free ports, and the
// real cornerstore binary as a child process.
#pragma once

#include <string>

namespace cornerstore::testing {

// A fresh directory under $TMPDIR, removed (recursively) when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A TCP port on 127.0.0.1 that nobody listens on right now.
int FreePort();

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content);

}  // namespace cornerstore::testing
