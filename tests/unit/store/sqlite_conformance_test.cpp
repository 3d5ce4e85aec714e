// Runs the Store conformance suite on both SQLite configurations.
#include "tests/unit/store/sqlite_harness.h"
#include "tests/unit/store/store_conformance.h"

namespace cornerstore::testing::conformance {

CS_STORE_CONFORMANCE(SqliteMemoryHarness, SqliteFileHarness);

}  // namespace cornerstore::testing::conformance
