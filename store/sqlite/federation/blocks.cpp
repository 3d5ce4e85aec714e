// SqliteFederationStore: blocks between local accounts and remote actors, and domain blocks.
#include "src/common/http_message.h"
#include "store/sqlite/federation/outbox.h"
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::BindTextOrNull;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InsertDeliveryJobs;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::OrNow;
using sqlite::federation::RequireChanged;

// A repeated Block keeps the first row (and its activity id).
constexpr const char* kInsertBlock =
    "INSERT INTO blocks (account_id, target_actor_uri, by_remote, activity_uri, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING";
constexpr const char* kEndFollowsBothWays =
    "DELETE FROM follows WHERE (follower_uri = ?2 AND followed_account_id = ?1) OR "
    "(follower_account_id = ?1 AND followed_uri = ?2)";
constexpr const char* kDeleteBlock =
    "DELETE FROM blocks WHERE account_id = ?1 AND target_actor_uri = ?2 AND by_remote = ?3";
constexpr const char* kIsBlocked =
    "SELECT EXISTS (SELECT 1 FROM blocks WHERE account_id = ?1 AND target_actor_uri = ?2 AND "
    "by_remote = ?3)";

constexpr const char* kInsertDomainBlock =
    "INSERT INTO blocks (target_domain, created_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
constexpr const char* kDeleteDomainBlock =
    "DELETE FROM blocks WHERE account_id IS NULL AND target_domain = ?1";
// The domain itself or any subdomain of it (hosts and domains are stored in lower case).
constexpr const char* kIsDomainBlocked =
    "SELECT EXISTS (SELECT 1 FROM blocks WHERE account_id IS NULL AND target_domain IS NOT NULL "
    "AND (target_domain = ?1 OR substr(?1, -length(target_domain) - 1) = '.' || target_domain))";

Error InvalidBlock(std::string_view why) {
  return MakeError(ErrorCode::kInvalidInput, "invalid block", std::string(why));
}

}  // namespace

Status SqliteFederationStore::AddBlock(const Block& block,
                                       const std::vector<DeliveryJob>& deliveries) {
  if (block.account_id == 0) return InvalidBlock("a block needs a local account");
  if (block.actor_uri.empty()) return InvalidBlock("a block needs an actor");
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertBlock));
      stmt.BindInt(1, block.account_id);
      stmt.BindText(2, block.actor_uri);
      stmt.BindBool(3, block.by_remote);
      BindTextOrNull(stmt, 4, block.activity_uri);
      stmt.BindInt(5, OrNow(block.created_at, now));
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    if (block.by_remote) {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kEndFollowsBothWays));
      stmt.BindInt(1, block.account_id);
      stmt.BindText(2, block.actor_uri);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    return InsertDeliveryJobs(db, deliveries, now);
  });
}

Status SqliteFederationStore::RemoveBlock(int64_t account_id, std::string_view actor_uri,
                                          bool by_remote,
                                          const std::vector<DeliveryJob>& deliveries) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kDeleteBlock));
      stmt.BindInt(1, account_id);
      stmt.BindText(2, actor_uri);
      stmt.BindBool(3, by_remote);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    CS_RETURN_IF_ERROR(RequireChanged(db, "block"));
    return InsertDeliveryJobs(db, deliveries, now);
  });
}

Result<bool> SqliteFederationStore::IsBlocked(int64_t account_id, std::string_view actor_uri,
                                              bool by_remote) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<bool> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kIsBlocked));
    stmt.BindInt(1, account_id);
    stmt.BindText(2, actor_uri);
    stmt.BindBool(3, by_remote);
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    return row && stmt.ColumnBool(0);
  });
}

Status SqliteFederationStore::AddDomainBlock(std::string_view host) {
  if (host.empty()) return InvalidBlock("a domain block needs a domain");
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertDomainBlock));
    stmt.BindText(1, ToLower(host));
    stmt.BindInt(2, now);
    return stmt.Run();
  });
}

Status SqliteFederationStore::RemoveDomainBlock(std::string_view host) {
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kDeleteDomainBlock));
      stmt.BindText(1, ToLower(host));
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    return RequireChanged(db, "domain block");
  });
}

Result<bool> SqliteFederationStore::IsDomainBlocked(std::string_view host) {
  if (host.empty()) return false;
  return InReadTransaction(db_, [&](Connection& db) -> Result<bool> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kIsDomainBlocked));
    stmt.BindText(1, ToLower(host));
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    return row && stmt.ColumnBool(0);
  });
}

}  // namespace cornerstore::store
