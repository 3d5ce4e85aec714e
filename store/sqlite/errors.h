// Translation of SQLite result codes into Errors, the one place that decides what a peer sees.
//
// Busy, locked, full, I/O and out-of-memory conditions are kUnavailable (callers answer 503 and
// try later); a UNIQUE or PRIMARY KEY violation is kConflict; CHECK, NOT NULL and type
// violations are kInvalidInput; a FOREIGN KEY violation (a referenced row is missing) is
// kNotFound; everything else is kInternal. Stateless and thread-safe.
#pragma once

#include <string_view>

#include "src/common/result.h"

namespace cornerstore::store::sqlite {

// `code` is an extended or primary SQLite result code other than SQLITE_OK/ROW/DONE; `detail`
// (e.g. sqlite3_errmsg and the statement) goes to the log only.
Error ErrorFromSqlite(int code, std::string_view detail);

// The message of every kUnavailable made above: our own database was busy, the disk full or an
// I/O failed. Lets a caller tell its own storage failing (retry however long it takes: the work
// was accepted) from a remote peer being unavailable (give up in the end).
inline constexpr std::string_view kStorageUnavailableMessage =
    "storage is unavailable, try again later";

// True when `error` came from ErrorFromSqlite as kUnavailable (busy, locked, full, I/O).
bool IsStorageUnavailable(const Error& error);

// SQLite rolled back a transaction by itself (after SQLITE_FULL, SQLITE_IOERR…) before its
// commit: a storage failure like the ones above.
Error RolledBackByDatabase();

}  // namespace cornerstore::store::sqlite
