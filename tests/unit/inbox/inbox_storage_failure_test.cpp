// A full disk (or an I/O error, or a busy database) while an accepted activity is processed is
// transient and never a reason to give up: the item is retried, past kMaxAttempts, until the
// storage works again.
#include <doctest/doctest.h>
#include <sqlite3.h>

#include <memory>
#include <string>

#include "store/sqlite/errors.h"
#include "tests/unit/inbox/inbox_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

namespace {

// Fails every Follow with `code` until `failures` attempts have failed, then accepts it.
class FlakyStorageHandler final : public ActivityHandler {
 public:
  FlakyStorageHandler(int code, int failures) : code_(code), failures_left_(failures) {}
  Status Authorize(const Activity&) const override { return OkStatus(); }
  Status Apply(const Activity&, const store::InboxItem&, HandlerContext&) const override {
    if (failures_left_ > 0) {
      --failures_left_;
      return store::sqlite::ErrorFromSqlite(code_, "INSERT INTO notifications");
    }
    ++applied_;
    return OkStatus();
  }
  int applied() const { return applied_; }

 private:
  const int code_;
  mutable int failures_left_;
  mutable int applied_ = 0;
};

}  // namespace

TEST_CASE("inbox errors: a full disk, an I/O error or a busy database is transient storage") {
  for (int code : {SQLITE_FULL, SQLITE_IOERR, SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC, SQLITE_BUSY,
                   SQLITE_LOCKED, SQLITE_NOMEM}) {
    CAPTURE(code);
    Error error = store::sqlite::ErrorFromSqlite(code, "detail");
    CHECK(IsTransientInboxError(error));
    CHECK(IsStorageInboxError(error));
  }
  // A remote peer being unavailable is transient but not ours: it is given up in the end.
  Error remote = MakeError(ErrorCode::kUnavailable, "remote server busy", "503");
  CHECK(IsTransientInboxError(remote));
  CHECK_FALSE(IsStorageInboxError(remote));
  CHECK_FALSE(IsStorageInboxError(MakeError(ErrorCode::kTimeout, "did not answer in time")));
  // A corrupt database or a constraint is no storage outage.
  CHECK_FALSE(IsTransientInboxError(store::sqlite::ErrorFromSqlite(SQLITE_CORRUPT, "")));
  CHECK_FALSE(IsStorageInboxError(store::sqlite::ErrorFromSqlite(SQLITE_CONSTRAINT_UNIQUE, "")));
}

TEST_CASE("inbox worker: a full disk is retried past kMaxAttempts, then processed once") {
  InboxHarness h;
  const int failures = InboxWorkerOptions::kMaxAttempts + 2;
  HandlerTable table;
  auto handler = std::make_unique<FlakyStorageHandler>(SQLITE_FULL, failures);
  const FlakyStorageHandler& flaky = *handler;
  table.emplace("Follow", std::move(handler));
  InboxProcessor processor(
      HandlerContext{*h.accounts, *h.federation, *h.actors, h.uris, h.clock, h.sanitize},
      std::move(table));
  InboxWorker worker(*h.federation, processor, h.clock);
  REQUIRE(h.PostFixture(h.Alice(), "mastodon_follow.json").status == 202);

  for (int attempt = 1; attempt <= failures; ++attempt) {
    CAPTURE(attempt);
    REQUIRE(worker.RunOnce() == 1);
    CHECK(h.CountInbox("queued") == 1);
    CHECK(h.CountInbox("failed") == 0);
    CHECK(h.Int("SELECT next_attempt_at FROM inbox_queue") ==
          h.clock.NowUnix() + InboxWorkerOptions::kStorageRetryDelaySeconds);
    CHECK(worker.RunOnce() == 0);  // not due yet
    h.clock.Advance(InboxWorkerOptions::kStorageRetryDelaySeconds);
  }
  CHECK(worker.RunOnce() == 1);
  CHECK(h.CountInbox("done") == 1);
  CHECK(flaky.applied() == 1);
  CHECK(processor.Stats().transient_failures == failures);
  CHECK(processor.Stats().permanent_failures == 0);
}
