#include "store/migrations.h"

#include <array>
#include <cassert>
#include <string>
#include <string_view>

#include "src/common/log.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/transaction.h"

namespace cornerstore::store {
namespace {

// Conventions for every table below:
// - STRICT tables: SQLite refuses a value of the wrong type instead of storing it.
// - Times are INTEGER unix seconds in columns named *_at; NULL means "never" / "not yet".
// - Booleans are INTEGER 0/1. Lists and documents are JSON text (written via src/common/json.h).
// - Rows a local account owns reference accounts(id) ON DELETE CASCADE, so DeleteAccount
//   removes them in the same statement. Remote parties are referred to by their ActivityPub
//   id (an URI), which is what every activity names; `*_account_id` is set when that party is
//   one of our local accounts.
// - Ids that appear in URLs or tokens (accounts, objects) use AUTOINCREMENT: never reused.
// - Enumerations that may grow (notification kinds, activity types) carry no CHECK, because
//   changing a CHECK means rebuilding the table in SQLite.
// - A future migration that rebuilds a table must follow SQLite's "12-step" procedure with
//   foreign keys off, which cannot be switched inside a transaction: add support for that then.
constexpr std::array<std::string_view, 9> kMigrations = {
    // 1: local accounts and instance settings.
    R"sql(
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  username TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (username <> ''),
  display_name TEXT NOT NULL DEFAULT '',
  summary TEXT NOT NULL DEFAULT '',
  actor_type TEXT NOT NULL DEFAULT 'Person'
    CHECK (actor_type IN ('Person', 'Organization', 'Service')),
  fields_json TEXT NOT NULL DEFAULT '[]',
  manually_approves_followers INTEGER NOT NULL DEFAULT 0,
  discoverable INTEGER NOT NULL DEFAULT 1,
  indexable INTEGER NOT NULL DEFAULT 1,
  hide_collections INTEGER NOT NULL DEFAULT 0,
  avatar_url TEXT NOT NULL DEFAULT '',
  header_url TEXT NOT NULL DEFAULT '',
  also_known_as_json TEXT NOT NULL DEFAULT '[]',
  moved_to TEXT NOT NULL DEFAULT '',
  public_key_pem TEXT NOT NULL,
  private_key_pem TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql",

    // 2: the federated graph and content: remote actors and keys, objects, relationships.
    R"sql(
CREATE TABLE remote_actors (
  id INTEGER PRIMARY KEY,
  uri TEXT NOT NULL UNIQUE,
  actor_type TEXT NOT NULL DEFAULT 'Person',
  username TEXT NOT NULL DEFAULT '',
  host TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  summary_html TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  inbox TEXT NOT NULL,
  shared_inbox TEXT NOT NULL DEFAULT '',
  outbox TEXT NOT NULL DEFAULT '',
  followers_uri TEXT NOT NULL DEFAULT '',
  following_uri TEXT NOT NULL DEFAULT '',
  featured_uri TEXT NOT NULL DEFAULT '',
  avatar_url TEXT NOT NULL DEFAULT '',
  header_url TEXT NOT NULL DEFAULT '',
  public_key_id TEXT NOT NULL DEFAULT '',
  public_key_pem TEXT NOT NULL DEFAULT '',
  manually_approves_followers INTEGER NOT NULL DEFAULT 0,
  also_known_as_json TEXT NOT NULL DEFAULT '[]',
  moved_to TEXT NOT NULL DEFAULT '',
  raw_json TEXT NOT NULL,
  fetched_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX remote_actors_acct ON remote_actors (username COLLATE NOCASE, host);
CREATE INDEX remote_actors_host ON remote_actors (host);
CREATE INDEX remote_actors_key ON remote_actors (public_key_id);

-- Cache of remote public keys by keyId; failed_at is the negative cache, refetched_at limits
-- key-rotation refetches.
CREATE TABLE remote_keys (
  key_id TEXT PRIMARY KEY,
  owner_uri TEXT NOT NULL DEFAULT '',
  public_key_pem TEXT NOT NULL DEFAULT '',
  fetched_at INTEGER,
  failed_at INTEGER,
  refetched_at INTEGER,
  last_error TEXT NOT NULL DEFAULT ''
) STRICT, WITHOUT ROWID;
CREATE INDEX remote_keys_owner ON remote_keys (owner_uri);

-- Posts, local (account_id set) and remote (account_id NULL). A deleted post keeps its row as
-- a tombstone (deleted_at, content cleared) so its URI answers 410 and a late Create is not
-- resurrected. Empty optional URIs are stored as NULL.
CREATE TABLE objects (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  uri TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL DEFAULT '',
  object_type TEXT NOT NULL DEFAULT 'Note',
  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  attributed_to TEXT NOT NULL,
  in_reply_to_uri TEXT,
  conversation_uri TEXT,
  visibility TEXT NOT NULL DEFAULT 'public'
    CHECK (visibility IN ('public', 'unlisted', 'followers', 'direct')),
  summary TEXT NOT NULL DEFAULT '',
  sensitive INTEGER NOT NULL DEFAULT 0,
  content_html TEXT NOT NULL DEFAULT '',
  content_source TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  to_json TEXT NOT NULL DEFAULT '[]',
  cc_json TEXT NOT NULL DEFAULT '[]',
  published_at INTEGER NOT NULL,
  edited_at INTEGER,
  deleted_at INTEGER,
  raw_json TEXT,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX objects_account ON objects (account_id, id DESC);
CREATE INDEX objects_account_published ON objects (account_id, published_at)
  WHERE account_id IS NOT NULL AND deleted_at IS NULL;
CREATE INDEX objects_attributed_to ON objects (attributed_to, id DESC);
CREATE INDEX objects_in_reply_to ON objects (in_reply_to_uri) WHERE in_reply_to_uri IS NOT NULL;

-- position keeps the order the post lists them in.
CREATE TABLE mentions (
  object_id INTEGER NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
  actor_uri TEXT NOT NULL,
  acct TEXT NOT NULL DEFAULT '',
  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (object_id, actor_uri)
) STRICT, WITHOUT ROWID;
CREATE INDEX mentions_account ON mentions (account_id) WHERE account_id IS NOT NULL;

CREATE TABLE object_tags (
  object_id INTEGER NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
  name TEXT NOT NULL COLLATE NOCASE,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (object_id, name)
) STRICT, WITHOUT ROWID;
CREATE INDEX object_tags_name ON object_tags (name, object_id);

-- Attachments: local uploads (file_path under the media directory) and remote ones (remote_url).
CREATE TABLE media (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  object_id INTEGER REFERENCES objects (id) ON DELETE CASCADE,
  position INTEGER NOT NULL DEFAULT 0,
  remote_url TEXT NOT NULL DEFAULT '',
  file_path TEXT NOT NULL DEFAULT '',
  media_type TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  blurhash TEXT NOT NULL DEFAULT '',
  width INTEGER,
  height INTEGER,
  focal_x REAL,
  focal_y REAL,
  size_bytes INTEGER,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX media_object ON media (object_id, position);
CREATE INDEX media_account ON media (account_id);

-- Activity ids already seen (received or sent): the inbox deduplicates on uri.
CREATE TABLE activities (
  id INTEGER PRIMARY KEY,
  uri TEXT NOT NULL UNIQUE,
  activity_type TEXT NOT NULL,
  actor_uri TEXT NOT NULL,
  object_uri TEXT NOT NULL DEFAULT '',
  local INTEGER NOT NULL DEFAULT 0,
  raw_json TEXT,
  received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX activities_received ON activities (received_at);

-- follow_activity_uri is NULL when the Follow had no id.
CREATE TABLE follows (
  id INTEGER PRIMARY KEY,
  follower_uri TEXT NOT NULL,
  follower_account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  followed_uri TEXT NOT NULL,
  followed_account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('pending', 'accepted')),
  follow_activity_uri TEXT UNIQUE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (follower_uri, followed_uri),
  CHECK (follower_account_id IS NOT NULL OR followed_account_id IS NOT NULL)
) STRICT;
CREATE INDEX follows_followed_account ON follows (followed_account_id, state, id)
  WHERE followed_account_id IS NOT NULL;
CREATE INDEX follows_follower_account ON follows (follower_account_id, state, id)
  WHERE follower_account_id IS NOT NULL;
CREATE INDEX follows_followed_uri ON follows (followed_uri);

-- Likes, Announces and emoji reactions: one per kind, actor and object. account_id is set when
-- the actor is local; activity_uri is NULL when the activity had no id.
CREATE TABLE reactions (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('like', 'announce', 'emoji_react')),
  actor_uri TEXT NOT NULL,
  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  object_id INTEGER NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
  activity_uri TEXT UNIQUE,
  content TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  UNIQUE (kind, actor_uri, object_id)
) STRICT;
CREATE INDEX reactions_object ON reactions (object_id, kind);
CREATE INDEX reactions_actor ON reactions (actor_uri);
CREATE INDEX reactions_account ON reactions (account_id, id DESC) WHERE account_id IS NOT NULL;

-- Blocks of one actor, between a local account and a remote actor in either direction
-- (by_remote = 1: the actor told us it blocks the account), and instance-wide domain blocks
-- (account_id and target_actor_uri NULL). activity_uri is the Block activity, for a later Undo.
CREATE TABLE blocks (
  id INTEGER PRIMARY KEY,
  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  target_actor_uri TEXT,
  target_domain TEXT COLLATE NOCASE,
  by_remote INTEGER NOT NULL DEFAULT 0,
  activity_uri TEXT UNIQUE,
  reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  CHECK ((target_actor_uri IS NULL) <> (target_domain IS NULL))
) STRICT;
CREATE UNIQUE INDEX blocks_target ON blocks (
  coalesce(account_id, 0), coalesce(target_actor_uri, ''), coalesce(target_domain, ''),
  by_remote);
CREATE INDEX blocks_actor ON blocks (target_actor_uri) WHERE target_actor_uri IS NOT NULL;
CREATE INDEX blocks_domain ON blocks (target_domain) WHERE target_domain IS NOT NULL;

-- kind is NotificationTypeName(); object_uri is '' when there is none. A dismissed notification
-- keeps its row so that the same activity cannot notify twice.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  actor_uri TEXT NOT NULL,
  object_uri TEXT NOT NULL DEFAULT '',
  activity_uri TEXT,
  created_at INTEGER NOT NULL,
  dismissed_at INTEGER
) STRICT;
CREATE INDEX notifications_account ON notifications (account_id, id DESC);
CREATE INDEX notifications_actor ON notifications (actor_uri);
CREATE INDEX notifications_object ON notifications (object_uri);
CREATE UNIQUE INDEX notifications_dedup ON notifications (account_id, kind, activity_uri)
  WHERE activity_uri IS NOT NULL;

-- Flag activities received (about our accounts or posts) and reports our accounts filed.
CREATE TABLE reports (
  id INTEGER PRIMARY KEY,
  activity_uri TEXT UNIQUE,
  reporter_uri TEXT NOT NULL,
  reporter_account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  target_uri TEXT NOT NULL DEFAULT '',
  target_account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  object_uris_json TEXT NOT NULL DEFAULT '[]',
  comment TEXT NOT NULL DEFAULT '',
  forwarded INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  resolved_at INTEGER
) STRICT;
CREATE INDEX reports_open ON reports (resolved_at, id);
CREATE INDEX reports_target_account ON reports (target_account_id)
  WHERE target_account_id IS NOT NULL;

-- Pinned posts (the `featured` collection), newest pin (highest id) first.
CREATE TABLE pins (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  object_id INTEGER NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  UNIQUE (account_id, object_id)
) STRICT;
CREATE INDEX pins_object ON pins (object_id);

-- Remote objects a local account may see in its home timeline (addressed to it, mentioning it,
-- or sent by an actor it follows).
CREATE TABLE timeline_entries (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  object_id INTEGER NOT NULL REFERENCES objects (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, object_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX timeline_entries_object ON timeline_entries (object_id);
)sql",

    // 3: durable queues (received activities, outgoing deliveries) and per-host state.
    R"sql(
-- Verified inbound activities waiting for the inbox worker. Written before answering 202.
-- Processed items keep their row (body cleared) so that a replayed activity id is recognised.
CREATE TABLE inbox_queue (
  id INTEGER PRIMARY KEY,
  activity_uri TEXT NOT NULL DEFAULT '',
  recipient_account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  signer_key_id TEXT NOT NULL,
  signer_uri TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'processing', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_error TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX inbox_queue_activity ON inbox_queue (activity_uri) WHERE activity_uri <> '';
CREATE INDEX inbox_queue_due ON inbox_queue (state, next_attempt_at);
CREATE INDEX inbox_queue_lease ON inbox_queue (state, lease_until);

-- One row per (activity, inbox). The same activity JSON is sent on every attempt, re-signed.
-- signer_account_id NULL means the instance actor, unless signer_private_key_pem is set: that
-- is for jobs that must outlive their account (the actor's own Delete), which the account's
-- deletion must not cascade away. object_id names the local post a job delivers (its reach).
CREATE TABLE delivery_jobs (
  id INTEGER PRIMARY KEY,
  activity_uri TEXT NOT NULL,
  activity_json TEXT NOT NULL,
  inbox_url TEXT NOT NULL,
  host TEXT NOT NULL,
  signer_account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  signer_key_id TEXT NOT NULL,
  signer_private_key_pem TEXT,
  object_id INTEGER REFERENCES objects (id) ON DELETE SET NULL,
  state TEXT NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'leased', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  last_status INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (activity_uri, inbox_url),
  CHECK (activity_uri <> '' AND inbox_url <> '')
) STRICT;
CREATE INDEX delivery_jobs_due ON delivery_jobs (state, next_attempt_at);
CREATE INDEX delivery_jobs_lease ON delivery_jobs (state, lease_until);
CREATE INDEX delivery_jobs_host ON delivery_jobs (host, state);
CREATE INDEX delivery_jobs_object ON delivery_jobs (object_id) WHERE object_id IS NOT NULL;

-- What we know about a remote host: the signature scheme it accepts, the circuit breaker, and
-- the distinct days on which delivery failed (failure_days counts days; last_failure_day is
-- unix_seconds / 86400 of the last counted one).
CREATE TABLE host_state (
  host TEXT PRIMARY KEY COLLATE NOCASE,
  signature_scheme TEXT NOT NULL DEFAULT 'unknown'
    CHECK (signature_scheme IN ('unknown', 'cavage', 'rfc9421')),
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  breaker_open_until INTEGER,
  failure_days INTEGER NOT NULL DEFAULT 0,
  last_failure_day INTEGER,
  unavailable_since INTEGER,
  last_success_at INTEGER,
  software TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
)sql",

    // 4: client API authorization (OAuth 2) and local login credentials. Secrets are stored only
    // as hashes: SHA-256 hex for random tokens, codes and client secrets; argon2id for passwords.
    R"sql(
CREATE TABLE oauth_apps (
  id INTEGER PRIMARY KEY,
  client_id TEXT NOT NULL UNIQUE,
  client_secret_hash TEXT NOT NULL,
  name TEXT NOT NULL,
  website TEXT NOT NULL DEFAULT '',
  redirect_uris_json TEXT NOT NULL DEFAULT '[]',
  scopes TEXT NOT NULL DEFAULT 'read',
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE oauth_codes (
  code_hash TEXT PRIMARY KEY,
  app_id INTEGER NOT NULL REFERENCES oauth_apps (id) ON DELETE CASCADE,
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  redirect_uri TEXT NOT NULL,
  scopes TEXT NOT NULL,
  code_challenge TEXT NOT NULL DEFAULT '',
  code_challenge_method TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX oauth_codes_expires ON oauth_codes (expires_at);

-- app_id NULL: issued by the admin CLI. account_id NULL: an app-only (client credentials) token.
CREATE TABLE oauth_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  app_id INTEGER REFERENCES oauth_apps (id) ON DELETE CASCADE,
  account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
  label TEXT NOT NULL DEFAULT '',
  scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  expires_at INTEGER,
  revoked_at INTEGER
) STRICT;
CREATE INDEX oauth_tokens_account ON oauth_tokens (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX oauth_tokens_app ON oauth_tokens (app_id) WHERE app_id IS NOT NULL;

CREATE TABLE account_credentials (
  account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  password_hash TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
)sql",

    // 5: usernames of deleted local accounts. Their actor URLs answer 410 Gone, and the names are
    // never taken again: peers still hold follows and cached keys for the old actor id, so a new
    // account under the same name would inherit the old one's followers and trust (Mastodon
    // never reuses a username either).
    R"sql(
CREATE TABLE deleted_accounts (
  username TEXT PRIMARY KEY COLLATE NOCASE,
  account_id INTEGER NOT NULL,
  deleted_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
-- The refusal lives in the schema, so no insert path can bring a deleted name back.
CREATE TRIGGER accounts_refuse_deleted_username BEFORE INSERT ON accounts
WHEN EXISTS (SELECT 1 FROM deleted_accounts WHERE username = NEW.username)
BEGIN
  SELECT RAISE(ABORT, 'username belongs to a deleted account');
END;
)sql",

    // 6: refresh tokens. A token made by the authorization_code grant carries the SHA-256 hex of
    // its refresh token; refreshing revokes the row and makes a new one.
    R"sql(
ALTER TABLE oauth_tokens ADD COLUMN refresh_token_hash TEXT;
CREATE UNIQUE INDEX oauth_tokens_refresh ON oauth_tokens (refresh_token_hash)
  WHERE refresh_token_hash IS NOT NULL;
)sql",

    // 7: the client API's reading state and lists. Markers: where an account's apps stopped
    // reading a timeline (version counts saves, as Mastodon's lock_version). The indexes serve
    // the public timeline (newest public posts) and search of known posts by their page URL.
    R"sql(
CREATE TABLE markers (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  timeline TEXT NOT NULL,
  last_read_id TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, timeline)
) STRICT, WITHOUT ROWID;
CREATE INDEX objects_public ON objects (id DESC)
  WHERE visibility = 'public' AND deleted_at IS NULL;
CREATE INDEX objects_url ON objects (url) WHERE url <> '';
)sql",

    // 8: counts kept by triggers, so every path that writes (publishing, tombstones, account
    // deletion's cascade, bulk loads, the CLI in another process) stays in step without code of
    // its own. account_object_counts: live posts of each local account per visibility, so the
    // outbox collection's totalItems is one short read instead of a table lookup per post
    // (seconds at a million). change_counters 'accounts': bumped by every write to accounts, so
    // a server can keep documents rendered from accounts and know when they went stale.
    R"sql(
CREATE TABLE change_counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
INSERT INTO change_counters (name, value) VALUES ('accounts', 0);
CREATE TRIGGER accounts_changed_insert AFTER INSERT ON accounts
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'accounts';
END;
CREATE TRIGGER accounts_changed_update AFTER UPDATE ON accounts
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'accounts';
END;
CREATE TRIGGER accounts_changed_delete AFTER DELETE ON accounts
BEGIN
  UPDATE change_counters SET value = value + 1 WHERE name = 'accounts';
END;
CREATE TABLE account_object_counts (
  account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  visibility TEXT NOT NULL,
  live_count INTEGER NOT NULL,
  PRIMARY KEY (account_id, visibility)
) STRICT, WITHOUT ROWID;
INSERT INTO account_object_counts (account_id, visibility, live_count)
  SELECT account_id, visibility, count(*) FROM objects
  WHERE account_id IS NOT NULL AND deleted_at IS NULL GROUP BY account_id, visibility;
CREATE TRIGGER objects_count_insert AFTER INSERT ON objects
WHEN NEW.account_id IS NOT NULL AND NEW.deleted_at IS NULL
BEGIN
  INSERT INTO account_object_counts (account_id, visibility, live_count)
    VALUES (NEW.account_id, NEW.visibility, 1)
    ON CONFLICT (account_id, visibility) DO UPDATE SET live_count = live_count + 1;
END;
CREATE TRIGGER objects_count_delete AFTER DELETE ON objects
WHEN OLD.account_id IS NOT NULL AND OLD.deleted_at IS NULL
BEGIN
  UPDATE account_object_counts SET live_count = live_count - 1
    WHERE account_id = OLD.account_id AND visibility = OLD.visibility;
END;
CREATE TRIGGER objects_count_update AFTER UPDATE OF account_id, visibility, deleted_at ON objects
WHEN OLD.account_id IS NOT NEW.account_id OR OLD.visibility IS NOT NEW.visibility
  OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)
BEGIN
  UPDATE account_object_counts SET live_count = live_count - 1
    WHERE OLD.account_id IS NOT NULL AND OLD.deleted_at IS NULL
      AND account_id = OLD.account_id AND visibility = OLD.visibility;
  INSERT INTO account_object_counts (account_id, visibility, live_count)
    SELECT NEW.account_id, NEW.visibility, 1
    WHERE NEW.account_id IS NOT NULL AND NEW.deleted_at IS NULL
    ON CONFLICT (account_id, visibility) DO UPDATE SET live_count = live_count + 1;
END;
)sql",

    // 9: the inbox spool's high-water mark (store/sqlite/inbox_spool.h): the number of the last
    // spooled record moved into inbox_queue, written in the same transaction as the move, so a
    // restart replays only the records after it.
    R"sql(
CREATE TABLE inbox_spool_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  moved_seq INTEGER NOT NULL
) STRICT;
INSERT INTO inbox_spool_state (id, moved_seq) VALUES (1, 0);
)sql",
};

Error NewerSchemaError(int found) {
  std::string message = "database schema version " + std::to_string(found) +
                        " is newer than this binary (" + std::to_string(LatestSchemaVersion()) +
                        ")";
  return MakeError(ErrorCode::kInternal, message, "upgrade cornerstore or restore a backup");
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Result<int> ReadSchemaVersion(sqlite::Connection& db) {
  CS_ASSIGN_OR_RETURN(int64_t version, db.QueryInt("PRAGMA user_version"));
  return static_cast<int>(version);
}

Status MigrateTo(sqlite::Connection& db, int target_version) {
  assert(target_version >= 0 && target_version <= LatestSchemaVersion());
  int first_applied = -1;  // the version the first applied step started from
  while (true) {
    // The version is read inside the write transaction, so a concurrent opener of the same
    // file cannot make us apply a step twice.
    CS_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::BeginImmediate(db));
    CS_ASSIGN_OR_RETURN(int version, ReadSchemaVersion(db));
    if (version > LatestSchemaVersion()) return NewerSchemaError(version);
    if (version < 0) {
      return MakeError(ErrorCode::kInternal, "the database has an invalid schema version",
                       "user_version " + std::to_string(version));
    }
    if (version >= target_version) {
      CS_RETURN_IF_ERROR(tx.Commit());
      if (first_applied >= 0) {
        // Upgrading existing data is worth an operator's attention; creating a database is not.
        log::Write(first_applied == 0 ? log::Level::kDebug : log::Level::kInfo, "store_migrated",
                   {{"from", std::to_string(first_applied)}, {"to", std::to_string(version)}});
      }
      return OkStatus();
    }
    if (first_applied < 0) first_applied = version;
    CS_RETURN_IF_ERROR(db.Exec(kMigrations[static_cast<size_t>(version)]));
    CS_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(version + 1)));
    CS_RETURN_IF_ERROR(tx.Commit());
  }
}

}  // namespace cornerstore::store
