// InboxSpool on its own: records replay in order with every field, a torn or corrupt tail is cut
// off, the file is emptied once everything is moved and compacted when mostly moved records.
#include "store/sqlite/inbox_spool.h"

#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "tests/support/support.h"

using namespace cornerstore;
using cornerstore::testing::TempDir;
using store::sqlite::InboxSpool;

namespace {

store::InboxItem Item(const std::string& activity_uri, size_t body_bytes = 16) {
  store::InboxItem item;
  item.activity_uri = activity_uri;
  item.recipient_account_id = 7;
  item.signer_key_id = "https://remote.example/users/a#main-key";
  item.signer_uri = "https://remote.example/users/a";
  item.body = std::string(body_bytes, 'b');
  item.received_at = 1700000000;
  item.next_attempt_at = 1700000005;
  return item;
}

std::unique_ptr<InboxSpool> MustOpen(const std::string& path, uint64_t moved_seq = 0) {
  auto spool = InboxSpool::Open(path, moved_seq);
  REQUIRE_MESSAGE(spool.ok(), spool.error().ToLogString());
  return std::move(spool).value();
}

void MustAppend(InboxSpool& spool, const store::InboxItem& item) {
  auto appended = spool.Append(item);
  REQUIRE_MESSAGE(appended.ok(), appended.error().ToLogString());
  REQUIRE(*appended);
}

int64_t FileSize(const std::string& path) {
  return static_cast<int64_t>(std::filesystem::file_size(path));
}

}  // namespace

TEST_CASE("inbox spool file: a reopened spool holds every field, in order, numbered on") {
  TempDir dir;
  const std::string path = dir.path() + "/spool";
  {
    auto spool = MustOpen(path);
    MustAppend(*spool, Item("https://remote.example/1"));
    MustAppend(*spool, Item(""));
    MustAppend(*spool, Item("https://remote.example/3", 5000));
    CHECK_FALSE(*spool->Append(Item("https://remote.example/1")));  // waiting already
    CHECK(spool->size() == 3);
  }
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);  // activities are private

  auto spool = MustOpen(path);
  auto claim = spool->ClaimOldest(10);
  REQUIRE(claim.items.size() == 3);
  CHECK(claim.first_seq == 1);
  CHECK(claim.last_seq == 3);
  const store::InboxItem want = Item("https://remote.example/3", 5000);
  const store::InboxItem& got = claim.items[2];
  CHECK(got.activity_uri == want.activity_uri);
  CHECK(got.recipient_account_id == want.recipient_account_id);
  CHECK(got.signer_key_id == want.signer_key_id);
  CHECK(got.signer_uri == want.signer_uri);
  CHECK(got.body == want.body);
  CHECK(got.received_at == want.received_at);
  CHECK(got.next_attempt_at == want.next_attempt_at);
  CHECK(claim.items[1].activity_uri.empty());
  CHECK(spool->Holds("https://remote.example/1"));  // claimed, still waiting

  MustAppend(*spool, Item("https://remote.example/4"));
  CHECK(spool->ClaimOldest(10).first_seq == 4);  // only what is not claimed yet
}

TEST_CASE("inbox spool file: records up to the moved number are not waiting after a reopen") {
  TempDir dir;
  const std::string path = dir.path() + "/spool";
  {
    auto spool = MustOpen(path);
    for (int i = 1; i <= 3; ++i)
      MustAppend(*spool, Item("https://remote.example/" + std::to_string(i)));
  }
  auto spool = MustOpen(path, /*moved_seq=*/2);
  auto claim = spool->ClaimOldest(10);
  REQUIRE(claim.items.size() == 1);
  CHECK(claim.items[0].activity_uri == "https://remote.example/3");
  CHECK_FALSE(spool->Holds("https://remote.example/1"));
  MustAppend(*spool, Item("https://remote.example/next"));
  CHECK(spool->ClaimOldest(10).last_seq == 4);

  // All moved: the file is emptied, and numbering still goes on from the moved number.
  auto all = MustOpen(dir.path() + "/other", /*moved_seq=*/41);
  MustAppend(*all, Item(""));
  CHECK(all->ClaimOldest(1).first_seq == 42);
}

TEST_CASE("inbox spool file: claims are settled in the order they were handed out") {
  TempDir dir;
  auto spool = MustOpen(dir.path() + "/spool");
  for (int i = 1; i <= 5; ++i)
    MustAppend(*spool, Item("https://remote.example/" + std::to_string(i)));
  InboxSpool::Claim older = spool->ClaimOldest(2);
  InboxSpool::Claim newer = spool->ClaimOldest(2);
  CHECK(older.first_seq == 1);
  CHECK(older.last_seq == 2);
  CHECK(newer.first_seq == 3);
  CHECK(spool->ClaimOldestIfIdle(10).items.empty());  // claims are outstanding
  CHECK(spool->AwaitTurn(older));

  // The newer one's turn comes when the older one is moved.
  std::atomic<bool> turn{false};
  std::thread waiter([&] { turn = spool->AwaitTurn(newer); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK_FALSE(turn.load());
  REQUIRE(spool->Moved(older.last_seq).ok());
  waiter.join();
  CHECK(turn.load());
  CHECK(spool->Holds("https://remote.example/3"));  // claimed, still waiting until moved

  // Handing a claim back voids those after it; all of them are claimed again, in order.
  InboxSpool::Claim last = spool->ClaimOldest(10);
  CHECK(last.first_seq == 5);
  spool->Unclaim(newer);
  CHECK_FALSE(spool->AwaitTurn(last));
  spool->Unclaim(last);  // void already: nothing changes
  InboxSpool::Claim again = spool->ClaimOldestIfIdle(10);
  CHECK(again.first_seq == 3);
  CHECK(again.last_seq == 5);
  CHECK(spool->AwaitTurn(again));
  REQUIRE(spool->Moved(again.last_seq).ok());
  CHECK(spool->size() == 0);
}

TEST_CASE("inbox spool file: a record that cannot be read back is not claimed, and stays waiting") {
  TempDir dir;
  const std::string path = dir.path() + "/spool";
  auto spool = MustOpen(path);
  MustAppend(*spool, Item("https://remote.example/1", 100));
  // Something outside the server damaged the file: the claim refuses it (logged), loses nothing.
  std::filesystem::resize_file(path, 20);
  CHECK(spool->ClaimOldest(10).items.empty());
  CHECK(spool->size() == 1);
  CHECK(spool->Holds("https://remote.example/1"));
}

TEST_CASE("inbox spool file: a torn last record is cut off and appending goes on after it") {
  TempDir dir;
  const std::string path = dir.path() + "/spool";
  {
    auto spool = MustOpen(path);
    MustAppend(*spool, Item("https://remote.example/1"));
    MustAppend(*spool, Item("https://remote.example/2"));
  }
  const std::string whole = testing::ReadFile(path);
  SUBCASE("cut mid-record") { testing::WriteFile(path, whole.substr(0, whole.size() - 10)); }
  SUBCASE("cut mid-header") {
    const std::string one = whole.substr(0, whole.size() / 2);
    testing::WriteFile(path, one + std::string(3, '\0'));
  }
  SUBCASE("corrupt last record") {
    std::string bad = whole;
    bad[bad.size() - 3] ^= 0x5a;
    testing::WriteFile(path, bad);
  }
  SUBCASE("garbage size") {
    testing::WriteFile(path, whole.substr(0, whole.size() / 2) + std::string(8, '\xff'));
  }
  {
    auto spool = MustOpen(path);
    auto claim = spool->ClaimOldest(10);
    REQUIRE(claim.items.size() == 1);
    CHECK(claim.items[0].activity_uri == "https://remote.example/1");
    CHECK(FileSize(path) == static_cast<int64_t>(whole.size() / 2));
    MustAppend(*spool, Item("https://remote.example/3"));
  }
  auto spool = MustOpen(path);
  auto claim = spool->ClaimOldest(10);
  REQUIRE(claim.items.size() == 2);
  CHECK(claim.items[1].activity_uri == "https://remote.example/3");
}

TEST_CASE("inbox spool file: emptied when all is moved, compacted when mostly moved") {
  TempDir dir;
  const std::string path = dir.path() + "/spool";
  auto spool = MustOpen(path);
  MustAppend(*spool, Item("https://remote.example/a"));
  REQUIRE(spool->Moved(1).ok());
  CHECK(spool->size() == 0);
  CHECK(FileSize(path) == 0);
  CHECK_FALSE(spool->Holds("https://remote.example/a"));

  // 5 MiB of records, then all but the last two moved: the file is rewritten with those two.
  constexpr int kRecords = 20;
  for (int i = 0; i < kRecords; ++i) {
    MustAppend(*spool, Item("https://remote.example/" + std::to_string(i), 256 << 10));
  }
  CHECK(FileSize(path) > InboxSpool::kCompactBytes);
  InboxSpool::Claim all = spool->ClaimOldest(kRecords);
  const uint64_t last = all.last_seq;
  spool->Unclaim(all);
  REQUIRE(spool->Moved(last - 2).ok());
  CHECK(spool->size() == 2);
  CHECK(FileSize(path) == static_cast<int64_t>(spool->bytes()));
  CHECK(spool->file_bytes() == FileSize(path));
  MustAppend(*spool, Item("https://remote.example/after"));  // appends to the new file
  // Read back from where the rewrite put them.
  InboxSpool::Claim waiting = spool->ClaimOldest(10);
  REQUIRE(waiting.items.size() == 3);
  CHECK(waiting.items[0].activity_uri == "https://remote.example/" + std::to_string(kRecords - 2));
  CHECK(waiting.items[1].body.size() == all.items.back().body.size());
  CHECK(waiting.items[2].activity_uri == "https://remote.example/after");

  auto reopened = MustOpen(path, last - 2);
  auto claim = reopened->ClaimOldest(10);
  REQUIRE(claim.items.size() == 3);
  CHECK(claim.first_seq == last - 1);
  CHECK(claim.items[2].activity_uri == "https://remote.example/after");
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST_CASE("inbox spool file: an append the disk refuses leaves no partial record behind") {
  // RLIMIT_FSIZE stands in for a full disk (writes past it fail with EFBIG; SIGXFSZ ignored).
  TempDir dir;
  const std::string path = dir.path() + "/spool";
  auto spool = MustOpen(path);
  MustAppend(*spool, Item("https://remote.example/1"));
  const int64_t before = FileSize(path);

  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  auto saved_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit capped = saved;
  capped.rlim_cur = static_cast<rlim_t>(before + 100);  // room for part of the next record
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &capped) == 0);
  auto refused = spool->Append(Item("https://remote.example/2", 4000));
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &saved) == 0);
  std::signal(SIGXFSZ, saved_handler);

  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kUnavailable);
  CHECK(FileSize(path) == before);
  CHECK(spool->size() == 1);
  CHECK_FALSE(spool->Holds("https://remote.example/2"));
  // Space is back: the same item is taken, and a reopen finds both records whole.
  MustAppend(*spool, Item("https://remote.example/2", 4000));
  spool.reset();
  CHECK(MustOpen(path)->size() == 2);
}
