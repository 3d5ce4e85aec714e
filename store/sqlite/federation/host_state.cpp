// SqliteFederationStore: what we know about each remote host (breaker, availability, scheme).
#include "store/sqlite/federation/sql_helpers.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::store {
namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::federation::BindIntOrNull;
using sqlite::federation::InReadTransaction;
using sqlite::federation::InWriteTransaction;
using sqlite::federation::NormalizeHost;

// The column's name for HostState's "" (not known yet).
constexpr std::string_view kUnknownScheme = "unknown";

constexpr const char* kSelectHostState =
    "SELECT signature_scheme, consecutive_failures, breaker_open_until, last_failure_day, "
    "failure_days, unavailable_since IS NOT NULL, last_success_at FROM host_state WHERE host = ?1";
// unavailable_since keeps the time a host first became unavailable.
constexpr const char* kPutHostState =
    "INSERT INTO host_state (host, signature_scheme, consecutive_failures, breaker_open_until, "
    "last_failure_day, failure_days, unavailable_since, last_success_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (host) DO UPDATE SET "
    "signature_scheme = excluded.signature_scheme, "
    "consecutive_failures = excluded.consecutive_failures, "
    "breaker_open_until = excluded.breaker_open_until, "
    "last_failure_day = excluded.last_failure_day, failure_days = excluded.failure_days, "
    "unavailable_since = CASE WHEN excluded.unavailable_since IS NULL THEN NULL "
    "ELSE coalesce(unavailable_since, excluded.unavailable_since) END, "
    "last_success_at = excluded.last_success_at, updated_at = excluded.updated_at";

}  // namespace

Result<HostState> SqliteFederationStore::GetHostState(std::string_view host) {
  HostState state;
  state.host = NormalizeHost(host, "");
  return InReadTransaction(db_, [&](Connection& db) -> Result<HostState> {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kSelectHostState));
    stmt.BindText(1, state.host);
    CS_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return state;
    state.signature_scheme = stmt.ColumnText(0);
    if (state.signature_scheme == kUnknownScheme) state.signature_scheme.clear();
    state.consecutive_failures = static_cast<int>(stmt.ColumnInt(1));
    state.breaker_until = stmt.ColumnInt(2);
    state.last_failure_day = stmt.ColumnInt(3);
    state.failure_days = static_cast<int>(stmt.ColumnInt(4));
    state.unavailable = stmt.ColumnBool(5);
    state.last_success_at = stmt.ColumnInt(6);
    return state;
  });
}

Status SqliteFederationStore::PutHostState(const HostState& state) {
  if (state.host.empty()) {
    return MakeError(ErrorCode::kInvalidInput, "invalid host state", "the host is empty");
  }
  const int64_t now = Now();
  return InWriteTransaction(db_, [&](Connection& db) -> Status {
    CS_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(kPutHostState));
    stmt.BindText(1, NormalizeHost(state.host, ""));
    stmt.BindText(2, state.signature_scheme.empty() ? kUnknownScheme
                                                    : std::string_view(state.signature_scheme));
    stmt.BindInt(3, state.consecutive_failures);
    BindIntOrNull(stmt, 4, state.breaker_until);
    BindIntOrNull(stmt, 5, state.last_failure_day);
    stmt.BindInt(6, state.failure_days);
    BindIntOrNull(stmt, 7, state.unavailable ? now : 0);
    BindIntOrNull(stmt, 8, state.last_success_at);
    stmt.BindInt(9, now);
    return stmt.Run();
  });
}

}  // namespace cornerstore::store
