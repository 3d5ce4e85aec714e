// Connection: one open sqlite3 database handle and its cache of prepared statements.
//
// Owns the sqlite3* and every cached sqlite3_stmt; closing (the destructor) finalizes them.
// Prepare returns a Statement that borrows the cached statement, so SQL passed to Prepare must
// be fixed text (never built from input): the cache holds one entry per distinct SQL string.
// At most one Statement per SQL text may be live at a time.
//
// Thread safety: none. The handle is opened in multi-thread mode (SQLITE_OPEN_NOMUTEX), so a
// Connection must be used by one thread at a time; SqliteStore guarantees that with its locks.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "src/common/result.h"
#include "store/sqlite/statement.h"

namespace cornerstore::store::sqlite {

class Connection {
 public:
  // Opens (and with `create`, creates) the database at `path`; ":memory:" opens a private
  // in-memory database. URIs are not interpreted. Extended result codes are enabled.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool create);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more SQL statements that return no rows we need (DDL, pragmas, BEGIN).
  Status Exec(std::string_view sql);
  // Returns the cached prepared statement for `sql`, compiling it on first use.
  Result<Statement> Prepare(std::string_view sql);
  // Runs `sql` and returns the first column of its first row as an integer (e.g. a pragma).
  Result<int64_t> QueryInt(std::string_view sql);
  // Runs `sql` and returns the first column of its first row as text.
  Result<std::string> QueryText(std::string_view sql);

  Status SetBusyTimeout(int milliseconds);

  int64_t LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
  int64_t Changes() const { return sqlite3_changes64(db_); }
  bool InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  Error LastError(std::string_view context) const;

  sqlite3* const db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

}  // namespace cornerstore::store::sqlite
