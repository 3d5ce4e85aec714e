// SqliteFederationStore: the durable inbox queue (received activities awaiting processing) and
// its spool (store/sqlite/inbox_spool.h).
//
// With a spool attached (the server), EnqueueInbox appends to the spool file and returns: the
// request thread never waits for the writer. The inbox workers claim spooled items
// (ClaimSpooledInbox) and admit each into inbox_queue with its outcome (done, or leased when it
// failed or needs the network) inside the write batch that applies it, together with the number
// of the last record moved, so a restart replays only what was not. A lease, or a flush (a graceful
// stop, a spool past its byte bound), moves what no worker has claimed as queued rows. Without a
// spool (the CLI, tests), EnqueueInbox inserts the row in a write transaction of its own.
#include <algorithm>
#include <cassert>
#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "src/common/json.h"
#include "src/common/log.h"
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::BindIntOrNull;
using sqlite::federation::BindPage;
using sqlite::federation::CorruptColumn;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::LeaseExpiredThenDue;
using sqlite::federation::NotFound;
using sqlite::federation::OrNow;
using sqlite::federation::ParseInboxState;
using sqlite::federation::RequireChanged;

// Column order read by ItemFromRow.
#define CS_INBOX_COLUMNS                                                                   \
  "id, activity_uri, recipient_account_id, signer_key_id, signer_uri, body, received_at, " \
  "state, attempts, next_attempt_at, last_error"

// The columns an insert of a spooled item names, with its values as ?1..?7.
#define CS_INBOX_INSERT_COLUMNS                                                        \
  "activity_uri, recipient_account_id, signer_key_id, signer_uri, body, received_at, " \
  "next_attempt_at"
// Inserts only while the recipient (?2) still exists; see kInsertItem.
#define CS_INBOX_INSERT_WHERE \
  " WHERE ?2 IS NULL OR EXISTS (SELECT 1 FROM accounts WHERE id = ?2) ON CONFLICT DO NOTHING"
// A replayed non-empty activity id hits inbox_queue_activity and inserts nothing. So does an
// item for a personal inbox whose account was deleted after the 202 (while it was spooled): had it
// been queued already, the deletion would have removed it with the account.
constexpr const char* kInsertItem = "INSERT INTO inbox_queue (" CS_INBOX_INSERT_COLUMNS
                                    ") SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7" CS_INBOX_INSERT_WHERE;
// kInsertItem of an item a worker claimed and applied: done at its first attempt, no body (?5
// is not used).
constexpr const char* kAdmitDone = "INSERT INTO inbox_queue (" CS_INBOX_INSERT_COLUMNS
                                   ", state, attempts) SELECT ?1, ?2, ?3, ?4, '', ?6, ?7, 'done', "
                                   "1" CS_INBOX_INSERT_WHERE;
// kInsertItem of an item a worker claimed: leased to it (?8: until), its first attempt.
constexpr const char* kAdmitLeased = "INSERT INTO inbox_queue (" CS_INBOX_INSERT_COLUMNS
                                     ", state, lease_until, attempts) SELECT ?1, ?2, ?3, ?4, ?5, "
                                     "?6, ?7, 'processing', ?8, 1" CS_INBOX_INSERT_WHERE;
#undef CS_INBOX_INSERT_COLUMNS
#undef CS_INBOX_INSERT_WHERE
// `activity_uri <> ''` lets SQLite use the partial index inbox_queue_activity.
constexpr const char* kIsQueued =
    "SELECT EXISTS (SELECT 1 FROM inbox_queue WHERE activity_uri = ?1 AND activity_uri <> '')";
constexpr const char* kReadMovedSeq = "SELECT moved_seq FROM inbox_spool_state WHERE id = 1";
constexpr const char* kWriteMovedSeq =
    "UPDATE inbox_spool_state SET moved_seq = max(moved_seq, ?1) WHERE id = 1";
constexpr const char* kCountPending =
    "SELECT count(*) FROM inbox_queue WHERE state IN ('queued', 'processing')";
// Items whose worker died mid-processing (lease expired) first, then due items, oldest due
// first (LeaseExpiredThenDue); both inside one BEGIN IMMEDIATE, so no two workers, threads or
// processes get the same row.
#define CS_LEASE_UPDATE                                                                     \
  "UPDATE inbox_queue SET state = 'processing', lease_until = ?2, attempts = attempts + 1 " \
  "WHERE id IN (SELECT id FROM inbox_queue WHERE "
constexpr const char* kLeaseExpired = CS_LEASE_UPDATE
    "state = 'processing' AND lease_until <= ?1 ORDER BY lease_until LIMIT ?3) "
    "RETURNING " CS_INBOX_COLUMNS;
constexpr const char* kLeaseDue = CS_LEASE_UPDATE
    "state = 'queued' AND next_attempt_at <= ?1 ORDER BY next_attempt_at LIMIT "
    "?3) RETURNING " CS_INBOX_COLUMNS;
#undef CS_LEASE_UPDATE
// Whether kLeaseExpired or kLeaseDue would find anything (two index probes).
constexpr const char* kAnyDue =
    "SELECT EXISTS (SELECT 1 FROM inbox_queue WHERE state = 'processing' AND lease_until <= ?1) "
    "OR EXISTS (SELECT 1 FROM inbox_queue WHERE state = 'queued' AND next_attempt_at <= ?1)";
// The body is no longer needed once processed; the row stays for deduplication. ?1 is a JSON
// array of ids.
constexpr const char* kCompleteItems =
    "UPDATE inbox_queue SET state = 'done', body = '', lease_until = NULL "
    "WHERE id IN (SELECT value FROM json_each(?1))";
constexpr const char* kRetryItem =
    "UPDATE inbox_queue SET state = 'queued', next_attempt_at = ?2, last_error = ?3, "
    "lease_until = NULL WHERE id = ?1";
constexpr const char* kFailItem =
    "UPDATE inbox_queue SET state = 'failed', last_error = ?2, lease_until = NULL WHERE id = ?1";
constexpr const char* kListFailed =
    "SELECT " CS_INBOX_COLUMNS
    " FROM inbox_queue WHERE state = 'failed' AND (?1 = 0 OR id < ?1) AND (?2 = 0 OR id > ?2) "
    "ORDER BY id DESC LIMIT ?3";
constexpr const char* kPurgeDone =
    "DELETE FROM inbox_queue WHERE state = 'done' AND received_at < ?1";

#undef CS_INBOX_COLUMNS

Result<InboxItem> ItemFromRow(const Statement& row) {
  InboxItem item;
  item.id = row.ColumnInt(0);
  item.activity_uri = row.ColumnText(1);
  item.recipient_account_id = row.ColumnInt(2);
  item.signer_key_id = row.ColumnText(3);
  item.signer_uri = row.ColumnText(4);
  item.body = row.ColumnText(5);
  item.received_at = row.ColumnInt(6);
  const std::string state = row.ColumnText(7);
  std::optional<InboxState> parsed = ParseInboxState(state);
  if (!parsed.has_value()) return CorruptColumn("inbox_queue", "state", state);
  item.state = *parsed;
  item.attempts = static_cast<int>(row.ColumnInt(8));
  item.next_attempt_at = row.ColumnInt(9);
  item.last_error = row.ColumnText(10);
  return item;
}

Result<std::vector<InboxItem>> ItemsFromRows(Statement& stmt) {
  return sqlite::federation::CollectRows<InboxItem>(stmt, ItemFromRow);
}

// Runs `sql`, one row of one column, on a reader with ?1 bound by `bind`: true when non-zero.
// For checks that must not wait for the writer.
template <typename Bind>
Result<bool> ReaderSaysTrue(sqlite::Database& database, const char* sql, Bind bind) {
  return InReadTransaction(database, [&](Connection& db) -> Result<bool> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
    bind(stmt);
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    return row && stmt.ColumnInt(0) != 0;
  });
}

// Most spooled items one write transaction moves: bounds how long the writer is held at once.
constexpr size_t kMaxSpoolMove = 1024;

// Binds ?1..?7 of kInsertItem, kAdmitDone or kAdmitLeased from `item`.
void BindItem(Statement& stmt, const InboxItem& item) {
  stmt.BindText(1, item.activity_uri);
  BindIntOrNull(stmt, 2, item.recipient_account_id);
  stmt.BindText(3, item.signer_key_id);
  stmt.BindText(4, item.signer_uri);
  stmt.BindText(5, item.body);
  stmt.BindInt(6, item.received_at);
  stmt.BindInt(7, item.next_attempt_at);
}

// Inserts `item` (received_at and next_attempt_at already set); true if a row was added.
Result<bool> InsertItem(Connection& db, const InboxItem& item) {
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertItem));
  BindItem(stmt, item);
  CS_RETURN_IF_ERROR(stmt.Run());
  return db.Changes() > 0;
}

// Records that every spooled record up to `seq` is in inbox_queue (inside the caller's write
// transaction).
Status WriteMovedSeq(Connection& db, uint64_t seq) {
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kWriteMovedSeq));
  stmt.BindInt(1, static_cast<int64_t>(seq));
  return stmt.Run();
}

// Inserts the claimed items as queued and records the claim as moved (inside the caller's
// write transaction).
Status InsertSpooled(Connection& db, const sqlite::InboxSpool::Claim& claim) {
  if (claim.empty()) return OkStatus();
  for (const InboxItem& item : claim.items) {
    CS_ASSIGN_OR_RETURN(bool inserted, InsertItem(db, item));
    (void)inserted;  // a replayed id or a deleted recipient: nothing to queue
  }
  return WriteMovedSeq(db, claim.last_seq);
}

// After the transaction that moved `claim` ended: the spool forgets it if `committed`, and
// otherwise has it claimed again later.
void SettleClaim(sqlite::InboxSpool& spool, const sqlite::InboxSpool::Claim& claim,
                 bool committed) {
  if (claim.empty()) return;
  if (!committed) {
    spool.Unclaim(claim);
    return;
  }
  // Nothing is lost if this fails (a replay skips what inbox_spool_state says was moved): the
  // file only keeps its size until the next move.
  Status forgotten = spool.Moved(claim.last_seq);
  if (!forgotten.ok()) {
    log::Warn("inbox.spool_shrink_failed", {{"error", forgotten.error().ToLogString()}});
  }
}

// A worker's claim (FederationStore::SpooledInbox): admitted item by item inside its batch.
class SqliteSpooledInbox final : public FederationStore::SpooledInbox {
 public:
  SqliteSpooledInbox(sqlite::Database& db, sqlite::InboxSpool& spool,
                     sqlite::InboxSpool::Claim claim)
      : db_(db), spool_(spool), claim_(std::move(claim)) {}
  ~SqliteSpooledInbox() override {
    if (!committed_) SettleClaim(spool_, claim_, /*committed=*/false);
  }

  std::vector<InboxItem> TakeItems() override { return std::exchange(claim_.items, {}); }
  bool AwaitTurn() override { return spool_.AwaitTurn(claim_); }

  Result<int64_t> AdmitDone(const InboxItem& item) override {
    return Admit(kAdmitDone, item, std::nullopt);
  }
  Result<int64_t> AdmitLeased(const InboxItem& item, int64_t lease_until) override {
    return Admit(kAdmitLeased, item, lease_until);
  }

  Status MarkMoved() override {
    return InWriteTransaction(db_,
                              [&](Connection& db) { return WriteMovedSeq(db, claim_.last_seq); });
  }

  void Committed() override {
    committed_ = true;
    SettleClaim(spool_, claim_, /*committed=*/true);
  }

 private:
  // Runs kAdmitDone, or kAdmitLeased with its ?8, for `item`.
  Result<int64_t> Admit(const char* sql, const InboxItem& item,
                        std::optional<int64_t> lease_until) {
    return InWriteTransaction(db_, [&](Connection& db) -> Result<int64_t> {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
      BindItem(stmt, item);
      if (lease_until.has_value()) stmt.BindInt(8, *lease_until);
      CS_RETURN_IF_ERROR(stmt.Run());
      return db.Changes() > 0 ? db.LastInsertRowId() : 0;
    });
  }

  sqlite::Database& db_;
  sqlite::InboxSpool& spool_;
  sqlite::InboxSpool::Claim claim_;  // its items until TakeItems
  bool committed_ = false;
};

}  // namespace

Result<bool> SqliteFederationStore::EnqueueInbox(const InboxItem& item) {
  InboxItem stamped = item;
  const int64_t now = Now();
  stamped.received_at = OrNow(item.received_at, now);
  stamped.next_attempt_at = OrNow(item.next_attempt_at, stamped.received_at);
  if (spool_ == nullptr) {
    return InWriteTransaction(db_, [&](Connection& db) { return InsertItem(db, stamped); });
  }
  if (spool_->bytes() >= sqlite::InboxSpool::kMaxWaitingBytes)
    CS_RETURN_IF_ERROR(FlushInboxSpool());
  if (stamped.activity_uri.empty()) return spool_->Append(std::move(stamped));
  // A replay is refused here, against the spool and then the table (a reader: no writer wait);
  // checked again if a move committed in between, which the table check may have missed.
  for (;;) {
    const uint64_t moves = spool_->moves();
    if (spool_->Holds(stamped.activity_uri)) return false;
    CS_ASSIGN_OR_RETURN(bool queued, ReaderSaysTrue(db_, kIsQueued, [&](Statement& stmt) {
                          stmt.BindText(1, stamped.activity_uri);
                        }));
    if (queued) return false;
    CS_ASSIGN_OR_RETURN(std::optional<bool> appended,
                        spool_->AppendUnlessMovedSince(stamped, moves));
    if (appended.has_value()) return *appended;
  }
}

Result<int64_t> SqliteFederationStore::AttachInboxSpool(const std::string& path) {
  assert(spool_ == nullptr);
  CS_ASSIGN_OR_RETURN(int64_t moved, InReadTransaction(db_, [](Connection& db) {
                        return db.QueryInt(kReadMovedSeq);
                      }));
  CS_ASSIGN_OR_RETURN(spool_, sqlite::InboxSpool::Open(path, static_cast<uint64_t>(moved)));
  const auto replayed = static_cast<int64_t>(spool_->size());
  // Failing now (a full disk) loses nothing: the workers' leases move them later.
  if (Status flushed = FlushInboxSpool(); !flushed.ok()) {
    log::Warn("inbox.spool_replay_deferred", {{"error", flushed.error().ToLogString()}});
  }
  return replayed;
}

template <typename Then>
auto SqliteFederationStore::MoveSpooledThen(sqlite::InboxSpool::Claim claim, Then then) {
  auto result =
      InWriteTransaction(db_, [&](Connection& db) -> std::invoke_result_t<Then&, Connection&> {
        CS_RETURN_IF_ERROR(InsertSpooled(db, claim));
        return then(db);
      });
  if (spool_ != nullptr) SettleClaim(*spool_, claim, result.ok());
  return result;
}

Status SqliteFederationStore::FlushInboxSpool() {
  if (spool_ == nullptr) return OkStatus();
  for (;;) {
    sqlite::InboxSpool::Claim claim = spool_->ClaimOldest(kMaxSpoolMove);
    // Nothing left unclaimed: what still waits is in workers' hands, on its way in.
    if (claim.empty()) return OkStatus();
    if (!spool_->AwaitTurn(claim)) continue;  // voided by an older claim's failure: claim anew
    CS_RETURN_IF_ERROR(MoveSpooledThen(std::move(claim), [](Connection&) { return OkStatus(); }));
  }
}

std::unique_ptr<FederationStore::SpooledInbox> SqliteFederationStore::ClaimSpooledInbox(
    size_t limit) {
  if (spool_ == nullptr || limit == 0) return nullptr;
  sqlite::InboxSpool::Claim claim = spool_->ClaimOldest(limit);
  if (claim.empty()) return nullptr;
  return std::make_unique<SqliteSpooledInbox>(db_, *spool_, std::move(claim));
}

Result<int64_t> SqliteFederationStore::CountInboxPending() {
  CS_ASSIGN_OR_RETURN(int64_t queued, InReadTransaction(db_, [&](Connection& db) {
                        return db.QueryInt(kCountPending);
                      }));
  return queued + (spool_ == nullptr ? 0 : static_cast<int64_t>(spool_->size()));
}

Result<std::vector<InboxItem>> SqliteFederationStore::LeaseInbox(int64_t now, int64_t lease_seconds,
                                                                 int limit) {
  if (limit <= 0) return std::vector<InboxItem>();
  // What is spooled moves in the lease's own transaction, so the oldest can be leased at once;
  // but only while no worker holds a claim (a claim's holder may be the caller: it cannot wait).
  sqlite::InboxSpool::Claim claim;
  if (spool_ != nullptr) claim = spool_->ClaimOldestIfIdle(kMaxSpoolMove);
  if (claim.empty()) {
    // Nothing to move: ask a reader whether anything is due before waiting for the writer, which
    // another worker's batch may hold. A worker's round would otherwise wait here, then parse
    // its claim while the writer stands idle.
    CS_ASSIGN_OR_RETURN(
        bool due, ReaderSaysTrue(db_, kAnyDue, [&](Statement& stmt) { stmt.BindInt(1, now); }));
    if (!due) return std::vector<InboxItem>();
  }
  return MoveSpooledThen(std::move(claim), [&](Connection& db) {
    return LeaseExpiredThenDue<InboxItem>(db, kLeaseExpired, kLeaseDue, now, now + lease_seconds,
                                          limit, ItemsFromRows, [](Statement&) {});
  });
}

Status SqliteFederationStore::CompleteInbox(int64_t id) { return CompleteInboxItems({id}); }

Status SqliteFederationStore::CompleteInboxItems(const std::vector<int64_t>& ids) {
  if (ids.empty()) return OkStatus();
  json::Value list = json::Value::MakeArray();
  for (int64_t id : ids) list.Push(id);
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kCompleteItems));
      stmt.BindText(1, json::Serialize(list));
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    // A repeated id counts once: compare with the distinct ids.
    const std::set<int64_t> distinct(ids.begin(), ids.end());
    if (db.Changes() != static_cast<int64_t>(distinct.size())) return NotFound("inbox item");
    return OkStatus();
  });
}

Status SqliteFederationStore::RetryInbox(int64_t id, int64_t next_attempt_at,
                                         std::string_view error) {
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kRetryItem));
      stmt.BindInt(1, id);
      stmt.BindInt(2, next_attempt_at);
      stmt.BindText(3, error);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    return RequireChanged(db, "inbox item");
  });
}

Status SqliteFederationStore::FailInbox(int64_t id, std::string_view error) {
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kFailItem));
      stmt.BindInt(1, id);
      stmt.BindText(2, error);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    return RequireChanged(db, "inbox item");
  });
}

Result<std::vector<InboxItem>> SqliteFederationStore::ListFailedInbox(const PageRequest& page) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<InboxItem>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kListFailed));
    BindPage(stmt, 1, page);
    return ItemsFromRows(stmt);
  });
}

Result<int64_t> SqliteFederationStore::PurgeInbox(int64_t received_before) {
  return InWriteTransaction(db_, [&](Connection& db) -> Result<int64_t> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kPurgeDone));
    stmt.BindInt(1, received_before);
    CS_RETURN_IF_ERROR(stmt.Run());
    return db.Changes();
  });
}

}  // namespace cornerstore::store
