#include "activitypub/inbox/handlers/common.h"
#include "activitypub/inbox/handlers/handlers.h"
#include "activitypub/inbox/handlers/reactions.h"

namespace cornerstore::activitypub {

namespace {

// An emoji is a few code points, or a :shortcode: of a custom emoji; longer is not an emoji.
constexpr size_t kMaxEmojiBytes = 256;

}  // namespace

Status EmojiReactHandler::Authorize(const Activity& activity) const {
  CS_RETURN_IF_ERROR(handlers::AuthorizeReaction(activity));
  if (activity.content.empty() || activity.content.size() > kMaxEmojiBytes) {
    return handlers::Malformed("EmojiReact without an emoji");
  }
  return OkStatus();
}

Status EmojiReactHandler::Apply(const Activity& activity, const store::InboxItem&,
                                HandlerContext& context) const {
  return handlers::ReactToLocalPost(activity, context, store::ReactionType::kEmojiReact,
                                    store::NotificationType::kEmojiReact, activity.content,
                                    /*public_only=*/false);
}

}  // namespace cornerstore::activitypub
