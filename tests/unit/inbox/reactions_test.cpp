// Like, EmojiReact, Announce of our posts, and their Undo.
#include <doctest/doctest.h>

#include <string>

#include "tests/unit/inbox/inbox_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

namespace {

int64_t Count(InboxHarness& h, store::ReactionType type) {
  auto n = h.federation->CountReactions(kShopPost, type);
  REQUIRE(n.ok());
  return *n;
}

}  // namespace

TEST_CASE("Like: of our post is stored once and notifies; Undo by the liker removes it") {
  InboxHarness h;
  h.AddLocalPost();
  h.DeliverFixture(h.Alice(), "mastodon_like.json");
  CHECK(Count(h, store::ReactionType::kLike) == 1);
  auto notes = h.Notifications();
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].type == store::NotificationType::kFavourite);
  CHECK(notes[0].object_uri == kShopPost);

  const std::string before = h.Footprint();
  CHECK(h.ProcessDirect(kAlice, FixtureText("mastodon_like.json")).ok());
  CHECK(h.Footprint() == before);

  h.DeliverFixture(h.Alice(), "mastodon_undo_like.json");
  CHECK(Count(h, store::ReactionType::kLike) == 0);
  CHECK(h.CountInbox("failed") == 0);
}

TEST_CASE("Like: Undo by someone else is refused") {
  InboxHarness h;
  h.AddLocalPost();
  h.DeliverFixture(h.Alice(), "mastodon_like.json");
  json::Value undo;
  undo.Set("id", "https://mastodon.example/users/mallory#undo/like");
  undo.Set("type", "Undo");
  undo.Set("actor", "https://mastodon.example/users/mallory");
  undo.Set("object", "https://mastodon.example/users/alice#likes/8801");
  h.Deliver(h.Mallory(), json::Serialize(undo));
  CHECK(h.LastFailure().find("another actor's reaction") != std::string::npos);
  CHECK(Count(h, store::ReactionType::kLike) == 1);
}

TEST_CASE("Like: Misskey reactions and GoToSocial likes count as favourites") {
  InboxHarness h;
  h.AddLocalPost();
  h.DeliverFixture(h.Carol(), "misskey_like_reaction.json");
  h.DeliverFixture(h.Bob(), "gotosocial_like.json");
  CHECK(Count(h, store::ReactionType::kLike) == 2);
  auto reaction = h.federation->FindReaction(store::ReactionType::kLike, kCarol, kShopPost);
  REQUIRE(reaction.ok());
  CHECK(reaction->content == "🍞");
  CHECK(h.Notifications().size() == 2);
}

TEST_CASE("Like: of something that is not our post changes nothing") {
  InboxHarness h;
  h.Alice();
  const std::string before = h.Footprint();
  json::Value like = Fixture("mastodon_like.json");
  SUBCASE("a remote post") { like.Set("object", "https://gts.example/users/bob/statuses/1"); }
  SUBCASE("a local URL that is no post") {
    like.Set("object", "https://shop.example/users/shop/statuses/999");
  }
  h.Deliver(h.Alice(), json::Serialize(like));
  CHECK(h.CountInbox("done") == 1);
  CHECK(h.Footprint() == before);
}

TEST_CASE("EmojiReact: Akkoma's reaction is stored with its emoji and notifies") {
  InboxHarness h;
  h.AddLocalPost();
  h.DeliverFixture(h.Erin(), "akkoma_emoji_react.json");
  CHECK(Count(h, store::ReactionType::kEmojiReact) == 1);
  auto reaction = h.federation->FindReaction(store::ReactionType::kEmojiReact, kErin, kShopPost);
  REQUIRE(reaction.ok());
  CHECK(reaction->content == "🥖");
  auto notes = h.Notifications();
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].type == store::NotificationType::kEmojiReact);
}

TEST_CASE("Announce: of our public post notifies a reblog; Undo removes it") {
  InboxHarness h;
  h.AddLocalPost();
  h.DeliverFixture(h.Alice(), "mastodon_announce.json");
  CHECK(Count(h, store::ReactionType::kAnnounce) == 1);
  auto notes = h.Notifications();
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].type == store::NotificationType::kReblog);
  h.DeliverFixture(h.Alice(), "mastodon_undo_announce.json");
  CHECK(Count(h, store::ReactionType::kAnnounce) == 0);
}

TEST_CASE("Announce: followers-only posts cannot be boosted") {
  InboxHarness h;
  h.AddLocalPost(kShopPost, store::Visibility::kFollowers);
  h.DeliverFixture(h.Alice(), "mastodon_announce.json");
  CHECK(Count(h, store::ReactionType::kAnnounce) == 0);
  CHECK(h.Notifications().empty());
}

TEST_CASE("reactions: an author who blocked the actor hears nothing") {
  InboxHarness h;
  h.AddLocalPost();
  store::Block block;
  block.account_id = h.shop.id;
  block.actor_uri = kAlice;
  REQUIRE(h.federation->AddBlock(block).ok());
  h.DeliverFixture(h.Alice(), "mastodon_like.json");
  CHECK(Count(h, store::ReactionType::kLike) == 0);
  CHECK(h.Notifications().empty());
}
