// The followers and following collections: totals, pages of actor ids, hide_collections.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/unit/collections/collections_harness.h"

namespace cornerstore::testing {
namespace {

const std::string kFollowers = "https://shop.example/users/shop/followers";
const std::string kFollowing = "https://shop.example/users/shop/following";

std::string Follower(int n) { return "https://peer" + std::to_string(n) + ".example/users/u"; }

TEST_CASE("followers: totalItems counts accepted follows; first links the first page") {
  CollectionsHarness h;
  h.AddFollower(kCollAlice);
  h.AddFollower(kCollBob);
  h.AddFollower(kCollCarol, store::FollowState::kPending);
  Answer a = h.Followers();
  REQUIRE(a.status == 200);
  CHECK(a.Header("Content-Type") == "application/activity+json; charset=utf-8");
  CHECK(a.Header("Vary") == "Accept");
  CHECK(a.Str("@context") == "https://www.w3.org/ns/activitystreams");
  CHECK(a.Str("id") == kFollowers);
  CHECK(a.Str("type") == "OrderedCollection");
  CHECK(a.Int("totalItems") == 2);
  CHECK(a.Str("first") == kFollowers + "?page=true");

  Answer page = h.FollowersAt(a.Str("first"));
  REQUIRE(page.status == 200);
  CHECK(page.Str("type") == "OrderedCollectionPage");
  CHECK(page.Str("id") == kFollowers + "?page=true");
  CHECK(page.Str("partOf") == kFollowers);
  CHECK(page.Int("totalItems") == 2);
  CHECK(ItemIds(page) == std::vector<std::string>{kCollBob, kCollAlice});
  CHECK(page.body.Find("next") == nullptr);
}

TEST_CASE("followers pages are stable under new follows") {
  CollectionsHarness h;
  for (int n = 1; n <= 30; ++n) h.AddFollower(Follower(n));
  Answer first = h.FollowersAt(h.Followers().Str("first"));
  REQUIRE(first.Items().size() == 20);
  CHECK(ItemIds(first).front() == Follower(30));
  CHECK(ItemIds(first).back() == Follower(11));
  for (int n = 31; n <= 35; ++n) h.AddFollower(Follower(n));
  Answer second = h.FollowersAt(first.Str("next"));
  REQUIRE(second.Items().size() == 10);
  CHECK(ItemIds(second).front() == Follower(10));
  CHECK(ItemIds(second).back() == Follower(1));
  CHECK(second.body.Find("next") == nullptr);
  CHECK(ItemIds(h.FollowersAt(second.Str("prev"))) == ItemIds(first));
  CHECK(second.Int("totalItems") == 35);
}

TEST_CASE("following: the accounts the shop follows") {
  CollectionsHarness h;
  h.AddFollowing(kCollAlice);
  h.AddFollowing(kCollBob, store::FollowState::kPending);
  Answer a = h.Following();
  CHECK(a.Str("id") == kFollowing);
  CHECK(a.Int("totalItems") == 1);
  CHECK(a.Str("first") == kFollowing + "?page=true");
  Answer page = h.Following("?page=true");
  CHECK(ItemIds(page) == std::vector<std::string>{kCollAlice});
  CHECK(page.Str("partOf") == kFollowing);
  // Followers and following are not mixed up.
  CHECK(h.Followers().Int("totalItems") == 0);
}

TEST_CASE("hide_collections: totals only, no first, empty pages") {
  CollectionsHarness h;
  store::Account quiet = h.CreateAccount("quiet", true);
  store::Follow follow;
  follow.follower_uri = kCollAlice;
  follow.followed_uri = h.uris.Actor("quiet");
  follow.followed_account_id = quiet.id;
  follow.state = store::FollowState::kAccepted;
  follow.follow_activity_uri = std::string(kCollAlice) + "#follows/9";
  REQUIRE(h.federation->PutFollow(follow).ok());

  Answer a = h.Followers("", "", "quiet");
  REQUIRE(a.status == 200);
  CHECK(a.Int("totalItems") == 1);
  CHECK(a.body.Find("first") == nullptr);
  Answer page = h.Followers("?page=true", "", "quiet");
  REQUIRE(page.status == 200);
  CHECK(page.Int("totalItems") == 1);
  CHECK(page.Items().empty());
  CHECK(page.body.Find("next") == nullptr);
  CHECK(page.body.Find("prev") == nullptr);
  Answer following = h.Following("", "", "quiet");
  CHECK(following.Int("totalItems") == 0);
  CHECK(following.body.Find("first") == nullptr);
  // Even a follower does not see the list.
  CHECK(h.Followers("?page=true", kCollAlice, "quiet").Items().empty());
}

TEST_CASE("follow collections: unknown account 404, malformed cursor 400") {
  CollectionsHarness h;
  CHECK(h.Followers("", "", "nobody").status == 404);
  CHECK(h.Following("", "", "nobody").status == 404);
  CHECK(h.Followers("?max_id=x").status == 400);
}

}  // namespace
}  // namespace cornerstore::testing
