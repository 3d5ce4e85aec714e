#include <doctest/doctest.h>
#include <sys/stat.h>

#include <string>

#include "store/private_files.h"
#include "tests/support/support.h"

using namespace cornerstore;
using cornerstore::testing::TempDir;

namespace {

unsigned ModeOf(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

}  // namespace

TEST_CASE("private files: EnsurePrivateDirectory creates missing directories as 0700") {
  TempDir tmp;
  const std::string dir = tmp.path() + "/a/b/data";
  REQUIRE(store::EnsurePrivateDirectory(dir).ok());
  CHECK(ModeOf(dir) == 0700);
  CHECK(ModeOf(tmp.path() + "/a") == 0700);
  CHECK(ModeOf(tmp.path() + "/a/b") == 0700);
  // Idempotent, also with a trailing slash.
  CHECK(store::EnsurePrivateDirectory(dir).ok());
  CHECK(store::EnsurePrivateDirectory(dir + "/").ok());
  CHECK(ModeOf(dir) == 0700);
}

TEST_CASE("private files: EnsurePrivateDirectory tightens an existing directory") {
  TempDir tmp;
  const std::string dir = tmp.path() + "/data";
  REQUIRE(::mkdir(dir.c_str(), 0755) == 0);
  REQUIRE(::chmod(dir.c_str(), 0755) == 0);
  REQUIRE(store::EnsurePrivateDirectory(dir).ok());
  CHECK(ModeOf(dir) == 0700);
}

TEST_CASE("private files: EnsurePrivateDirectory refuses a file and an empty path") {
  TempDir tmp;
  const std::string file = tmp.path() + "/plain";
  testing::WriteFile(file, "x");
  Status status = store::EnsurePrivateDirectory(file);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == ErrorCode::kInternal);
  CHECK_FALSE(store::EnsurePrivateDirectory(file + "/below").ok());
  CHECK_FALSE(store::EnsurePrivateDirectory("").ok());
}

TEST_CASE("private files: EnsurePrivateFile creates 0600 and tightens an existing file") {
  TempDir tmp;
  const std::string fresh = tmp.path() + "/fresh.db";
  REQUIRE(store::EnsurePrivateFile(fresh).ok());
  CHECK(ModeOf(fresh) == 0600);

  const std::string loose = tmp.path() + "/loose.db";
  testing::WriteFile(loose, "keep me");
  REQUIRE(::chmod(loose.c_str(), 0644) == 0);
  REQUIRE(store::EnsurePrivateFile(loose).ok());
  CHECK(ModeOf(loose) == 0600);
  CHECK(testing::ReadFile(loose) == "keep me");

  CHECK(store::RestrictFileIfExists(tmp.path() + "/missing").ok());
  CHECK_FALSE(store::EnsurePrivateFile(tmp.path() + "/no/such/dir.db").ok());
}
