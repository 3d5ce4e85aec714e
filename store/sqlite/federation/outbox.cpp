#include "store/sqlite/federation/outbox.h"

#include <cassert>

#include "src/common/http_message.h"
#include "src/common/url.h"
#include "store/sqlite/federation/sql_helpers.h"

namespace cornerstore::store::sqlite::federation {
namespace {

constexpr const char* kInsertJob =
    "INSERT INTO delivery_jobs (activity_uri, activity_json, inbox_url, host, signer_account_id, "
    "signer_key_id, signer_private_key_pem, object_id, next_attempt_at, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) "
    "ON CONFLICT (activity_uri, inbox_url) DO NOTHING";

}  // namespace

Status InsertDeliveryJobs(Connection& db, const std::vector<DeliveryJob>& jobs, int64_t now) {
  assert(jobs.empty() || db.InTransaction());
  for (const DeliveryJob& job : jobs) {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertJob));
    stmt.BindText(1, job.activity_uri);
    stmt.BindText(2, job.activity_json);
    stmt.BindText(3, job.inbox_url);
    stmt.BindText(4, job.host.empty() ? AuthorityOf(job.inbox_url) : ToLower(job.host));
    BindIntOrNull(stmt, 5, job.signer_account_id);
    stmt.BindText(6, job.signer_key_id);
    BindTextOrNull(stmt, 7, job.signer_private_key_pem);
    BindIntOrNull(stmt, 8, job.object_id);
    stmt.BindInt(9, OrNow(job.next_attempt_at, now));
    stmt.BindInt(10, now);
    CS_RETURN_IF_ERROR(stmt.Run());
  }
  return OkStatus();
}

}  // namespace cornerstore::store::sqlite::federation
