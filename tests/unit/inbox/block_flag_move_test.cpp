// Block, Flag, Move, and types nobody handles.
#include <doctest/doctest.h>

#include <string>

#include "tests/unit/inbox/inbox_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

TEST_CASE("Block: recorded, and follows end both ways; Undo lifts it") {
  InboxHarness h;
  h.DeliverFixture(h.Alice(), "mastodon_follow.json");
  h.AddOurFollow(kAlice, store::FollowState::kAccepted);
  REQUIRE(h.FindFollow(kAlice, kShop));
  REQUIRE(h.FindFollow(kShop, kAlice));

  h.DeliverFixture(h.Alice(), "mastodon_block.json");
  auto blocked = h.federation->IsBlocked(h.shop.id, kAlice, /*by_remote=*/true);
  REQUIRE(blocked.ok());
  CHECK(*blocked);
  CHECK_FALSE(h.FindFollow(kAlice, kShop));
  CHECK_FALSE(h.FindFollow(kShop, kAlice));

  h.DeliverFixture(h.Alice(), "mastodon_undo_block.json");
  CHECK_FALSE(*h.federation->IsBlocked(h.shop.id, kAlice, /*by_remote=*/true));
  CHECK(h.CountInbox("failed") == 0);
}

TEST_CASE("Flag: a report naming our account and post is stored") {
  InboxHarness h;
  h.AddLocalPost();
  h.DeliverFixture(h.MastodonInstance(), "mastodon_flag.json");
  auto reports = h.federation->ListReports({});
  REQUIRE(reports.ok());
  REQUIRE(reports->size() == 1);
  const store::Report& report = (*reports)[0];
  CHECK(report.account_id == h.shop.id);
  CHECK(report.reporter_uri == kMastodonInstance);
  CHECK(report.content == "Spam links in every reply");
  CHECK(report.object_uris == std::vector<std::string>{kShopPost});
  CHECK(report.activity_uri == "https://mastodon.example/0c5a8d4e-6b7f-4a1e-9c2d-3e4f5a6b7c8d");

  CHECK(h.ProcessDirect(kMastodonInstance, FixtureText("mastodon_flag.json")).ok());
  CHECK(h.federation->ListReports({})->size() == 1);
}

TEST_CASE("Flag: naming nothing of ours is ignored") {
  InboxHarness h;
  json::Value flag = Fixture("mastodon_flag.json");
  flag.Set("object", json::Array{json::Value("https://gts.example/users/bob")});
  h.Deliver(h.MastodonInstance(), json::Serialize(flag));
  CHECK(h.federation->ListReports({})->empty());
  CHECK(h.CountInbox("done") == 1);
}

TEST_CASE("Move: followers move to a target that lists the source in alsoKnownAs") {
  InboxHarness h;
  h.Alice();
  h.AliceNew();
  h.AddOurFollow(kAlice, store::FollowState::kAccepted);
  h.DeliverFixture(h.Alice(), "mastodon_move.json");
  CHECK(h.CountInbox("failed") == 0);

  CHECK_FALSE(h.FindFollow(kShop, kAlice));
  auto moved = h.FindFollow(kShop, kAliceNew);
  REQUIRE(moved);
  CHECK(moved->state == store::FollowState::kPending);
  CHECK(moved->follower_account_id == h.shop.id);

  auto queued = h.QueuedDeliveries();
  REQUIRE(queued.size() == 2);
  CHECK(queued[0].first == std::string(kAliceNew) + "/inbox");
  CHECK(*queued[0].second.FindString("type") == "Follow");
  CHECK(*queued[0].second.FindString("id") == moved->follow_activity_uri);
  CHECK(*queued[0].second.FindString("object") == kAliceNew);
  CHECK(queued[1].first == std::string(kAlice) + "/inbox");
  CHECK(*queued[1].second.FindString("type") == "Undo");
  CHECK(*queued[1].second.FindObject("object")->FindString("id") ==
        std::string(kShop) + "#follows/1");

  auto notes = h.Notifications();
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].type == store::NotificationType::kMove);
  CHECK(h.federation->FindRemoteActor(kAlice)->moved_to == kAliceNew);

  // Replayed: no second Follow, no second Undo.
  const std::string before = h.Footprint();
  CHECK(h.ProcessDirect(kAlice, FixtureText("mastodon_move.json")).ok());
  CHECK(h.Footprint() == before);
}

TEST_CASE("Move: refused when the target does not claim the source") {
  InboxHarness h;
  h.Alice();
  TestActor& target = h.AliceNew();
  target.doc.Set("alsoKnownAs", json::Value::MakeArray());
  h.fetcher.RouteJson(kAliceNew, target.doc);
  h.AddOurFollow(kAlice, store::FollowState::kAccepted);
  const std::string before = h.Footprint();
  h.DeliverFixture(h.Alice(), "mastodon_move.json");
  CHECK(h.LastFailure().find("alsoKnownAs") != std::string::npos);
  CHECK(h.FindFollow(kShop, kAlice));
  CHECK(h.Footprint() == before);
}

TEST_CASE("Move: of another actor is refused") {
  InboxHarness h;
  h.AliceNew();
  h.AddOurFollow(kAlice, store::FollowState::kAccepted);
  json::Value move = Fixture("mastodon_move.json");
  move.Set("id", "https://mastodon.example/users/mallory#moves/1");
  move.Set("actor", "https://mastodon.example/users/mallory");
  h.Deliver(h.Mallory(), json::Serialize(move));
  CHECK(h.LastFailure().find("Move of another actor") != std::string::npos);
  CHECK(h.FindFollow(kShop, kAlice));
}

TEST_CASE("unknown types are logged and counted, not errors") {
  InboxHarness h;
  for (const char* type : {"Listen", "Arrive", "Add", "Add", "QuoteRequest"}) {
    json::Value a;
    a.Set("id", std::string(kAlice) + "#" + type + std::to_string(h.clock.NowUnix()));
    a.Set("type", type);
    a.Set("actor", kAlice);
    a.Set("object", "https://mastodon.example/x");
    h.clock.Advance(1);
    CHECK(h.Deliver(h.Alice(), json::Serialize(a)).status == 202);
  }
  CHECK(h.CountInbox("done") == 5);
  CHECK(h.CountInbox("failed") == 0);
  InboxStats stats = h.processor->Stats();
  CHECK(stats.unknown == 5);
  CHECK(stats.unknown_types["Add"] == 2);
  CHECK(stats.unknown_types["QuoteRequest"] == 1);
}
