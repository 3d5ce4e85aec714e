// SqliteFederationStore: reading notifications — all or filtered by type, one by id — and
// clearing them all.
#include <string>
#include <utility>
#include <vector>

#include "store/account_json.h"
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::BindPage;
using sqlite::federation::CorruptColumn;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::NotFound;

#define CS_NOTIFICATION_COLUMNS                                                                 \
  "id, account_id, kind, actor_uri, object_uri, activity_uri, created_at, dismissed_at IS NOT " \
  "NULL"

// ?2 is a JSON array of kinds; an empty one means every kind.
constexpr const char* kListOfTypes =
    "SELECT " CS_NOTIFICATION_COLUMNS
    " FROM notifications WHERE account_id = ?1 AND dismissed_at IS NULL "
    "AND (json_array_length(?2) = 0 OR kind IN (SELECT value FROM json_each(?2))) "
    "AND (?3 = 0 OR id < ?3) AND (?4 = 0 OR id > ?4) ORDER BY id DESC LIMIT ?5";
constexpr const char* kFindNotification =
    "SELECT " CS_NOTIFICATION_COLUMNS
    " FROM notifications WHERE account_id = ?1 AND id = ?2 AND dismissed_at IS NULL";
// Rows stay (dismissed) so that a replayed activity does not notify again.
constexpr const char* kClearNotifications =
    "UPDATE notifications SET dismissed_at = ?2 WHERE account_id = ?1 AND dismissed_at IS NULL";

#undef CS_NOTIFICATION_COLUMNS

Result<std::vector<Notification>> NotificationsFromRows(Statement& stmt) {
  std::vector<Notification> notifications;
  while (true) {
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    Notification n;
    n.id = stmt.ColumnInt(0);
    n.account_id = stmt.ColumnInt(1);
    const std::string kind = stmt.ColumnText(2);
    std::optional<NotificationType> type = ParseNotificationType(kind);
    if (!type.has_value()) return CorruptColumn("notifications", "kind", kind);
    n.type = *type;
    n.actor_uri = stmt.ColumnText(3);
    n.object_uri = stmt.ColumnText(4);
    n.activity_uri = stmt.ColumnText(5);
    n.created_at = stmt.ColumnInt(6);
    n.dismissed = stmt.ColumnBool(7);
    notifications.push_back(std::move(n));
  }
  return notifications;
}

}  // namespace

Result<std::vector<Notification>> SqliteFederationStore::ListNotificationsOfTypes(
    int64_t account_id, const std::vector<NotificationType>& types, const PageRequest& page) {
  std::vector<std::string> kinds;
  for (NotificationType type : types) kinds.emplace_back(NotificationTypeName(type));
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<Notification>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kListOfTypes));
    stmt.BindInt(1, account_id);
    stmt.BindText(2, StringListToJson(kinds));
    BindPage(stmt, 3, page);
    return NotificationsFromRows(stmt);
  });
}

Result<std::vector<Notification>> SqliteFederationStore::ListNotifications(
    int64_t account_id, const PageRequest& page) {
  return ListNotificationsOfTypes(account_id, {}, page);
}

Result<Notification> SqliteFederationStore::FindNotification(int64_t account_id,
                                                             int64_t notification_id) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<Notification> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kFindNotification));
    stmt.BindInt(1, account_id);
    stmt.BindInt(2, notification_id);
    CS_ASSIGN_OR_RETURN(std::vector<Notification> found, NotificationsFromRows(stmt));
    if (found.empty()) return NotFound("notification");
    return std::move(found.front());
  });
}

Status SqliteFederationStore::ClearNotifications(int64_t account_id) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kClearNotifications));
    stmt.BindInt(1, account_id);
    stmt.BindInt(2, now);
    return stmt.Run();
  });
}

}  // namespace cornerstore::store
