#include "store/sqlite/federation/object_rows.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "store/account_json.h"
#include "store/sqlite/federation/sql_helpers.h"

namespace cornerstore::store::sqlite::federation {
namespace {

constexpr const char* kSelectObjectByUri =
    "SELECT " CS_OBJECT_COLUMNS " FROM objects o WHERE o.uri = ?1";
constexpr const char* kSelectObjectById =
    "SELECT " CS_OBJECT_COLUMNS " FROM objects o WHERE o.id = ?1";

// No ORDER BY: `position` is not in the primary key, so sorting in SQL opens a sorter (a dozen
// allocations) for every post read, most with no mentions or tags at all; the few rows are
// ordered here instead.
constexpr const char* kSelectMentions =
    "SELECT actor_uri, acct, account_id, position FROM mentions WHERE object_id = ?1";
constexpr const char* kSelectTags = "SELECT name, position FROM object_tags WHERE object_id = ?1";
constexpr const char* kDeleteMentions = "DELETE FROM mentions WHERE object_id = ?1";
constexpr const char* kDeleteTags = "DELETE FROM object_tags WHERE object_id = ?1";
// A post naming the same actor or tag twice keeps the first.
constexpr const char* kInsertMention =
    "INSERT INTO mentions (object_id, actor_uri, acct, account_id, position) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING";
constexpr const char* kInsertTag =
    "INSERT INTO object_tags (object_id, name, position) VALUES (?1, ?2, ?3) "
    "ON CONFLICT DO NOTHING";

constexpr const char* kTombstone =
    "UPDATE objects SET content_html = '', content_source = '', summary = '', raw_json = NULL, "
    "deleted_at = coalesce(deleted_at, ?2) WHERE id = ?1";
constexpr const char* kDeleteReactionsOf = "DELETE FROM reactions WHERE object_id = ?1";
constexpr const char* kDeletePinsOf = "DELETE FROM pins WHERE object_id = ?1";
constexpr const char* kDeleteTimelineOf = "DELETE FROM timeline_entries WHERE object_id = ?1";
constexpr const char* kDeleteNotificationsOf =
    "DELETE FROM notifications WHERE object_uri = (SELECT uri FROM objects WHERE id = ?1)";

Result<StoredObject> ObjectFromRow(const Statement& row) {
  StoredObject object;
  object.id = row.ColumnInt(0);
  object.uri = row.ColumnText(1);
  object.url = row.ColumnText(2);
  object.type = row.ColumnText(3);
  object.account_id = row.ColumnInt(4);
  object.attributed_to = row.ColumnText(5);
  object.in_reply_to_uri = row.ColumnText(6);
  object.conversation_uri = row.ColumnText(7);
  const std::string visibility = row.ColumnText(8);
  std::optional<Visibility> parsed = ParseVisibility(visibility);
  if (!parsed.has_value()) return CorruptColumn("objects", "visibility", visibility);
  object.visibility = *parsed;
  object.summary = row.ColumnText(9);
  object.sensitive = row.ColumnBool(10);
  object.content_html = row.ColumnText(11);
  object.content_source = row.ColumnText(12);
  object.language = row.ColumnText(13);
  CS_ASSIGN_OR_RETURN(object.to, StringListFromJson(row.ColumnText(14)));
  CS_ASSIGN_OR_RETURN(object.cc, StringListFromJson(row.ColumnText(15)));
  object.published_at = row.ColumnInt(16);
  object.edited_at = row.ColumnInt(17);
  object.deleted_at = row.ColumnInt(18);
  object.raw_json = row.ColumnText(19);
  return object;
}

// Steps `stmt` to the end, calling read(stmt) for each row, and returns what it read ordered by
// the integer in column `position_column`.
template <typename T, typename Read>
Result<std::vector<T>> ReadByPosition(Statement& stmt, int position_column, Read read) {
  std::vector<std::pair<int64_t, T>> rows;
  while (true) {
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    rows.emplace_back(stmt.ColumnInt(position_column), read(stmt));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<T> values;
  values.reserve(rows.size());
  for (auto& row : rows) values.push_back(std::move(row.second));
  return values;
}

Status LoadObjectParts(Connection& db, StoredObject& object) {
  {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectMentions));
    stmt.BindInt(1, object.id);
    CS_ASSIGN_OR_RETURN(
        object.mentions, ReadByPosition<StoredMention>(stmt, 3, [](const Statement& row) {
          return StoredMention{row.ColumnText(0), row.ColumnText(1), row.ColumnInt(2)};
        }));
  }
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectTags));
  stmt.BindInt(1, object.id);
  CS_ASSIGN_OR_RETURN(
      object.hashtags,
      ReadByPosition<std::string>(stmt, 1, [](const Statement& row) { return row.ColumnText(0); }));
  return OkStatus();
}

Status DeleteById(Connection& db, const char* sql, int64_t id) {
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  stmt.BindInt(1, id);
  return stmt.Run();
}

Result<StoredObject> LoadOne(Connection& db, Statement& stmt) {
  CS_ASSIGN_OR_RETURN(std::vector<StoredObject> objects, ObjectsFromRows(db, stmt));
  if (objects.empty()) return NotFound("object");
  return std::move(objects.front());
}

}  // namespace

Result<std::vector<StoredObject>> ObjectsFromRows(Connection& db, Statement& stmt) {
  std::vector<StoredObject> objects;
  while (true) {
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    CS_ASSIGN_OR_RETURN(StoredObject object, ObjectFromRow(stmt));
    objects.push_back(std::move(object));
  }
  for (StoredObject& object : objects) CS_RETURN_IF_ERROR(LoadObjectParts(db, object));
  return objects;
}

Result<StoredObject> LoadObjectByUri(Connection& db, std::string_view uri) {
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectObjectByUri));
  stmt.BindText(1, uri);
  return LoadOne(db, stmt);
}

Result<StoredObject> LoadObjectById(Connection& db, int64_t id) {
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectObjectById));
  stmt.BindInt(1, id);
  return LoadOne(db, stmt);
}

Status ReplaceObjectParts(Connection& db, int64_t id, const StoredObject& object) {
  CS_RETURN_IF_ERROR(DeleteById(db, kDeleteMentions, id));
  CS_RETURN_IF_ERROR(DeleteById(db, kDeleteTags, id));
  int position = 0;
  for (const StoredMention& mention : object.mentions) {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertMention));
    stmt.BindInt(1, id);
    stmt.BindText(2, mention.actor_uri);
    stmt.BindText(3, mention.acct);
    BindIntOrNull(stmt, 4, mention.account_id);
    stmt.BindInt(5, position++);
    CS_RETURN_IF_ERROR(stmt.Run());
  }
  position = 0;
  for (const std::string& tag : object.hashtags) {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertTag));
    stmt.BindInt(1, id);
    stmt.BindText(2, tag);
    stmt.BindInt(3, position++);
    CS_RETURN_IF_ERROR(stmt.Run());
  }
  return OkStatus();
}

Status TombstoneObjectRow(Connection& db, int64_t id, int64_t deleted_at) {
  // Notifications are found by the object's uri, which the tombstone keeps.
  CS_RETURN_IF_ERROR(DeleteById(db, kDeleteNotificationsOf, id));
  for (const char* sql :
       {kDeleteMentions, kDeleteTags, kDeleteReactionsOf, kDeletePinsOf, kDeleteTimelineOf}) {
    CS_RETURN_IF_ERROR(DeleteById(db, sql, id));
  }
  CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kTombstone));
  stmt.BindInt(1, id);
  stmt.BindInt(2, deleted_at);
  return stmt.Run();
}

}  // namespace cornerstore::store::sqlite::federation
