// EnqueueInbox through the inbox spool (store/sqlite/inbox_spool.h): items wait in the spool file
// until a lease or a flush moves them into inbox_queue, are deduplicated against both, survive a
// process that dies before moving them, and are never queued twice after one that died after.
// Without a spool, EnqueueInbox inserts at once.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/inbox_spool.h"
#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"
#include "tests/support/support.h"
#include "tests/unit/store/account_samples.h"
#include "tests/unit/store/sqlite_harness.h"
#include "tests/unit/store/test_clock.h"

using namespace cornerstore;
using cornerstore::testing::MustOpen;
using cornerstore::testing::TempDir;
using cornerstore::testing::conformance::MinimalAccount;

namespace {

store::InboxItem Item(const std::string& activity_uri, int64_t recipient = 0) {
  store::InboxItem item;
  item.activity_uri = activity_uri;
  item.recipient_account_id = recipient;
  item.signer_key_id = "https://remote.example/users/a#main-key";
  item.signer_uri = "https://remote.example/users/a";
  item.body = R"({"type":"Create","id":")" + activity_uri + R"("})";
  return item;
}

// A server's database and spool in a directory that outlives them, reopened at will.
class SpooledServer {
 public:
  SpooledServer() { Open(); }
  void Open() {
    federation_.reset();
    store_.reset();
    store_ = MustOpen(store::SqliteStore::Open(db_path(), &clock_));
    federation_ = std::make_unique<store::SqliteFederationStore>(store_->database());
    auto attached = federation_->AttachInboxSpool(spool_path());
    REQUIRE_MESSAGE(attached.ok(), attached.error().ToLogString());
    replayed_ = *attached;
  }
  // What kill -9 leaves: the spool file as it is, nothing flushed.
  void Crash() {
    federation_.reset();
    store_.reset();
  }
  store::SqliteFederationStore& fed() { return *federation_; }
  store::SqliteStore& store() { return *store_; }
  int64_t Queued() {
    auto n = store_->QueryIntForTesting("SELECT count(*) FROM inbox_queue");
    REQUIRE(n.ok());
    return *n;
  }
  int64_t replayed() const { return replayed_; }
  std::string db_path() const { return dir_.path() + "/cornerstore.db"; }
  std::string spool_path() const { return store::sqlite::InboxSpool::PathBeside(db_path()); }
  int64_t now() const { return clock_.NowUnix(); }

 private:
  TempDir dir_;
  testing::StoreTestClock clock_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<store::SqliteFederationStore> federation_;
  int64_t replayed_ = 0;
};

template <typename T>
T Must(Result<T> result) {
  REQUIRE_MESSAGE(result.ok(), result.error().ToLogString());
  return std::move(result).value();
}

}  // namespace

TEST_CASE("inbox spool: items wait in the spool, count as pending, and move at the next lease") {
  SpooledServer s;
  CHECK(Must(s.fed().EnqueueInbox(Item("https://remote.example/1"))));
  CHECK(Must(s.fed().EnqueueInbox(Item("https://remote.example/2"))));
  CHECK(s.Queued() == 0);  // the request thread did not wait for the writer
  CHECK(std::filesystem::file_size(s.spool_path()) > 0);
  CHECK(Must(s.fed().CountInboxPending()) == 2);

  auto leased = Must(s.fed().LeaseInbox(s.now(), 60, 1));
  REQUIRE(leased.size() == 1);
  CHECK(leased[0].activity_uri == "https://remote.example/1");  // oldest first
  CHECK(s.Queued() == 2);
  CHECK(std::filesystem::file_size(s.spool_path()) == 0);  // all moved: the file is emptied
  CHECK(Must(s.fed().CountInboxPending()) == 2);
}

TEST_CASE("inbox spool: a replay is refused whether the first copy is spooled or queued") {
  SpooledServer s;
  CHECK(Must(s.fed().EnqueueInbox(Item("https://remote.example/1"))));
  CHECK_FALSE(Must(s.fed().EnqueueInbox(Item("https://remote.example/1"))));  // in the spool
  REQUIRE(s.fed().FlushInboxSpool().ok());
  CHECK_FALSE(Must(s.fed().EnqueueInbox(Item("https://remote.example/1"))));  // in the table
  CHECK(Must(s.fed().EnqueueInbox(Item(""))));  // no id: never deduplicated
  CHECK(Must(s.fed().EnqueueInbox(Item(""))));
  REQUIRE(s.fed().FlushInboxSpool().ok());
  CHECK(s.Queued() == 3);
}

TEST_CASE("inbox spool: what a killed process spooled is queued at the next start, once") {
  SpooledServer s;
  CHECK(Must(s.fed().EnqueueInbox(Item("https://remote.example/1"))));
  CHECK(Must(s.fed().EnqueueInbox(Item(""))));
  s.Crash();
  s.Open();
  CHECK(s.replayed() == 2);
  CHECK(s.Queued() == 2);  // moved while opening, before any request
  CHECK(std::filesystem::file_size(s.spool_path()) == 0);
  s.Crash();
  s.Open();
  CHECK(s.replayed() == 0);
  CHECK(s.Queued() == 2);
}

TEST_CASE("inbox spool: records already moved are not queued again, even without an id") {
  // A process killed between the move's commit and emptying the file leaves moved records in it:
  // the move's recorded sequence number tells the next start to skip them.
  SpooledServer s;
  CHECK(Must(s.fed().EnqueueInbox(Item(""))));
  CHECK(Must(s.fed().EnqueueInbox(Item(""))));
  const std::string saved = s.spool_path() + ".saved";
  std::filesystem::copy_file(s.spool_path(), saved);
  REQUIRE(s.fed().FlushInboxSpool().ok());
  CHECK(s.Queued() == 2);
  CHECK(Must(s.fed().EnqueueInbox(Item("https://remote.example/late"))));
  s.Crash();
  // The file as that kill would have left it: the two moved records, then the late one.
  const std::string late = testing::ReadFile(s.spool_path());
  testing::WriteFile(s.spool_path(), testing::ReadFile(saved) + late);
  s.Open();
  CHECK(s.replayed() == 1);
  CHECK(s.Queued() == 3);
  // Sequence numbers go on from the highest seen, so a new record is never skipped.
  CHECK(Must(s.fed().EnqueueInbox(Item(""))));
  s.Crash();
  s.Open();
  CHECK(s.Queued() == 4);
}

TEST_CASE("inbox spool: an item for an account deleted while it was spooled is dropped") {
  SpooledServer s;
  const int64_t gone = Must(s.store().CreateAccount(MinimalAccount("gone"))).id;
  CHECK(Must(s.fed().EnqueueInbox(Item("https://remote.example/to-gone", gone))));
  CHECK(Must(s.fed().EnqueueInbox(Item("https://remote.example/shared"))));
  REQUIRE(s.store().DeleteAccount(gone).ok());
  // Had it been queued, the deletion would have removed it with the account; the move must not
  // fail on it either, or nothing behind it would ever move.
  auto leased = Must(s.fed().LeaseInbox(s.now(), 60, 10));
  REQUIRE(leased.size() == 1);
  CHECK(leased[0].activity_uri == "https://remote.example/shared");
  CHECK(std::filesystem::file_size(s.spool_path()) == 0);
}

TEST_CASE("inbox spool: concurrent enqueues and leases queue every item exactly once") {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  SpooledServer s;
  std::atomic<int> inserted{0}, duplicates{0}, errors{0};
  std::atomic<bool> sending{true};
  std::set<std::string> leased;
  std::thread leaser([&] {
    while (sending.load() || Must(s.fed().CountInboxPending()) > 0) {
      auto batch = s.fed().LeaseInbox(s.now(), 60, 16);
      if (!batch.ok()) {
        ++errors;
        continue;
      }
      for (const store::InboxItem& item : *batch) {
        if (!leased.insert(item.activity_uri).second) ++errors;  // leased twice
        if (!s.fed().CompleteInbox(item.id).ok()) ++errors;
      }
    }
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Every thread also sends one id that all threads send.
        const std::string uri =
            i == 0 ? std::string("https://remote.example/shared")
                   : "https://remote.example/" + std::to_string(t) + "/" + std::to_string(i);
        auto result = s.fed().EnqueueInbox(Item(uri));
        if (!result.ok()) {
          ++errors;
        } else if (*result) {
          ++inserted;
        } else {
          ++duplicates;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  sending = false;
  leaser.join();

  CHECK(errors == 0);
  CHECK(inserted == kThreads * (kPerThread - 1) + 1);
  CHECK(duplicates == kThreads - 1);
  CHECK(leased.size() == static_cast<size_t>(kThreads * (kPerThread - 1) + 1));
  CHECK(s.Queued() == kThreads * (kPerThread - 1) + 1);
}

TEST_CASE("inbox spool: past its byte bound the spool is moved before appending more") {
  SpooledServer s;
  store::InboxItem big = Item("");
  big.body.assign(1 << 20, 'x');
  constexpr int kFit = static_cast<int>(store::sqlite::InboxSpool::kMaxWaitingBytes >> 20);
  for (int i = 0; i <= kFit; ++i) REQUIRE(Must(s.fed().EnqueueInbox(big)));
  CHECK(s.Queued() == kFit);  // the last found the bound reached and moved the others first
  CHECK(Must(s.fed().CountInboxPending()) == kFit + 1);
}

TEST_CASE("inbox spool: a worker's claim is admitted with its outcome, in its own batch") {
  SpooledServer s;
  CHECK(Must(s.fed().EnqueueInbox(Item("https://remote.example/ok"))));
  CHECK(Must(s.fed().EnqueueInbox(Item("https://remote.example/later"))));
  CHECK(Must(s.fed().EnqueueInbox(Item(""))));
  {
    auto claim = s.fed().ClaimSpooledInbox(10);
    REQUIRE(claim != nullptr);
    const std::vector<store::InboxItem> items = claim->TakeItems();
    REQUIRE(items.size() == 3);
    CHECK(items[0].id == 0);                          // not in the queue yet
    CHECK(claim->TakeItems().empty());                // handed over once
    CHECK(s.fed().ClaimSpooledInbox(10) == nullptr);  // nothing left to claim
    CHECK(claim->AwaitTurn());
    auto batch = Must(s.fed().BeginWriteBatch());
    const int64_t done = Must(claim->AdmitDone(items[0]));
    const int64_t leased = Must(claim->AdmitLeased(items[1], s.now() + 60));
    CHECK(Must(claim->AdmitDone(items[2])) > 0);
    CHECK(done > 0);
    REQUIRE(claim->MarkMoved().ok());
    REQUIRE(batch->Commit().ok());
    claim->Committed();
    CHECK(s.Queued() == 3);
    CHECK(Must(s.store().QueryIntForTesting(
              "SELECT count(*) FROM inbox_queue WHERE state = 'done' AND body = ''")) == 2);
    CHECK(
        Must(s.store().QueryIntForTesting(
            "SELECT count(*) FROM inbox_queue WHERE state = 'processing' AND body <> '' AND id = " +
            std::to_string(leased))) == 1);
  }
  CHECK(std::filesystem::file_size(s.spool_path()) == 0);
  CHECK_FALSE(Must(s.fed().EnqueueInbox(Item("https://remote.example/ok"))));  // done: a replay
  // The leased one is the worker's, not anyone's due item; its lease runs out like any other.
  CHECK(Must(s.fed().LeaseInbox(s.now(), 60, 10)).empty());
  s.Crash();
  s.Open();
  CHECK(s.replayed() == 0);  // recorded as moved with the batch
  CHECK(s.Queued() == 3);
}

TEST_CASE(
    "inbox spool: a claim dropped without its commit is claimed again, and a replay admits "
    "nothing") {
  SpooledServer s;
  CHECK(Must(s.fed().EnqueueInbox(Item("https://remote.example/1"))));
  CHECK(Must(s.fed().EnqueueInbox(Item("https://remote.example/2"))));
  {
    auto first = s.fed().ClaimSpooledInbox(1);
    auto second = s.fed().ClaimSpooledInbox(1);
    REQUIRE(first != nullptr);
    REQUIRE(second != nullptr);
    CHECK(second->TakeItems().at(0).activity_uri == "https://remote.example/2");
    // The batch fails (it is dropped unfinished): both go back, the second voided with the first.
    auto batch = Must(s.fed().BeginWriteBatch());
    CHECK(Must(first->AdmitDone(first->TakeItems().at(0))) > 0);
    batch.reset();
    first.reset();
    CHECK_FALSE(second->AwaitTurn());
  }
  CHECK(s.Queued() == 0);
  auto again = s.fed().ClaimSpooledInbox(10);
  REQUIRE(again != nullptr);
  const std::vector<store::InboxItem> items = again->TakeItems();
  REQUIRE(items.size() == 2);
  CHECK(again->AwaitTurn());
  // Meanwhile the first one reached the table another way (two copies racing a move).
  store::SqliteFederationStore without_spool(s.store().database());
  CHECK(Must(without_spool.EnqueueInbox(items[0])));
  auto batch = Must(s.fed().BeginWriteBatch());
  CHECK(Must(again->AdmitDone(items[0])) == 0);  // nothing to do: the caller drops its effect
  CHECK(Must(again->AdmitLeased(items[1], s.now() + 60)) > 0);
  REQUIRE(again->MarkMoved().ok());
  REQUIRE(batch->Commit().ok());
  again->Committed();
  CHECK(s.Queued() == 2);
}

TEST_CASE("inbox queue without a spool: a lone enqueue commits at once and reports a replay") {
  testing::StoreTestClock clock;
  auto store = MustOpen(store::SqliteStore::Open(":memory:", &clock));
  store::SqliteFederationStore federation(store->database());
  CHECK(Must(federation.EnqueueInbox(Item("https://remote.example/1"))));
  CHECK_FALSE(Must(federation.EnqueueInbox(Item("https://remote.example/1"))));
  CHECK(Must(store->QueryIntForTesting("SELECT count(*) FROM inbox_queue")) == 1);
  CHECK(federation.FlushInboxSpool().ok());  // nothing to do
}
