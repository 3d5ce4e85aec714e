// Small helpers shared by the SqliteFederationStore files: running a body in a read or write
// transaction, page bounds, NULL-for-empty binding, and the text names of enum columns.
//
// Stateless; the transaction helpers hold a Database lease only for the duration of the body.
// Thread safety: as safe as the Database they are given.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/database.h"
#include "store/sqlite/statement.h"
#include "store/sqlite/transaction.h"

namespace cornerstore::store::sqlite::federation {

// Steps `stmt` to the end, turning each row into a T with `from_row(const Statement&)`
// (returning Result<T>); the first failure stops and is returned.
template <typename T, typename FromRow>
Result<std::vector<T>> CollectRows(Statement& stmt, FromRow from_row) {
  std::vector<T> out;
  while (true) {
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    CS_ASSIGN_OR_RETURN(T item, from_row(stmt));
    out.push_back(std::move(item));
  }
  return out;
}

// Runs `body(Connection&)` (returning Status or Result<T>) in one BEGIN IMMEDIATE transaction on
// the writer connection; commits when the body succeeds, rolls back otherwise.
template <typename Body>
auto InWriteTransaction(Database& database, Body&& body) {
  using R = std::invoke_result_t<Body&, Connection&>;
  Database::Lease lease = database.AcquireWriter();
  Connection& db = lease.db();
  Result<Transaction> tx = Transaction::BeginImmediate(db);
  if (!tx.ok()) return R(tx.take_error());
  R result = body(db);
  if (!result.ok()) return result;
  Status committed = tx->Commit();
  if (!committed.ok()) return R(committed.take_error());
  return result;
}

// Runs `body(Connection&)` in one read transaction on a pooled reader (one snapshot).
template <typename Body>
auto InReadTransaction(Database& database, Body&& body) {
  using R = std::invoke_result_t<Body&, Connection&>;
  Result<Database::Lease> lease = database.AcquireReader();
  if (!lease.ok()) return R(lease.take_error());
  Connection& db = lease->db();
  Result<Transaction> tx = Transaction::BeginRead(db);
  if (!tx.ok()) return R(tx.take_error());
  R result = body(db);
  if (!result.ok()) return result;
  Status ended = tx->Commit();
  if (!ended.ok()) return R(ended.take_error());
  return result;
}

// The most queue rows one lease takes: bounds how long one lease statement holds the write
// lock, and how much one worker holds while others wait.
inline constexpr int kMaxLeaseBatch = 256;

// One lease of a durable queue: runs `expired_sql` (rows whose worker died: lease ended), then
// `due_sql`, each binding ?1 now, ?2 the new lease end and ?3 the room left of `limit` (at most
// kMaxLeaseBatch), plus whatever `bind_more(Statement&)` adds; `from_rows(Statement&)` reads the
// RETURNING rows. Two statements rather than one OR'ed query: each walks its own index in order
// and stops at its LIMIT, where an OR ordered by id read and sorted every due row on each lease.
// Call inside a write transaction. Rows come back ordered by id.
template <typename T, typename FromRows, typename BindMore>
Result<std::vector<T>> LeaseExpiredThenDue(Connection& db, const char* expired_sql,
                                           const char* due_sql, int64_t now, int64_t lease_until,
                                           int limit, FromRows from_rows, BindMore bind_more) {
  std::vector<T> rows;
  const int wanted = std::min(limit, kMaxLeaseBatch);
  for (const char* sql : {expired_sql, due_sql}) {
    const int room = wanted - static_cast<int>(rows.size());
    if (room <= 0) break;
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
    stmt.BindInt(1, now);
    stmt.BindInt(2, lease_until);
    stmt.BindInt(3, room);
    bind_more(stmt);
    CS_ASSIGN_OR_RETURN(std::vector<T> some, from_rows(stmt));
    for (T& row : some) rows.push_back(std::move(row));
  }
  // RETURNING yields rows in no promised order.
  std::sort(rows.begin(), rows.end(), [](const T& a, const T& b) { return a.id < b.id; });
  return rows;
}

// `limit` clamped to [1, kMaxPageLimit].
int ClampLimit(int limit);
// Binds max_id, min_id and the clamped limit at `first`, `first + 1`, `first + 2`, for SQL of the
// form "(?a = 0 OR id < ?a) AND (?b = 0 OR id > ?b) ORDER BY id DESC LIMIT ?c".
void BindPage(Statement& stmt, int first, const PageRequest& page);

// Binds NULL for "" (optional URIs stored as NULL, so UNIQUE ignores them).
void BindTextOrNull(Statement& stmt, int index, std::string_view value);
// Binds NULL for 0 (an absent account or object id, a time that has not happened, no status).
void BindIntOrNull(Statement& stmt, int index, int64_t value);

// `at`, or `now` when `at` is 0.
inline int64_t OrNow(int64_t at, int64_t now) { return at != 0 ? at : now; }

// `host` in lower case, or the host of `url` when `host` is empty.
std::string NormalizeHost(std::string_view host, std::string_view url);

// kNotFound "no such <what>" when the last statement on `db` changed no row.
Status RequireChanged(const Connection& db, std::string_view what);
Error NotFound(std::string_view what);
// A row whose enum column holds an unknown name (a damaged or newer database).
Error CorruptColumn(std::string_view table, std::string_view column, std::string_view value);

std::string_view FollowStateName(FollowState state);
std::optional<FollowState> ParseFollowState(std::string_view name);
std::string_view ReactionTypeName(ReactionType type);
std::optional<ReactionType> ParseReactionType(std::string_view name);
std::optional<InboxState> ParseInboxState(std::string_view name);
std::optional<DeliveryState> ParseDeliveryState(std::string_view name);

}  // namespace cornerstore::store::sqlite::federation
