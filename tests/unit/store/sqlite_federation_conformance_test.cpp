// Runs the FederationStore conformance suite on every SQLite configuration (memory, file, file
// with the inbox spool).
#include "tests/unit/store/federation_conformance.h"
#include "tests/unit/store/sqlite_harness.h"

namespace cornerstore::testing::conformance {

CS_FEDERATION_STORE_CONFORMANCE(SqliteMemoryHarness, SqliteFileHarness, SqliteSpoolHarness);

}  // namespace cornerstore::testing::conformance
