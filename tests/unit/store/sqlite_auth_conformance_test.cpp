// Runs the AuthStore conformance suite on SQLite, in memory and in a WAL file; the auth store
// shares the SqliteStore's database.
#include "store/sqlite_auth_store.h"
#include "tests/unit/store/auth_conformance.h"
#include "tests/unit/store/sqlite_harness.h"

namespace cornerstore::testing {
namespace {

struct SqliteAuthMemoryHarness {
  explicit SqliteAuthMemoryHarness(const Clock* clock)
      : store_(MustOpen(store::SqliteStore::Open(":memory:", clock))), auth_(store_->database()) {}
  store::Store& store() { return *store_; }
  store::AuthStore& auth() { return auth_; }

 private:
  std::unique_ptr<store::SqliteStore> store_;
  store::SqliteAuthStore auth_;
};

struct SqliteAuthFileHarness {
  explicit SqliteAuthFileHarness(const Clock* clock)
      : store_(MustOpen(store::SqliteStore::Open(dir_.path() + "/cornerstore.db", clock))),
        auth_(store_->database()) {}
  store::Store& store() { return *store_; }
  store::AuthStore& auth() { return auth_; }

 private:
  TempDir dir_;  // declared first: outlives the store
  std::unique_ptr<store::SqliteStore> store_;
  store::SqliteAuthStore auth_;
};

}  // namespace
}  // namespace cornerstore::testing

DOCTEST_TYPE_TO_STRING_AS("sqlite-memory", cornerstore::testing::SqliteAuthMemoryHarness);
DOCTEST_TYPE_TO_STRING_AS("sqlite-file", cornerstore::testing::SqliteAuthFileHarness);

namespace cornerstore::testing::conformance {

CS_AUTH_STORE_CONFORMANCE(SqliteAuthMemoryHarness, SqliteAuthFileHarness);

}  // namespace cornerstore::testing::conformance
