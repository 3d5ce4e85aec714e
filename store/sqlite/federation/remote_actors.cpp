// SqliteFederationStore: remote actors, an actor's Delete, and the remote key cache.
#include <utility>

#include "src/common/http_message.h"
#include "store/account_json.h"
#include "store/sqlite/federation/object_rows.h"
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::NormalizeHost;
using sqlite::federation::NotFound;
using sqlite::federation::OrNow;
using sqlite::federation::TombstoneObjectRow;

// Column order read by ActorFromRow.
#define CS_ACTOR_COLUMNS                                                                        \
  "id, uri, actor_type, username, host, display_name, summary_html, url, inbox, shared_inbox, " \
  "outbox, followers_uri, following_uri, featured_uri, avatar_url, header_url, public_key_id, " \
  "public_key_pem, manually_approves_followers, also_known_as_json, moved_to, raw_json, "       \
  "fetched_at"

constexpr const char* kSelectActorByUri =
    "SELECT " CS_ACTOR_COLUMNS " FROM remote_actors WHERE uri = ?1";
// `username COLLATE NOCASE` matches the remote_actors_acct index. An acct that moved between
// actor ids answers with the most recently fetched one.
constexpr const char* kSelectActorByAcct =
    "SELECT " CS_ACTOR_COLUMNS
    " FROM remote_actors WHERE username = ?1 COLLATE NOCASE AND host = ?2 "
    "ORDER BY fetched_at DESC, id DESC LIMIT 1";

#undef CS_ACTOR_COLUMNS

constexpr const char* kUpsertActor =
    "INSERT INTO remote_actors (uri, actor_type, username, host, display_name, summary_html, url, "
    "inbox, shared_inbox, outbox, followers_uri, following_uri, featured_uri, avatar_url, "
    "header_url, public_key_id, public_key_pem, manually_approves_followers, also_known_as_json, "
    "moved_to, raw_json, fetched_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
    "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?23) "
    "ON CONFLICT (uri) DO UPDATE SET actor_type = excluded.actor_type, "
    "username = excluded.username, host = excluded.host, display_name = excluded.display_name, "
    "summary_html = excluded.summary_html, url = excluded.url, inbox = excluded.inbox, "
    "shared_inbox = excluded.shared_inbox, outbox = excluded.outbox, "
    "followers_uri = excluded.followers_uri, following_uri = excluded.following_uri, "
    "featured_uri = excluded.featured_uri, avatar_url = excluded.avatar_url, "
    "header_url = excluded.header_url, public_key_id = excluded.public_key_id, "
    "public_key_pem = excluded.public_key_pem, "
    "manually_approves_followers = excluded.manually_approves_followers, "
    "also_known_as_json = excluded.also_known_as_json, moved_to = excluded.moved_to, "
    "raw_json = excluded.raw_json, fetched_at = excluded.fetched_at, "
    "updated_at = excluded.updated_at RETURNING id";

// An actor's Delete, step by step (RemoveRemoteActor).
constexpr const char* kDeleteFollowsOfActor =
    "DELETE FROM follows WHERE follower_uri = ?1 OR followed_uri = ?1";
constexpr const char* kSelectLiveObjectsOfActor =
    "SELECT id FROM objects WHERE attributed_to = ?1 AND account_id IS NULL AND "
    "deleted_at IS NULL";
constexpr const char* kDeleteReactionsOfActor = "DELETE FROM reactions WHERE actor_uri = ?1";
constexpr const char* kDeleteNotificationsFromActor =
    "DELETE FROM notifications WHERE actor_uri = ?1";
constexpr const char* kDeleteKeysOfActor = "DELETE FROM remote_keys WHERE owner_uri = ?1";
constexpr const char* kDeleteActor = "DELETE FROM remote_actors WHERE uri = ?1";

constexpr const char* kSelectKey =
    "SELECT key_id, owner_uri, public_key_pem, fetched_at, failed_at FROM remote_keys "
    "WHERE key_id = ?1";
constexpr const char* kPutKey =
    "INSERT INTO remote_keys (key_id, owner_uri, public_key_pem, fetched_at) "
    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (key_id) DO UPDATE SET owner_uri = excluded.owner_uri, "
    "public_key_pem = excluded.public_key_pem, fetched_at = excluded.fetched_at, "
    "failed_at = NULL, last_error = ''";
constexpr const char* kMarkKeyFailed =
    "INSERT INTO remote_keys (key_id, failed_at) VALUES (?1, ?2) "
    "ON CONFLICT (key_id) DO UPDATE SET failed_at = excluded.failed_at";

Result<RemoteActor> ActorFromRow(const Statement& row) {
  RemoteActor actor;
  actor.id = row.ColumnInt(0);
  actor.uri = row.ColumnText(1);
  actor.type = row.ColumnText(2);
  actor.username = row.ColumnText(3);
  actor.host = row.ColumnText(4);
  actor.display_name = row.ColumnText(5);
  actor.summary_html = row.ColumnText(6);
  actor.url = row.ColumnText(7);
  actor.inbox = row.ColumnText(8);
  actor.shared_inbox = row.ColumnText(9);
  actor.outbox = row.ColumnText(10);
  actor.followers_uri = row.ColumnText(11);
  actor.following_uri = row.ColumnText(12);
  actor.featured_uri = row.ColumnText(13);
  actor.avatar_url = row.ColumnText(14);
  actor.header_url = row.ColumnText(15);
  actor.public_key_id = row.ColumnText(16);
  actor.public_key_pem = row.ColumnText(17);
  actor.manually_approves_followers = row.ColumnBool(18);
  CS_ASSIGN_OR_RETURN(actor.also_known_as, StringListFromJson(row.ColumnText(19)));
  actor.moved_to = row.ColumnText(20);
  actor.raw_json = row.ColumnText(21);
  actor.fetched_at = row.ColumnInt(22);
  return actor;
}

Result<RemoteActor> SelectOneActor(Statement& stmt) {
  CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("actor");
  return ActorFromRow(stmt);
}

Status RunWithText(Connection& db, const char* sql, std::string_view text) {
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  stmt.BindText(1, text);
  return stmt.Run();
}

}  // namespace

Result<RemoteActor> SqliteFederationStore::UpsertRemoteActor(const RemoteActor& actor) {
  const int64_t now = Now();
  RemoteActor stored = actor;
  stored.host = NormalizeHost(actor.host, actor.uri);
  stored.fetched_at = OrNow(actor.fetched_at, now);
  return InWriteTransaction(db_, [&](Connection& db) -> Result<RemoteActor> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kUpsertActor));
    stmt.BindText(1, stored.uri);
    stmt.BindText(2, stored.type);
    stmt.BindText(3, stored.username);
    stmt.BindText(4, stored.host);
    stmt.BindText(5, stored.display_name);
    stmt.BindText(6, stored.summary_html);
    stmt.BindText(7, stored.url);
    stmt.BindText(8, stored.inbox);
    stmt.BindText(9, stored.shared_inbox);
    stmt.BindText(10, stored.outbox);
    stmt.BindText(11, stored.followers_uri);
    stmt.BindText(12, stored.following_uri);
    stmt.BindText(13, stored.featured_uri);
    stmt.BindText(14, stored.avatar_url);
    stmt.BindText(15, stored.header_url);
    stmt.BindText(16, stored.public_key_id);
    stmt.BindText(17, stored.public_key_pem);
    stmt.BindBool(18, stored.manually_approves_followers);
    stmt.BindText(19, StringListToJson(stored.also_known_as));
    stmt.BindText(20, stored.moved_to);
    stmt.BindText(21, stored.raw_json);
    stmt.BindInt(22, stored.fetched_at);
    stmt.BindInt(23, now);
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      return MakeError(ErrorCode::kInternal, "storage error", "actor upsert returned no id");
    }
    stored.id = stmt.ColumnInt(0);
    CS_RETURN_IF_ERROR(stmt.Run());  // finish the statement before the commit
    return stored;
  });
}

Result<RemoteActor> SqliteFederationStore::FindRemoteActor(std::string_view uri) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<RemoteActor> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectActorByUri));
    stmt.BindText(1, uri);
    return SelectOneActor(stmt);
  });
}

Result<RemoteActor> SqliteFederationStore::FindRemoteActorByAcct(std::string_view username,
                                                                 std::string_view host) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<RemoteActor> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectActorByAcct));
    stmt.BindText(1, username);
    stmt.BindText(2, ToLower(host));
    return SelectOneActor(stmt);
  });
}

Status SqliteFederationStore::RemoveRemoteActor(std::string_view uri) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    CS_RETURN_IF_ERROR(RunWithText(db, kDeleteFollowsOfActor, uri));
    std::vector<int64_t> objects;
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectLiveObjectsOfActor));
      stmt.BindText(1, uri);
      while (true) {
        CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row) break;
        objects.push_back(stmt.ColumnInt(0));
      }
    }
    for (int64_t id : objects) CS_RETURN_IF_ERROR(TombstoneObjectRow(db, id, now));
    for (const char* sql : {kDeleteReactionsOfActor, kDeleteNotificationsFromActor,
                            kDeleteKeysOfActor, kDeleteActor}) {
      CS_RETURN_IF_ERROR(RunWithText(db, sql, uri));
    }
    return OkStatus();
  });
}

Result<std::optional<CachedKey>> SqliteFederationStore::FindKey(std::string_view key_id) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::optional<CachedKey>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectKey));
    stmt.BindText(1, key_id);
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return std::optional<CachedKey>();
    CachedKey key;
    key.key_id = stmt.ColumnText(0);
    key.owner_uri = stmt.ColumnText(1);
    key.public_key_pem = stmt.ColumnText(2);
    key.fetched_at = stmt.ColumnInt(3);
    key.failed_at = stmt.ColumnInt(4);
    return std::optional<CachedKey>(std::move(key));
  });
}

Status SqliteFederationStore::PutKey(const CachedKey& key) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kPutKey));
    stmt.BindText(1, key.key_id);
    stmt.BindText(2, key.owner_uri);
    stmt.BindText(3, key.public_key_pem);
    stmt.BindInt(4, OrNow(key.fetched_at, now));
    return stmt.Run();
  });
}

Status SqliteFederationStore::MarkKeyFetchFailed(std::string_view key_id, int64_t at) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kMarkKeyFailed));
    stmt.BindText(1, key_id);
    stmt.BindInt(2, OrNow(at, now));
    return stmt.Run();
  });
}

}  // namespace cornerstore::store
