// Transaction: an RAII transaction on a Connection (write, or read for a consistent snapshot).
//
// BeginImmediate takes SQLite's write lock at BEGIN, so a database busy with another writer
// (e.g. the CLI in another process) fails up front, after busy_timeout, instead of midway.
// A Transaction that dies without Commit rolls back. Hold one only around SQL, never across
// network I/O or other waits.
//
// Thread safety: none; it borrows the Connection, which must outlive it.
#pragma once

#include "src/common/result.h"
#include "store/sqlite/connection.h"

namespace cornerstore::store::sqlite {

class Transaction {
 public:
  static Result<Transaction> BeginImmediate(Connection& db);
  // A read transaction (plain BEGIN): every SELECT in it sees one snapshot of the database.
  static Result<Transaction> BeginRead(Connection& db);

  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status Commit();

 private:
  explicit Transaction(Connection* db) : db_(db) {}

  Connection* db_;  // null once committed, rolled back or moved from
};

}  // namespace cornerstore::store::sqlite
