// InboxWorker: transient failures retried with backoff, permanent ones recorded, attempts
// bounded; threads woken by the endpoint's notify.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include "tests/unit/inbox/inbox_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

namespace {

bool WaitFor(const std::function<bool()>& condition,
             std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return condition();
}

// Posts, from Alice, a reply that mentions us (store only) and a Move whose target must be
// fetched first (the network, so not inside a batch), with what both need in place.
void PostReplyAndMove(InboxHarness& h) {
  h.AddLocalPost();
  h.Alice();
  h.AddOurFollow(kAlice, store::FollowState::kAccepted);
  h.AliceNew();
  h.fetcher.ClearRequests();
  CHECK(h.PostFixture(h.Alice(), "mastodon_create_reply.json").status == 202);
  CHECK(h.PostFixture(h.Alice(), "mastodon_move.json").status == 202);
}

}  // namespace

TEST_CASE("inbox worker: the retry delay triples from 30 s and is capped") {
  CHECK(InboxRetryDelaySeconds(1) == 30);
  CHECK(InboxRetryDelaySeconds(2) == 90);
  CHECK(InboxRetryDelaySeconds(3) == 270);
  CHECK(InboxRetryDelaySeconds(8) == InboxWorkerOptions::kMaxRetryDelaySeconds);
  CHECK(InboxRetryDelaySeconds(1000) == InboxWorkerOptions::kMaxRetryDelaySeconds);
}

TEST_CASE("inbox worker: a fetch that fails is retried after the backoff, then succeeds") {
  InboxHarness h;
  h.Alice();
  h.AddOurFollow(kAlice, store::FollowState::kAccepted);
  h.fetcher.Route(kAliceNew, FakeHttpFetcher::Unreachable());  // the Move target is down
  CHECK(h.PostFixture(h.Alice(), "mastodon_move.json").status == 202);

  CHECK(h.worker->RunOnce() == 1);
  CHECK(h.CountInbox("queued") == 1);
  CHECK(h.Int("SELECT attempts FROM inbox_queue") == 1);
  CHECK(h.Int("SELECT next_attempt_at FROM inbox_queue") == h.clock.NowUnix() + 30);
  CHECK(h.processor->Stats().transient_failures == 1);
  CHECK(h.worker->RunOnce() == 0);  // not due yet
  CHECK(h.FindFollow(kShop, kAlice));

  h.AliceNew();  // back up
  h.clock.Advance(30);
  CHECK(h.worker->RunOnce() == 1);
  CHECK(h.CountInbox("done") == 1);
  CHECK(h.FindFollow(kShop, kAliceNew));
}

TEST_CASE("inbox worker: transient failures give up after kMaxAttempts") {
  InboxHarness h;
  h.Alice();
  h.fetcher.Route(kAliceNew, FakeHttpFetcher::Timeout());
  h.PostFixture(h.Alice(), "mastodon_move.json");
  for (int attempt = 1; attempt <= InboxWorkerOptions::kMaxAttempts; ++attempt) {
    CAPTURE(attempt);
    REQUIRE(h.worker->RunOnce() == 1);
    h.clock.Advance(InboxRetryDelaySeconds(attempt));
  }
  CHECK(h.CountInbox("failed") == 1);
  CHECK(h.LastFailure().find("did not answer in time") != std::string::npos);
  CHECK(h.worker->RunOnce() == 0);
}

TEST_CASE("inbox worker: a permanent failure is recorded with its reason, not retried") {
  InboxHarness h;
  h.DeliverFixture(h.Alice(), "mastodon_accept_follow.json");
  CHECK(h.CountInbox("failed") == 1);
  CHECK(h.LastFailure().find("Follow never sent") != std::string::npos);
  CHECK(h.processor->Stats().permanent_failures == 1);
  h.clock.Advance(24 * 3600);
  CHECK(h.worker->RunOnce() == 0);
}

TEST_CASE("inbox worker: an item leased by a worker that died is taken again") {
  InboxHarness h;
  h.PostFixture(h.Alice(), "mastodon_follow.json");
  auto leased = h.federation->LeaseInbox(h.clock.NowUnix(), InboxWorkerOptions::kLeaseSeconds, 10);
  REQUIRE(leased.ok());
  REQUIRE(leased->size() == 1);
  CHECK(h.worker->RunOnce() == 0);
  h.clock.Advance(InboxWorkerOptions::kLeaseSeconds + 1);
  CHECK(h.worker->RunOnce() == 1);
  CHECK(h.FindFollow(kAlice, kShop));
}

TEST_CASE("inbox worker threads: woken by the endpoint's notify, stopped cleanly") {
  InboxHarness h;
  InboxWorkerOptions options;
  options.threads = 2;
  InboxWorker threaded(*h.federation, *h.processor, h.clock, options);
  h.endpoint = std::make_unique<InboxEndpoint>(*h.accounts, *h.federation, *h.keys, h.uris, h.clock,
                                               InboxLimits{}, VerificationPolicy{},
                                               [&threaded] { threaded.Notify(); });
  threaded.Start();
  threaded.Start();  // idempotent
  CHECK(h.PostFixture(h.Alice(), "mastodon_follow.json").status == 202);
  CHECK(h.PostFixture(h.Carol(), "misskey_follow.json").status == 202);
  CHECK(WaitFor([&] { return h.CountInbox("done") == 2; }));
  threaded.Stop();
  threaded.Stop();  // idempotent
  CHECK(h.FindFollow(kAlice, kShop));
  CHECK(h.FindFollow(kCarol, kShop));
}

TEST_CASE("inbox worker: items leased together share one batch; one needing a fetch goes alone") {
  InboxHarness h;
  // Queued together, leased in one round.
  PostReplyAndMove(h);

  CHECK(h.worker->RunOnce() == 2);
  CHECK(h.CountInbox("done") == 2);
  CHECK(h.FindObject("https://mastodon.example/users/alice/statuses/111222333444555666"));
  CHECK(h.Notifications().size() == 2);   // the mention and the move, once each
  CHECK(h.FindFollow(kShop, kAliceNew));  // the Move, applied after the batch
  // Fetched once, outside the batch: the refused attempt never reached the network.
  CHECK(h.fetcher.RequestsTo(kAliceNew).size() == 1);
  // Each item counted once, though the Move was tried twice.
  CHECK(h.processor->Stats().processed == 2);
}

TEST_CASE(
    "inbox worker: spooled items are admitted with their outcome in the batch that applies "
    "them") {
  TempDir dir;
  InboxHarness h;
  REQUIRE(h.federation->AttachInboxSpool(dir.path() + "/spool").ok());
  // Spooled, then claimed in one round: with the reply and the Move, an activity whose id is on
  // another host (a permanent failure).
  PostReplyAndMove(h);
  CHECK(h.Post(h.Alice(), R"({"@context":"https://www.w3.org/ns/activitystreams",
    "id":"https://elsewhere.example/activities/1","type":"Like",
    "actor":"https://mastodon.example/users/alice","object":")" +
                              std::string(kShopPost) + R"("})")
            .status == 202);
  CHECK(h.CountInbox("queued") == 0);  // all three wait in the spool

  CHECK(h.worker->RunOnce() == 3);
  CHECK(h.CountInbox("done") == 2);
  CHECK(h.FindObject("https://mastodon.example/users/alice/statuses/111222333444555666"));
  CHECK(h.FindFollow(kShop, kAliceNew));  // the Move, applied after the batch
  CHECK(h.fetcher.RequestsTo(kAliceNew).size() == 1);
  // The failure is recorded with its reason and its body, for the operator.
  auto failed = h.federation->ListFailedInbox({});
  REQUIRE(failed.ok());
  REQUIRE(failed->size() == 1);
  CHECK(failed->front().last_error.find("not on the actor's host") != std::string::npos);
  CHECK(failed->front().body.find("elsewhere.example") != std::string::npos);
  CHECK(h.processor->Stats().processed == 2);
  CHECK(h.processor->Stats().permanent_failures == 1);
  CHECK(std::filesystem::file_size(dir.path() + "/spool") == 0);  // all moved
  CHECK(h.worker->RunOnce() == 0);

  // A replay of an applied activity is refused at the door, as for a queued one.
  CHECK(h.PostFixture(h.Alice(), "mastodon_create_reply.json").status == 202);
  CHECK(h.worker->RunOnce() == 0);
  CHECK(h.CountInbox("done") == 2);
}
