// FollowService: what a local account's owner does about follows — approve or reject a
// follower's request, follow a remote actor, unfollow, remove a follower.
//
// Each operation changes the follow and enqueues its message (Accept, Reject, Follow, Undo) to
// the peer's personal inbox in one transaction (the outbox pattern of FederationStore). The CLI,
// the dashboard and the client API all call this, so the rules live once.
//
// Between two accounts of this server nothing is delivered: the follow is written directly
// (pending when the followed account approves followers by hand, accepted otherwise) and the
// followed account gets the `follow_request` or `follow` notification the inbox would have
// given it. Approve, Reject, RemoveFollower and Unfollow change such a follow without delivery.
//
// Ownership: borrows everything; thread-safe as far as the stores and resolver are.
#pragma once

#include <functional>
#include <string>

#include "activitypub/inbox/remote_actors.h"
#include "activitypub/uris.h"
#include "src/common/clock.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub {

class FollowService {
 public:
  FollowService(store::Store& store, store::FederationStore& federation,
                RemoteActorResolver& actors, const Uris& uris, const Clock& clock,
                std::function<void()> on_enqueued = {});

  // Accepts the pending request of `follower_uri` to follow `account`: Accept(Follow).
  Status Approve(const store::Account& account, const std::string& follower_uri);
  // Refuses it: the request is removed and Reject(Follow) sent.
  Status Reject(const store::Account& account, const std::string& follower_uri);
  // Removes an accepted follower (also sends Reject, which Mastodon reads as "removed").
  Status RemoveFollower(const store::Account& account, const std::string& follower_uri);
  // Sends Follow to remote `actor_uri`; the follow stays pending until its Accept arrives.
  // Following again while pending or accepted re-sends the same Follow (peers lose state).
  // An actor of this server is followed through FollowLocal.
  Result<store::Follow> FollowRemote(const store::Account& account, const std::string& actor_uri);
  // `account` follows `target`, another account of this server: kForbidden for oneself or when
  // either blocked the other. Following again returns the existing follow and notifies nothing.
  Result<store::Follow> FollowLocal(const store::Account& account, const store::Account& target);
  // Undo(Follow) and forget the follow.
  Status Unfollow(const store::Account& account, const std::string& actor_uri);

 private:
  Result<store::Follow> FindInbound(const store::Account& account, const std::string& follower_uri);
  // The local account `actor_uri` names; kNotFound if there is none.
  Result<store::Account> LocalAccount(const std::string& actor_uri);
  // True if `account` blocked `actor_uri` (a local block of that actor).
  Result<bool> Blocks(const store::Account& account, const std::string& actor_uri);
  Status AddNotification(int64_t account_id, store::NotificationType type,
                         const std::string& actor_uri, const std::string& object_uri,
                         const std::string& activity_uri);
  void Notify() const;

  store::Store& store_;
  store::FederationStore& federation_;
  RemoteActorResolver& actors_;
  const Uris& uris_;
  const Clock& clock_;
  const std::function<void()> on_enqueued_;
};

}  // namespace cornerstore::activitypub
