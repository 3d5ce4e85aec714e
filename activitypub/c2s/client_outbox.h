// ClientOutbox: what an account's own client posts to its outbox (ActivityPub §6), carried out
// through the same services the CLI and the client API use, so federation behaves the same
// whichever door a post came in by:
//   Create{Note|Article|Page}  PublishService::Post (visibility, text: c2s/post_mapping.h)
//   Update{Note}               PublishService::Edit of the account's own post
//   Delete                     PublishService::Delete of the account's own post
//   Like / Announce            PublishService::Like / Boost
//   Add / Remove (featured)    PublishService::Pin / Unpin
//   Follow                     FollowService::FollowRemote
//   Block                      BlockActions::Block (c2s/block_activities.h)
//   Undo{Like|Announce|Follow|Block}   the matching undo
// The activities that go out are the ones those services build, with ids the server minted;
// nothing the client wrote is forwarded as is, so `bto`/`bcc` never leave the server.
//
// Errors: those of the services (kInvalidInput, kNotFound, kForbidden, kGone, kConflict, …),
// plus kInvalidInput for an Add/Remove on another collection or an Undo of an unknown activity.
//
// Ownership: borrows everything. Thread-safe as far as the services are (it keeps no state).
#pragma once

#include <functional>
#include <string>

#include "activitypub/c2s/block_activities.h"
#include "activitypub/c2s/client_activity.h"
#include "activitypub/follow_service.h"
#include "activitypub/inbox/remote_actors.h"
#include "activitypub/publish/publish_service.h"
#include "activitypub/uris.h"
#include "src/common/clock.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub::c2s {

// What a submission did.
struct OutboxOutcome {
  std::string activity_id;  // the activity made (the answer's Location); "" if nothing was sent
  std::string type;         // the activity type carried out ("Create" for a wrapped object)
  std::string object_id;    // what it was about: the new or changed post, the actor, …
};

// The activity an Undo takes back, as the account did it.
struct UndoTarget {
  std::string type;    // Like, Announce, Follow or Block
  std::string object;  // the post or actor it was about
};

class ClientOutbox {
 public:
  ClientOutbox(store::FederationStore& federation, PublishService& publish, FollowService& follows,
               RemoteActorResolver& actors, const Uris& uris, const Clock& clock,
               std::function<void()> on_enqueued = {});

  // What `undo` takes back: its embedded activity, or the account's like, boost or follow with
  // that id. kInvalidInput when it names nothing the account did.
  Result<UndoTarget> ResolveUndo(const store::Account& account, const Activity& undo);

  // Carries out `submission` for `account`.
  Result<OutboxOutcome> Submit(const store::Account& account, const ClientActivity& submission);

 private:
  Result<OutboxOutcome> Create(const store::Account& account, const ClientActivity& submission);
  Result<OutboxOutcome> Update(const store::Account& account, const ClientActivity& submission);
  Result<OutboxOutcome> Delete(const store::Account& account, const std::string& post);
  Result<OutboxOutcome> Featured(const store::Account& account, const Activity& activity);
  Result<OutboxOutcome> Undo(const store::Account& account, const Activity& activity);
  // "@user@host" (or "@user" for a local account) for `actor_id`, to mention it.
  Result<std::string> HandleOf(const std::string& actor_id);
  // Handles of the actors `object` is addressed to or tags as Mention.
  Result<std::vector<std::string>> Recipients(const store::Account& account, const ApObject& object,
                                              const Addressing& addressing);

  store::FederationStore& federation_;
  PublishService& publish_;
  FollowService& follows_;
  RemoteActorResolver& actors_;
  const Uris& uris_;
  BlockActions blocks_;
};

}  // namespace cornerstore::activitypub::c2s
