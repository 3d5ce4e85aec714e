// SqliteFederationStore: the durable inbox queue (received activities awaiting processing).
#include <algorithm>
#include <utility>

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
using sqlite::federation::kMaxLeaseBatch;
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
// Due items, and items whose worker died mid-processing (lease expired), oldest first. One
// statement inside BEGIN IMMEDIATE: no two workers, threads or processes, get the same row.
constexpr const char* kLeaseItems =
    "UPDATE inbox_queue SET state = 'processing', lease_until = ?2, attempts = attempts + 1 "
    "WHERE id IN (SELECT id FROM inbox_queue WHERE (state = 'queued' AND next_attempt_at <= ?1) "
    "OR (state = 'processing' AND lease_until <= ?1) ORDER BY id LIMIT ?3) "
    "RETURNING " CS_INBOX_COLUMNS;
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

}  // namespace

Result<bool> SqliteFederationStore::EnqueueInbox(const InboxItem& item) {
  const int64_t now = Now();
  const int64_t received_at = OrNow(item.received_at, now);
  return InWriteTransaction(db_, [&](Connection& db) -> Result<bool> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertItem));
    stmt.BindText(1, item.activity_uri);
    BindIntOrNull(stmt, 2, item.recipient_account_id);
    stmt.BindText(3, item.signer_key_id);
    stmt.BindText(4, item.signer_uri);
    stmt.BindText(5, item.body);
    stmt.BindInt(6, received_at);
    stmt.BindInt(7, OrNow(item.next_attempt_at, received_at));
    CS_RETURN_IF_ERROR(stmt.Run());
    return db.Changes() > 0;
  });
}

Result<int64_t> SqliteFederationStore::CountInboxPending() {
  return InReadTransaction(db_, [&](Connection& db) { return db.QueryInt(kCountPending); });
}

Result<std::vector<InboxItem>> SqliteFederationStore::LeaseInbox(int64_t now, int64_t lease_seconds,
                                                                 int limit) {
  if (limit <= 0) return std::vector<InboxItem>();
  return InWriteTransaction(db_, [&](Connection& db) -> Result<std::vector<InboxItem>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kLeaseItems));
    stmt.BindInt(1, now);
    stmt.BindInt(2, now + lease_seconds);
    stmt.BindInt(3, std::min(limit, kMaxLeaseBatch));
    CS_ASSIGN_OR_RETURN(std::vector<InboxItem> items, ItemsFromRows(stmt));
    // RETURNING yields rows in no promised order.
    std::sort(items.begin(), items.end(),
              [](const InboxItem& a, const InboxItem& b) { return a.id < b.id; });
    return items;
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
