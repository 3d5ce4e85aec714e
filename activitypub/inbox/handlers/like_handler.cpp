#include "activitypub/inbox/handlers/handlers.h"
#include "activitypub/inbox/handlers/reactions.h"

namespace cornerstore::activitypub {

Status LikeHandler::Authorize(const Activity& activity) const {
  return handlers::AuthorizeReaction(activity);
}

Status LikeHandler::Apply(const Activity& activity, const store::InboxItem&,
                          HandlerContext& context) const {
  // Misskey's reactions arrive as Like with `_misskey_reaction`: Mastodon counts them as
  // favourites, and so do we (the emoji is kept with the reaction).
  return handlers::ReactToLocalPost(activity, context, store::ReactionType::kLike,
                                    store::NotificationType::kFavourite, activity.content,
                                    /*public_only=*/false);
}

}  // namespace cornerstore::activitypub
