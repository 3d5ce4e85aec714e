// The outbox: the collection document, pages of Create activities, cursors that stay put while
// posts are added, and what each requester is shown.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tests/unit/collections/collections_harness.h"

namespace cornerstore::testing {
namespace {

using store::Visibility;

const std::string kOutbox = "https://shop.example/users/shop/outbox";

std::string PostId(int n) {
  return "https://shop.example/users/shop/statuses/" + std::to_string(n);
}

// Post ids n = from, from-1, …, to (newest first).
std::vector<std::string> Range(int from, int to) {
  std::vector<std::string> ids;
  for (int n = from; n >= to; --n) ids.push_back(PostId(n));
  return ids;
}

TEST_CASE("the outbox collection: totalItems, first and last") {
  CollectionsHarness h;
  for (int n = 1; n <= 3; ++n) h.AddPost(n);
  h.AddPost(4, Visibility::kUnlisted);
  h.AddPost(5, Visibility::kFollowers);
  h.AddPost(6, Visibility::kDirect);
  Answer a = h.Outbox();
  REQUIRE(a.status == 200);
  CHECK(a.Header("Content-Type") == "application/activity+json; charset=utf-8");
  CHECK(a.Header("Vary") == "Accept");
  CHECK(a.Str("@context") == "https://www.w3.org/ns/activitystreams");
  CHECK(a.Str("id") == kOutbox);
  CHECK(a.Str("type") == "OrderedCollection");
  CHECK(a.Int("totalItems") == 4);
  CHECK(a.Str("first") == kOutbox + "?page=true");
  CHECK(a.Str("last") == kOutbox + "?min_id=0&page=true");
  CHECK(a.body.Find("orderedItems") == nullptr);
}

TEST_CASE("an outbox page holds Create activities with the Note embedded") {
  CollectionsHarness h;
  h.AddPost(1);
  h.AddPost(2);
  Answer page = h.OutboxAt(h.Outbox().Str("first"));
  REQUIRE(page.status == 200);
  CHECK(page.Str("id") == kOutbox + "?page=true");
  CHECK(page.Str("type") == "OrderedCollectionPage");
  CHECK(page.Str("partOf") == kOutbox);
  const json::Array& items = page.Items();
  REQUIRE(items.size() == 2);
  CHECK(*items[0].FindString("type") == "Create");
  CHECK(*items[0].FindString("id") == PostId(2) + "/activity");
  CHECK(*items[0].FindString("actor") == "https://shop.example/users/shop");
  const json::Value* note = items[0].FindObject("object");
  REQUIRE(note != nullptr);
  CHECK(*note->FindString("type") == "Note");
  CHECK(*note->FindString("content") == "<p>Post 2</p>");
  CHECK(ItemIds(page) == Range(2, 1));
  // A single page: nothing older, and prev points just above its newest item.
  CHECK(page.body.Find("next") == nullptr);
  CHECK(page.Str("prev").starts_with(kOutbox + "?min_id="));
}

TEST_CASE("outbox pages: 20 per page, next/prev cursors stable under inserts") {
  CollectionsHarness h;
  for (int n = 1; n <= 45; ++n) h.AddPost(n);

  Answer first = h.OutboxAt(h.Outbox().Str("first"));
  CHECK(ItemIds(first) == Range(45, 26));
  REQUIRE(!first.Str("next").empty());

  // New posts arrive while a peer pages: the next page continues where the first ended.
  for (int n = 46; n <= 48; ++n) h.AddPost(n);
  Answer second = h.OutboxAt(first.Str("next"));
  CHECK(second.Str("id") == first.Str("next"));
  CHECK(ItemIds(second) == Range(25, 6));
  Answer third = h.OutboxAt(second.Str("next"));
  CHECK(ItemIds(third) == Range(5, 1));
  CHECK(third.body.Find("next") == nullptr);

  // prev of the second page is exactly the first page's items, not the three new ones.
  Answer back = h.OutboxAt(second.Str("prev"));
  CHECK(ItemIds(back) == Range(45, 26));
  // …and prev of that is the newest posts.
  Answer newest = h.OutboxAt(back.Str("prev"));
  CHECK(ItemIds(newest) == Range(48, 46));
  CHECK(!newest.Str("next").empty());
  // Past the newest: an empty page without cursors.
  Answer beyond = h.OutboxAt(newest.Str("prev"));
  CHECK(beyond.status == 200);
  CHECK(beyond.Items().empty());
  CHECK(beyond.body.Find("next") == nullptr);
  CHECK(beyond.body.Find("prev") == nullptr);
  // totalItems follows the inserts.
  CHECK(h.Outbox().Int("totalItems") == 48);
}

TEST_CASE("the last page is the oldest posts, found across several store batches") {
  CollectionsHarness h;
  // More than one store batch (store::kMaxPageLimit) newer than the oldest page.
  const int total = store::kMaxPageLimit + 37;
  for (int n = 1; n <= total; ++n) h.AddPost(n);
  Answer last = h.OutboxAt(h.Outbox().Str("last"));
  REQUIRE(last.status == 200);
  CHECK(last.Str("id") == kOutbox + "?min_id=0&page=true");
  CHECK(ItemIds(last) == Range(20, 1));
  CHECK(last.body.Find("next") == nullptr);
  Answer prev = h.OutboxAt(last.Str("prev"));
  CHECK(ItemIds(prev) == Range(40, 21));
  CHECK(!prev.Str("next").empty());
  CHECK(ItemIds(h.OutboxAt(prev.Str("next"))) == Range(20, 1));
}

TEST_CASE("outbox visibility per requester") {
  CollectionsHarness h;
  h.AddPost(1, Visibility::kPublic);
  h.AddPost(2, Visibility::kUnlisted);
  h.AddPost(3, Visibility::kFollowers);
  store::StoredMention carol;
  carol.actor_uri = kCollCarol;
  carol.acct = "carol@misskey.example";
  h.AddPost(4, Visibility::kDirect, {carol});
  h.AddFollower(kCollAlice);
  h.AddFollower(kCollBob, store::FollowState::kPending);

  SUBCASE("anonymous and non-followers: public and unlisted") {
    CHECK(ItemIds(h.Outbox("?page=true")) == std::vector<std::string>{PostId(2), PostId(1)});
    CHECK(ItemIds(h.Outbox("?page=true", kCollBob)) ==
          std::vector<std::string>{PostId(2), PostId(1)});
    CHECK(h.Outbox("", kCollBob).Int("totalItems") == 2);
  }
  SUBCASE("an accepted follower also sees followers-only posts, never direct ones") {
    Answer page = h.Outbox("?page=true", kCollAlice);
    CHECK(ItemIds(page) == std::vector<std::string>{PostId(3), PostId(2), PostId(1)});
    CHECK(page.Header("Cache-Control") == "max-age=0, private");
    CHECK(h.Outbox("", kCollAlice).Int("totalItems") == 3);
    CHECK(ItemIds(h.Outbox("?page=true", kCollCarol)) ==
          std::vector<std::string>{PostId(2), PostId(1)});
  }
  SUBCASE("a blocked follower is shown nothing") {
    store::Block block;
    block.account_id = h.shop.id;
    block.actor_uri = kCollAlice;
    block.activity_uri = std::string(kCollShop) + "#blocks/1";
    REQUIRE(h.federation->AddBlock(block).ok());
    Answer page = h.Outbox("?page=true", kCollAlice);
    CHECK(page.status == 200);
    CHECK(page.Items().empty());
    CHECK(h.Outbox("", kCollAlice).Int("totalItems") == 0);
  }
  SUBCASE("deleted posts leave the outbox") {
    REQUIRE(h.federation->TombstoneObject(PostId(1), 0).ok());
    CHECK(ItemIds(h.Outbox("?page=true")) == std::vector<std::string>{PostId(2)});
    CHECK(h.Outbox().Int("totalItems") == 1);
  }
}

TEST_CASE("outbox errors: unknown account 404, malformed cursor 400") {
  CollectionsHarness h;
  CHECK(h.Outbox("", "", "nobody").status == 404);
  CHECK(h.Outbox("?page=true&max_id=abc").status == 400);
  CHECK(h.Outbox("?page=true&min_id=-1").status == 400);
  CHECK(h.Outbox("?page=true&max_id=").status == 400);
  // Another account's posts are not in the shop's outbox.
  store::Account cafe = h.CreateAccount("cafe");
  h.AddPost(1, Visibility::kPublic, {}, &cafe);
  CHECK(h.Outbox("?page=true").Items().empty());
  CHECK(h.Outbox("", "", "cafe").Int("totalItems") == 1);
}

}  // namespace
}  // namespace cornerstore::testing
