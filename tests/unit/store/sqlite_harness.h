// Harnesses that run the Store and FederationStore conformance suites on SQLite: a private
// ":memory:" database and a WAL file in a temporary directory (which also exercises the reader
// pool). The federation store shares the SqliteStore's database.
#pragma once

#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <string>

#include "src/common/clock.h"
#include "store/sqlite/inbox_spool.h"
#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"
#include "tests/support/support.h"

namespace cornerstore::testing {

inline std::unique_ptr<store::SqliteStore> MustOpen(
    Result<std::unique_ptr<store::SqliteStore>> opened) {
  REQUIRE_MESSAGE(opened.ok(), opened.error().ToLogString());
  return std::move(opened).value();
}

// Inserts a post row directly (the Store interface has no post methods yet).
inline void InsertLocalPost(store::SqliteStore& store, int64_t account_id, int64_t published_at,
                            bool deleted) {
  static std::atomic<int> counter{0};
  std::string n = std::to_string(++counter);
  std::string sql =
      "INSERT INTO objects (uri, account_id, attributed_to, published_at, deleted_at, "
      "created_at) VALUES ('https://local.example/objects/" +
      n + "', " + std::to_string(account_id) + ", 'https://local.example/users/" +
      std::to_string(account_id) + "', " + std::to_string(published_at) + ", " +
      (deleted ? std::to_string(published_at) : std::string("NULL")) + ", " +
      std::to_string(published_at) + ")";
  Status status = store.ExecForTesting(sql);
  REQUIRE_MESSAGE(status.ok(), status.error().ToLogString());
}

struct SqliteMemoryHarness {
  explicit SqliteMemoryHarness(const Clock* clock)
      : store_(MustOpen(store::SqliteStore::Open(":memory:", clock))),
        federation_(store_->database()) {}
  store::Store& store() { return *store_; }
  store::FederationStore& federation() { return federation_; }
  void AddLocalPost(int64_t account_id, int64_t published_at, bool deleted) {
    InsertLocalPost(*store_, account_id, published_at, deleted);
  }

 private:
  std::unique_ptr<store::SqliteStore> store_;
  store::SqliteFederationStore federation_;
};

struct SqliteFileHarness {
  explicit SqliteFileHarness(const Clock* clock)
      : store_(MustOpen(store::SqliteStore::Open(dir_.path() + "/cornerstore.db", clock))),
        federation_(store_->database()) {}
  store::Store& store() { return *store_; }
  store::FederationStore& federation() { return federation_; }
  void AddLocalPost(int64_t account_id, int64_t published_at, bool deleted) {
    InsertLocalPost(*store_, account_id, published_at, deleted);
  }

 protected:
  TempDir dir_;  // declared first: outlives the store
  std::unique_ptr<store::SqliteStore> store_;
  store::SqliteFederationStore federation_;  // borrows store_'s database
};

// The file harness with the server's inbox spool attached: enqueued items go through the spool
// file and reach inbox_queue at the next lease.
struct SqliteSpoolHarness : SqliteFileHarness {
  explicit SqliteSpoolHarness(const Clock* clock) : SqliteFileHarness(clock) {
    auto attached = federation_.AttachInboxSpool(
        store::sqlite::InboxSpool::PathBeside(dir_.path() + "/cornerstore.db"));
    REQUIRE_MESSAGE(attached.ok(), attached.error().ToLogString());
  }
};

}  // namespace cornerstore::testing

// Names of the harnesses in test reports.
DOCTEST_TYPE_TO_STRING_AS("sqlite-memory", cornerstore::testing::SqliteMemoryHarness);
DOCTEST_TYPE_TO_STRING_AS("sqlite-file", cornerstore::testing::SqliteFileHarness);
DOCTEST_TYPE_TO_STRING_AS("sqlite-spool", cornerstore::testing::SqliteSpoolHarness);
