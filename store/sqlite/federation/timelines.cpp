// SqliteFederationStore: the client API's lists over objects — home and public timelines,
// replies (thread descendants and counts), posts by page URL, and hashtag search.
#include <string>
#include <utility>

#include "store/sqlite/federation/object_rows.h"
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::BindPage;
using sqlite::federation::ClampLimit;
using sqlite::federation::InReadTransaction;
using sqlite::federation::NotFound;
using sqlite::federation::ObjectsFromRows;

// Own posts and timeline entries, each side paged on its own index (objects_account and the
// timeline_entries key) before the two are merged, so neither side is read in full.
constexpr const char* kListHomeTimeline =
    "SELECT " CS_OBJECT_COLUMNS
    " FROM objects o WHERE o.id IN ("
    "SELECT id FROM (SELECT id FROM objects WHERE account_id = ?1 AND deleted_at IS NULL "
    "AND (?2 = 0 OR id < ?2) AND (?3 = 0 OR id > ?3) ORDER BY id DESC LIMIT ?4) "
    "UNION SELECT object_id FROM (SELECT object_id FROM timeline_entries WHERE account_id = ?1 "
    "AND (?2 = 0 OR object_id < ?2) AND (?3 = 0 OR object_id > ?3) "
    "ORDER BY object_id DESC LIMIT ?4)) "
    "AND o.deleted_at IS NULL ORDER BY o.id DESC LIMIT ?4";

// The terms `visibility = 'public' AND deleted_at IS NULL` match the objects_public index.
// A reply stays when it answers a post of the same author (a thread), as in Mastodon.
constexpr const char* kListPublicTimeline =
    "SELECT " CS_OBJECT_COLUMNS
    " FROM objects o WHERE o.visibility = 'public' AND o.deleted_at IS NULL "
    "AND (?1 = 0 OR o.account_id IS NOT NULL) AND (?2 = 0 OR o.account_id IS NULL) "
    "AND (o.in_reply_to_uri IS NULL OR EXISTS (SELECT 1 FROM objects p WHERE "
    "p.uri = o.in_reply_to_uri AND p.attributed_to = o.attributed_to)) "
    "AND (?3 = 0 OR o.id < ?3) AND (?4 = 0 OR o.id > ?4) ORDER BY o.id DESC LIMIT ?5";

// Driven by the object_tags_name index (name, object_id).
constexpr const char* kListTagTimeline =
    "SELECT " CS_OBJECT_COLUMNS
    " FROM object_tags t JOIN objects o ON o.id = t.object_id WHERE t.name = ?1 "
    "AND o.visibility = 'public' AND o.deleted_at IS NULL "
    "AND (?2 = 0 OR o.account_id IS NOT NULL) AND (?3 = 0 OR o.account_id IS NULL) "
    "AND (?4 = 0 OR t.object_id < ?4) AND (?5 = 0 OR t.object_id > ?5) "
    "ORDER BY t.object_id DESC LIMIT ?6";

constexpr const char* kListReplies =
    "SELECT " CS_OBJECT_COLUMNS
    " FROM objects o WHERE o.in_reply_to_uri = ?1 AND o.deleted_at IS NULL "
    "ORDER BY o.id LIMIT ?2";
constexpr const char* kCountReplies =
    "SELECT count(*) FROM objects WHERE in_reply_to_uri = ?1 AND deleted_at IS NULL";

constexpr const char* kFindObjectByUrl =
    "SELECT " CS_OBJECT_COLUMNS " FROM objects o WHERE o.url = ?1 ORDER BY o.id LIMIT 1";

// LIKE with a NOCASE column and a constant prefix uses the object_tags_name index.
constexpr const char* kSearchHashtags =
    "SELECT name FROM object_tags WHERE name LIKE ?1 ESCAPE '\\' GROUP BY name "
    "ORDER BY count(*) DESC, name LIMIT ?2 OFFSET ?3";

// `text` with LIKE's wildcards escaped, as a prefix pattern.
std::string LikePrefix(std::string_view text) {
  std::string pattern;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  return pattern + "%";
}

}  // namespace

Result<std::vector<StoredObject>> SqliteFederationStore::ListHomeTimeline(int64_t account_id,
                                                                          const PageRequest& page) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<StoredObject>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kListHomeTimeline));
    stmt.BindInt(1, account_id);
    BindPage(stmt, 2, page);
    return ObjectsFromRows(db, stmt);
  });
}

Result<std::vector<StoredObject>> SqliteFederationStore::ListPublicTimeline(
    const PublicTimelineFilter& filter, const PageRequest& page) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<StoredObject>> {
    if (!filter.tag.empty()) {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kListTagTimeline));
      stmt.BindText(1, filter.tag);
      stmt.BindBool(2, filter.local_only);
      stmt.BindBool(3, filter.remote_only);
      BindPage(stmt, 4, page);
      return ObjectsFromRows(db, stmt);
    }
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kListPublicTimeline));
    stmt.BindBool(1, filter.local_only);
    stmt.BindBool(2, filter.remote_only);
    BindPage(stmt, 3, page);
    return ObjectsFromRows(db, stmt);
  });
}

Result<std::vector<StoredObject>> SqliteFederationStore::ListReplies(std::string_view object_uri,
                                                                     int limit) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<StoredObject>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kListReplies));
    stmt.BindText(1, object_uri);
    stmt.BindInt(2, ClampLimit(limit));
    return ObjectsFromRows(db, stmt);
  });
}

Result<int64_t> SqliteFederationStore::CountReplies(std::string_view object_uri) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<int64_t> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kCountReplies));
    stmt.BindText(1, object_uri);
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    return row ? stmt.ColumnInt(0) : 0;
  });
}

Result<StoredObject> SqliteFederationStore::FindObjectByUrl(std::string_view url) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<StoredObject> {
    if (url.empty()) return NotFound("object");
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kFindObjectByUrl));
    stmt.BindText(1, url);
    CS_ASSIGN_OR_RETURN(std::vector<StoredObject> found, ObjectsFromRows(db, stmt));
    if (found.empty()) return NotFound("object");
    return std::move(found.front());
  });
}

Result<std::vector<std::string>> SqliteFederationStore::SearchHashtags(std::string_view prefix,
                                                                       int limit, int offset) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<std::string>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSearchHashtags));
    stmt.BindText(1, LikePrefix(prefix));
    stmt.BindInt(2, ClampLimit(limit));
    stmt.BindInt(3, offset < 0 ? 0 : offset);
    std::vector<std::string> names;
    while (true) {
      CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      names.push_back(stmt.ColumnText(0));
    }
    return names;
  });
}

}  // namespace cornerstore::store
