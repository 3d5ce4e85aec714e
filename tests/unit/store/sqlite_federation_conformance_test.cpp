// Runs the FederationStore conformance suite on both SQLite configurations.
#include "tests/unit/store/federation_conformance.h"
#include "tests/unit/store/sqlite_harness.h"

namespace cornerstore::testing::conformance {

CS_FEDERATION_STORE_CONFORMANCE(SqliteMemoryHarness, SqliteFileHarness);

}  // namespace cornerstore::testing::conformance
