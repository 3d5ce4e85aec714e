// SqliteFederationStore: follow relations, both directions, and where followers receive posts.
#include <utility>

#include "store/sqlite/federation/outbox.h"
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::BindIntOrNull;
using sqlite::federation::BindPage;
using sqlite::federation::BindTextOrNull;
using sqlite::federation::CorruptColumn;
using sqlite::federation::FollowStateName;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InsertDeliveryJobs;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::NotFound;
using sqlite::federation::OrNow;
using sqlite::federation::ParseFollowState;
using sqlite::federation::RequireChanged;

// Column order read by FollowFromRow.
#define CS_FOLLOW_COLUMNS                                                             \
  "id, follower_uri, follower_account_id, followed_uri, followed_account_id, state, " \
  "follow_activity_uri, created_at"

constexpr const char* kSelectFollowByPair =
    "SELECT " CS_FOLLOW_COLUMNS " FROM follows WHERE follower_uri = ?1 AND followed_uri = ?2";
constexpr const char* kSelectFollowByActivity =
    "SELECT " CS_FOLLOW_COLUMNS " FROM follows WHERE follow_activity_uri = ?1";
constexpr const char* kListFollowers =
    "SELECT " CS_FOLLOW_COLUMNS
    " FROM follows WHERE followed_account_id = ?1 AND state = ?2 AND (?3 = 0 OR id < ?3) AND "
    "(?4 = 0 OR id > ?4) ORDER BY id DESC LIMIT ?5";
constexpr const char* kListFollowing =
    "SELECT " CS_FOLLOW_COLUMNS
    " FROM follows WHERE follower_account_id = ?1 AND state = ?2 AND (?3 = 0 OR id < ?3) AND "
    "(?4 = 0 OR id > ?4) ORDER BY id DESC LIMIT ?5";

#undef CS_FOLLOW_COLUMNS

// A repeated Follow of the same pair updates the row; a new activity id replaces the old one
// (an Accept answers the latest Follow), and the first created_at is kept.
constexpr const char* kUpsertFollow =
    "INSERT INTO follows (follower_uri, follower_account_id, followed_uri, followed_account_id, "
    "state, follow_activity_uri, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "ON CONFLICT (follower_uri, followed_uri) DO UPDATE SET "
    "follower_account_id = excluded.follower_account_id, "
    "followed_account_id = excluded.followed_account_id, state = excluded.state, "
    "follow_activity_uri = coalesce(excluded.follow_activity_uri, follow_activity_uri), "
    "updated_at = excluded.updated_at RETURNING id, created_at, follow_activity_uri";
constexpr const char* kSetFollowState =
    "UPDATE follows SET state = ?2, updated_at = ?3 WHERE id = ?1";
constexpr const char* kDeleteFollow = "DELETE FROM follows WHERE id = ?1";

constexpr const char* kCountFollowers =
    "SELECT count(*) FROM follows WHERE followed_account_id = ?1 AND state = ?2";
constexpr const char* kCountFollowing =
    "SELECT count(*) FROM follows WHERE follower_account_id = ?1 AND state = ?2";

// One inbox per shared inbox: a host with many followers gets each post once.
constexpr const char* kFollowerInboxes =
    "SELECT DISTINCT coalesce(nullif(a.shared_inbox, ''), a.inbox) AS target FROM follows f "
    "JOIN remote_actors a ON a.uri = f.follower_uri WHERE f.followed_account_id = ?1 AND "
    "f.state = 'accepted' AND f.follower_account_id IS NULL AND target <> '' ORDER BY target";
constexpr const char* kLocalFollowersOf =
    "SELECT follower_account_id FROM follows WHERE followed_uri = ?1 AND state = 'accepted' AND "
    "follower_account_id IS NOT NULL ORDER BY follower_account_id";

Result<Follow> FollowFromRow(const Statement& row) {
  Follow follow;
  follow.id = row.ColumnInt(0);
  follow.follower_uri = row.ColumnText(1);
  follow.follower_account_id = row.ColumnInt(2);
  follow.followed_uri = row.ColumnText(3);
  follow.followed_account_id = row.ColumnInt(4);
  const std::string state = row.ColumnText(5);
  std::optional<FollowState> parsed = ParseFollowState(state);
  if (!parsed.has_value()) return CorruptColumn("follows", "state", state);
  follow.state = *parsed;
  follow.follow_activity_uri = row.ColumnText(6);
  follow.created_at = row.ColumnInt(7);
  return follow;
}

Result<std::vector<Follow>> FollowsFromRows(Statement& stmt) {
  return sqlite::federation::CollectRows<Follow>(stmt, FollowFromRow);
}

Result<Follow> SelectOneFollow(Statement& stmt) {
  CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("follow");
  return FollowFromRow(stmt);
}

Result<int64_t> CountByAccountAndState(Connection& db, const char* sql, int64_t account_id,
                                       FollowState state) {
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  stmt.BindInt(1, account_id);
  stmt.BindText(2, FollowStateName(state));
  CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt(0) : 0;
}

Result<std::vector<Follow>> ListByAccountAndState(Connection& db, const char* sql,
                                                  int64_t account_id, FollowState state,
                                                  const PageRequest& page) {
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  stmt.BindInt(1, account_id);
  stmt.BindText(2, FollowStateName(state));
  BindPage(stmt, 3, page);
  return FollowsFromRows(stmt);
}

}  // namespace

Result<Follow> SqliteFederationStore::PutFollow(const Follow& follow,
                                                const std::vector<DeliveryJob>& deliveries) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Result<Follow> {
    Follow stored = follow;
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kUpsertFollow));
      stmt.BindText(1, follow.follower_uri);
      BindIntOrNull(stmt, 2, follow.follower_account_id);
      stmt.BindText(3, follow.followed_uri);
      BindIntOrNull(stmt, 4, follow.followed_account_id);
      stmt.BindText(5, FollowStateName(follow.state));
      BindTextOrNull(stmt, 6, follow.follow_activity_uri);
      stmt.BindInt(7, OrNow(follow.created_at, now));
      stmt.BindInt(8, now);
      CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) {
        return MakeError(ErrorCode::kInternal, "storage error", "follow upsert returned no id");
      }
      stored.id = stmt.ColumnInt(0);
      stored.created_at = stmt.ColumnInt(1);
      stored.follow_activity_uri = stmt.ColumnText(2);
      CS_RETURN_IF_ERROR(stmt.Run());  // finish the statement before the commit
    }
    CS_RETURN_IF_ERROR(InsertDeliveryJobs(db, deliveries, now));
    return stored;
  });
}

Result<Follow> SqliteFederationStore::FindFollow(std::string_view follower_uri,
                                                 std::string_view followed_uri) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<Follow> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectFollowByPair));
    stmt.BindText(1, follower_uri);
    stmt.BindText(2, followed_uri);
    return SelectOneFollow(stmt);
  });
}

Result<Follow> SqliteFederationStore::FindFollowByActivity(std::string_view follow_activity_uri) {
  if (follow_activity_uri.empty()) return NotFound("follow");
  return InReadTransaction(db_, [&](Connection& db) -> Result<Follow> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectFollowByActivity));
    stmt.BindText(1, follow_activity_uri);
    return SelectOneFollow(stmt);
  });
}

Status SqliteFederationStore::SetFollowState(int64_t follow_id, FollowState state,
                                             const std::vector<DeliveryJob>& deliveries) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSetFollowState));
      stmt.BindInt(1, follow_id);
      stmt.BindText(2, FollowStateName(state));
      stmt.BindInt(3, now);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    CS_RETURN_IF_ERROR(RequireChanged(db, "follow"));
    return InsertDeliveryJobs(db, deliveries, now);
  });
}

Status SqliteFederationStore::DeleteFollow(int64_t follow_id,
                                           const std::vector<DeliveryJob>& deliveries) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kDeleteFollow));
      stmt.BindInt(1, follow_id);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    CS_RETURN_IF_ERROR(RequireChanged(db, "follow"));
    return InsertDeliveryJobs(db, deliveries, now);
  });
}

Result<std::vector<Follow>> SqliteFederationStore::ListFollowers(int64_t account_id,
                                                                 FollowState state,
                                                                 const PageRequest& page) {
  return InReadTransaction(db_, [&](Connection& db) {
    return ListByAccountAndState(db, kListFollowers, account_id, state, page);
  });
}

Result<std::vector<Follow>> SqliteFederationStore::ListFollowing(int64_t account_id,
                                                                 FollowState state,
                                                                 const PageRequest& page) {
  return InReadTransaction(db_, [&](Connection& db) {
    return ListByAccountAndState(db, kListFollowing, account_id, state, page);
  });
}

Result<int64_t> SqliteFederationStore::CountFollowers(int64_t account_id, FollowState state) {
  return InReadTransaction(db_, [&](Connection& db) {
    return CountByAccountAndState(db, kCountFollowers, account_id, state);
  });
}

Result<int64_t> SqliteFederationStore::CountFollowing(int64_t account_id, FollowState state) {
  return InReadTransaction(db_, [&](Connection& db) {
    return CountByAccountAndState(db, kCountFollowing, account_id, state);
  });
}

Result<std::vector<std::string>> SqliteFederationStore::FollowerInboxes(int64_t account_id) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<std::string>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kFollowerInboxes));
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

Result<std::vector<int64_t>> SqliteFederationStore::LocalFollowersOf(std::string_view actor_uri) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<int64_t>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kLocalFollowersOf));
    stmt.BindText(1, actor_uri);
    std::vector<int64_t> accounts;
    while (true) {
      CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      accounts.push_back(stmt.ColumnInt(0));
    }
    return accounts;
  });
}

}  // namespace cornerstore::store
