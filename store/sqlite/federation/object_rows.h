// Reading and writing objects (posts) with their parts: the column list every object SELECT
// uses, row decoding, the mentions and tags tables, and turning a row into a tombstone.
// Shared by objects.cpp, pins.cpp and remote_actors.cpp (an actor's Delete tombstones its posts).
//
// Stateless. Thread safety: uses only the Connection it is given, which the caller holds.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/statement.h"

namespace cornerstore::store::sqlite::federation {

// The columns ObjectsFromRows reads, in order, for a query over `objects o`.
#define CS_OBJECT_COLUMNS                                                                        \
  "o.id, o.uri, o.url, o.object_type, o.account_id, o.attributed_to, o.in_reply_to_uri, "        \
  "o.conversation_uri, o.visibility, o.summary, o.sensitive, o.content_html, o.content_source, " \
  "o.language, o.to_json, o.cc_json, o.published_at, o.edited_at, o.deleted_at, o.raw_json"

// Steps `stmt` (selecting CS_OBJECT_COLUMNS) to the end, then loads each object's mentions and
// hashtags. Call inside one read or write transaction.
Result<std::vector<StoredObject>> ObjectsFromRows(Connection& db, Statement& stmt);

// The object with `uri` / `id` (tombstones included); kNotFound if there is none.
Result<StoredObject> LoadObjectByUri(Connection& db, std::string_view uri);
Result<StoredObject> LoadObjectById(Connection& db, int64_t id);

// Replaces the mentions and hashtags of object `id` with those of `object`.
Status ReplaceObjectParts(Connection& db, int64_t id, const StoredObject& object);

// Turns object `id` into a tombstone at `deleted_at` (kept if it already is one): content,
// summary, source and raw JSON cleared; its mentions, tags, reactions, pins, timeline entries
// and the notifications about it deleted.
Status TombstoneObjectRow(Connection& db, int64_t id, int64_t deleted_at);

}  // namespace cornerstore::store::sqlite::federation
