// Posting, editing and deleting: addressing against Mastodon's shapes, mention and hashtag
// markup, who receives what, limits and ownership.
#include <doctest/doctest.h>

#include <algorithm>

#include "activitypub/publish/activities.h"
#include "tests/unit/publish/publish_harness.h"

namespace cornerstore::testing {
namespace {

using activitypub::PostRequest;
using store::Visibility;

// Each addressee as its role: "public", "followers" (the author's), or "mention".
std::vector<std::string> Roles(const json::Value* addressees, const std::string& followers) {
  std::vector<std::string> roles;
  for (const std::string& a : Strings(addressees)) {
    roles.push_back(a == kPublic ? "public" : a == followers ? "followers" : "mention");
  }
  return roles;
}

// Our Create and Mastodon's: the same addressing roles, and every member we send is one
// Mastodon sends, with the same JSON type.
void CheckAgainstMastodon(const json::Value& ours, const std::string& fixture) {
  json::Value theirs = FixtureJson("mastodon/" + fixture);
  const std::string their_followers = "https://mastodon.example/users/alice/followers";
  for (const char* field : {"to", "cc"}) {
    CHECK(Roles(ours.Find(field), kShopFollowers) == Roles(theirs.Find(field), their_followers));
    CHECK(Roles(ours.Find("object")->Find(field), kShopFollowers) ==
          Roles(theirs.Find("object")->Find(field), their_followers));
  }
  for (const auto& [key, value] : ours.AsObject()) {
    INFO("Create." << key);
    const json::Value* theirs_value = theirs.Find(key);
    REQUIRE(theirs_value != nullptr);
    CHECK(value.type() == theirs_value->type());
  }
  const json::Value& note = *ours.Find("object");
  const json::Value& their_note = *theirs.Find("object");
  for (const auto& [key, value] : note.AsObject()) {
    INFO("Note." << key);
    const json::Value* theirs_value = their_note.Find(key);
    REQUIRE(theirs_value != nullptr);
    if (!value.is_null() && !theirs_value->is_null()) CHECK(value.type() == theirs_value->type());
  }
  for (const char* required : {"id", "type", "attributedTo", "content", "published", "url", "to",
                               "cc", "tag", "sensitive", "summary", "inReplyTo"}) {
    INFO(required);
    CHECK(note.Find(required) != nullptr);
  }
  CHECK_FALSE(HasBlindAddressing(ours));
}

const json::Value* FindTag(const json::Value& note, const std::string& type) {
  for (const json::Value& tag : note.Find("tag")->AsArray()) {
    if (*tag.FindString("type") == type) return &tag;
  }
  return nullptr;
}

TEST_CASE("a public post is addressed as Mastodon's and reaches followers and mentioned") {
  PublishHarness h;
  h.AddFollower(kAliceId);
  h.AddFollower(kBobId);
  h.AddFollower(kCarolId);
  PostRequest request;
  request.text = "@bob@gts.example fresh #Coffee today";
  request.content_warning = "coffee talk";
  store::StoredObject post = h.MustPost(request);

  CHECK(post.uri.starts_with("https://shop.example/users/shop/statuses/"));
  CHECK(post.uri.size() == std::string("https://shop.example/users/shop/statuses/").size() + 16);
  CHECK(post.to == std::vector<std::string>{kPublic});
  CHECK(post.cc == std::vector<std::string>{kShopFollowers, kBobId});
  CHECK(h.notified == 1);

  auto jobs = h.NewJobs();
  // Bob is a follower and mentioned: one delivery to his server's shared inbox.
  CHECK(PublishHarness::Inboxes(jobs) ==
        std::set<std::string>{kMastodonShared, kGtsShared, kMisskeyShared});
  for (const auto& job : jobs) CHECK(job.object_id == post.id);
  auto report = h.federation->ReportDeliveries(post.id);
  REQUIRE(report.ok());
  CHECK(report->total == 3);

  json::Value create = PublishHarness::Activity(jobs);
  CHECK(*create.FindString("id") == post.uri + "/activity");
  CHECK(*create.FindString("type") == "Create");
  CHECK(*create.FindString("actor") == kShopActor);
  const json::Value& note = *create.Find("object");
  CHECK(*note.FindString("id") == post.uri);
  CHECK(*note.FindString("attributedTo") == kShopActor);
  CHECK(*note.FindString("summary") == "coffee talk");
  CHECK(note.FindBool("sensitive") == true);
  CHECK(note.Find("updated") == nullptr);
  CheckAgainstMastodon(create, "note_public.json");

  const std::string& html = *note.FindString("content");
  CHECK(html.find("<span class=\"h-card\"") != std::string::npos);
  CHECK(html.find("class=\"u-url mention\"") != std::string::npos);
  CHECK(html.find("href=\"https://shop.example/tags/coffee\" class=\"mention hashtag\" "
                  "rel=\"tag\"") != std::string::npos);
  const json::Value* mention = FindTag(note, "Mention");
  REQUIRE(mention != nullptr);
  CHECK(*mention->FindString("href") == kBobId);
  CHECK(*mention->FindString("name") == "@bob@gts.example");
  const json::Value* hashtag = FindTag(note, "Hashtag");
  REQUIRE(hashtag != nullptr);
  CHECK(*hashtag->FindString("href") == "https://shop.example/tags/coffee");
  CHECK(*hashtag->FindString("name") == "#coffee");

  // The status URL serves the same Note that was delivered.
  auto stored = h.federation->FindObject(post.uri);
  REQUIRE(stored.ok());
  json::Value served = activitypub::publish::NoteToJson(*stored, h.shop, h.uris);
  served.Erase("@context");
  CHECK(json::Serialize(served) == json::Serialize(note));
}

TEST_CASE("unlisted and followers-only posts are addressed as Mastodon's") {
  PublishHarness h;
  h.AddFollower(kAliceId);
  PostRequest request;
  request.text = "@bob@gts.example fresh #coffee today";

  request.visibility = Visibility::kUnlisted;
  store::StoredObject unlisted = h.MustPost(request);
  CHECK(unlisted.to == std::vector<std::string>{kShopFollowers});
  CHECK(unlisted.cc == std::vector<std::string>{kPublic, kBobId});
  auto jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kMastodonShared, kGtsShared});
  CheckAgainstMastodon(PublishHarness::Activity(jobs), "note_unlisted.json");

  request.visibility = Visibility::kFollowers;
  store::StoredObject followers = h.MustPost(request);
  CHECK(followers.to == std::vector<std::string>{kShopFollowers});
  CHECK(followers.cc == std::vector<std::string>{kBobId});
  jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kMastodonShared, kGtsShared});
  json::Value create = PublishHarness::Activity(jobs);
  CheckAgainstMastodon(create, "note_followers.json");
  CHECK(json::Serialize(create).find("#Public") == std::string::npos);
}

TEST_CASE("a direct post goes only to the mentioned actors' personal inboxes") {
  PublishHarness h;
  h.AddFollower(kAliceId);
  h.AddFollower(kCarolId);
  PostRequest request;
  request.text = "@bob@gts.example your order is ready";
  request.visibility = Visibility::kDirect;
  store::StoredObject post = h.MustPost(request);
  CHECK(post.to == std::vector<std::string>{kBobId});
  CHECK(post.cc.empty());
  auto jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kBobInbox});
  json::Value create = PublishHarness::Activity(jobs);
  CheckAgainstMastodon(create, "note_direct.json");
  CHECK(json::Serialize(create).find("#Public") == std::string::npos);
  CHECK(json::Serialize(create).find("/followers") == std::string::npos);
}

TEST_CASE("mentions that do not resolve stay text; local mentions are not delivered") {
  PublishHarness h;
  h.CreateAccount("bakery");
  PostRequest request;
  request.text = "hi @nobody@nowhere.example and @bakery";
  store::StoredObject post = h.MustPost(request);
  REQUIRE(post.mentions.size() == 1);
  CHECK(post.mentions[0].actor_uri == "https://shop.example/users/bakery");
  CHECK(post.mentions[0].acct == "bakery@shop.example");
  CHECK(post.mentions[0].account_id != 0);
  CHECK(post.content_html.find("@nobody@nowhere.example") != std::string::npos);
  CHECK(h.NewJobs().empty());
}

TEST_CASE("a reply reaches the parent's author and names the parent") {
  PublishHarness h;
  h.AddFollower(kAliceId);
  const std::string parent = "https://misskey.example/notes/9abc";
  h.ServeNote(parent, kCarolId, {kPublic}, {});
  PostRequest request;
  request.text = "Thanks!";
  request.in_reply_to = parent;
  store::StoredObject post = h.MustPost(request);
  CHECK(post.in_reply_to_uri == parent);
  auto jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kMastodonShared, kMisskeyShared});
  json::Value create = PublishHarness::Activity(jobs);
  CHECK(*create.Find("object")->FindString("inReplyTo") == parent);

  // A reply to one of our own posts: no remote author to tell.
  PostRequest own;
  own.text = "And more";
  own.in_reply_to = post.uri;
  store::StoredObject reply = h.MustPost(own);
  CHECK(reply.in_reply_to_uri == post.uri);
  CHECK(PublishHarness::Inboxes(h.NewJobs()) == std::set<std::string>{kMastodonShared});

  // A direct reply reaches only whom it mentions.
  PostRequest direct;
  direct.text = "@bob@gts.example psst";
  direct.visibility = Visibility::kDirect;
  direct.in_reply_to = parent;
  h.MustPost(direct);
  CHECK(PublishHarness::Inboxes(h.NewJobs()) == std::set<std::string>{kBobInbox});

  PostRequest missing;
  missing.text = "?";
  missing.in_reply_to = "https://shop.example/users/shop/statuses/nothere";
  CHECK(h.service->Post(h.shop, missing).error().code == ErrorCode::kNotFound);
}

TEST_CASE("an edit sends Update with `updated` to the same recipients and new mentions") {
  PublishHarness h;
  h.AddFollower(kAliceId);
  PostRequest request;
  request.text = "@bob@gts.example open at 9";
  store::StoredObject post = h.MustPost(request);
  auto created = h.NewJobs();

  h.clock.Advance(60);
  Status edited =
      h.service->Edit(h.shop, std::to_string(post.id), "@carol@misskey.example open at 10", "");
  REQUIRE_MESSAGE(edited.ok(), edited.error().ToLogString());
  auto jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) ==
        std::set<std::string>{kMastodonShared, kGtsShared, kMisskeyShared});
  for (const auto& job : jobs) CHECK(job.object_id == post.id);
  json::Value update = PublishHarness::Activity(jobs);
  const int64_t edited_at = h.clock.NowUnix();
  CHECK(*update.FindString("id") == post.uri + "#updates/" + std::to_string(edited_at));
  CHECK(*update.FindString("type") == "Update");
  const json::Value& note = *update.Find("object");
  CHECK(*note.FindString("updated") == FormatIso8601(edited_at));
  CHECK(*note.FindString("published") == FormatIso8601(post.published_at));
  CHECK(note.FindString("content")->find("open at 10") != std::string::npos);
  CHECK(Strings(note.Find("cc")) == std::vector<std::string>{kShopFollowers, kCarolId});
  CHECK_FALSE(HasBlindAddressing(update));

  // A second edit in the same second still gets a distinct Update id.
  REQUIRE(h.service->Edit(h.shop, post.uri, "open at 11", "closed Sunday").ok());
  json::Value second = PublishHarness::Activity(h.NewJobs());
  CHECK(*second.FindString("id") != *update.FindString("id"));
  CHECK(*second.Find("object")->FindString("summary") == "closed Sunday");
  auto stored = h.federation->FindObject(post.uri);
  REQUIRE(stored.ok());
  CHECK(stored->content_source == "open at 11");
}

TEST_CASE("a delete sends Delete{Tombstone} to the same recipients and leaves a tombstone") {
  PublishHarness h;
  h.AddFollower(kAliceId);
  PostRequest request;
  request.text = "@bob@gts.example sale!";
  store::StoredObject post = h.MustPost(request);
  h.NewJobs();
  REQUIRE(h.service->Delete(h.shop, post.uri).ok());
  auto jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kMastodonShared, kGtsShared});
  json::Value del = PublishHarness::Activity(jobs);
  CHECK(*del.FindString("id") == post.uri + "#delete");
  CHECK(*del.FindString("type") == "Delete");
  CHECK(*del.FindString("actor") == kShopActor);
  const json::Value& tombstone = *del.Find("object");
  CHECK(*tombstone.FindString("id") == post.uri);
  CHECK(*tombstone.FindString("type") == "Tombstone");
  CHECK(tombstone.Find("content") == nullptr);
  CHECK_FALSE(HasBlindAddressing(del));

  auto found = h.federation->FindObject(post.uri);
  REQUIRE(found.ok());
  CHECK(found->deleted_at != 0);
  CHECK(h.service->Delete(h.shop, post.uri).error().code == ErrorCode::kGone);
  CHECK(h.service->Edit(h.shop, post.uri, "again", "").error().code == ErrorCode::kGone);
  CHECK(h.service->Pin(h.shop, std::to_string(post.id)).error().code == ErrorCode::kGone);
}

TEST_CASE("only the owner may edit, delete or pin a post") {
  PublishHarness h;
  store::Account other = h.CreateAccount("other");
  PostRequest request;
  request.text = "ours";
  store::StoredObject post = h.MustPost(request);
  CHECK(h.service->Edit(other, post.uri, "theirs", "").error().code == ErrorCode::kForbidden);
  CHECK(h.service->Delete(other, post.uri).error().code == ErrorCode::kForbidden);
  CHECK(h.service->Pin(other, post.uri).error().code == ErrorCode::kForbidden);
  CHECK(h.service->Unpin(other, post.uri).error().code == ErrorCode::kForbidden);
  CHECK(h.service->Delete(h.shop, "99999").error().code == ErrorCode::kNotFound);
  CHECK(h.service->Delete(h.shop, "https://shop.example/users/shop/statuses/x").error().code ==
        ErrorCode::kNotFound);
  auto still = h.federation->FindObject(post.uri);
  REQUIRE(still.ok());
  CHECK(still->deleted_at == 0);
  CHECK(still->content_source == "ours");
}

TEST_CASE("post limits: empty, too long, too many mentions, invalid UTF-8") {
  PublishHarness h;
  PostRequest request;
  request.text = "  \n ";
  CHECK(h.service->Post(h.shop, request).error().code == ErrorCode::kInvalidInput);

  // Characters, not bytes: 5,000 two-byte characters fit.
  std::string text;
  for (size_t i = 0; i < activitypub::kMaxPostChars; ++i) text += "\xC3\xA9";
  request.text = text;
  CHECK(h.service->Post(h.shop, request).ok());
  request.content_warning = "x";
  CHECK(h.service->Post(h.shop, request).error().code == ErrorCode::kInvalidInput);
  request.content_warning.clear();

  request.text = "bad \xFF byte";
  CHECK(h.service->Post(h.shop, request).error().code == ErrorCode::kInvalidInput);

  std::string crowd;
  for (size_t i = 0; i <= activitypub::kMaxPostMentions; ++i) {
    crowd += "@user" + std::to_string(i) + "@spam.example ";
  }
  request.text = crowd;
  CHECK(h.service->Post(h.shop, request).error().code == ErrorCode::kInvalidInput);
  CHECK(h.lookups == 0);
  CHECK(h.NewJobs().empty());
}

TEST_CASE("addressing per visibility, as pure functions") {
  using activitypub::publish::AudienceFor;
  const std::string f = kShopFollowers;
  auto pub = AudienceFor(Visibility::kPublic, f, {kBobId, kBobId});
  CHECK(pub.to == std::vector<std::string>{kPublic});
  CHECK(pub.cc == std::vector<std::string>{f, kBobId});
  auto unlisted = AudienceFor(Visibility::kUnlisted, f, {kBobId});
  CHECK(unlisted.to == std::vector<std::string>{f});
  CHECK(unlisted.cc == std::vector<std::string>{kPublic, kBobId});
  auto followers = AudienceFor(Visibility::kFollowers, f, {kBobId});
  CHECK(followers.to == std::vector<std::string>{f});
  CHECK(followers.cc == std::vector<std::string>{kBobId});
  auto direct = AudienceFor(Visibility::kDirect, f, {kBobId, kCarolId});
  CHECK(direct.to == std::vector<std::string>{kBobId, kCarolId});
  CHECK(direct.cc.empty());
}

}  // namespace
}  // namespace cornerstore::testing
