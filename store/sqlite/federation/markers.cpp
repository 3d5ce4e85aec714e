// SqliteFederationStore: timeline markers (where an account's apps stopped reading).
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::NotFound;

constexpr const char* kListMarkers =
    "SELECT timeline, last_read_id, version, updated_at FROM markers WHERE account_id = ?1 "
    "ORDER BY timeline";
constexpr const char* kFindMarker =
    "SELECT timeline, last_read_id, version, updated_at FROM markers WHERE account_id = ?1 AND "
    "timeline = ?2";
// The first save is version 0; each later one counts up (Mastodon's lock_version).
constexpr const char* kSaveMarker =
    "INSERT INTO markers (account_id, timeline, last_read_id, version, updated_at) "
    "VALUES (?1, ?2, ?3, 0, ?4) ON CONFLICT (account_id, timeline) DO UPDATE SET "
    "last_read_id = excluded.last_read_id, version = version + 1, "
    "updated_at = excluded.updated_at";

Result<std::vector<Marker>> MarkersFromRows(Statement& stmt) {
  std::vector<Marker> markers;
  while (true) {
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    Marker m;
    m.timeline = stmt.ColumnText(0);
    m.last_read_id = stmt.ColumnText(1);
    m.version = stmt.ColumnInt(2);
    m.updated_at = stmt.ColumnInt(3);
    markers.push_back(std::move(m));
  }
  return markers;
}

}  // namespace

Result<std::vector<Marker>> SqliteFederationStore::ListMarkers(int64_t account_id) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<Marker>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kListMarkers));
    stmt.BindInt(1, account_id);
    return MarkersFromRows(stmt);
  });
}

Result<Marker> SqliteFederationStore::SaveMarker(int64_t account_id, std::string_view timeline,
                                                 std::string_view last_read_id) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Result<Marker> {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSaveMarker));
      stmt.BindInt(1, account_id);
      stmt.BindText(2, timeline);
      stmt.BindText(3, last_read_id);
      stmt.BindInt(4, now);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kFindMarker));
    stmt.BindInt(1, account_id);
    stmt.BindText(2, timeline);
    CS_ASSIGN_OR_RETURN(std::vector<Marker> saved, MarkersFromRows(stmt));
    if (saved.empty()) return NotFound("marker");
    return std::move(saved.front());
  });
}

}  // namespace cornerstore::store
