// The shared path of Like, EmojiReact and Announce: a reaction to one of our posts, stored once
// per type, actor and post, and a notification to the post's author.
#pragma once

#include <string>

#include "activitypub/inbox/handlers/handler.h"

namespace cornerstore::activitypub::handlers {

// Authorize part: the activity has an id (the reaction's key for Undo) and an object.
Status AuthorizeReaction(const Activity& activity);

// Stores the reaction of `activity.actor` to the local post `activity.object.id` and notifies
// its author. Ignores posts that are not ours, authors who blocked the actor, and (when
// `public_only`) posts that are neither public nor unlisted.
Status ReactToLocalPost(const Activity& activity, HandlerContext& context, store::ReactionType type,
                        store::NotificationType notification, const std::string& content,
                        bool public_only);

}  // namespace cornerstore::activitypub::handlers
