// Each activity a client submits, carried out through the publish and follow services: what is
// stored, what is queued for delivery (server ids, no bto/bcc), and what is refused.
#include <doctest/doctest.h>

#include "activitypub/publish/activities.h"
#include "tests/unit/c2s/c2s_harness.h"

namespace cornerstore::testing {
namespace {

constexpr const char* kAliceNote = "https://mastodon.example/users/alice/statuses/1";
constexpr const char* kFeatured = "https://shop.example/users/shop/collections/featured";

TEST_CASE("a public bare Note is posted and its Create goes to followers") {
  C2sHarness h;
  h.AddFollower(kAliceId);
  auto outcome = h.MustSubmit(R"({"type":"Note","id":"https://evil.example/n",
      "content":"<p>Fresh bread</p><p>at <b>nine</b></p>",
      "to":["https://www.w3.org/ns/activitystreams#Public"],
      "cc":["https://shop.example/users/shop/followers"],"bcc":["https://gts.example/users/bob"]})");
  CHECK(outcome.type == "Create");
  CHECK(outcome.object_id.starts_with("https://shop.example/users/shop/statuses/"));
  CHECK(outcome.activity_id == activitypub::publish::CreateId(outcome.object_id));

  auto post = h.federation->FindObject(outcome.object_id);
  REQUIRE(post.ok());
  CHECK(post->visibility == store::Visibility::kPublic);
  // Plain text for the publish path: paragraphs kept, tags gone; bob (bcc) is not mentioned.
  CHECK(post->content_source == "Fresh bread\n\nat nine");
  CHECK(post->cc == std::vector<std::string>{kShopFollowers});

  auto jobs = h.NewJobs();
  json::Value create = PublishHarness::Activity(jobs);
  CHECK(*create.FindString("id") == outcome.activity_id);
  CHECK(*create.FindString("actor") == kShopActor);
  CHECK_FALSE(HasBlindAddressing(create));
  // bob, blind-copied, gets it in his personal inbox; the activity never names him.
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kMastodonShared, kBobInbox});
  CHECK(json::Serialize(create).find(kBobId) == std::string::npos);
}

TEST_CASE("a Note addressed only to an actor is direct and mentions it") {
  C2sHarness h;
  h.AddFollower(kBobId);
  auto outcome = h.MustSubmit(R"({"type":"Create","object":{"type":"Note",
      "content":"Your order is ready","to":["https://mastodon.example/users/alice"]}})");
  auto post = h.federation->FindObject(outcome.object_id);
  REQUIRE(post.ok());
  CHECK(post->visibility == store::Visibility::kDirect);
  auto jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kAliceInbox});
  json::Value create = PublishHarness::Activity(jobs);
  CHECK(Strings(create.Find("to")) == std::vector<std::string>{kAliceId});
}

TEST_CASE("followers-only and unlisted from addressing") {
  C2sHarness h;
  auto followers = h.MustSubmit(R"({"type":"Note","content":"members only",
      "to":["https://shop.example/users/shop/followers"]})");
  CHECK(h.federation->FindObject(followers.object_id)->visibility == store::Visibility::kFollowers);
  auto unlisted = h.MustSubmit(R"({"type":"Note","content":"quiet",
      "to":["https://shop.example/users/shop/followers"],"cc":["Public"]})");
  CHECK(h.federation->FindObject(unlisted.object_id)->visibility == store::Visibility::kUnlisted);
}

TEST_CASE("Update edits the account's own post; partial: the summary stays") {
  C2sHarness h;
  h.AddFollower(kAliceId);
  auto created = h.MustSubmit(R"({"type":"Note","content":"Open 9-5","summary":"hours",
      "to":["as:Public"]})");
  h.NewJobs();
  h.clock.Advance(60);
  auto updated = h.MustSubmit(R"({"type":"Update","object":{"type":"Note","id":")" +
                              created.object_id + R"(","content":"<p>Open 8-6</p>"}})");
  auto post = h.federation->FindObject(created.object_id);
  REQUIRE(post.ok());
  CHECK(post->content_source == "Open 8-6");
  CHECK(post->summary == "hours");
  CHECK(updated.activity_id == activitypub::publish::UpdateId(post->uri, post->edited_at));
  json::Value update = PublishHarness::Activity(h.NewJobs());
  CHECK(*update.FindString("type") == "Update");
  CHECK(*update.FindString("id") == updated.activity_id);
}

TEST_CASE("Update and Delete of another account's post are forbidden") {
  C2sHarness h;
  store::Account other = h.CreateAccount("other");
  activitypub::PostRequest request;
  request.text = "not yours";
  auto theirs = h.service->Post(other, request);
  REQUIRE(theirs.ok());
  auto update = h.Submit(R"({"type":"Update","object":{"type":"Note","id":")" + theirs->uri +
                         R"(","content":"mine now"}})");
  REQUIRE_FALSE(update.ok());
  CHECK(update.error().code == ErrorCode::kForbidden);
  auto del = h.Submit(R"({"type":"Delete","object":")" + theirs->uri + R"("})");
  REQUIRE_FALSE(del.ok());
  CHECK(del.error().code == ErrorCode::kForbidden);
  CHECK(h.federation->FindObject(theirs->uri)->deleted_at == 0);
}

TEST_CASE("Delete tombstones the post and sends Delete") {
  C2sHarness h;
  h.AddFollower(kAliceId);
  auto created = h.MustSubmit(R"({"type":"Note","content":"oops","to":["as:Public"]})");
  h.NewJobs();
  auto deleted = h.MustSubmit(R"({"type":"Delete","object":{"type":"Tombstone","id":")" +
                              created.object_id + R"("}})");
  CHECK(deleted.activity_id == activitypub::publish::DeleteId(created.object_id));
  CHECK(h.federation->FindObject(created.object_id)->deleted_at != 0);
  CHECK(*PublishHarness::Activity(h.NewJobs()).FindString("type") == "Delete");
}

TEST_CASE("Like, Announce and their Undo") {
  C2sHarness h;
  h.ServeNote(kAliceNote, kAliceId, {kPublic}, {});
  auto like = h.MustSubmit(R"({"type":"Like","object":")" + std::string(kAliceNote) + R"("})");
  CHECK(like.activity_id.starts_with(std::string(kShopActor) + "#likes/"));
  json::Value sent = PublishHarness::Activity(h.NewJobs());
  CHECK(*sent.FindString("id") == like.activity_id);

  auto boost = h.MustSubmit(R"({"type":"Announce","object":")" + std::string(kAliceNote) + R"("})");
  CHECK(boost.activity_id.starts_with(std::string(kShopActor) + "#announces/"));
  h.NewJobs();

  // Undo by id, and by embedding the activity.
  auto unlike = h.MustSubmit(R"({"type":"Undo","object":")" + like.activity_id + R"("})");
  CHECK(unlike.activity_id == like.activity_id + "/undo");
  json::Value undo = PublishHarness::Activity(h.NewJobs());
  CHECK(*undo.FindString("type") == "Undo");
  CHECK(*undo.FindString("id") == unlike.activity_id);
  auto unboost = h.MustSubmit(R"({"type":"Undo","object":{"type":"Announce","object":")" +
                              std::string(kAliceNote) + R"("}})");
  CHECK(unboost.activity_id == boost.activity_id + "/undo");
  CHECK(h.federation->FindReactionByActivity(boost.activity_id).error().code ==
        ErrorCode::kNotFound);

  auto again = h.Submit(R"({"type":"Undo","object":")" + like.activity_id + R"("})");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kInvalidInput);
}

TEST_CASE("Follow and Undo Follow go to the followed actor") {
  C2sHarness h;
  auto follow = h.MustSubmit(R"({"type":"Follow","object":")" + std::string(kAliceId) + R"("})");
  CHECK(follow.activity_id.starts_with(std::string(kShopActor) + "#follows/"));
  auto jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) == std::set<std::string>{kAliceInbox});
  CHECK(*PublishHarness::Activity(jobs).FindString("id") == follow.activity_id);

  auto undo = h.MustSubmit(R"({"type":"Undo","object":")" + follow.activity_id + R"("})");
  CHECK(undo.activity_id == follow.activity_id + "/undo");
  json::Value sent = PublishHarness::Activity(h.NewJobs());
  CHECK(*sent.FindString("type") == "Undo");
  CHECK(h.federation->FindFollow(kShopActor, kAliceId).error().code == ErrorCode::kNotFound);
}

TEST_CASE("Block records the block, ends follows and sends Block; Undo Block reverses it") {
  C2sHarness h;
  h.AddFollower(kAliceId);
  auto block = h.MustSubmit(R"({"type":"Block","object":")" + std::string(kAliceId) + R"("})");
  CHECK(block.activity_id.starts_with(std::string(kShopActor) + "#blocks/"));
  CHECK(*h.federation->IsBlocked(h.shop.id, kAliceId, false));
  CHECK(h.federation->FindFollow(kAliceId, kShopActor).error().code == ErrorCode::kNotFound);
  auto jobs = h.NewJobs();
  bool sent_block = false;
  for (const auto& job : jobs) {
    if (job.activity_uri != block.activity_id) continue;
    sent_block = true;
    CHECK(job.inbox_url == kAliceInbox);
  }
  CHECK(sent_block);

  // Blocking again sends nothing.
  CHECK(h.MustSubmit(R"({"type":"Block","object":")" + std::string(kAliceId) + R"("})")
            .activity_id.empty());

  auto undo = h.MustSubmit(R"({"type":"Undo","object":{"type":"Block","object":")" +
                           std::string(kAliceId) + R"("}})");
  CHECK_FALSE(*h.federation->IsBlocked(h.shop.id, kAliceId, false));
  json::Value sent = PublishHarness::Activity(h.NewJobs());
  CHECK(*sent.FindString("type") == "Undo");
  CHECK(*sent.FindString("id") == undo.activity_id);
  CHECK(*sent.FindObject("object")->FindString("type") == "Block");
}

TEST_CASE("Add and Remove pin on the featured collection only") {
  C2sHarness h;
  h.AddFollower(kAliceId);
  auto post = h.MustSubmit(R"({"type":"Note","content":"menu","to":["as:Public"]})");
  h.NewJobs();
  auto add = h.MustSubmit(R"({"type":"Add","object":")" + post.object_id + R"(","target":")" +
                          kFeatured + R"("})");
  CHECK(add.activity_id.starts_with(std::string(kShopActor) + "#adds/"));
  CHECK(h.federation->ListPinned(h.shop.id)->size() == 1);
  CHECK(*PublishHarness::Activity(h.NewJobs()).FindString("id") == add.activity_id);
  auto remove =
      h.MustSubmit(R"({"type":"Remove","object":")" + post.object_id + R"(","target":{"id":")" +
                   kFeatured + R"(","type":"OrderedCollection"}})");
  CHECK(remove.activity_id.starts_with(std::string(kShopActor) + "#removes/"));
  CHECK(h.federation->ListPinned(h.shop.id)->empty());

  auto elsewhere = h.Submit(R"({"type":"Add","object":")" + post.object_id +
                            R"(","target":"https://shop.example/users/shop/followers"})");
  REQUIRE_FALSE(elsewhere.ok());
  CHECK(elsewhere.error().code == ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace cornerstore::testing
