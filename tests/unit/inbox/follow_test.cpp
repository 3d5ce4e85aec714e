// Follow, Undo(Follow), and Accept/Reject of Follows we sent, with payloads from Mastodon,
// GoToSocial, Misskey and snac.
#include <doctest/doctest.h>

#include <string>

#include "activitypub/outgoing/follow_activities.h"
#include "tests/unit/inbox/inbox_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

namespace {

const std::string kMastodonFollowId =
    "https://mastodon.example/2f4a0a0e-5c3a-4bb3-9d6a-2b6c7e1f0a11";

}  // namespace

TEST_CASE("Follow: accepted at once, Accept(Follow) queued to the follower's personal inbox") {
  InboxHarness h;
  CHECK(h.DeliverFixture(h.Alice(), "mastodon_follow.json").status == 202);
  CHECK(h.CountInbox("done") == 1);

  auto follow = h.FindFollow(kAlice, kShop);
  REQUIRE(follow);
  CHECK(follow->state == store::FollowState::kAccepted);
  CHECK(follow->followed_account_id == h.shop.id);
  CHECK(follow->follower_account_id == 0);
  CHECK(follow->follow_activity_uri == kMastodonFollowId);

  auto jobs = h.federation->LeaseDeliveries(h.clock.NowUnix(), 60, 10);
  REQUIRE(jobs.ok());
  REQUIRE(jobs->size() == 1);
  const store::DeliveryJob& job = (*jobs)[0];
  CHECK(job.inbox_url == std::string(kAlice) + "/inbox");  // personal, not the shared inbox
  CHECK(job.host == "mastodon.example");
  CHECK(job.signer_account_id == h.shop.id);
  CHECK(job.signer_key_id == std::string(kShop) + "#main-key");
  auto accept = json::Parse(job.activity_json);
  REQUIRE(accept.ok());
  CHECK(*accept->FindString("type") == "Accept");
  CHECK(*accept->FindString("actor") == kShop);
  CHECK(*accept->FindString("id") == AcceptFollowId(kShop, kMastodonFollowId));
  CHECK(job.activity_uri == *accept->FindString("id"));
  const json::Value* embedded = accept->FindObject("object");
  REQUIRE(embedded != nullptr);
  CHECK(*embedded->FindString("id") == kMastodonFollowId);
  CHECK(*embedded->FindString("actor") == kAlice);
  CHECK(*embedded->FindString("object") == kShop);

  auto notes = h.Notifications();
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].type == store::NotificationType::kFollow);
  CHECK(notes[0].actor_uri == kAlice);
}

TEST_CASE("Follow: processing the same item twice changes nothing the second time") {
  InboxHarness h;
  h.Alice();
  REQUIRE(h.PostFixture(h.Alice(), "mastodon_follow.json").status == 202);
  h.Drain();
  const std::string before = h.Footprint();
  CHECK(h.ProcessDirect(kAlice, FixtureText("mastodon_follow.json")).ok());
  CHECK(h.Footprint() == before);
}

TEST_CASE("Follow: a repeated Follow from a follower is accepted again") {
  InboxHarness h;
  h.DeliverFixture(h.Alice(), "mastodon_follow.json");
  json::Value again = Fixture("mastodon_follow.json");
  again.Set("id", "https://mastodon.example/9b8c7d6e-0000-4000-8000-000000000002");
  h.clock.Advance(3600);
  CHECK(h.Deliver(h.Alice(), json::Serialize(again)).status == 202);

  CHECK(h.Int("SELECT count(*) FROM follows") == 1);
  CHECK(h.CountDeliveries() == 2);  // a second Accept, for the new Follow id
  CHECK(h.FindFollow(kAlice, kShop)->follow_activity_uri ==
        "https://mastodon.example/9b8c7d6e-0000-4000-8000-000000000002");
  CHECK(h.Notifications().size() == 1);  // the follower is not new
}

TEST_CASE("Follow: an account that approves by hand gets a pending request") {
  InboxHarness h;
  store::Account bakery = h.CreateAccount("bakery", /*manual=*/true);
  json::Value follow = Fixture("mastodon_follow.json");
  follow.Set("object", "https://shop.example/users/bakery");
  h.Deliver(h.Alice(), json::Serialize(follow));

  auto row = h.FindFollow(kAlice, "https://shop.example/users/bakery");
  REQUIRE(row);
  CHECK(row->state == store::FollowState::kPending);
  CHECK(h.CountDeliveries() == 0);
  auto notes = h.Notifications(bakery.id);
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].type == store::NotificationType::kFollowRequest);
}

TEST_CASE("Follow: an actor the account blocked gets a Reject and no follow") {
  InboxHarness h;
  store::Block block;
  block.account_id = h.shop.id;
  block.actor_uri = kAlice;
  block.created_at = h.clock.NowUnix();
  REQUIRE(h.federation->AddBlock(block).ok());
  h.DeliverFixture(h.Alice(), "mastodon_follow.json");
  CHECK_FALSE(h.FindFollow(kAlice, kShop));
  auto queued = h.QueuedDeliveries();
  REQUIRE(queued.size() == 1);
  CHECK(*queued[0].second.FindString("type") == "Reject");
  CHECK(queued[0].first == std::string(kAlice) + "/inbox");
  CHECK(h.Notifications().empty());
}

TEST_CASE("Follow: GoToSocial, Misskey and snac follows") {
  InboxHarness h;
  CHECK(h.DeliverFixture(h.Bob(), "gotosocial_follow.json").status == 202);
  CHECK(h.DeliverFixture(h.Carol(), "misskey_follow.json").status == 202);
  CHECK(h.DeliverFixture(h.Dave(), "snac_follow.json").status == 202);
  for (const char* follower : {kBob, kCarol, kDave}) {
    CAPTURE(follower);
    auto follow = h.FindFollow(follower, kShop);
    REQUIRE(follow);
    CHECK(follow->state == store::FollowState::kAccepted);
  }
  auto inboxes = h.QueuedDeliveries();
  REQUIRE(inboxes.size() == 3);
  CHECK(inboxes[0].first == std::string(kBob) + "/inbox");
  CHECK(inboxes[1].first == std::string(kCarol) + "/inbox");
  CHECK(inboxes[2].first == std::string(kDave) + "/inbox");
  auto followers = h.federation->FollowerInboxes(h.shop.id);
  REQUIRE(followers.ok());
  CHECK(followers->size() == 3);  // shared inboxes
}

TEST_CASE("Follow: of an account that does not exist is recorded as failed") {
  InboxHarness h;
  json::Value follow = Fixture("mastodon_follow.json");
  follow.Set("object", "https://shop.example/users/nobody");
  CHECK(h.Deliver(h.Alice(), json::Serialize(follow)).status == 202);
  CHECK(h.CountInbox("failed") == 1);
  CHECK(h.LastFailure().find("no such account") != std::string::npos);
  CHECK(h.Int("SELECT count(*) FROM follows") == 0);
}

TEST_CASE("Undo(Follow): by the follower ends the follow (Mastodon, Misskey)") {
  InboxHarness h;
  h.DeliverFixture(h.Alice(), "mastodon_follow.json");
  h.DeliverFixture(h.Carol(), "misskey_follow.json");
  REQUIRE(h.FindFollow(kAlice, kShop));
  REQUIRE(h.FindFollow(kCarol, kShop));
  h.DeliverFixture(h.Alice(), "mastodon_undo_follow.json");
  h.DeliverFixture(h.Carol(), "misskey_undo_follow.json");
  CHECK_FALSE(h.FindFollow(kAlice, kShop));
  CHECK_FALSE(h.FindFollow(kCarol, kShop));
  CHECK(h.CountInbox("failed") == 0);
  // Replayed: nothing left to undo, nothing fails.
  CHECK(h.ProcessDirect(kAlice, FixtureText("mastodon_undo_follow.json")).ok());
}

TEST_CASE("Undo(Follow): of another actor's Follow is refused") {
  InboxHarness h;
  h.DeliverFixture(h.Alice(), "mastodon_follow.json");
  h.Mallory();
  const std::string before = h.Footprint();

  SUBCASE("embedded Follow by Alice, Undo by Mallory") {
    json::Value undo = Fixture("mastodon_undo_follow.json");
    undo.Set("id", "https://mastodon.example/users/mallory#undo/1");
    undo.Set("actor", "https://mastodon.example/users/mallory");
    h.Deliver(h.Mallory(), json::Serialize(undo));
    CHECK(h.LastFailure().find("another actor") != std::string::npos);
  }
  SUBCASE("Mallory claims Alice's Follow id as her own") {
    json::Value undo = Fixture("mastodon_undo_follow.json");
    undo.Set("id", "https://mastodon.example/users/mallory#undo/2");
    undo.Set("actor", "https://mastodon.example/users/mallory");
    undo.Find("object")->Set("actor", "https://mastodon.example/users/mallory");
    h.Deliver(h.Mallory(), json::Serialize(undo));
    CHECK(h.LastFailure().find("Undo of another actor's Follow") != std::string::npos);
  }
  SUBCASE("a bare IRI of Alice's Follow") {
    json::Value undo;
    undo.Set("id", "https://mastodon.example/users/mallory#undo/3");
    undo.Set("type", "Undo");
    undo.Set("actor", "https://mastodon.example/users/mallory");
    undo.Set("object", kMastodonFollowId);
    h.Deliver(h.Mallory(), json::Serialize(undo));
    CHECK(h.CountInbox("failed") == 1);
  }
  CHECK(h.FindFollow(kAlice, kShop));
  CHECK(h.Footprint() == before);
}

TEST_CASE("Accept(Follow): matches the Follow we sent (Mastodon, GoToSocial)") {
  InboxHarness h;
  SUBCASE("Mastodon") {
    h.AddOurFollow(kAlice);
    h.DeliverFixture(h.Alice(), "mastodon_accept_follow.json");
    CHECK(h.FindFollow(kShop, kAlice)->state == store::FollowState::kAccepted);
  }
  SUBCASE("GoToSocial") {
    h.AddOurFollow(kBob);
    h.DeliverFixture(h.Bob(), "gotosocial_accept_follow.json");
    CHECK(h.FindFollow(kShop, kBob)->state == store::FollowState::kAccepted);
  }
  SUBCASE("an embedded Follow without id, whose actor is ours") {
    h.AddOurFollow(kAlice);
    json::Value accept = Fixture("mastodon_accept_follow.json");
    accept.Find("object")->Erase("id");
    h.Deliver(h.Alice(), json::Serialize(accept));
    CHECK(h.FindFollow(kShop, kAlice)->state == store::FollowState::kAccepted);
  }
  SUBCASE("the Follow's id as a bare IRI") {
    h.AddOurFollow(kAlice);
    json::Value accept = Fixture("mastodon_accept_follow.json");
    accept.Set("object", std::string(kShop) + "#follows/1");
    h.Deliver(h.Alice(), json::Serialize(accept));
    CHECK(h.FindFollow(kShop, kAlice)->state == store::FollowState::kAccepted);
  }
  CHECK(h.CountInbox("failed") == 0);
}

TEST_CASE("Accept(Follow): for a Follow never sent, or by someone not followed, is refused") {
  InboxHarness h;
  SUBCASE("never sent") {
    h.Alice();
    const std::string before = h.Footprint();
    h.DeliverFixture(h.Alice(), "mastodon_accept_follow.json");
    CHECK(h.LastFailure().find("Follow never sent") != std::string::npos);
    CHECK(h.Footprint() == before);
  }
  SUBCASE("Mallory accepts our Follow of Alice") {
    h.AddOurFollow(kAlice);
    json::Value accept = Fixture("mastodon_accept_follow.json");
    accept.Set("id", "https://mastodon.example/users/mallory#accepts/1");
    accept.Set("actor", "https://mastodon.example/users/mallory");
    accept.Find("object")->Erase("object");
    h.Deliver(h.Mallory(), json::Serialize(accept));
    CHECK(h.LastFailure().find("not followed") != std::string::npos);
    CHECK(h.FindFollow(kShop, kAlice)->state == store::FollowState::kPending);
  }
  SUBCASE("an Accept of a Follow of someone else") {
    h.AddOurFollow(kAlice);
    json::Value accept = Fixture("mastodon_accept_follow.json");
    accept.Set("id", "https://mastodon.example/users/mallory#accepts/2");
    accept.Set("actor", "https://mastodon.example/users/mallory");
    h.Deliver(h.Mallory(), json::Serialize(accept));
    CHECK(h.CountInbox("failed") == 1);
    CHECK(h.FindFollow(kShop, kAlice)->state == store::FollowState::kPending);
  }
}

TEST_CASE("Reject(Follow): ends the follow we sent") {
  InboxHarness h;
  h.AddOurFollow(kAlice, store::FollowState::kAccepted);
  h.DeliverFixture(h.Alice(), "mastodon_reject_follow.json");
  CHECK_FALSE(h.FindFollow(kShop, kAlice));
  CHECK(h.CountInbox("failed") == 0);
}
