// SqliteFederationStore: the durable inbox queue (received activities awaiting processing).
//
// Enqueueing uses group commit: the HTTP threads receiving at the same time share one write
// transaction. The first to arrive leads (takes everything waiting, inserts it in one BEGIN
// IMMEDIATE … COMMIT, hands each caller its result); the others wait for it. Alone, a call commits
// at once as before; under load, the commits (WAL appends, file locks, the writer mutex) are paid
// once per group instead of once per activity.
#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

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
using sqlite::federation::OrNow;
using sqlite::federation::ParseInboxState;
using sqlite::federation::RequireChanged;

// Column order read by ItemFromRow.
#define CS_INBOX_COLUMNS                                                                   \
  "id, activity_uri, recipient_account_id, signer_key_id, signer_uri, body, received_at, " \
  "state, attempts, next_attempt_at, last_error"

// A replayed non-empty activity id hits inbox_queue_activity and inserts nothing.
constexpr const char* kInsertItem =
    "INSERT INTO inbox_queue (activity_uri, recipient_account_id, signer_key_id, signer_uri, "
    "body, received_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT DO NOTHING";
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
// The body is no longer needed once processed; the row stays for deduplication.
constexpr const char* kCompleteItem =
    "UPDATE inbox_queue SET state = 'done', body = '', lease_until = NULL WHERE id = ?1";
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

// Most activities one group commit inserts: bounds how long the writer is held at once.
constexpr size_t kMaxGroupCommit = 256;

// One EnqueueInbox call waiting for its group's commit.
struct PendingEnqueue {
  const InboxItem* item;
  int64_t received_at;
  Result<bool> result = false;
  bool done = false;
};

// The callers of one database waiting to be committed, and whether a leader is at work.
struct CommitGroup {
  std::mutex mu;  // guards waiting and leading
  std::condition_variable finished;
  std::vector<PendingEnqueue*> waiting;
  bool leading = false;
};

// The commit group of `database`. Keyed by address: a group holds no pointer to its database
// and is empty between calls, so a later database at the same address may reuse it.
CommitGroup& CommitGroupOf(const sqlite::Database& database) {
  static std::mutex registry_mu;
  static std::unordered_map<const sqlite::Database*, std::unique_ptr<CommitGroup>> registry;
  std::lock_guard<std::mutex> lock(registry_mu);
  std::unique_ptr<CommitGroup>& group = registry[&database];
  if (!group) group = std::make_unique<CommitGroup>();
  return *group;
}

Status InsertItem(Connection& db, PendingEnqueue& pending) {
  const InboxItem& item = *pending.item;
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertItem));
  stmt.BindText(1, item.activity_uri);
  BindIntOrNull(stmt, 2, item.recipient_account_id);
  stmt.BindText(3, item.signer_key_id);
  stmt.BindText(4, item.signer_uri);
  stmt.BindText(5, item.body);
  stmt.BindInt(6, pending.received_at);
  stmt.BindInt(7, OrNow(item.next_attempt_at, pending.received_at));
  CS_RETURN_IF_ERROR(stmt.Run());
  pending.result = db.Changes() > 0;
  return OkStatus();
}

// Inserts `batch` in one transaction and sets each one's result (all fail together).
void CommitBatch(sqlite::Database& database, const std::vector<PendingEnqueue*>& batch) {
  Status committed = InWriteTransaction(database, [&](Connection& db) -> Status {
    for (PendingEnqueue* pending : batch) CS_RETURN_IF_ERROR(InsertItem(db, *pending));
    return OkStatus();
  });
  if (!committed.ok()) {
    for (PendingEnqueue* pending : batch) pending->result = committed.error();
  }
}

}  // namespace

Result<bool> SqliteFederationStore::EnqueueInbox(const InboxItem& item) {
  const int64_t now = Now();
  const int64_t received_at = OrNow(item.received_at, now);
  PendingEnqueue me{&item, received_at};
  CommitGroup& group = CommitGroupOf(db_);
  std::unique_lock<std::mutex> lock(group.mu);
  group.waiting.push_back(&me);
  while (!me.done) {
    if (group.leading) {
      group.finished.wait(lock);
      continue;
    }
    // Lead: commit what is waiting (this call among it, unless an earlier leader took it).
    group.leading = true;
    std::vector<PendingEnqueue*> batch;
    const size_t take = std::min(group.waiting.size(), kMaxGroupCommit);
    batch.assign(group.waiting.begin(), group.waiting.begin() + static_cast<std::ptrdiff_t>(take));
    group.waiting.erase(group.waiting.begin(),
                        group.waiting.begin() + static_cast<std::ptrdiff_t>(take));
    lock.unlock();
    CommitBatch(db_, batch);
    lock.lock();
    for (PendingEnqueue* pending : batch) pending->done = true;
    group.leading = false;
    group.finished.notify_all();
  }
  return me.result;
}

Result<int64_t> SqliteFederationStore::CountInboxPending() {
  return InReadTransaction(db_, [&](Connection& db) { return db.QueryInt(kCountPending); });
}

Result<std::vector<InboxItem>> SqliteFederationStore::LeaseInbox(int64_t now, int64_t lease_seconds,
                                                                 int limit) {
  if (limit <= 0) return std::vector<InboxItem>();
  return InWriteTransaction(db_, [&](Connection& db) {
    return LeaseExpiredThenDue<InboxItem>(db, kLeaseExpired, kLeaseDue, now, now + lease_seconds,
                                          limit, ItemsFromRows, [](Statement&) {});
  });
}

Status SqliteFederationStore::CompleteInbox(int64_t id) {
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kCompleteItem));
      stmt.BindInt(1, id);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    return RequireChanged(db, "inbox item");
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
