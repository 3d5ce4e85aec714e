// Deleting a local account: Delete{actor} to every server that knows it, signed with the key the
// jobs carry, the account gone and its name retired in the same transaction.
#include <doctest/doctest.h>

#include "activitypub/publish/account_deletion.h"
#include "tests/unit/publish/publish_harness.h"

namespace cornerstore::testing {
namespace {

using activitypub::DeleteAccountAndFederate;

constexpr const char* kShopKeyId = "https://shop.example/users/shop#main-key";
constexpr const char* kShopPrivatePem =
    "-----BEGIN PRIVATE KEY-----\nshop\n-----END PRIVATE KEY-----\n";

// `follower` (local) follows `followed` (local), accepted.
void FollowLocally(PublishHarness& h, const store::Account& follower,
                   const store::Account& followed) {
  store::Follow follow;
  follow.follower_uri = h.uris.Actor(follower.username);
  follow.follower_account_id = follower.id;
  follow.followed_uri = h.uris.Actor(followed.username);
  follow.followed_account_id = followed.id;
  follow.state = store::FollowState::kAccepted;
  follow.follow_activity_uri = follow.follower_uri + "#follows/1";
  REQUIRE(h.federation->PutFollow(follow).ok());
}

TEST_CASE(
    "account deletion: Delete{actor} to followers and followed, signed with the carried key") {
  PublishHarness h;
  h.shop.private_key_pem = kShopPrivatePem;
  REQUIRE(h.accounts->UpdateAccount(h.shop).ok());
  h.AddFollower(kAliceId);
  h.AddFollower(kBobId);
  // shop asked to follow carol (still pending): carol's server knows shop too.
  REQUIRE(h.actors->Resolve(kCarolId).ok());
  store::Follow follow;
  follow.follower_uri = kShopActor;
  follow.follower_account_id = h.shop.id;
  follow.followed_uri = kCarolId;
  follow.state = store::FollowState::kPending;
  follow.follow_activity_uri = std::string(kShopActor) + "#follows/1";
  REQUIRE(h.federation->PutFollow(follow).ok());
  // A local follower has no inbox: it learns nothing by delivery.
  store::Account cafe = h.CreateAccount("cafe");
  FollowLocally(h, cafe, h.shop);

  auto report = DeleteAccountAndFederate(*h.federation, h.shop, h.uris, h.clock);
  REQUIRE_MESSAGE(report.ok(), report.error().ToLogString());
  CHECK(report->inboxes == 3);
  CHECK(report->servers == 3);

  auto jobs = h.NewJobs();
  CHECK(PublishHarness::Inboxes(jobs) ==
        std::set<std::string>{kMastodonShared, kGtsShared, kMisskeyShared});
  for (const auto& job : jobs) {
    CHECK(job.activity_uri == std::string(kShopActor) + "#delete");
    CHECK(job.signer_account_id == 0);  // the account row is gone
    CHECK(job.signer_key_id == kShopKeyId);
    CHECK(job.signer_private_key_pem == kShopPrivatePem);
  }
  json::Value del = PublishHarness::Activity(jobs);
  CHECK(*del.FindString("@context") == "https://www.w3.org/ns/activitystreams");
  CHECK(*del.FindString("id") == std::string(kShopActor) + "#delete");
  CHECK(*del.FindString("type") == "Delete");
  CHECK(*del.FindString("actor") == kShopActor);
  CHECK(*del.FindString("object") == kShopActor);
  CHECK(Strings(del.Find("to")) == std::vector<std::string>{kPublic});
  CHECK(del.Find("cc") == nullptr);

  CHECK(h.accounts->FindAccountByUsername("shop").error().code == ErrorCode::kNotFound);
  CHECK(*h.accounts->IsAccountDeleted("shop"));
  CHECK_FALSE(*h.accounts->IsAccountDeleted("cafe"));
  CHECK(h.federation->CountFollowing(cafe.id, store::FollowState::kAccepted).value() == 0);

  // The name is never reused, and a second deletion finds nothing and queues nothing.
  store::Account again;
  again.username = "shop";
  again.public_key_pem = again.private_key_pem = "unused";
  auto created = h.accounts->CreateAccount(again);
  REQUIRE_FALSE(created.ok());
  CHECK(created.error().code == ErrorCode::kConflict);
  CHECK(created.error().message.find("deleted account") != std::string::npos);
  auto twice = DeleteAccountAndFederate(*h.federation, h.shop, h.uris, h.clock);
  REQUIRE_FALSE(twice.ok());
  CHECK(twice.error().code == ErrorCode::kNotFound);
  CHECK(h.NewJobs().empty());
}

TEST_CASE("account deletion: reaches the actors its posts mentioned and those who reacted") {
  PublishHarness h;
  activitypub::PostRequest request;
  request.text = "Thanks @carol@misskey.example!";
  store::StoredObject post = h.MustPost(request);
  h.NewJobs();  // the Create
  REQUIRE(h.actors->Resolve(kAliceId).ok());
  store::Reaction like;
  like.type = store::ReactionType::kLike;
  like.activity_uri = std::string(kAliceId) + "#likes/1";
  like.actor_uri = kAliceId;
  like.object_uri = post.uri;
  REQUIRE(h.federation->AddReaction(like).ok());

  auto report = DeleteAccountAndFederate(*h.federation, h.shop, h.uris, h.clock);
  REQUIRE_MESSAGE(report.ok(), report.error().ToLogString());
  CHECK(report->inboxes == 2);
  CHECK(PublishHarness::Inboxes(h.NewJobs()) ==
        std::set<std::string>{kMastodonShared, kMisskeyShared});
  CHECK(h.federation->FindObject(post.uri).error().code == ErrorCode::kNotFound);
}

TEST_CASE("account deletion: an account nobody knows goes with nothing queued") {
  PublishHarness h;
  auto report = DeleteAccountAndFederate(*h.federation, h.shop, h.uris, h.clock);
  REQUIRE(report.ok());
  CHECK(report->inboxes == 0);
  CHECK(report->servers == 0);
  CHECK(h.NewJobs().empty());
  CHECK(*h.accounts->IsAccountDeleted("shop"));
}

TEST_CASE("account deletion: the Tombstone its actor URL serves") {
  activitypub::Uris uris{"https://shop.example", "shop.example"};
  json::Value doc = activitypub::DeletedActorToJson("shop", uris);
  CHECK(*doc.FindString("id") == kShopActor);
  CHECK(*doc.FindString("type") == "Tombstone");
  CHECK(activitypub::AccountDeleteId(kShopActor) == std::string(kShopActor) + "#delete");
}

}  // namespace
}  // namespace cornerstore::testing
