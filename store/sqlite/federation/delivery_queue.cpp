// SqliteFederationStore: the durable delivery queue (outgoing activities, one row per inbox)
// and the reach report of a post.
#include <algorithm>
#include <utility>

#include "src/common/http_message.h"
#include "store/account_json.h"
#include "store/sqlite/federation/outbox.h"
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::BindIntOrNull;
using sqlite::federation::CorruptColumn;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InsertDeliveryJobs;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::LeaseExpiredThenDue;
using sqlite::federation::ParseDeliveryState;
using sqlite::federation::RequireChanged;

// A reach report lists at most this many retrying and given-up jobs each: enough to see which
// hosts misbehave, bounded for a post that went to thousands of inboxes.
constexpr int kMaxReportedJobs = 200;

// Column order read by JobFromRow.
#define CS_JOB_COLUMNS                                                                             \
  "id, activity_uri, activity_json, inbox_url, host, signer_account_id, signer_key_id, "           \
  "signer_private_key_pem, object_id, state, attempts, next_attempt_at, lease_until, last_error, " \
  "last_status, created_at"

// Jobs whose worker died mid-delivery (lease expired) first, then due jobs, oldest due first,
// minus the hosts the caller skips (a JSON array, ?4); both inside one BEGIN IMMEDIATE
// (LeaseExpiredThenDue), so no two workers, threads or processes get the same row.
#define CS_LEASE_UPDATE                                                                    \
  "UPDATE delivery_jobs SET state = 'leased', lease_until = ?2, attempts = attempts + 1, " \
  "updated_at = ?1 WHERE id IN (SELECT id FROM delivery_jobs WHERE "
constexpr const char* kLeaseExpired = CS_LEASE_UPDATE
    "state = 'leased' AND lease_until <= ?1 AND host NOT IN (SELECT value FROM json_each(?4)) "
    "ORDER BY lease_until LIMIT ?3) RETURNING " CS_JOB_COLUMNS;
constexpr const char* kLeaseDue = CS_LEASE_UPDATE
    "state = 'queued' AND next_attempt_at <= ?1 AND host NOT IN (SELECT value FROM "
    "json_each(?4)) ORDER BY next_attempt_at LIMIT ?3) RETURNING " CS_JOB_COLUMNS;
#undef CS_LEASE_UPDATE
constexpr const char* kCompleteJob =
    "UPDATE delivery_jobs SET state = 'done', last_status = ?2, last_error = '', "
    "lease_until = NULL, updated_at = ?3 WHERE id = ?1";
constexpr const char* kRetryJob =
    "UPDATE delivery_jobs SET state = 'queued', next_attempt_at = ?2, last_status = ?3, "
    "last_error = ?4, lease_until = NULL, updated_at = ?5 WHERE id = ?1";
constexpr const char* kFailJob =
    "UPDATE delivery_jobs SET state = 'failed', last_status = ?2, last_error = ?3, "
    "lease_until = NULL, updated_at = ?4 WHERE id = ?1";
constexpr const char* kCountPending =
    "SELECT count(*) FROM delivery_jobs WHERE state IN ('queued', 'leased')";
constexpr const char* kReportCounts =
    "SELECT count(*), count(*) FILTER (WHERE state = 'done'), "
    "count(*) FILTER (WHERE state IN ('queued', 'leased')), "
    "count(*) FILTER (WHERE state = 'failed'), count(DISTINCT host), "
    "count(DISTINCT CASE WHEN state = 'done' THEN host END) "
    "FROM delivery_jobs WHERE object_id = ?1";
constexpr const char* kReportRetrying =
    "SELECT " CS_JOB_COLUMNS
    " FROM delivery_jobs WHERE object_id = ?1 AND state = 'queued' AND attempts > 0 "
    "ORDER BY id LIMIT ?2";
constexpr const char* kReportGaveUp =
    "SELECT " CS_JOB_COLUMNS
    " FROM delivery_jobs WHERE object_id = ?1 AND state = 'failed' ORDER BY id LIMIT ?2";

#undef CS_JOB_COLUMNS

Result<DeliveryJob> JobFromRow(const Statement& row) {
  DeliveryJob job;
  job.id = row.ColumnInt(0);
  job.activity_uri = row.ColumnText(1);
  job.activity_json = row.ColumnText(2);
  job.inbox_url = row.ColumnText(3);
  job.host = row.ColumnText(4);
  job.signer_account_id = row.ColumnInt(5);
  job.signer_key_id = row.ColumnText(6);
  job.signer_private_key_pem = row.ColumnText(7);
  job.object_id = row.ColumnInt(8);
  const std::string state = row.ColumnText(9);
  std::optional<DeliveryState> parsed = ParseDeliveryState(state);
  if (!parsed.has_value()) return CorruptColumn("delivery_jobs", "state", state);
  job.state = *parsed;
  job.attempts = static_cast<int>(row.ColumnInt(10));
  job.next_attempt_at = row.ColumnInt(11);
  job.lease_until = row.ColumnInt(12);
  job.last_error = row.ColumnText(13);
  job.last_status = static_cast<int>(row.ColumnInt(14));
  job.created_at = row.ColumnInt(15);
  return job;
}

Result<std::vector<DeliveryJob>> JobsFromRows(Statement& stmt) {
  return sqlite::federation::CollectRows<DeliveryJob>(stmt, JobFromRow);
}

// Jobs for a report: private keys never leave the queue.
Result<std::vector<DeliveryJob>> ReportedJobs(Connection& db, const char* sql, int64_t object_id) {
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  stmt.BindInt(1, object_id);
  stmt.BindInt(2, kMaxReportedJobs);
  CS_ASSIGN_OR_RETURN(std::vector<DeliveryJob> jobs, JobsFromRows(stmt));
  for (DeliveryJob& job : jobs) job.signer_private_key_pem.clear();
  return jobs;
}

}  // namespace

Status SqliteFederationStore::EnqueueDeliveries(const std::vector<DeliveryJob>& jobs) {
  if (jobs.empty()) return OkStatus();
  const int64_t now = Now();
  return InWriteTransaction(
      db_, [&](Connection& db) -> Status { return InsertDeliveryJobs(db, jobs, now); });
}

Result<std::vector<DeliveryJob>> SqliteFederationStore::LeaseDeliveries(
    int64_t now, int64_t lease_seconds, int limit, const std::vector<std::string>& skip_hosts) {
  if (limit <= 0) return std::vector<DeliveryJob>();
  std::vector<std::string> skipped;
  skipped.reserve(skip_hosts.size());
  for (const std::string& host : skip_hosts) skipped.push_back(ToLower(host));
  const std::string skipped_json = StringListToJson(skipped);
  return InWriteTransaction(db_, [&](Connection& db) {
    return LeaseExpiredThenDue<DeliveryJob>(
        db, kLeaseExpired, kLeaseDue, now, now + lease_seconds, limit, JobsFromRows,
        [&](Statement& stmt) { stmt.BindText(4, skipped_json); });
  });
}

Status SqliteFederationStore::CompleteDelivery(int64_t id, int status) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kCompleteJob));
      stmt.BindInt(1, id);
      BindIntOrNull(stmt, 2, status);
      stmt.BindInt(3, now);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    return RequireChanged(db, "delivery job");
  });
}

Status SqliteFederationStore::RetryDelivery(int64_t id, int64_t next_attempt_at, int status,
                                            std::string_view error) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kRetryJob));
      stmt.BindInt(1, id);
      stmt.BindInt(2, next_attempt_at);
      BindIntOrNull(stmt, 3, status);
      stmt.BindText(4, error);
      stmt.BindInt(5, now);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    return RequireChanged(db, "delivery job");
  });
}

Status SqliteFederationStore::FailDelivery(int64_t id, int status, std::string_view error) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kFailJob));
      stmt.BindInt(1, id);
      BindIntOrNull(stmt, 2, status);
      stmt.BindText(3, error);
      stmt.BindInt(4, now);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    return RequireChanged(db, "delivery job");
  });
}

Result<int64_t> SqliteFederationStore::CountDeliveriesPending() {
  return InReadTransaction(db_, [&](Connection& db) { return db.QueryInt(kCountPending); });
}

Result<DeliveryReport> SqliteFederationStore::ReportDeliveries(int64_t object_id) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<DeliveryReport> {
    DeliveryReport report;
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kReportCounts));
      stmt.BindInt(1, object_id);
      CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (row) {
        report.total = stmt.ColumnInt(0);
        report.done = stmt.ColumnInt(1);
        report.queued = stmt.ColumnInt(2);
        report.failed = stmt.ColumnInt(3);
        report.hosts_total = stmt.ColumnInt(4);
        report.hosts_done = stmt.ColumnInt(5);
      }
    }
    CS_ASSIGN_OR_RETURN(report.retrying, ReportedJobs(db, kReportRetrying, object_id));
    CS_ASSIGN_OR_RETURN(report.gave_up, ReportedJobs(db, kReportGaveUp, object_id));
    return report;
  });
}

}  // namespace cornerstore::store
