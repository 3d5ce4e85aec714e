// Write batches (FederationStore::BeginWriteBatch) on a file database: one transaction for many
// writes of one thread, steps that can be undone on their own, other threads kept out until the
// commit.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>

#include "tests/unit/store/sqlite_harness.h"
#include "tests/unit/store/test_clock.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

store::HostState Host(const std::string& name, int failures = 1) {
  store::HostState state;
  state.host = name;
  state.consecutive_failures = failures;
  return state;
}

int FailuresOf(store::FederationStore& federation, const std::string& host) {
  auto state = federation.GetHostState(host);
  REQUIRE_MESSAGE(state.ok(), state.error().ToLogString());
  return state->consecutive_failures;
}

// A batch on `federation`, which must support them.
std::unique_ptr<store::FederationStore::WriteBatch> BeginBatch(store::FederationStore& federation) {
  auto batch = federation.BeginWriteBatch();
  REQUIRE_MESSAGE(batch.ok(), batch.error().ToLogString());
  REQUIRE(*batch != nullptr);
  return std::move(batch).value();
}

// A file database (writer and reader connections, as in production) and its clock.
struct BatchTest {
  StoreTestClock clock;
  SqliteFileHarness h{&clock};
};

// The same read from another thread, i.e. another connection: what others see.
int FailuresSeenByOthers(store::FederationStore& federation, const std::string& host) {
  return std::async(std::launch::async, [&] { return FailuresOf(federation, host); }).get();
}

}  // namespace

TEST_CASE_FIXTURE(
    BatchTest, "write batch: its thread reads its writes, others see them only after the commit") {
  auto batch = BeginBatch(h.federation());
  REQUIRE(h.federation().PutHostState(Host("a.example", 3)).ok());
  CHECK(FailuresOf(h.federation(), "a.example") == 3);
  CHECK(FailuresSeenByOthers(h.federation(), "a.example") == 0);
  REQUIRE(batch->Commit().ok());
  CHECK(FailuresSeenByOthers(h.federation(), "a.example") == 3);
}

TEST_CASE_FIXTURE(BatchTest, "write batch: an undone step drops only its own writes") {
  auto batch = BeginBatch(h.federation());
  REQUIRE(h.federation().PutHostState(Host("a.example")).ok());
  REQUIRE(batch->BeginStep().ok());
  REQUIRE(h.federation().PutHostState(Host("b.example")).ok());
  REQUIRE(batch->UndoStep().ok());
  REQUIRE(batch->BeginStep().ok());
  REQUIRE(h.federation().PutHostState(Host("c.example")).ok());
  REQUIRE(batch->KeepStep().ok());
  REQUIRE(batch->Commit().ok());
  CHECK(FailuresSeenByOthers(h.federation(), "a.example") == 1);
  CHECK(FailuresSeenByOthers(h.federation(), "b.example") == 0);
  CHECK(FailuresSeenByOthers(h.federation(), "c.example") == 1);
}

TEST_CASE_FIXTURE(BatchTest,
                  "write batch: a failing write inside it is undone alone, the batch goes on") {
  store::StoredObject post;
  post.uri = "https://remote.example/notes/1";
  post.attributed_to = "https://remote.example/users/ann";
  post.type = "Note";
  auto batch = BeginBatch(h.federation());
  REQUIRE(h.federation().InsertObject(post).ok());
  auto again = h.federation().InsertObject(post);  // its own savepoint fails and is undone
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kConflict);
  REQUIRE(h.federation().PutHostState(Host("a.example")).ok());
  REQUIRE(batch->Commit().ok());
  auto found = h.federation().FindObject(post.uri);
  CHECK(found.ok());
  CHECK(FailuresSeenByOthers(h.federation(), "a.example") == 1);
}

TEST_CASE_FIXTURE(BatchTest, "write batch: ended without a commit, nothing of it stays") {
  {
    auto batch = BeginBatch(h.federation());
    REQUIRE(h.federation().PutHostState(Host("a.example")).ok());
  }
  CHECK(FailuresOf(h.federation(), "a.example") == 0);
  // The writer is free again for this thread and for others.
  REQUIRE(h.federation().PutHostState(Host("b.example")).ok());
  CHECK(FailuresSeenByOthers(h.federation(), "b.example") == 1);
}

TEST_CASE_FIXTURE(BatchTest,
                  "write batch: another thread's write waits for the commit, then lands") {
  auto batch = BeginBatch(h.federation());
  auto other = std::async(std::launch::async,
                          [&] { return h.federation().PutHostState(Host("b.example", 2)).ok(); });
  CHECK(other.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);
  REQUIRE(h.federation().PutHostState(Host("a.example")).ok());
  REQUIRE(batch->Commit().ok());
  CHECK(other.get());
  CHECK(FailuresOf(h.federation(), "a.example") == 1);
  CHECK(FailuresOf(h.federation(), "b.example") == 2);
}
