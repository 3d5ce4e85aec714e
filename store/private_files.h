// Filesystem helpers for data only the server's own user may read: the data directory (0700)
// and the database files in it (0600), which hold private keys and token hashes.
//
// Stateless; thread-safe. Errors are kInternal with the path and errno text in the detail.
#pragma once

#include <string>

#include "src/common/result.h"

namespace cornerstore::store {

inline constexpr unsigned kPrivateDirectoryMode = 0700;  // owner only: keys live below
inline constexpr unsigned kPrivateFileMode = 0600;       // owner read/write only

// mkdir -p `dir`, creating missing directories with mode 0700; an existing `dir` is chmod-ed to
// 0700. Fails if `dir` exists and is not a directory.
Status EnsurePrivateDirectory(const std::string& dir);

// Creates `path` (mode 0600) if it does not exist, and sets an existing file to 0600.
Status EnsurePrivateFile(const std::string& path);

// Sets `path` to 0600 if it exists; a missing file is not an error.
Status RestrictFileIfExists(const std::string& path);

}  // namespace cornerstore::store
