// SqliteFederationStore: Likes, Announces and emoji reactions.
#include "store/sqlite/federation/outbox.h"
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::BindIntOrNull;
using sqlite::federation::BindTextOrNull;
using sqlite::federation::CorruptColumn;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InsertDeliveryJobs;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::NotFound;
using sqlite::federation::OrNow;
using sqlite::federation::ParseReactionType;
using sqlite::federation::ReactionTypeName;
using sqlite::federation::RequireChanged;

// Column order read by ReactionFromRow, over `reactions r JOIN objects o`.
#define CS_REACTION_SELECT                                                             \
  "SELECT r.id, r.kind, r.activity_uri, r.actor_uri, r.account_id, o.uri, r.content, " \
  "r.created_at FROM reactions r JOIN objects o ON o.id = r.object_id "

constexpr const char* kSelectReaction =
    CS_REACTION_SELECT "WHERE r.kind = ?1 AND r.actor_uri = ?2 AND o.uri = ?3";
constexpr const char* kSelectReactionByActivity = CS_REACTION_SELECT "WHERE r.activity_uri = ?1";

#undef CS_REACTION_SELECT

constexpr const char* kSelectObjectForReaction =
    "SELECT id, deleted_at FROM objects WHERE uri = ?1";
// Any uniqueness hit (same kind, actor and object; or the same activity id) means "already
// there".
constexpr const char* kInsertReaction =
    "INSERT INTO reactions (kind, actor_uri, account_id, object_id, activity_uri, content, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING";
constexpr const char* kDeleteReaction = "DELETE FROM reactions WHERE id = ?1";
constexpr const char* kCountReactions =
    "SELECT count(*) FROM reactions r JOIN objects o ON o.id = r.object_id WHERE o.uri = ?1 AND "
    "r.kind = ?2";
// One inbox per shared inbox, as for followers; local reactors (account_id set) have none.
constexpr const char* kReactorInboxes =
    "SELECT DISTINCT coalesce(nullif(a.shared_inbox, ''), a.inbox) AS target FROM reactions r "
    "JOIN objects o ON o.id = r.object_id JOIN remote_actors a ON a.uri = r.actor_uri "
    "WHERE o.uri = ?1 AND r.account_id IS NULL AND target <> '' ORDER BY target";

Result<Reaction> SelectOneReaction(Statement& row) {
  CS_ASSIGN_OR_RETURN(bool found, row.Step());
  if (!found) return NotFound("reaction");
  Reaction reaction;
  reaction.id = row.ColumnInt(0);
  const std::string kind = row.ColumnText(1);
  std::optional<ReactionType> type = ParseReactionType(kind);
  if (!type.has_value()) return CorruptColumn("reactions", "kind", kind);
  reaction.type = *type;
  reaction.activity_uri = row.ColumnText(2);
  reaction.actor_uri = row.ColumnText(3);
  reaction.actor_account_id = row.ColumnInt(4);
  reaction.object_uri = row.ColumnText(5);
  reaction.content = row.ColumnText(6);
  reaction.created_at = row.ColumnInt(7);
  return reaction;
}

}  // namespace

Result<bool> SqliteFederationStore::AddReaction(const Reaction& reaction,
                                                const std::vector<DeliveryJob>& deliveries) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Result<bool> {
    int64_t object_id = 0;
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectObjectForReaction));
      stmt.BindText(1, reaction.object_uri);
      CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return NotFound("object");
      if (!stmt.ColumnIsNull(1)) return MakeError(ErrorCode::kGone, "that object was deleted");
      object_id = stmt.ColumnInt(0);
    }
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertReaction));
      stmt.BindText(1, ReactionTypeName(reaction.type));
      stmt.BindText(2, reaction.actor_uri);
      BindIntOrNull(stmt, 3, reaction.actor_account_id);
      stmt.BindInt(4, object_id);
      BindTextOrNull(stmt, 5, reaction.activity_uri);
      stmt.BindText(6, reaction.content);
      stmt.BindInt(7, OrNow(reaction.created_at, now));
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    if (db.Changes() == 0) return false;
    CS_RETURN_IF_ERROR(InsertDeliveryJobs(db, deliveries, now));
    return true;
  });
}

Result<Reaction> SqliteFederationStore::FindReaction(ReactionType type, std::string_view actor_uri,
                                                     std::string_view object_uri) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<Reaction> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectReaction));
    stmt.BindText(1, ReactionTypeName(type));
    stmt.BindText(2, actor_uri);
    stmt.BindText(3, object_uri);
    return SelectOneReaction(stmt);
  });
}

Result<Reaction> SqliteFederationStore::FindReactionByActivity(std::string_view activity_uri) {
  if (activity_uri.empty()) return NotFound("reaction");
  return InReadTransaction(db_, [&](Connection& db) -> Result<Reaction> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectReactionByActivity));
    stmt.BindText(1, activity_uri);
    return SelectOneReaction(stmt);
  });
}

Status SqliteFederationStore::RemoveReaction(int64_t reaction_id,
                                             const std::vector<DeliveryJob>& deliveries) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kDeleteReaction));
      stmt.BindInt(1, reaction_id);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    CS_RETURN_IF_ERROR(RequireChanged(db, "reaction"));
    return InsertDeliveryJobs(db, deliveries, now);
  });
}

Result<int64_t> SqliteFederationStore::CountReactions(std::string_view object_uri,
                                                      ReactionType type) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<int64_t> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kCountReactions));
    stmt.BindText(1, object_uri);
    stmt.BindText(2, ReactionTypeName(type));
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    return row ? stmt.ColumnInt(0) : 0;
  });
}

Result<std::vector<std::string>> SqliteFederationStore::ReactorInboxes(
    std::string_view object_uri) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<std::string>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kReactorInboxes));
    stmt.BindText(1, object_uri);
    std::vector<std::string> inboxes;
    while (true) {
      CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      inboxes.push_back(stmt.ColumnText(0));
    }
    return inboxes;
  });
}

}  // namespace cornerstore::store
