// Two accounts of this server: follows between them are written directly (no delivery), and a
// like or boost of one's post by the other notifies the author once.
#include <doctest/doctest.h>

#include "activitypub/follow_service.h"
#include "tests/unit/publish/publish_harness.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

struct LocalHarness : PublishHarness {
  LocalHarness() : follows(*accounts, *federation, *actors, uris, clock, [this] { ++enqueued; }) {
    reader = CreateAccount("reader");
  }

  std::vector<store::Notification> NotificationsOf(const store::Account& account) {
    auto list = federation->ListNotifications(account.id, store::PageRequest{});
    REQUIRE_MESSAGE(list.ok(), list.error().ToLogString());
    return std::move(list).value();
  }

  store::Account Locked(const std::string& username) {
    store::Account account = CreateAccount(username);
    account.manually_approves_followers = true;
    REQUIRE(accounts->UpdateAccount(account).ok());
    return *accounts->FindAccountById(account.id);
  }

  activitypub::FollowService follows;
  int enqueued = 0;
  store::Account reader;
};

}  // namespace

TEST_CASE("local follow of an open account: accepted, notified, nothing delivered") {
  LocalHarness h;
  auto follow = h.follows.FollowLocal(h.reader, h.shop);
  REQUIRE_MESSAGE(follow.ok(), follow.error().ToLogString());
  CHECK(follow->state == store::FollowState::kAccepted);
  CHECK(follow->follower_account_id == h.reader.id);
  CHECK(follow->followed_account_id == h.shop.id);
  CHECK(h.NewJobs().empty());
  CHECK(h.enqueued == 0);
  auto seen = h.NotificationsOf(h.shop);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].type == store::NotificationType::kFollow);
  CHECK(seen[0].actor_uri == h.uris.Actor("reader"));

  // Again: the same follow, no second notification.
  auto again = h.follows.FollowLocal(h.reader, h.shop);
  REQUIRE(again.ok());
  CHECK(again->id == follow->id);
  CHECK(h.NotificationsOf(h.shop).size() == 1);

  // The shop's followers-only posts now reach the reader's home timeline.
  activitypub::PostRequest request;
  request.text = "For followers";
  request.visibility = store::Visibility::kFollowers;
  store::StoredObject post = h.MustPost(request);
  auto home = h.federation->ListHomeTimeline(h.reader.id, store::PageRequest{});
  REQUIRE(home.ok());
  REQUIRE(home->size() == 1);
  CHECK(home->front().id == post.id);
  CHECK(h.Inboxes(h.NewJobs()).empty());  // no remote follower, and the local one gets no HTTP

  REQUIRE(h.follows.Unfollow(h.reader, h.uris.Actor("shop")).ok());
  CHECK(h.federation->FindFollow(h.uris.Actor("reader"), h.uris.Actor("shop")).error().code ==
        ErrorCode::kNotFound);
  CHECK(h.NewJobs().empty());
}

TEST_CASE("local follow of a locked account: a request, approved or rejected without delivery") {
  LocalHarness h;
  store::Account locked = h.Locked("locked");
  // Through FollowRemote too: a local actor id is followed directly.
  auto follow = h.follows.FollowRemote(h.reader, h.uris.Actor("locked"));
  REQUIRE_MESSAGE(follow.ok(), follow.error().ToLogString());
  CHECK(follow->state == store::FollowState::kPending);
  auto seen = h.NotificationsOf(locked);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].type == store::NotificationType::kFollowRequest);

  REQUIRE(h.follows.Approve(locked, h.uris.Actor("reader")).ok());
  auto stored = h.federation->FindFollow(h.uris.Actor("reader"), h.uris.Actor("locked"));
  REQUIRE(stored.ok());
  CHECK(stored->state == store::FollowState::kAccepted);

  store::Account other = h.CreateAccount("other");
  REQUIRE(h.follows.FollowLocal(other, locked).ok());
  REQUIRE(h.follows.Reject(locked, h.uris.Actor("other")).ok());
  CHECK(h.federation->FindFollow(h.uris.Actor("other"), h.uris.Actor("locked")).error().code ==
        ErrorCode::kNotFound);
  CHECK(h.NewJobs().empty());
  CHECK(h.enqueued == 0);
}

TEST_CASE("local follow refused: oneself, and across a block either way") {
  LocalHarness h;
  CHECK(h.follows.FollowLocal(h.shop, h.shop).error().code == ErrorCode::kForbidden);
  store::Block block;
  block.account_id = h.shop.id;
  block.actor_uri = h.uris.Actor("reader");
  block.activity_uri = h.uris.Actor("shop") + "#blocks/1";
  REQUIRE(h.federation->AddBlock(block).ok());
  CHECK(h.follows.FollowLocal(h.reader, h.shop).error().code == ErrorCode::kForbidden);
  CHECK(h.follows.FollowLocal(h.shop, h.reader).error().code == ErrorCode::kForbidden);
  CHECK(h.NotificationsOf(h.shop).empty());
  CHECK(h.NotificationsOf(h.reader).empty());
}

TEST_CASE("a local like or boost of a local post notifies its author once") {
  LocalHarness h;
  activitypub::PostRequest request;
  request.text = "Fresh bread";
  store::StoredObject post = h.MustPost(request);

  REQUIRE(h.service->Like(h.reader, post.uri).ok());
  REQUIRE(h.service->Like(h.reader, post.uri).ok());
  REQUIRE(h.service->Boost(h.reader, post.uri).ok());
  REQUIRE(h.service->Boost(h.reader, post.uri).ok());
  REQUIRE(h.service->Like(h.shop, post.uri).ok());  // the author's own: nobody to tell
  auto seen = h.NotificationsOf(h.shop);
  REQUIRE(seen.size() == 2);
  int likes = 0, boosts = 0;
  for (const store::Notification& n : seen) {
    CHECK(n.actor_uri == h.uris.Actor("reader"));
    CHECK(n.object_uri == post.uri);
    likes += n.type == store::NotificationType::kFavourite ? 1 : 0;
    boosts += n.type == store::NotificationType::kReblog ? 1 : 0;
  }
  CHECK(likes == 1);
  CHECK(boosts == 1);
  CHECK(h.NotificationsOf(h.reader).empty());
}
