// SqliteFederationStore: deleting a local account — who must hear of it, and the deletion with
// its Delete deliveries in one transaction.
#include <string>

#include "store/sqlite/federation/outbox.h"
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InsertDeliveryJobs;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::NotFound;

// Remote actors only (the *_account_id of their side is NULL), one row per shared inbox as for
// followers. Follows count in either state: a pending request's server knows the account too.
constexpr const char* kAudienceInboxes =
    "SELECT DISTINCT coalesce(nullif(a.shared_inbox, ''), a.inbox) AS target FROM remote_actors a "
    "WHERE target <> '' AND a.uri IN ("
    "SELECT follower_uri FROM follows WHERE followed_account_id = ?1 AND "
    "follower_account_id IS NULL "
    "UNION SELECT followed_uri FROM follows WHERE follower_account_id = ?1 AND "
    "followed_account_id IS NULL "
    "UNION SELECT r.actor_uri FROM reactions r JOIN objects o ON o.id = r.object_id "
    "WHERE o.account_id = ?1 AND r.account_id IS NULL "
    "UNION SELECT m.actor_uri FROM mentions m JOIN objects o ON o.id = m.object_id "
    "WHERE o.account_id = ?1 AND m.account_id IS NULL "
    "UNION SELECT o.attributed_to FROM reactions r JOIN objects o ON o.id = r.object_id "
    "WHERE r.account_id = ?1 AND o.account_id IS NULL) ORDER BY target";

constexpr const char* kSelectUsername = "SELECT username FROM accounts WHERE id = ?1";
constexpr const char* kRetireUsername =
    "INSERT INTO deleted_accounts (username, account_id, deleted_at) VALUES (?1, ?2, ?3)";
constexpr const char* kDeleteAccount = "DELETE FROM accounts WHERE id = ?1";

}  // namespace

Result<std::vector<std::string>> SqliteFederationStore::AccountAudienceInboxes(int64_t account_id) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<std::string>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kAudienceInboxes));
    stmt.BindInt(1, account_id);
    std::vector<std::string> inboxes;
    while (true) {
      CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      inboxes.push_back(stmt.ColumnText(0));
    }
    return inboxes;
  });
}

Status SqliteFederationStore::DeleteLocalAccount(int64_t account_id,
                                                 const std::vector<DeliveryJob>& deliveries) {
  for (const DeliveryJob& job : deliveries) {
    // The foreign key would cascade such a job away with its signer: the Delete would be lost.
    if (job.signer_account_id == account_id || job.signer_private_key_pem.empty() ||
        job.signer_key_id.empty()) {
      return MakeError(ErrorCode::kInvalidInput,
                       "a deleted account's deliveries must carry their signer's key",
                       "job for " + job.inbox_url);
    }
  }
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    std::string username;
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectUsername));
      stmt.BindInt(1, account_id);
      CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return NotFound("account");
      username = stmt.ColumnText(0);
    }
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kRetireUsername));
      stmt.BindText(1, username);
      stmt.BindInt(2, account_id);
      stmt.BindInt(3, Now());
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    CS_RETURN_IF_ERROR(InsertDeliveryJobs(db, deliveries, Now()));
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kDeleteAccount));
    stmt.BindInt(1, account_id);
    return stmt.Run();
  });
}

}  // namespace cornerstore::store
