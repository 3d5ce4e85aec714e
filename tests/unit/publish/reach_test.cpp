// Who hears of a post beyond its followers: remote actors who boosted or liked it hear of its
// edit and deletion, and local accounts it mentions, answers or is followed by hear of it
// without any delivery.
#include <doctest/doctest.h>

#include <algorithm>

#include "activitypub/publish/activities.h"
#include "tests/unit/publish/publish_harness.h"

namespace cornerstore::testing {
namespace {

using activitypub::PostRequest;
using store::Visibility;

// `actor_id` (a remote fixture actor) reacted to `object_uri` as its inbox would record it.
void AddRemoteReaction(PublishHarness& h, store::ReactionType type, const std::string& actor_id,
                       const std::string& object_uri) {
  REQUIRE(h.actors->Resolve(actor_id).ok());
  store::Reaction reaction;
  reaction.type = type;
  reaction.activity_uri = actor_id + "#reaction/" + std::to_string(static_cast<int>(type));
  reaction.actor_uri = actor_id;
  reaction.object_uri = object_uri;
  auto added = h.federation->AddReaction(reaction);
  REQUIRE_MESSAGE(added.ok(), added.error().ToLogString());
}

// Notifications of `account_id`, as "type actor object".
std::vector<std::string> NotificationsOf(PublishHarness& h, int64_t account_id) {
  auto rows = h.federation->ListNotifications(account_id, {});
  REQUIRE_MESSAGE(rows.ok(), rows.error().ToLogString());
  std::vector<std::string> out;
  for (const store::Notification& n : *rows) {
    out.push_back(std::string(store::NotificationTypeName(n.type)) + " " + n.actor_uri + " " +
                  n.object_uri);
  }
  return out;
}

std::vector<std::string> TimelineOf(PublishHarness& h, int64_t account_id) {
  auto rows = h.federation->ListTimeline(account_id, {});
  REQUIRE_MESSAGE(rows.ok(), rows.error().ToLogString());
  std::vector<std::string> out;
  for (const store::StoredObject& o : *rows) out.push_back(o.uri);
  return out;
}

// Local `follower` follows shop (accepted).
void AddLocalFollower(PublishHarness& h, const store::Account& follower) {
  store::Follow follow;
  follow.follower_uri = h.uris.Actor(follower.username);
  follow.follower_account_id = follower.id;
  follow.followed_uri = kShopActor;
  follow.followed_account_id = h.shop.id;
  follow.state = store::FollowState::kAccepted;
  follow.follow_activity_uri = follow.follower_uri + "#follows/1";
  REQUIRE(h.federation->PutFollow(follow).ok());
}

TEST_CASE("a delete reaches the remote actors who boosted or liked the post, once per inbox") {
  PublishHarness h;
  h.AddFollower(kAliceId);
  PostRequest request;
  request.text = "sale!";
  store::StoredObject post = h.MustPost(request);
  h.NewJobs();
  // bob boosted and liked it, carol liked it; neither follows shop; alice (a follower) liked it.
  AddRemoteReaction(h, store::ReactionType::kAnnounce, kBobId, post.uri);
  AddRemoteReaction(h, store::ReactionType::kLike, kBobId, post.uri);
  AddRemoteReaction(h, store::ReactionType::kLike, kCarolId, post.uri);
  AddRemoteReaction(h, store::ReactionType::kLike, kAliceId, post.uri);

  REQUIRE(h.service->Delete(h.shop, post.uri).ok());
  auto jobs = h.NewJobs();
  CHECK(jobs.size() == 3);  // one job per inbox: shared inboxes preferred, no duplicates
  CHECK(PublishHarness::Inboxes(jobs) ==
        std::set<std::string>{kMastodonShared, kGtsShared, kMisskeyShared});
  json::Value del = PublishHarness::Activity(jobs);
  CHECK(*del.FindString("type") == "Delete");
  CHECK(*del.Find("object")->FindString("id") == post.uri);
  // The tombstone took the reactions with it.
  CHECK(h.federation->CountReactions(post.uri, store::ReactionType::kLike).value() == 0);
}

TEST_CASE("a delete of a followers-only post still reaches those who reacted") {
  PublishHarness h;
  PostRequest request;
  request.text = "members only";
  request.visibility = Visibility::kFollowers;
  store::StoredObject post = h.MustPost(request);
  AddRemoteReaction(h, store::ReactionType::kLike, kBobId, post.uri);
  REQUIRE(h.service->Delete(h.shop, post.uri).ok());
  CHECK(PublishHarness::Inboxes(h.NewJobs()) == std::set<std::string>{kGtsShared});
}

TEST_CASE("an edit reaches boosters of a public post, but not reactors of a private one") {
  PublishHarness h;
  PostRequest request;
  request.text = "open at 9";
  store::StoredObject open = h.MustPost(request);
  request.visibility = Visibility::kFollowers;
  store::StoredObject members = h.MustPost(request);
  AddRemoteReaction(h, store::ReactionType::kAnnounce, kBobId, open.uri);
  AddRemoteReaction(h, store::ReactionType::kLike, kCarolId, members.uri);
  h.NewJobs();

  REQUIRE(h.service->Edit(h.shop, open.uri, "open at 10", "").ok());
  auto jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kGtsShared});
  CHECK(*PublishHarness::Activity(jobs).FindString("type") == "Update");

  // A followers-only post's Update stays with its audience (Mastodon's distributable rule).
  REQUIRE(h.service->Edit(h.shop, members.uri, "open at 10", "").ok());
  CHECK(h.NewJobs().empty());
}

TEST_CASE("a local mention notifies once, keeps the Mention tag and cc, and delivers nothing") {
  PublishHarness h;
  store::Account cafe = h.CreateAccount("cafe");
  PostRequest request;
  request.text = "hi @cafe@shop.example and @cafe again, and me @shop";
  store::StoredObject post = h.MustPost(request);

  const std::string cafe_actor = h.uris.Actor("cafe");
  CHECK(std::find(post.cc.begin(), post.cc.end(), cafe_actor) != post.cc.end());
  json::Value note = activitypub::publish::NoteToJson(post, h.shop, h.uris);
  bool tagged = false;
  for (const json::Value& tag : note.Find("tag")->AsArray()) {
    if (*tag.FindString("type") == "Mention" && *tag.FindString("href") == cafe_actor) {
      tagged = true;
    }
  }
  CHECK(tagged);
  CHECK(h.NewJobs().empty());  // no delivery to our own inboxes

  CHECK(NotificationsOf(h, cafe.id) ==
        std::vector<std::string>{"mention " + std::string(kShopActor) + " " + post.uri});
  CHECK(TimelineOf(h, cafe.id) == std::vector<std::string>{post.uri});
  // The author does not hear of its own mention.
  CHECK(NotificationsOf(h, h.shop.id).empty());
  CHECK(TimelineOf(h, h.shop.id).empty());

  // An edit keeps the one notification.
  REQUIRE(h.service->Edit(h.shop, post.uri, "hi @cafe, edited", "").ok());
  CHECK(NotificationsOf(h, cafe.id).size() == 1);
}

TEST_CASE("a reply to a local post notifies its author; local followers see posts at home") {
  PublishHarness h;
  store::Account cafe = h.CreateAccount("cafe");
  store::Account bakery = h.CreateAccount("bakery");
  AddLocalFollower(h, bakery);
  PostRequest bread;
  bread.text = "fresh bread at noon";
  auto theirs = h.service->Post(cafe, bread);
  REQUIRE(theirs.ok());

  PostRequest reply;
  reply.text = "we'll come by";
  reply.in_reply_to = theirs->uri;
  store::StoredObject answer = h.MustPost(reply);
  CHECK(NotificationsOf(h, cafe.id) ==
        std::vector<std::string>{"reply " + std::string(kShopActor) + " " + answer.uri});
  CHECK(TimelineOf(h, cafe.id) == std::vector<std::string>{answer.uri});
  CHECK(TimelineOf(h, bakery.id) == std::vector<std::string>{answer.uri});
  CHECK(NotificationsOf(h, bakery.id).empty());

  // A direct post reaches only whom it mentions, not followers.
  PostRequest direct;
  direct.text = "@cafe psst";
  direct.visibility = Visibility::kDirect;
  store::StoredObject secret = h.MustPost(direct);
  CHECK(TimelineOf(h, bakery.id) == std::vector<std::string>{answer.uri});
  CHECK(TimelineOf(h, cafe.id) == std::vector<std::string>{secret.uri, answer.uri});

  // An account that blocked shop hears nothing.
  store::Block block;
  block.account_id = cafe.id;
  block.actor_uri = kShopActor;
  block.activity_uri = h.uris.Actor("cafe") + "#blocks/1";
  REQUIRE(h.federation->AddBlock(block).ok());
  PostRequest blocked;
  blocked.text = "@cafe hello?";
  h.MustPost(blocked);
  CHECK(NotificationsOf(h, cafe.id).size() == 2);
}

}  // namespace
}  // namespace cornerstore::testing
