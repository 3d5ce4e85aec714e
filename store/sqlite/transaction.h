// Transaction: an RAII transaction on a Connection (write, or read for a consistent snapshot).
//
// BeginImmediate takes SQLite's write lock at BEGIN, so a database busy with another writer
// (e.g. the CLI in another process) fails up front, after busy_timeout, instead of midway.
// A Transaction that dies without Commit rolls back. Hold one only around SQL, never across
// network I/O or other waits.
//
// Inside a write batch (Database::Batch: the connection already has a transaction open), a
// write Transaction is a savepoint instead: Commit releases it into the batch, and dying without
// Commit undoes only its own statements. A read Transaction inside one adds nothing: the batch
// already reads one consistent state.
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

  Transaction(Transaction&& other) noexcept : db_(other.db_), kind_(other.kind_) {
    other.db_ = nullptr;
  }
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  Status Commit();

 private:
  enum class Kind { kOwn, kSavepoint, kJoined };
  Transaction(Connection* db, Kind kind) : db_(db), kind_(kind) {}

  Connection* db_;  // null once committed, rolled back or moved from
  Kind kind_;       // kOwn: BEGIN…COMMIT; kSavepoint: inside a batch; kJoined: a read in a batch
};

}  // namespace cornerstore::store::sqlite
