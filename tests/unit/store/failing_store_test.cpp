#include <doctest/doctest.h>

#include "store/sqlite_store.h"
#include "tests/fakes/store_failing.h"
#include "tests/unit/store/sqlite_harness.h"
#include "tests/unit/store/test_clock.h"

using namespace cornerstore;
using cornerstore::testing::FailingStore;

namespace {

store::Account Named(const std::string& username) {
  store::Account account;
  account.username = username;
  account.public_key_pem = "pub";
  account.private_key_pem = "priv";
  return account;
}

}  // namespace

TEST_CASE("FailingStore: fails the next calls on demand, then passes through") {
  testing::StoreTestClock clock;
  auto real = testing::MustOpen(store::SqliteStore::Open(":memory:", &clock));
  FailingStore store(real.get());

  store.FailNext(2, FailingStore::Unavailable());
  auto first = store.CreateAccount(Named("one"));
  REQUIRE_FALSE(first.ok());
  CHECK(first.error().code == ErrorCode::kUnavailable);
  CHECK_FALSE(store.Ping().ok());
  CHECK(store.Ping().ok());
  CHECK(store.CreateAccount(Named("one")).ok());
  CHECK(store.failures() == 2);
}

TEST_CASE("FailingStore: writes-only failures leave reads working") {
  testing::StoreTestClock clock;
  auto real = testing::MustOpen(store::SqliteStore::Open(":memory:", &clock));
  FailingStore store(real.get());
  REQUIRE(store.PutSetting("k", "v").ok());

  store.FailAll(MakeError(ErrorCode::kConflict, "taken"), FailingStore::Scope::kWritesOnly);
  CHECK(store.PutSetting("k", "w").error().code == ErrorCode::kConflict);
  CHECK(store.CreateAccount(Named("x")).error().code == ErrorCode::kConflict);
  CHECK(store.DeleteAccount(1).error().code == ErrorCode::kConflict);
  auto got = store.GetSetting("k");
  REQUIRE(got.ok());
  CHECK(got->value_or("") == "v");
  CHECK(store.ListAccounts().ok());

  store.Clear();
  CHECK(store.PutSetting("k", "w").ok());
  CHECK(store.failures() == 3);
}
