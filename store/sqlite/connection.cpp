#include "store/sqlite/connection.h"

#include <cassert>

#include "store/sqlite/errors.h"

namespace cornerstore::store::sqlite {

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool create) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE;
  if (create) flags |= SQLITE_OPEN_CREATE;
  // Debian's SQLite is built with URI filenames on: make a relative "file:…" path plain.
  const std::string filename = path.rfind("file:", 0) == 0 ? "./" + path : path;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(filename.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string detail = "open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    int code = db ? sqlite3_extended_errcode(db) : rc;
    sqlite3_close_v2(db);
    return ErrorFromSqlite(code, detail);
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Connection::Exec(std::string_view sql) {
  std::string text(sql);
  char* message = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return OkStatus();
  std::string detail = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  return ErrorFromSqlite(sqlite3_extended_errcode(db_), detail + " in: " + text);
}

Result<Statement> Connection::Prepare(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return LastError(sql);
    it = statements_.emplace(std::string(sql), stmt).first;
  }
  // A statement still mid-step here means two live users of one cached statement.
  assert(!sqlite3_stmt_busy(it->second));
  return Statement(it->second);
}

Result<int64_t> Connection::QueryInt(std::string_view sql) {
  CS_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row)
    return MakeError(ErrorCode::kInternal, "storage error", "no row from: " + std::string(sql));
  return stmt.ColumnInt(0);
}

Result<std::string> Connection::QueryText(std::string_view sql) {
  CS_ASSIGN_OR_RETURN(Statement stmt, Prepare(sql));
  CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row)
    return MakeError(ErrorCode::kInternal, "storage error", "no row from: " + std::string(sql));
  return stmt.ColumnText(0);
}

Status Connection::SetBusyTimeout(int milliseconds) {
  int rc = sqlite3_busy_timeout(db_, milliseconds);
  if (rc != SQLITE_OK) return LastError("busy_timeout");
  return OkStatus();
}

Error Connection::LastError(std::string_view context) const {
  return ErrorFromSqlite(sqlite3_extended_errcode(db_),
                         std::string(sqlite3_errmsg(db_)) + " in: " + std::string(context));
}

}  // namespace cornerstore::store::sqlite
