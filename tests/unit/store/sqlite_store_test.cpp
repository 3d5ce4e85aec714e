// Behaviour specific to SqliteStore: files and modes, pragmas, locking, the schema's cascades.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite_store.h"
#include "tests/support/support.h"
#include "tests/unit/store/account_samples.h"
#include "tests/unit/store/sqlite_harness.h"
#include "tests/unit/store/test_clock.h"

using namespace cornerstore;
using cornerstore::testing::MustOpen;
using cornerstore::testing::TempDir;
using cornerstore::testing::conformance::MinimalAccount;
using store::SqliteStore;

namespace {

unsigned ModeOf(const std::string& path) {
  struct stat st {};
  REQUIRE_MESSAGE(::stat(path.c_str(), &st) == 0, path);
  return st.st_mode & 07777;
}

bool Exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

int64_t QueryInt(SqliteStore& store, const std::string& sql) {
  auto value = store.QueryIntForTesting(sql);
  REQUIRE_MESSAGE(value.ok(), value.error().ToLogString());
  return *value;
}

void Exec(SqliteStore& store, const std::string& sql) {
  Status status = store.ExecForTesting(sql);
  REQUIRE_MESSAGE(status.ok(), status.error().ToLogString());
}

std::unique_ptr<store::sqlite::Connection> RawOpen(const std::string& path) {
  auto opened = store::sqlite::Connection::Open(path, /*create=*/false);
  REQUIRE_MESSAGE(opened.ok(), opened.error().ToLogString());
  return std::move(opened).value();
}

}  // namespace

TEST_CASE("sqlite: the database file and its WAL companions are mode 0600") {
  testing::StoreTestClock clock;
  TempDir dir;
  const std::string path = dir.path() + "/cornerstore.db";
  auto store = MustOpen(SqliteStore::Open(path, &clock));
  REQUIRE(store->CreateAccount(MinimalAccount("shop")).ok());
  CHECK(ModeOf(path) == 0600);
  REQUIRE(Exists(path + "-wal"));
  REQUIRE(Exists(path + "-shm"));
  CHECK(ModeOf(path + "-wal") == 0600);
  CHECK(ModeOf(path + "-shm") == 0600);
}

TEST_CASE("sqlite: an existing database file with loose permissions is tightened") {
  testing::StoreTestClock clock;
  TempDir dir;
  const std::string path = dir.path() + "/cornerstore.db";
  {
    auto store = MustOpen(SqliteStore::Open(path, &clock));
    REQUIRE(store->CreateAccount(MinimalAccount("shop")).ok());
  }
  REQUIRE(::chmod(path.c_str(), 0644) == 0);
  auto store = MustOpen(SqliteStore::Open(path, &clock));
  CHECK(ModeOf(path) == 0600);
  CHECK(store->FindAccountByUsername("shop").ok());  // and the data is still there
}

TEST_CASE("sqlite: connection settings (WAL, synchronous, foreign keys, busy timeout)") {
  testing::StoreTestClock clock;
  TempDir dir;
  auto file = MustOpen(SqliteStore::Open(dir.path() + "/db", &clock));
  CHECK(QueryInt(*file, "SELECT journal_mode = 'wal' FROM pragma_journal_mode") == 1);
  CHECK(QueryInt(*file, "PRAGMA synchronous") == 1);  // NORMAL
  CHECK(QueryInt(*file, "PRAGMA foreign_keys") == 1);
  CHECK(QueryInt(*file, "PRAGMA busy_timeout") == store::kSqliteBusyTimeoutMs);

  auto memory = MustOpen(SqliteStore::Open(":memory:", &clock));
  CHECK(QueryInt(*memory, "PRAGMA foreign_keys") == 1);
  CHECK(QueryInt(*memory, "PRAGMA busy_timeout") == store::kSqliteBusyTimeoutMs);
}

TEST_CASE("sqlite: data survives closing and reopening the file") {
  testing::StoreTestClock clock;
  TempDir dir;
  const std::string path = dir.path() + "/db";
  store::Account created;
  {
    auto store = MustOpen(SqliteStore::Open(path, &clock));
    auto account = store->CreateAccount(testing::conformance::FullAccount("keeper"));
    REQUIRE(account.ok());
    created = *account;
    REQUIRE(store->PutSetting("k", "v").ok());
  }
  auto store = MustOpen(SqliteStore::Open(path, &clock));
  auto found = store->FindAccountById(created.id);
  REQUIRE(found.ok());
  testing::conformance::CheckSameAccount(*found, created);
  CHECK(store->GetSetting("k")->value_or("") == "v");
}

TEST_CASE("sqlite: a busy database answers writes with kUnavailable while reads go on") {
  testing::StoreTestClock clock;
  TempDir dir;
  const std::string path = dir.path() + "/db";
  SqliteStore::Options options;
  options.busy_timeout_ms = 50;  // keep the test fast
  auto store = MustOpen(SqliteStore::Open(path, &clock, options));
  REQUIRE(store->CreateAccount(MinimalAccount("shop")).ok());

  // Another process (the CLI, say) holds the write lock.
  auto other = RawOpen(path);
  REQUIRE(other->Exec("BEGIN IMMEDIATE").ok());
  REQUIRE(other->Exec("INSERT INTO settings (key, value, updated_at) VALUES ('x', 'y', 0)").ok());

  Status put = store->PutSetting("k", "v");
  REQUIRE_FALSE(put.ok());
  CHECK(put.error().code == ErrorCode::kUnavailable);
  CHECK(put.error().http_status() == 503);
  auto create = store->CreateAccount(MinimalAccount("blocked"));
  REQUIRE_FALSE(create.ok());
  CHECK(create.error().code == ErrorCode::kUnavailable);

  // WAL readers are not blocked, and do not see the uncommitted row.
  CHECK(store->FindAccountByUsername("shop").ok());
  auto x = store->GetSetting("x");
  REQUIRE(x.ok());
  CHECK_FALSE(x->has_value());
  CHECK(store->Ping().ok());

  REQUIRE(other->Exec("COMMIT").ok());
  CHECK(store->PutSetting("k", "v").ok());
  CHECK(store->GetSetting("x")->value_or("") == "y");
  CHECK(store->CreateAccount(MinimalAccount("blocked")).ok());
}

TEST_CASE("sqlite: one reader connection serves many threads") {
  testing::StoreTestClock clock;
  TempDir dir;
  SqliteStore::Options options;
  options.reader_connections = 1;
  auto store = MustOpen(SqliteStore::Open(dir.path() + "/db", &clock, options));
  REQUIRE(store->CreateAccount(MinimalAccount("shop")).ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (!store->FindAccountByUsername("shop").ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(failures.load() == 0);
}

TEST_CASE("sqlite: foreign keys are enforced; a missing parent row is kNotFound") {
  testing::StoreTestClock clock;
  auto store = MustOpen(SqliteStore::Open(":memory:", &clock));
  Status status = store->ExecForTesting(
      "INSERT INTO notifications (account_id, kind, actor_uri, created_at) "
      "VALUES (999, 'follow', 'https://remote.example/users/a', 0)");
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == ErrorCode::kNotFound);
  Status bad_state = store->ExecForTesting(
      "INSERT INTO host_state (host, signature_scheme, updated_at) VALUES ('a.example', 'x', 0)");
  REQUIRE_FALSE(bad_state.ok());
  CHECK(bad_state.error().code == ErrorCode::kInvalidInput);
}

TEST_CASE("sqlite: deleting an account deletes every row it owns, and nobody else's") {
  testing::StoreTestClock clock;
  auto store = MustOpen(SqliteStore::Open(":memory:", &clock));
  auto gone = store->CreateAccount(MinimalAccount("gone"));
  auto stays = store->CreateAccount(MinimalAccount("stays"));
  REQUIRE(gone.ok());
  REQUIRE(stays.ok());

  // Seeds one row per owned table for account `id`, with URIs unique to it.
  auto seed = [&](int64_t id) {
    const std::string n = std::to_string(id);
    const std::string me = "'https://local.example/users/" + n + "'";
    const std::string post =
        "(SELECT id FROM objects WHERE uri = 'https://local.example/o/" + n + "')";
    Exec(*store,
         "INSERT INTO objects (uri, account_id, attributed_to, published_at, created_at) "
         "VALUES ('https://local.example/o/" +
             n + "', " + n + ", " + me + ", 1, 1)");
    Exec(*store, "INSERT INTO mentions (object_id, actor_uri, account_id) VALUES (" + post +
                     ", 'https://r.example/u/" + n + "', " + n + ")");
    Exec(*store, "INSERT INTO object_tags (object_id, name) VALUES (" + post + ", 'bread')");
    Exec(*store, "INSERT INTO media (account_id, object_id, media_type, created_at) VALUES (" + n +
                     ", " + post + ", 'image/png', 1)");
    Exec(*store,
         "INSERT INTO follows (follower_uri, followed_uri, followed_account_id, state, "
         "follow_activity_uri, created_at, updated_at) VALUES ('https://r.example/u/1', " +
             me + ", " + n + ", 'accepted', 'https://r.example/f/" + n + "', 1, 1)");
    Exec(*store,
         "INSERT INTO reactions (kind, actor_uri, account_id, object_id, activity_uri, "
         "created_at) VALUES ('announce', " +
             me + ", " + n + ", " + post + ", 'https://local.example/a/" + n + "', 1)");
    Exec(*store, "INSERT INTO blocks (account_id, target_domain, created_at) VALUES (" + n +
                     ", 'spam.example', 1)");
    Exec(*store,
         "INSERT INTO notifications (account_id, kind, actor_uri, object_uri, created_at) "
         "VALUES (" +
             n + ", 'favourite', 'https://r.example/u/1', 'https://local.example/o/" + n + "', 1)");
    Exec(*store,
         "INSERT INTO reports (reporter_uri, target_uri, target_account_id, created_at) "
         "VALUES ('https://r.example/u/1', " +
             me + ", " + n + ", 1)");
    Exec(*store, "INSERT INTO pins (account_id, object_id, created_at) VALUES (" + n + ", " + post +
                     ", 1)");
    Exec(*store, "INSERT INTO timeline_entries (account_id, object_id, created_at) VALUES (" + n +
                     ", " + post + ", 1)");
    Exec(*store,
         "INSERT INTO inbox_queue (recipient_account_id, signer_key_id, signer_uri, body, "
         "received_at, next_attempt_at) VALUES (" +
             n + ", 'k', 'u', '{}', 1, 1)");
    Exec(*store,
         "INSERT INTO delivery_jobs (activity_uri, activity_json, inbox_url, host, "
         "signer_account_id, signer_key_id, next_attempt_at, created_at, updated_at) "
         "VALUES ('https://local.example/act/" +
             n +
             "', '{}', 'https://r.example/inbox', "
             "'r.example', " +
             n + ", " + me + ", 1, 1, 1)");
    Exec(*store,
         "INSERT INTO oauth_apps (client_id, client_secret_hash, name, created_at) "
         "VALUES ('app" +
             n + "', 'h', 'App', 1)");
    const std::string app = "(SELECT id FROM oauth_apps WHERE client_id = 'app" + n + "')";
    Exec(*store,
         "INSERT INTO oauth_codes (code_hash, app_id, account_id, redirect_uri, scopes, "
         "created_at, expires_at) VALUES ('c" +
             n + "', " + app + ", " + n + ", 'urn:ietf:wg:oauth:2.0:oob', 'read', 1, 2)");
    Exec(*store,
         "INSERT INTO oauth_tokens (token_hash, app_id, account_id, scopes, created_at) "
         "VALUES ('t" +
             n + "', " + app + ", " + n + ", 'read', 1)");
    Exec(*store,
         "INSERT INTO account_credentials (account_id, password_hash, updated_at) VALUES (" + n +
             ", '$argon2id$x', 1)");
  };
  seed(gone->id);
  seed(stays->id);
  // A Delete of the account itself, detached from it so that it outlives the account.
  Exec(*store,
       "INSERT INTO delivery_jobs (activity_uri, activity_json, inbox_url, host, "
       "signer_key_id, signer_private_key_pem, next_attempt_at, created_at, updated_at) "
       "VALUES ('https://local.example/users/gone#delete', '{}', 'https://r.example/inbox', "
       "'r.example', 'https://local.example/users/gone#main-key', 'pem', 1, 1, 1)");

  const char* const owned_tables[] = {
      "objects",          "mentions",    "object_tags",   "media",        "follows",
      "reactions",        "blocks",      "notifications", "reports",      "pins",
      "timeline_entries", "inbox_queue", "oauth_codes",   "oauth_tokens", "account_credentials",
  };
  for (const char* table : owned_tables) {
    CAPTURE(table);
    CHECK(QueryInt(*store, std::string("SELECT count(*) FROM ") + table) == 2);
  }
  CHECK(QueryInt(*store, "SELECT count(*) FROM delivery_jobs") == 3);

  REQUIRE(store->DeleteAccount(gone->id).ok());
  for (const char* table : owned_tables) {
    CAPTURE(table);
    CHECK(QueryInt(*store, std::string("SELECT count(*) FROM ") + table) == 1);
  }
  CHECK(QueryInt(*store, "SELECT count(*) FROM delivery_jobs") == 2);
  CHECK(QueryInt(*store, "SELECT count(*) FROM delivery_jobs WHERE signer_account_id IS NULL") ==
        1);
  CHECK(QueryInt(*store, "SELECT count(*) FROM oauth_apps") == 2);  // apps are not the account's
  CHECK(QueryInt(*store, "SELECT count(*) FROM pragma_foreign_key_check") == 0);
}

TEST_CASE("sqlite: opening bad paths fails cleanly") {
  testing::StoreTestClock clock;
  TempDir dir;
  auto missing_dir = SqliteStore::Open(dir.path() + "/no/such/dir/db", &clock);
  REQUIRE_FALSE(missing_dir.ok());
  CHECK_FALSE(missing_dir.error().detail.empty());

  const std::string junk = dir.path() + "/junk.db";
  testing::WriteFile(junk, std::string(4096, 'x'));
  auto not_a_db = SqliteStore::Open(junk, &clock);
  REQUIRE_FALSE(not_a_db.ok());
  CHECK(not_a_db.error().code == ErrorCode::kInternal);

  CHECK_FALSE(SqliteStore::Open("", &clock).ok());
}

TEST_CASE("sqlite: in-memory stores are private to each other") {
  testing::StoreTestClock clock;
  auto a = MustOpen(SqliteStore::Open(":memory:", &clock));
  auto b = MustOpen(SqliteStore::Open(":memory:", &clock));
  REQUIRE(a->CreateAccount(MinimalAccount("shop")).ok());
  CHECK(b->FindAccountByUsername("shop").error().code == ErrorCode::kNotFound);
  CHECK(b->CreateAccount(MinimalAccount("shop")).ok());
}

TEST_CASE("sqlite: a relative path that looks like a URI is a plain file name") {
  testing::StoreTestClock clock;
  TempDir dir;
  char previous[4096];
  REQUIRE(::getcwd(previous, sizeof previous) != nullptr);
  REQUIRE(::chdir(dir.path().c_str()) == 0);
  bool stored = false;
  {
    // As a URI this would be a throwaway in-memory database.
    auto opened = SqliteStore::Open("file:shop.db?mode=memory", &clock);
    stored = opened.ok() && (*opened)->CreateAccount(MinimalAccount("shop")).ok();
  }
  REQUIRE(::chdir(previous) == 0);
  CHECK(stored);
  struct stat st {};
  REQUIRE(::stat((dir.path() + "/file:shop.db?mode=memory").c_str(), &st) == 0);
  CHECK(st.st_size > 0);
}
