// Pins (Add/Remove on featured), boosts (Announce) and likes, and their Undo.
#include <doctest/doctest.h>

#include "tests/unit/publish/publish_harness.h"

namespace cornerstore::testing {
namespace {

using activitypub::PostRequest;

constexpr const char* kAliceNote = "https://mastodon.example/users/alice/statuses/1";

TEST_CASE("pin and unpin send Add and Remove on featured to followers") {
  PublishHarness h;
  h.AddFollower(kAliceId);
  h.AddFollower(kBobId);
  PostRequest request;
  request.text = "Opening hours: 9 to 5";
  request.pin = true;
  store::StoredObject post = h.MustPost(request);
  auto pinned = h.federation->ListPinned(h.shop.id);
  REQUIRE(pinned.ok());
  REQUIRE(pinned->size() == 1);
  CHECK(pinned->front().uri == post.uri);

  auto jobs = h.NewJobs();
  std::vector<store::DeliveryJob> adds;
  for (const auto& job : jobs) {
    if (job.activity_uri.find("#adds/") != std::string::npos) adds.push_back(job);
  }
  CHECK(PublishHarness::Inboxes(adds) == std::set<std::string>{kMastodonShared, kGtsShared});
  json::Value add = PublishHarness::Activity(adds);
  CHECK(*add.FindString("type") == "Add");
  CHECK(*add.FindString("object") == post.uri);
  CHECK(*add.FindString("target") == "https://shop.example/users/shop/collections/featured");
  CHECK(add.FindString("id")->starts_with(std::string(kShopActor) + "#adds/"));

  // Pinning again changes nothing and sends nothing.
  REQUIRE(h.service->Pin(h.shop, post.uri).ok());
  CHECK(h.NewJobs().empty());

  REQUIRE(h.service->Unpin(h.shop, std::to_string(post.id)).ok());
  jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kMastodonShared, kGtsShared});
  json::Value remove = PublishHarness::Activity(jobs);
  CHECK(*remove.FindString("type") == "Remove");
  CHECK(*remove.FindString("target") == "https://shop.example/users/shop/collections/featured");
  CHECK(h.federation->ListPinned(h.shop.id)->empty());
  REQUIRE(h.service->Unpin(h.shop, post.uri).ok());
  CHECK(h.NewJobs().empty());

  // Pinning again after unpinning sends a new Add (a new id, so the queue does not drop it).
  h.clock.Advance(1);
  REQUIRE(h.service->Pin(h.shop, post.uri).ok());
  json::Value again = PublishHarness::Activity(h.NewJobs());
  CHECK(*again.FindString("id") != *add.FindString("id"));
}

TEST_CASE("pins: direct posts refused, at most kMaxPinnedPosts") {
  PublishHarness h;
  PostRequest direct;
  direct.text = "@bob@gts.example psst";
  direct.visibility = store::Visibility::kDirect;
  direct.pin = true;
  CHECK(h.service->Post(h.shop, direct).error().code == ErrorCode::kInvalidInput);
  direct.pin = false;
  store::StoredObject secret = h.MustPost(direct);
  CHECK(h.service->Pin(h.shop, secret.uri).error().code == ErrorCode::kInvalidInput);

  PostRequest request;
  request.pin = true;
  for (size_t i = 0; i < activitypub::kMaxPinnedPosts; ++i) {
    request.text = "pinned " + std::to_string(i);
    h.MustPost(request);
  }
  request.text = "one too many";
  CHECK(h.service->Post(h.shop, request).error().code == ErrorCode::kConflict);
  request.pin = false;
  store::StoredObject extra = h.MustPost(request);
  CHECK(h.service->Pin(h.shop, extra.uri).error().code == ErrorCode::kConflict);
}

TEST_CASE("boost of a remote post: Announce to followers and the author, Undo on unboost") {
  PublishHarness h;
  h.AddFollower(kAliceId);
  h.AddFollower(kBobId);
  h.ServeNote(kAliceNote, kAliceId, {kPublic}, {"https://mastodon.example/users/alice/followers"});

  auto boosted = h.service->Boost(h.shop, kAliceNote);
  REQUIRE_MESSAGE(boosted.ok(), boosted.error().ToLogString());
  CHECK(h.federation->FindObject(kAliceNote).ok());  // stored as a remote object
  auto jobs = h.NewJobs();
  // Alice follows and is the author: her server's shared inbox once.
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kMastodonShared, kGtsShared});
  json::Value announce = PublishHarness::Activity(jobs);
  CHECK(*announce.FindString("type") == "Announce");
  CHECK(*announce.FindString("actor") == kShopActor);
  CHECK(*announce.FindString("object") == kAliceNote);
  CHECK(*announce.FindString("id") == boosted->activity_uri);
  CHECK(announce.FindString("id")->starts_with(std::string(kShopActor) + "#announces/"));
  CHECK(Strings(announce.Find("to")) == std::vector<std::string>{kPublic});
  CHECK(Strings(announce.Find("cc")) == std::vector<std::string>{kAliceId, kShopFollowers});
  CHECK_FALSE(HasBlindAddressing(announce));
  auto count = h.federation->CountReactions(kAliceNote, store::ReactionType::kAnnounce);
  REQUIRE(count.ok());
  CHECK(*count == 1);

  // Boosting again returns the same boost and sends nothing (and fetches nothing).
  h.fetcher.ClearRequests();
  auto again = h.service->Boost(h.shop, kAliceNote);
  REQUIRE(again.ok());
  CHECK(again->activity_uri == boosted->activity_uri);
  CHECK(h.NewJobs().empty());
  CHECK(h.fetcher.RequestCount(kAliceNote) == 0);

  REQUIRE(h.service->Unboost(h.shop, kAliceNote).ok());
  jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kMastodonShared, kGtsShared});
  json::Value undo = PublishHarness::Activity(jobs);
  CHECK(*undo.FindString("type") == "Undo");
  CHECK(*undo.FindString("id") == boosted->activity_uri + "/undo");
  // The Undo embeds the very Announce that was sent (without its @context).
  json::Value sent = announce;
  sent.Erase("@context");
  CHECK(json::Serialize(*undo.Find("object")) == json::Serialize(sent));
  CHECK(Strings(undo.Find("cc")) == Strings(announce.Find("cc")));
  CHECK(*h.federation->CountReactions(kAliceNote, store::ReactionType::kAnnounce) == 0);
  CHECK(h.service->Unboost(h.shop, kAliceNote).error().code == ErrorCode::kNotFound);
}

TEST_CASE("boost refuses followers-only and direct posts, and reports deleted ones as gone") {
  PublishHarness h;
  const std::string hidden = "https://mastodon.example/users/alice/statuses/2";
  h.ServeNote(hidden, kAliceId, {"https://mastodon.example/users/alice/followers"}, {});
  CHECK(h.service->Boost(h.shop, hidden).error().code == ErrorCode::kInvalidInput);

  PostRequest request;
  request.text = "mine";
  request.visibility = store::Visibility::kFollowers;
  store::StoredObject own = h.MustPost(request);
  CHECK(h.service->Boost(h.shop, own.uri).error().code == ErrorCode::kInvalidInput);
  REQUIRE(h.service->Delete(h.shop, own.uri).ok());
  CHECK(h.service->Boost(h.shop, own.uri).error().code == ErrorCode::kGone);
  CHECK(h.service->Like(h.shop, own.uri).error().code == ErrorCode::kGone);

  // A remote post whose author is on another server is not trusted.
  const std::string forged = "https://evil.example/notes/1";
  h.ServeNote(forged, kAliceId, {kPublic}, {});
  CHECK(h.service->Boost(h.shop, forged).error().code == ErrorCode::kInvalidInput);
}

TEST_CASE("boost of our own public post goes to followers only") {
  PublishHarness h;
  h.AddFollower(kBobId);
  PostRequest request;
  request.text = "new menu";
  store::StoredObject post = h.MustPost(request);
  h.NewJobs();
  auto boosted = h.service->Boost(h.shop, post.uri);
  REQUIRE(boosted.ok());
  auto jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kGtsShared});
  json::Value announce = PublishHarness::Activity(jobs);
  CHECK(Strings(announce.Find("cc")) == std::vector<std::string>{kShopActor, kShopFollowers});
}

TEST_CASE("like goes to the author's personal inbox; unlike sends Undo{Like}") {
  PublishHarness h;
  h.AddFollower(kBobId);
  h.ServeNote(kAliceNote, kAliceId, {kPublic}, {});
  auto liked = h.service->Like(h.shop, kAliceNote);
  REQUIRE_MESSAGE(liked.ok(), liked.error().ToLogString());
  auto jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kAliceInbox});
  json::Value like = PublishHarness::Activity(jobs);
  CHECK(*like.FindString("type") == "Like");
  CHECK(*like.FindString("object") == kAliceNote);
  CHECK(like.FindString("id")->starts_with(std::string(kShopActor) + "#likes/"));
  CHECK(Strings(like.Find("to")) == std::vector<std::string>{kAliceId});
  CHECK(*h.federation->CountReactions(kAliceNote, store::ReactionType::kLike) == 1);

  auto again = h.service->Like(h.shop, kAliceNote);
  REQUIRE(again.ok());
  CHECK(again->activity_uri == liked->activity_uri);
  CHECK(h.NewJobs().empty());

  REQUIRE(h.service->Unlike(h.shop, kAliceNote).ok());
  jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kAliceInbox});
  json::Value undo = PublishHarness::Activity(jobs);
  CHECK(*undo.FindString("type") == "Undo");
  CHECK(*undo.Find("object")->FindString("id") == liked->activity_uri);
  CHECK(*undo.Find("object")->FindString("type") == "Like");
  CHECK(
      h.federation->FindReaction(store::ReactionType::kLike, kShopActor, kAliceNote).error().code ==
      ErrorCode::kNotFound);
  CHECK(h.service->Unlike(h.shop, kAliceNote).error().code == ErrorCode::kNotFound);

  // Liking our own post records it and sends nothing.
  PostRequest request;
  request.text = "self-love";
  store::StoredObject own = h.MustPost(request);
  h.NewJobs();
  REQUIRE(h.service->Like(h.shop, own.uri).ok());
  CHECK(h.NewJobs().empty());
}

}  // namespace
}  // namespace cornerstore::testing
