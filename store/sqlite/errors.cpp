#include "store/sqlite/errors.h"

#include <sqlite3.h>

#include <string>

namespace cornerstore::store::sqlite {

Error ErrorFromSqlite(int code, std::string_view detail) {
  std::string log_detail = "sqlite " + std::to_string(code) + " " + sqlite3_errstr(code);
  if (!detail.empty()) log_detail += ": " + std::string(detail);
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return MakeError(ErrorCode::kConflict, "it already exists", std::move(log_detail));
    case SQLITE_CONSTRAINT_TRIGGER:
      // Our triggers RAISE only to refuse a write that recorded state forbids (a deleted
      // account's username): the same face as a uniqueness violation.
      return MakeError(ErrorCode::kConflict, "it is not allowed", std::move(log_detail));
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return MakeError(ErrorCode::kNotFound, "a referenced record does not exist",
                       std::move(log_detail));
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
    case SQLITE_CONSTRAINT_DATATYPE:
      return MakeError(ErrorCode::kInvalidInput, "the record is not valid", std::move(log_detail));
    default:
      break;
  }
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_NOMEM:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      return MakeError(ErrorCode::kUnavailable, std::string(kStorageUnavailableMessage),
                       std::move(log_detail));
    case SQLITE_TOOBIG:
      return MakeError(ErrorCode::kTooLarge, "the record is too large", std::move(log_detail));
    default:
      return MakeError(ErrorCode::kInternal, "storage error", std::move(log_detail));
  }
}

bool IsStorageUnavailable(const Error& error) {
  return error.code == ErrorCode::kUnavailable && error.message == kStorageUnavailableMessage;
}

Error RolledBackByDatabase() {
  return MakeError(ErrorCode::kUnavailable, std::string(kStorageUnavailableMessage),
                   "the transaction was rolled back by the database");
}

}  // namespace cornerstore::store::sqlite
