// GET of one post (the Note) and of the Create that published it: shapes, headers, tombstones,
// and who may see what.
#include <doctest/doctest.h>

#include "activitypub/collections/note_json.h"
#include "activitypub/collections/visibility.h"
#include "tests/unit/collections/collections_harness.h"

namespace cornerstore::testing {
namespace {

using store::Visibility;

store::StoredMention MentionOf(const std::string& actor, const std::string& acct) {
  store::StoredMention mention;
  mention.actor_uri = actor;
  mention.acct = acct;
  return mention;
}

bool HasContext(const json::Value& doc) {
  const json::Value* context = doc.Find("@context");
  if (context == nullptr) return false;
  if (context->is_string()) return context->AsString() == "https://www.w3.org/ns/activitystreams";
  if (!context->is_array()) return false;
  for (const auto& entry : context->AsArray()) {
    if (entry.is_string() && entry.AsString() == "https://www.w3.org/ns/activitystreams") {
      return true;
    }
  }
  return false;
}

bool ArrayHas(const json::Value& doc, const std::string& key, const std::string& value) {
  const json::Array* array = doc.FindArray(key);
  if (array == nullptr) return false;
  for (const auto& v : *array) {
    if (v.is_string() && v.AsString() == value) return true;
  }
  return false;
}

TEST_CASE("a public Note has Mastodon's shape and ActivityStreams headers") {
  CollectionsHarness h;
  store::StoredObject post;
  post.uri = h.uris.Status("shop", "7");
  post.url = "https://shop.example/@shop/7";
  post.account_id = h.shop.id;
  post.attributed_to = kCollShop;
  post.visibility = Visibility::kPublic;
  post.summary = "bread talk";
  post.content_html = "<p>Fresh <a href=\"https://shop.example/tags/sourdough\">#sourdough</a></p>";
  post.language = "en";
  post.to = {kCollPublic};
  post.cc = {"https://shop.example/users/shop/followers", kCollAlice};
  post.mentions = {MentionOf(kCollAlice, "alice@mastodon.example")};
  post.hashtags = {"sourdough"};
  post.published_at = 1'800'000'000;
  post.in_reply_to_uri = "https://mastodon.example/users/alice/statuses/1";
  REQUIRE(h.federation->InsertObject(post).ok());
  post.edited_at = 1'800'000'600;
  REQUIRE(h.federation->UpdateObject(post).ok());

  Answer a = h.Status("7");
  REQUIRE(a.status == 200);
  CHECK(a.Header("Content-Type") == "application/activity+json; charset=utf-8");
  CHECK(a.Header("Vary") == "Accept");
  CHECK(a.Header("Cache-Control") == "max-age=180, public");
  CHECK(HasContext(a.body));
  CHECK(a.Str("id") == "https://shop.example/users/shop/statuses/7");
  CHECK(a.Str("type") == "Note");
  CHECK(a.Str("attributedTo") == kCollShop);
  CHECK(a.Str("content") == post.content_html);
  CHECK(a.Str("summary") == "bread talk");
  CHECK(a.body.FindBool("sensitive") == true);
  CHECK(a.Str("published") == "2027-01-15T08:00:00Z");
  CHECK(a.Str("updated") == "2027-01-15T08:10:00Z");
  CHECK(a.Str("url") == "https://shop.example/@shop/7");
  CHECK(a.Str("inReplyTo") == "https://mastodon.example/users/alice/statuses/1");
  CHECK(ArrayHas(a.body, "to", kCollPublic));
  CHECK(ArrayHas(a.body, "cc", "https://shop.example/users/shop/followers"));
  CHECK(ArrayHas(a.body, "cc", kCollAlice));
  REQUIRE(a.body.FindObject("contentMap") != nullptr);
  CHECK(*a.body.FindObject("contentMap")->FindString("en") == post.content_html);
  REQUIRE(a.Items("attachment").empty());
  const json::Array& tags = a.Items("tag");
  REQUIRE(tags.size() == 2);
  CHECK(*tags[0].FindString("type") == "Mention");
  CHECK(*tags[0].FindString("href") == kCollAlice);
  CHECK(*tags[0].FindString("name") == "@alice@mastodon.example");
  CHECK(*tags[1].FindString("type") == "Hashtag");
  CHECK(*tags[1].FindString("href") == "https://shop.example/tags/sourdough");
  CHECK(*tags[1].FindString("name") == "#sourdough");
}

TEST_CASE("a Note without summary or reply has nulls, and no updated until edited") {
  CollectionsHarness h;
  h.AddPost(1);
  Answer a = h.Status("1");
  REQUIRE(a.status == 200);
  REQUIRE(a.body.Find("summary") != nullptr);
  CHECK(a.body.Find("summary")->is_null());
  CHECK(a.body.Find("inReplyTo")->is_null());
  CHECK(a.body.Find("updated") == nullptr);
  CHECK(a.body.Find("contentMap") == nullptr);
  CHECK(a.body.FindBool("sensitive") == false);
}

TEST_CASE("addressing is derived from visibility when the post stored none") {
  CollectionsHarness h;
  const std::string followers = "https://shop.example/users/shop/followers";
  auto mention = MentionOf(kCollAlice, "alice@mastodon.example");
  SUBCASE("public: Public in to, followers and mentions in cc") {
    h.AddPost(1, Visibility::kPublic, {mention});
    Answer a = h.Status("1");
    CHECK(ArrayHas(a.body, "to", kCollPublic));
    CHECK(ArrayHas(a.body, "cc", followers));
    CHECK(ArrayHas(a.body, "cc", kCollAlice));
  }
  SUBCASE("unlisted: Public in cc") {
    h.AddPost(1, Visibility::kUnlisted);
    Answer a = h.Status("1");
    CHECK(ArrayHas(a.body, "to", followers));
    CHECK(ArrayHas(a.body, "cc", kCollPublic));
  }
  SUBCASE("followers-only: followers in to, never Public") {
    h.AddPost(1, Visibility::kFollowers, {mention});
    Answer a = h.Status("1", kCollAlice);
    CHECK(ArrayHas(a.body, "to", followers));
    CHECK(!ArrayHas(a.body, "to", kCollPublic));
    CHECK(!ArrayHas(a.body, "cc", kCollPublic));
    CHECK(ArrayHas(a.body, "cc", kCollAlice));
  }
  SUBCASE("direct: only the mentioned actors") {
    h.AddPost(1, Visibility::kDirect, {mention});
    Answer a = h.Status("1", kCollAlice);
    REQUIRE(a.Items("to").size() == 1);
    CHECK(ArrayHas(a.body, "to", kCollAlice));
    CHECK(a.Items("cc").empty());
  }
}

TEST_CASE("the activity is the Create wrapping the Note") {
  CollectionsHarness h;
  h.AddPost(3);
  Answer a = h.Activity("3");
  REQUIRE(a.status == 200);
  CHECK(a.Header("Content-Type") == "application/activity+json; charset=utf-8");
  CHECK(HasContext(a.body));
  CHECK(a.Str("id") == "https://shop.example/users/shop/statuses/3/activity");
  CHECK(a.Str("type") == "Create");
  CHECK(a.Str("actor") == kCollShop);
  CHECK(ArrayHas(a.body, "to", kCollPublic));
  const json::Value* note = a.body.FindObject("object");
  REQUIRE(note != nullptr);
  CHECK(*note->FindString("id") == "https://shop.example/users/shop/statuses/3");
  CHECK(*note->FindString("type") == "Note");
  CHECK(note->Find("@context") == nullptr);
}

TEST_CASE("a deleted post answers 410 with a Tombstone") {
  CollectionsHarness h;
  h.AddPost(4, Visibility::kFollowers);
  REQUIRE(h.federation->TombstoneObject(h.uris.Status("shop", "4"), 0).ok());
  Answer a = h.Status("4");
  CHECK(a.status == 410);
  CHECK(a.Header("Content-Type") == "application/activity+json; charset=utf-8");
  CHECK(a.Str("id") == "https://shop.example/users/shop/statuses/4");
  CHECK(a.Str("type") == "Tombstone");
  CHECK(HasContext(a.body));
  Answer activity = h.Activity("4");
  CHECK(activity.status == 410);
  CHECK(activity.Str("id") == "https://shop.example/users/shop/statuses/4/activity");
  auto found = h.endpoints->FindVisibleStatus("shop", "4", "");
  REQUIRE(!found.ok());
  CHECK(found.error().code == ErrorCode::kGone);
}

TEST_CASE("missing posts and accounts answer 404") {
  CollectionsHarness h;
  h.AddPost(1);
  store::Account cafe = h.CreateAccount("cafe");
  CHECK(h.Status("2").status == 404);
  CHECK(h.Status("1", "", "nobody").status == 404);
  // The shop's post is not the cafe's.
  CHECK(h.Status("1", "", "cafe").status == 404);
  CHECK(h.Activity("2").status == 404);
  CHECK(h.Status("2").Header("Vary") == "Accept");
  // Usernames match case-insensitively; the id stays canonical.
  Answer upper = h.Status("1", "", "SHOP");
  REQUIRE(upper.status == 200);
  CHECK(upper.Str("id") == "https://shop.example/users/shop/statuses/1");
}

TEST_CASE("followers-only posts: accepted followers and mentioned actors, 404 to others") {
  CollectionsHarness h;
  h.AddPost(1, Visibility::kFollowers, {MentionOf(kCollCarol, "carol@misskey.example")});
  h.AddFollower(kCollAlice);
  h.AddFollower(kCollBob, store::FollowState::kPending);
  CHECK(h.Status("1").status == 404);
  CHECK(h.Activity("1").status == 404);
  CHECK(h.Status("1", "https://other.example/users/eve").status == 404);
  CHECK(h.Status("1", kCollBob).status == 404);  // a pending follow is no follow yet
  Answer alice = h.Status("1", kCollAlice);
  CHECK(alice.status == 200);
  CHECK(alice.Header("Cache-Control") == "max-age=0, private");
  CHECK(h.Activity("1", kCollAlice).status == 200);
  CHECK(h.Status("1", kCollCarol).status == 200);
  CHECK(h.endpoints->FindVisibleStatus("shop", "1", "").error().code == ErrorCode::kNotFound);
  CHECK(h.endpoints->FindVisibleStatus("shop", "1", kCollAlice).ok());
}

TEST_CASE("direct posts: only the mentioned actors, not followers") {
  CollectionsHarness h;
  h.AddPost(1, Visibility::kDirect, {MentionOf(kCollCarol, "carol@misskey.example")});
  h.AddFollower(kCollAlice);
  CHECK(h.Status("1").status == 404);
  CHECK(h.Status("1", kCollAlice).status == 404);
  CHECK(h.Status("1", kCollCarol).status == 200);
}

TEST_CASE("unlisted posts are readable by anyone; a blocked actor sees nothing") {
  CollectionsHarness h;
  h.AddPost(1, Visibility::kUnlisted);
  h.AddPost(2, Visibility::kPublic);
  h.AddFollower(kCollAlice);
  CHECK(h.Status("1").status == 200);
  store::Block block;
  block.account_id = h.shop.id;
  block.actor_uri = kCollAlice;
  block.activity_uri = std::string(kCollShop) + "#blocks/1";
  REQUIRE(h.federation->AddBlock(block).ok());
  CHECK(h.Status("1", kCollAlice).status == 404);
  CHECK(h.Status("2", kCollAlice).status == 404);
  CHECK(h.Status("2", kCollBob).status == 200);
}

TEST_CASE("MayRead: the rules as a pure function") {
  using activitypub::collections::MayRead;
  using activitypub::collections::Reader;
  store::StoredObject post;
  post.attributed_to = kCollShop;
  post.mentions = {MentionOf(kCollCarol, "carol@misskey.example")};
  Reader anonymous;
  Reader follower{kCollAlice, true, false};
  Reader carol{kCollCarol, false, false};
  Reader author{kCollShop, false, false};
  Reader blocked_follower{kCollAlice, true, true};
  post.visibility = Visibility::kPublic;
  CHECK(MayRead(post, anonymous));
  CHECK(!MayRead(post, blocked_follower));
  post.visibility = Visibility::kFollowers;
  CHECK(!MayRead(post, anonymous));
  CHECK(MayRead(post, follower));
  CHECK(MayRead(post, carol));
  CHECK(MayRead(post, author));
  CHECK(!MayRead(post, blocked_follower));
  post.visibility = Visibility::kDirect;
  CHECK(!MayRead(post, follower));
  CHECK(MayRead(post, carol));
  CHECK(MayRead(post, author));
  // Anonymous never matches a mention, even an empty one.
  post.mentions.push_back(store::StoredMention{});
  CHECK(!MayRead(post, anonymous));
}

}  // namespace
}  // namespace cornerstore::testing
