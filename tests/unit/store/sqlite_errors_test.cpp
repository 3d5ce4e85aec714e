#include <doctest/doctest.h>
#include <sqlite3.h>

#include "store/sqlite/errors.h"

using namespace cornerstore;
using store::sqlite::ErrorFromSqlite;

TEST_CASE("sqlite errors: result codes map to error codes") {
  struct Case {
    int sqlite_code;
    ErrorCode want;
  };
  const Case cases[] = {
      {SQLITE_BUSY, ErrorCode::kUnavailable},
      {SQLITE_BUSY_SNAPSHOT, ErrorCode::kUnavailable},
      {SQLITE_LOCKED, ErrorCode::kUnavailable},
      {SQLITE_FULL, ErrorCode::kUnavailable},
      {SQLITE_IOERR, ErrorCode::kUnavailable},
      {SQLITE_IOERR_WRITE, ErrorCode::kUnavailable},
      {SQLITE_IOERR_FSYNC, ErrorCode::kUnavailable},
      {SQLITE_NOMEM, ErrorCode::kUnavailable},
      {SQLITE_CONSTRAINT_UNIQUE, ErrorCode::kConflict},
      {SQLITE_CONSTRAINT_PRIMARYKEY, ErrorCode::kConflict},
      {SQLITE_CONSTRAINT_FOREIGNKEY, ErrorCode::kNotFound},
      {SQLITE_CONSTRAINT_CHECK, ErrorCode::kInvalidInput},
      {SQLITE_CONSTRAINT_NOTNULL, ErrorCode::kInvalidInput},
      {SQLITE_TOOBIG, ErrorCode::kTooLarge},
      {SQLITE_CORRUPT, ErrorCode::kInternal},
      {SQLITE_NOTADB, ErrorCode::kInternal},
      {SQLITE_ERROR, ErrorCode::kInternal},
      {SQLITE_MISUSE, ErrorCode::kInternal},
  };
  for (const Case& c : cases) {
    CAPTURE(c.sqlite_code);
    Error error = ErrorFromSqlite(c.sqlite_code, "context");
    CHECK(error.code == c.want);
    CHECK_FALSE(error.message.empty());
    CHECK(error.detail.find("context") != std::string::npos);
  }
  CHECK(ErrorFromSqlite(SQLITE_FULL, "").http_status() == 503);
}

TEST_CASE("sqlite errors: the peer-facing message never carries the detail") {
  Error error =
      ErrorFromSqlite(SQLITE_CONSTRAINT_UNIQUE, "UNIQUE constraint failed: accounts.username");
  CHECK(error.message.find("accounts") == std::string::npos);
  CHECK(error.detail.find("accounts.username") != std::string::npos);
}
