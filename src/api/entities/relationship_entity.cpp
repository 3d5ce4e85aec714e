// Relationship and Notification entities (docs.joinmastodon.org/entities/Relationship,
// /Notification).
#include "src/api/entities/renderer.h"

namespace cornerstore::api {

std::string Renderer::ActorUriOf(const AccountRef& ref) {
  if (!ref.is_local()) return ref.remote_uri;
  auto account = ctx_.store.FindAccountById(ref.local_id);
  return account.ok() ? ctx_.uris.Actor(account->username) : std::string();
}

Result<json::Value> Renderer::Relationship(const AccountRef& target) {
  json::Value r;
  r.Set("id",
        target.is_local() ? LocalAccountId(target.local_id) : RemoteAccountId(target.remote_uri));
  bool following = false, requested = false, followed_by = false, requested_by = false;
  bool blocking = false, blocked_by = false;
  const std::string them = ActorUriOf(target);
  if (viewer_ != nullptr && !them.empty()) {
    const std::string me = ViewerActor();
    auto out = ctx_.federation.FindFollow(me, them);
    if (out.ok()) {
      following = out->state == store::FollowState::kAccepted;
      requested = out->state == store::FollowState::kPending;
    } else if (out.error().code != ErrorCode::kNotFound) {
      return out.take_error();
    }
    auto in = ctx_.federation.FindFollow(them, me);
    if (in.ok()) {
      followed_by = in->state == store::FollowState::kAccepted;
      requested_by = in->state == store::FollowState::kPending;
    } else if (in.error().code != ErrorCode::kNotFound) {
      return in.take_error();
    }
    if (!target.is_local()) {
      auto blocks = ctx_.federation.IsBlocked(viewer_->account.id, them, /*by_remote=*/false);
      auto blocked = ctx_.federation.IsBlocked(viewer_->account.id, them, /*by_remote=*/true);
      blocking = blocks.ok() && *blocks;
      blocked_by = blocked.ok() && *blocked;
    }
  }
  r.Set("following", following);
  r.Set("showing_reblogs", following);
  r.Set("notifying", false);
  r.Set("languages", nullptr);
  r.Set("followed_by", followed_by);
  r.Set("blocking", blocking);
  r.Set("blocked_by", blocked_by);
  r.Set("muting", false);
  r.Set("muting_notifications", false);
  r.Set("requested", requested);
  r.Set("requested_by", requested_by);
  r.Set("domain_blocking", false);
  r.Set("endorsed", false);
  r.Set("note", "");
  return r;
}

std::optional<std::string_view> MastodonNotificationType(store::NotificationType type) {
  using T = store::NotificationType;
  switch (type) {
    case T::kFollow:
    case T::kFollowRequest:
    case T::kMention:
    case T::kFavourite:
    case T::kReblog:
    case T::kUpdate:
      return store::NotificationTypeName(type);
    case T::kReply:
      return "mention";  // Mastodon notifies a reply as a mention
    case T::kEmojiReact:
    case T::kMove:
    case T::kReport:
      return std::nullopt;
  }
  return std::nullopt;
}

Result<json::Value> Renderer::Notification(const store::Notification& notification) {
  auto type = MastodonNotificationType(notification.type);
  if (!type) return MakeError(ErrorCode::kNotFound, "not a client API notification type");
  json::Value n;
  n.Set("id", std::to_string(notification.id));
  n.Set("type", *type);
  n.Set("created_at", MastodonTime(notification.created_at));
  n.Set("account", AccountByUri(notification.actor_uri));
  // Mastodon's entity has `status` only for the types about a post, and leaves out
  // notifications whose post the account can no longer see.
  if (notification.type != store::NotificationType::kFollow &&
      notification.type != store::NotificationType::kFollowRequest) {
    auto object = ctx_.federation.FindObject(notification.object_uri);
    if (!object.ok() || !CanSee(*object)) {
      return MakeError(ErrorCode::kNotFound, "the post of this notification is gone");
    }
    CS_ASSIGN_OR_RETURN(json::Value status, Status(*object));
    n.Set("status", status);
  }
  return n;
}

}  // namespace cornerstore::api
