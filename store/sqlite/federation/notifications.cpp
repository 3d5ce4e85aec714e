// SqliteFederationStore: notifications of local accounts, and reports (Flag activities).
#include <utility>

#include "store/account_json.h"
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::BindIntOrNull;
using sqlite::federation::BindPage;
using sqlite::federation::BindTextOrNull;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::OrNow;
using sqlite::federation::RequireChanged;

// Idempotent through the notifications_dedup index (account, kind, activity).
constexpr const char* kInsertNotification =
    "INSERT INTO notifications (account_id, kind, actor_uri, object_uri, activity_uri, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING";
constexpr const char* kDismissNotification =
    "UPDATE notifications SET dismissed_at = coalesce(dismissed_at, ?3) WHERE id = ?2 AND "
    "account_id = ?1";

constexpr const char* kInsertReport =
    "INSERT INTO reports (activity_uri, reporter_uri, target_account_id, object_uris_json, "
    "comment, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING";
constexpr const char* kListReports =
    "SELECT id, target_account_id, reporter_uri, comment, object_uris_json, activity_uri, "
    "created_at FROM reports WHERE (?1 = 0 OR id < ?1) AND (?2 = 0 OR id > ?2) "
    "ORDER BY id DESC LIMIT ?3";

}  // namespace

Result<bool> SqliteFederationStore::AddNotification(const Notification& notification) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Result<bool> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertNotification));
    stmt.BindInt(1, notification.account_id);
    stmt.BindText(2, NotificationTypeName(notification.type));
    stmt.BindText(3, notification.actor_uri);
    stmt.BindText(4, notification.object_uri);
    BindTextOrNull(stmt, 5, notification.activity_uri);
    stmt.BindInt(6, OrNow(notification.created_at, now));
    CS_RETURN_IF_ERROR(stmt.Run());
    return db.Changes() > 0;
  });
}

Status SqliteFederationStore::DismissNotification(int64_t account_id, int64_t notification_id) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kDismissNotification));
      stmt.BindInt(1, account_id);
      stmt.BindInt(2, notification_id);
      stmt.BindInt(3, now);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    return RequireChanged(db, "notification");
  });
}

Result<bool> SqliteFederationStore::AddReport(const Report& report) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Result<bool> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertReport));
    BindTextOrNull(stmt, 1, report.activity_uri);
    stmt.BindText(2, report.reporter_uri);
    BindIntOrNull(stmt, 3, report.account_id);
    stmt.BindText(4, StringListToJson(report.object_uris));
    stmt.BindText(5, report.content);
    stmt.BindInt(6, OrNow(report.created_at, now));
    CS_RETURN_IF_ERROR(stmt.Run());
    return db.Changes() > 0;
  });
}

Result<std::vector<Report>> SqliteFederationStore::ListReports(const PageRequest& page) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<Report>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kListReports));
    BindPage(stmt, 1, page);
    std::vector<Report> reports;
    while (true) {
      CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      Report report;
      report.id = stmt.ColumnInt(0);
      report.account_id = stmt.ColumnInt(1);
      report.reporter_uri = stmt.ColumnText(2);
      report.content = stmt.ColumnText(3);
      CS_ASSIGN_OR_RETURN(report.object_uris, StringListFromJson(stmt.ColumnText(4)));
      report.activity_uri = stmt.ColumnText(5);
      report.created_at = stmt.ColumnInt(6);
      reports.push_back(std::move(report));
    }
    return reports;
  });
}

}  // namespace cornerstore::store
