// Statement: a borrowed handle on a prepared statement cached by its Connection.
//
// The Connection owns the sqlite3_stmt; a Statement only uses it and, when it dies, resets it
// and clears its bindings so the next user starts clean. Bind indexes are 1-based (SQLite's
// ?1, ?2 …), column indexes 0-based. A bind failure is remembered and reported by the next
// Step/Run, so call sites bind without checking each call.
//
// Thread safety: none; a Statement is used by the thread that holds its Connection.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "src/common/result.h"

namespace cornerstore::store::sqlite {

class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  void BindInt(int index, int64_t value);
  void BindText(int index, std::string_view value);
  void BindBool(int index, bool value) { BindInt(index, value ? 1 : 0); }
  void BindNull(int index);
  void BindOptionalInt(int index, std::optional<int64_t> value);

  // Advances by one row: true when a row is ready to read, false when the statement is done.
  Result<bool> Step();
  // Steps to completion, ignoring any rows (INSERT, UPDATE, DELETE, pragmas).
  Status Run();

  bool ColumnIsNull(int column) const;
  int64_t ColumnInt(int column) const;
  bool ColumnBool(int column) const { return ColumnInt(column) != 0; }
  std::string ColumnText(int column) const;
  std::optional<int64_t> ColumnOptionalInt(int column) const;

 private:
  Error LastError() const;

  sqlite3_stmt* stmt_;  // owned by the Connection's cache; null after a move
  int bind_error_ = SQLITE_OK;
};

}  // namespace cornerstore::store::sqlite
