#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "store/migrations.h"
#include "store/sqlite/connection.h"
#include "store/sqlite_store.h"
#include "tests/support/support.h"
#include "tests/unit/store/account_samples.h"
#include "tests/unit/store/sqlite_harness.h"
#include "tests/unit/store/test_clock.h"

using namespace cornerstore;
using cornerstore::testing::MustOpen;
using cornerstore::testing::TempDir;
using store::LatestSchemaVersion;
using store::SqliteStore;

namespace {

// Every table the server will need; the schema is designed ahead of the Store methods.
const char* const kExpectedTables[] = {
    "accounts",      "settings",          "remote_actors", "remote_keys",
    "objects",       "mentions",          "object_tags",   "media",
    "activities",    "follows",           "reactions",     "blocks",
    "notifications", "reports",           "pins",          "timeline_entries",
    "inbox_queue",   "inbox_spool_state", "delivery_jobs", "host_state",
    "oauth_apps",    "oauth_codes",       "oauth_tokens",  "account_credentials",
};

std::unique_ptr<store::sqlite::Connection> RawOpen(const std::string& path) {
  auto opened = store::sqlite::Connection::Open(path, /*create=*/false);
  REQUIRE_MESSAGE(opened.ok(), opened.error().ToLogString());
  return std::move(opened).value();
}

// The whole schema as text, to compare databases reached by different migration paths.
std::string SchemaFingerprint(const std::string& path) {
  auto db = RawOpen(path);
  auto text = db->QueryText(
      "SELECT group_concat(type || ' ' || name || ' ' || coalesce(sql, ''), char(10)) FROM "
      "(SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY name)");
  REQUIRE(text.ok());
  return *text;
}

}  // namespace

TEST_CASE("migrations: an empty database gets the latest schema with every table") {
  testing::StoreTestClock clock;
  TempDir dir;
  auto store = MustOpen(SqliteStore::Open(dir.path() + "/db.sqlite", &clock));
  auto version = store->SchemaVersion();
  REQUIRE(version.ok());
  CHECK(*version == LatestSchemaVersion());
  CHECK(LatestSchemaVersion() >= 1);
  for (const char* table : kExpectedTables) {
    CAPTURE(table);
    auto count = store->QueryIntForTesting(
        std::string("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '") +
        table + "'");
    REQUIRE(count.ok());
    CHECK(*count == 1);
    // Every foreign key points at a table that exists.
    auto dangling = store->QueryIntForTesting(
        std::string("SELECT count(*) FROM pragma_foreign_key_list('") + table +
        "') fk WHERE fk.\"table\" NOT IN (SELECT name FROM sqlite_schema WHERE type = 'table')");
    REQUIRE(dangling.ok());
    CHECK(*dangling == 0);
  }
  auto integrity = store->QueryIntForTesting(
      "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'");
  REQUIRE(integrity.ok());
  CHECK(*integrity == 0);
}

TEST_CASE("migrations: from each older version, data is kept and the schema matches") {
  testing::StoreTestClock clock;
  TempDir fresh_dir;
  const std::string fresh_path = fresh_dir.path() + "/fresh.db";
  { MustOpen(SqliteStore::Open(fresh_path, &clock)); }
  const std::string fresh_schema = SchemaFingerprint(fresh_path);

  for (int from = 0; from < LatestSchemaVersion(); ++from) {
    CAPTURE(from);
    TempDir dir;
    const std::string path = dir.path() + "/old.db";
    store::Account kept;
    {
      auto old = MustOpen(SqliteStore::OpenAtVersionForTesting(path, &clock, from));
      auto version = old->SchemaVersion();
      REQUIRE(version.ok());
      CHECK(*version == from);
      if (from >= 1) {  // accounts and settings exist from version 1
        auto created = old->CreateAccount(testing::conformance::FullAccount("keeper"));
        REQUIRE(created.ok());
        kept = *created;
        REQUIRE(old->PutSetting("kept", "yes").ok());
      }
    }
    auto store = MustOpen(SqliteStore::Open(path, &clock));
    auto version = store->SchemaVersion();
    REQUIRE(version.ok());
    CHECK(*version == LatestSchemaVersion());
    if (from >= 1) {
      auto found = store->FindAccountByUsername("keeper");
      REQUIRE(found.ok());
      testing::conformance::CheckSameAccount(*found, kept);
      auto setting = store->GetSetting("kept");
      REQUIRE(setting.ok());
      CHECK(setting->value_or("") == "yes");
    }
    // The migrated database is fully usable.
    auto added = store->CreateAccount(testing::conformance::MinimalAccount("after"));
    REQUIRE(added.ok());
    testing::InsertLocalPost(*store, added->id, clock.NowUnix(), false);
    auto usage = store->CountUsage();
    REQUIRE(usage.ok());
    CHECK(usage->local_posts == 1);
    store.reset();
    CHECK(SchemaFingerprint(path) == fresh_schema);
  }
}

TEST_CASE("migrations: an old schema answers missing tables with an error, not a crash") {
  testing::StoreTestClock clock;
  auto store = MustOpen(SqliteStore::OpenAtVersionForTesting(":memory:", &clock, 1));
  CHECK(store->CreateAccount(testing::conformance::MinimalAccount("a")).ok());
  auto usage = store->CountUsage();  // needs `objects`, added in version 2
  REQUIRE_FALSE(usage.ok());
  CHECK(usage.error().code == ErrorCode::kInternal);
  CHECK_FALSE(SqliteStore::OpenAtVersionForTesting(":memory:", &clock, -1).ok());
  CHECK_FALSE(
      SqliteStore::OpenAtVersionForTesting(":memory:", &clock, LatestSchemaVersion() + 1).ok());
}

TEST_CASE("migrations: a database newer than the binary is refused and left alone") {
  testing::StoreTestClock clock;
  TempDir dir;
  const std::string path = dir.path() + "/future.db";
  { MustOpen(SqliteStore::Open(path, &clock)); }
  const int future = LatestSchemaVersion() + 1;
  REQUIRE(RawOpen(path)->Exec("PRAGMA user_version = " + std::to_string(future)).ok());

  auto opened = SqliteStore::Open(path, &clock);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::kInternal);
  CHECK(opened.error().message == "database schema version " + std::to_string(future) +
                                      " is newer than this binary (" +
                                      std::to_string(LatestSchemaVersion()) + ")");
  auto version = RawOpen(path)->QueryInt("PRAGMA user_version");
  REQUIRE(version.ok());
  CHECK(*version == future);
}

TEST_CASE("migrations: two stores opening one new file at once migrate it once") {
  testing::StoreTestClock clock;
  TempDir dir;
  const std::string path = dir.path() + "/race.db";
  std::vector<Status> results(2);
  std::vector<std::thread> threads;
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&, i] {
      auto opened = SqliteStore::Open(path, &clock);
      results[i] = opened.ok() ? OkStatus() : Status(opened.take_error());
    });
  }
  for (auto& thread : threads) thread.join();
  for (const Status& result : results) {
    CHECK_MESSAGE(result.ok(), (result.ok() ? "" : result.error().ToLogString()));
  }
  auto version = RawOpen(path)->QueryInt("PRAGMA user_version");
  REQUIRE(version.ok());
  CHECK(*version == LatestSchemaVersion());
}
