// SqliteFederationStore: objects (posts) and home timelines.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "store/account_json.h"
#include "store/sqlite/federation/object_rows.h"
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
using sqlite::federation::ClampLimit;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InsertDeliveryJobs;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::LoadObjectById;
using sqlite::federation::LoadObjectByUri;
using sqlite::federation::NotFound;
using sqlite::federation::ObjectsFromRows;
using sqlite::federation::OrNow;
using sqlite::federation::ReplaceObjectParts;
using sqlite::federation::TombstoneObjectRow;

constexpr const char* kSelectIdAndDeletedByUri =
    "SELECT id, deleted_at FROM objects WHERE uri = ?1";

constexpr const char* kInsertObject =
    "INSERT INTO objects (uri, url, object_type, account_id, attributed_to, in_reply_to_uri, "
    "conversation_uri, visibility, summary, sensitive, content_html, content_source, language, "
    "to_json, cc_json, published_at, edited_at, deleted_at, raw_json, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20)";

// The fields an edit may change; identity, author, addressing mode and thread stay.
constexpr const char* kUpdateObject =
    "UPDATE objects SET url = ?2, summary = ?3, sensitive = ?4, content_html = ?5, "
    "content_source = ?6, language = ?7, to_json = ?8, cc_json = ?9, edited_at = ?10, "
    "raw_json = ?11 WHERE id = ?1";

// Bit i of a visibility mask selects Visibility value i (kPublic = bit 0 …).
#define CS_VISIBILITY_BIT                                                                          \
  "(CASE o.visibility WHEN 'public' THEN 1 WHEN 'unlisted' THEN 2 WHEN 'followers' THEN 4 ELSE 8 " \
  "END)"

// The cursor bounds are plain comparisons (no "?3 = 0 OR …"), so the planner walks
// objects_account from the cursor: a page costs its own rows at any depth of the outbox.
// ListAccountObjects binds the open ends as kNoUpperBound and 0.
constexpr const char* kListAccountObjects =
    "SELECT " CS_OBJECT_COLUMNS
    " FROM objects o WHERE o.account_id = ?1 AND o.id < ?3 AND o.id > ?4 AND o.deleted_at IS "
    "NULL AND (?2 & " CS_VISIBILITY_BIT ") <> 0 ORDER BY o.id DESC LIMIT ?5";
#undef CS_VISIBILITY_BIT

// account_object_counts (migration 8) is kept by triggers on objects: one row per visibility,
// instead of a table lookup per post.
constexpr const char* kCountAccountObjects =
    "SELECT coalesce(sum(live_count), 0) FROM account_object_counts WHERE account_id = ?1 AND (?2 "
    "& (CASE visibility WHEN 'public' THEN 1 WHEN 'unlisted' THEN 2 WHEN 'followers' THEN 4 ELSE "
    "8 END)) <> 0";
constexpr int64_t kNoUpperBound = std::numeric_limits<int64_t>::max();

constexpr const char* kListTimeline =
    "SELECT " CS_OBJECT_COLUMNS
    " FROM timeline_entries t JOIN objects o ON o.id = t.object_id WHERE t.account_id = ?1 AND "
    "o.deleted_at IS NULL AND (?2 = 0 OR t.object_id < ?2) AND (?3 = 0 OR t.object_id > ?3) "
    "ORDER BY t.object_id DESC LIMIT ?4";
constexpr const char* kInsertTimelineEntry =
    "INSERT INTO timeline_entries (account_id, object_id, created_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT DO NOTHING";

constexpr int64_t kAllVisibilities = 0b1111;

int64_t VisibilityMask(const std::vector<Visibility>& visibilities) {
  if (visibilities.empty()) return kAllVisibilities;
  int64_t mask = 0;
  for (Visibility v : visibilities) mask |= int64_t{1} << static_cast<int>(v);
  return mask;
}

// The id of the live object with `uri`: kNotFound if there is none, kGone for a tombstone.
Result<int64_t> LiveObjectId(Connection& db, std::string_view uri) {
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectIdAndDeletedByUri));
  stmt.BindText(1, uri);
  CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("object");
  if (!stmt.ColumnIsNull(1)) return MakeError(ErrorCode::kGone, "that object was deleted");
  return stmt.ColumnInt(0);
}

}  // namespace

Result<StoredObject> SqliteFederationStore::InsertObject(
    const StoredObject& object, const std::vector<DeliveryJob>& deliveries) {
  const int64_t now = Now();
  StoredObject stored = object;
  stored.published_at = OrNow(object.published_at, now);
  return InWriteTransaction(db_, [&](Connection& db) -> Result<StoredObject> {
    Result<int64_t> existing = LiveObjectId(db, stored.uri);
    if (existing.ok()) return MakeError(ErrorCode::kConflict, "that object already exists");
    if (existing.error().code != ErrorCode::kNotFound) return existing.take_error();
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertObject));
      stmt.BindText(1, stored.uri);
      stmt.BindText(2, stored.url);
      stmt.BindText(3, stored.type);
      BindIntOrNull(stmt, 4, stored.account_id);
      stmt.BindText(5, stored.attributed_to);
      BindTextOrNull(stmt, 6, stored.in_reply_to_uri);
      BindTextOrNull(stmt, 7, stored.conversation_uri);
      stmt.BindText(8, VisibilityName(stored.visibility));
      stmt.BindText(9, stored.summary);
      stmt.BindBool(10, stored.sensitive);
      stmt.BindText(11, stored.content_html);
      stmt.BindText(12, stored.content_source);
      stmt.BindText(13, stored.language);
      stmt.BindText(14, StringListToJson(stored.to));
      stmt.BindText(15, StringListToJson(stored.cc));
      stmt.BindInt(16, stored.published_at);
      BindIntOrNull(stmt, 17, stored.edited_at);
      BindIntOrNull(stmt, 18, stored.deleted_at);
      BindTextOrNull(stmt, 19, stored.raw_json);
      stmt.BindInt(20, now);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    stored.id = db.LastInsertRowId();
    CS_RETURN_IF_ERROR(ReplaceObjectParts(db, stored.id, stored));
    std::vector<DeliveryJob> jobs = deliveries;
    for (DeliveryJob& job : jobs) {
      if (job.object_id == kInsertedObjectId) job.object_id = stored.id;
    }
    CS_RETURN_IF_ERROR(InsertDeliveryJobs(db, jobs, now));
    return stored;
  });
}

Status SqliteFederationStore::UpdateObject(const StoredObject& object,
                                           const std::vector<DeliveryJob>& deliveries) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    CS_ASSIGN_OR_RETURN(int64_t id, LiveObjectId(db, object.uri));
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kUpdateObject));
      stmt.BindInt(1, id);
      stmt.BindText(2, object.url);
      stmt.BindText(3, object.summary);
      stmt.BindBool(4, object.sensitive);
      stmt.BindText(5, object.content_html);
      stmt.BindText(6, object.content_source);
      stmt.BindText(7, object.language);
      stmt.BindText(8, StringListToJson(object.to));
      stmt.BindText(9, StringListToJson(object.cc));
      stmt.BindInt(10, OrNow(object.edited_at, now));
      BindTextOrNull(stmt, 11, object.raw_json);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    CS_RETURN_IF_ERROR(ReplaceObjectParts(db, id, object));
    return InsertDeliveryJobs(db, deliveries, now);
  });
}

Status SqliteFederationStore::TombstoneObject(std::string_view uri, int64_t deleted_at,
                                              const std::vector<DeliveryJob>& deliveries) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    int64_t id = 0;
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectIdAndDeletedByUri));
      stmt.BindText(1, uri);
      CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) return NotFound("object");
      id = stmt.ColumnInt(0);
    }
    CS_RETURN_IF_ERROR(TombstoneObjectRow(db, id, OrNow(deleted_at, now)));
    return InsertDeliveryJobs(db, deliveries, now);
  });
}

Result<StoredObject> SqliteFederationStore::FindObject(std::string_view uri) {
  return InReadTransaction(db_, [&](Connection& db) { return LoadObjectByUri(db, uri); });
}

Result<StoredObject> SqliteFederationStore::FindObjectById(int64_t id) {
  return InReadTransaction(db_, [&](Connection& db) { return LoadObjectById(db, id); });
}

Result<std::vector<StoredObject>> SqliteFederationStore::ListAccountObjects(
    int64_t account_id, const std::vector<Visibility>& visibilities, const PageRequest& page) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<StoredObject>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kListAccountObjects));
    stmt.BindInt(1, account_id);
    stmt.BindInt(2, VisibilityMask(visibilities));
    stmt.BindInt(3, page.max_id > 0 ? page.max_id : kNoUpperBound);
    stmt.BindInt(4, std::max<int64_t>(page.min_id, 0));
    stmt.BindInt(5, ClampLimit(page.limit));
    return ObjectsFromRows(db, stmt);
  });
}

Result<int64_t> SqliteFederationStore::CountAccountObjects(
    int64_t account_id, const std::vector<Visibility>& visibilities) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<int64_t> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kCountAccountObjects));
    stmt.BindInt(1, account_id);
    stmt.BindInt(2, VisibilityMask(visibilities));
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    return row ? stmt.ColumnInt(0) : 0;
  });
}

Result<std::vector<StoredObject>> SqliteFederationStore::ListTimeline(int64_t account_id,
                                                                      const PageRequest& page) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<StoredObject>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kListTimeline));
    stmt.BindInt(1, account_id);
    BindPage(stmt, 2, page);
    return ObjectsFromRows(db, stmt);
  });
}

Status SqliteFederationStore::AddToTimeline(int64_t account_id, int64_t object_id) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertTimelineEntry));
    stmt.BindInt(1, account_id);
    stmt.BindInt(2, object_id);
    stmt.BindInt(3, now);
    return stmt.Run();
  });
}

}  // namespace cornerstore::store
