#include "activitypub/inbox/handlers/common.h"
#include "activitypub/inbox/handlers/handlers.h"
#include "activitypub/inbox/handlers/reactions.h"

namespace cornerstore::activitypub {

Status AnnounceHandler::Authorize(const Activity& activity) const {
  return handlers::AuthorizeReaction(activity);
}

Status AnnounceHandler::Apply(const Activity& activity, const store::InboxItem&,
                              HandlerContext& context) const {
  if (!context.uris.IsLocal(activity.object.id)) {
    // Boosts of other servers' posts would feed home timelines, which we do not build.
    return handlers::Ignore(activity, "Announce of a remote object");
  }
  // Followers-only and direct posts cannot be boosted (Mastodon refuses them too).
  return handlers::ReactToLocalPost(activity, context, store::ReactionType::kAnnounce,
                                    store::NotificationType::kReblog, std::string(),
                                    /*public_only=*/true);
}

}  // namespace cornerstore::activitypub
