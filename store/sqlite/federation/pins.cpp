// SqliteFederationStore: pinned posts (the `featured` collection).
#include "store/sqlite/federation/object_rows.h"
#include "store/sqlite/federation/outbox.h"
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InsertDeliveryJobs;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::NotFound;
using sqlite::federation::ObjectsFromRows;
using sqlite::federation::RequireChanged;

// A featured collection longer than a page is not something peers or clients read.
constexpr int kMaxPinsListed = kMaxPageLimit;

constexpr const char* kSelectOwnerAndDeleted =
    "SELECT account_id, deleted_at FROM objects WHERE id = ?1";
constexpr const char* kInsertPin =
    "INSERT INTO pins (account_id, object_id, created_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT DO NOTHING";
constexpr const char* kDeletePin = "DELETE FROM pins WHERE account_id = ?1 AND object_id = ?2";
constexpr const char* kListPinned =
    "SELECT " CS_OBJECT_COLUMNS
    " FROM pins p JOIN objects o ON o.id = p.object_id WHERE p.account_id = ?1 AND "
    "o.deleted_at IS NULL ORDER BY p.id DESC LIMIT ?2";

}  // namespace

Status SqliteFederationStore::Pin(int64_t account_id, int64_t object_id,
                                  const std::vector<DeliveryJob>& deliveries) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      // Only an account's own live posts can be featured.
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectOwnerAndDeleted));
      stmt.BindInt(1, object_id);
      CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row || stmt.ColumnInt(0) != account_id) return NotFound("post of this account");
      if (!stmt.ColumnIsNull(1)) return MakeError(ErrorCode::kGone, "that post was deleted");
    }
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kInsertPin));
      stmt.BindInt(1, account_id);
      stmt.BindInt(2, object_id);
      stmt.BindInt(3, now);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    return InsertDeliveryJobs(db, deliveries, now);
  });
}

Status SqliteFederationStore::Unpin(int64_t account_id, int64_t object_id,
                                    const std::vector<DeliveryJob>& deliveries) {
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    {
      CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kDeletePin));
      stmt.BindInt(1, account_id);
      stmt.BindInt(2, object_id);
      CS_RETURN_IF_ERROR(stmt.Run());
    }
    CS_RETURN_IF_ERROR(RequireChanged(db, "pin"));
    return InsertDeliveryJobs(db, deliveries, now);
  });
}

Result<std::vector<StoredObject>> SqliteFederationStore::ListPinned(int64_t account_id) {
  return InReadTransaction(db_, [&](Connection& db) -> Result<std::vector<StoredObject>> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kListPinned));
    stmt.BindInt(1, account_id);
    stmt.BindInt(2, kMaxPinsListed);
    return ObjectsFromRows(db, stmt);
  });
}

}  // namespace cornerstore::store
