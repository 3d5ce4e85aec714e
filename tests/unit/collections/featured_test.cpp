// Featured (pinned posts, embedded: Mastodon reads only this page when it meets an account) and
// featured tags.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/unit/collections/collections_harness.h"

namespace cornerstore::testing {
namespace {

using store::Visibility;

const std::string kFeatured = "https://shop.example/users/shop/collections/featured";

TEST_CASE("featured embeds the pinned Notes, not their ids") {
  CollectionsHarness h;
  store::StoredObject one = h.AddPost(1);
  h.AddPost(2);
  store::StoredObject three = h.AddPost(3, Visibility::kUnlisted);
  REQUIRE(h.federation->Pin(h.shop.id, one.id).ok());
  REQUIRE(h.federation->Pin(h.shop.id, three.id).ok());
  Answer a = h.Featured();
  REQUIRE(a.status == 200);
  CHECK(a.Header("Content-Type") == "application/activity+json; charset=utf-8");
  CHECK(a.Header("Vary") == "Accept");
  CHECK(a.Str("id") == kFeatured);
  CHECK(a.Str("type") == "OrderedCollection");
  CHECK(a.Int("totalItems") == 2);
  const json::Array& items = a.Items();
  REQUIRE(items.size() == 2);
  for (const auto& item : items) {
    REQUIRE(item.is_object());
    CHECK(*item.FindString("type") == "Note");
    CHECK(item.FindString("content") != nullptr);
    CHECK(*item.FindString("attributedTo") == "https://shop.example/users/shop");
  }
  std::vector<std::string> ids = ItemIds(a);
  CHECK(std::find(ids.begin(), ids.end(), one.uri) != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), three.uri) != ids.end());
  // The embedded Notes use `sensitive` and `Hashtag`: the context defines them.
  const json::Value* context = a.body.Find("@context");
  REQUIRE(context != nullptr);
  REQUIRE(context->is_array());
  CHECK(context->AsArray()[0].AsString() == "https://www.w3.org/ns/activitystreams");
}

TEST_CASE("featured: an account without pins has an empty list") {
  CollectionsHarness h;
  Answer a = h.Featured();
  CHECK(a.status == 200);
  CHECK(a.Int("totalItems") == 0);
  REQUIRE(a.body.FindArray("orderedItems") != nullptr);
  CHECK(a.Items().empty());
  CHECK(h.Featured("", "nobody").status == 404);
}

TEST_CASE("featured follows the visibility rules; deleted pins disappear") {
  CollectionsHarness h;
  store::StoredObject open = h.AddPost(1);
  store::StoredObject private_post = h.AddPost(2, Visibility::kFollowers);
  store::StoredMention alice;
  alice.actor_uri = kCollAlice;
  alice.acct = "alice@mastodon.example";
  store::StoredObject direct = h.AddPost(3, Visibility::kDirect, {alice});
  for (const auto* p : {&open, &private_post, &direct}) {
    REQUIRE(h.federation->Pin(h.shop.id, p->id).ok());
  }
  h.AddFollower(kCollAlice);
  CHECK(ItemIds(h.Featured()) == std::vector<std::string>{open.uri});
  Answer follower = h.Featured(kCollAlice);
  CHECK(follower.Int("totalItems") == 2);
  std::vector<std::string> ids = ItemIds(follower);
  CHECK(std::find(ids.begin(), ids.end(), private_post.uri) != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), direct.uri) == ids.end());
  REQUIRE(h.federation->TombstoneObject(open.uri, 0).ok());
  CHECK(h.Featured().Items().empty());
}

TEST_CASE("featured tags: an empty Collection") {
  CollectionsHarness h;
  Answer a = h.FeaturedTags();
  REQUIRE(a.status == 200);
  CHECK(a.Header("Content-Type") == "application/activity+json; charset=utf-8");
  CHECK(a.Str("@context") == "https://www.w3.org/ns/activitystreams");
  CHECK(a.Str("id") == "https://shop.example/users/shop/collections/tags");
  CHECK(a.Str("type") == "Collection");
  CHECK(a.Int("totalItems") == 0);
  REQUIRE(a.body.FindArray("items") != nullptr);
  CHECK(a.Items("items").empty());
  CHECK(h.FeaturedTags("", "nobody").status == 404);
}

}  // namespace
}  // namespace cornerstore::testing
