// Status entity (docs.joinmastodon.org/entities/Status) and the visibility rule for readers.
#include <algorithm>

#include "activitypub/content/sanitizer.h"
#include "src/api/entities/renderer.h"

namespace cornerstore::api {

std::string_view MastodonVisibility(store::Visibility visibility) {
  switch (visibility) {
    case store::Visibility::kPublic:
      return "public";
    case store::Visibility::kUnlisted:
      return "unlisted";
    case store::Visibility::kFollowers:
      return "private";
    case store::Visibility::kDirect:
      return "direct";
  }
  return "public";
}

bool Renderer::CanSee(const store::StoredObject& object) {
  if (object.deleted_at != 0) return false;
  if (object.visibility == store::Visibility::kPublic ||
      object.visibility == store::Visibility::kUnlisted) {
    return true;
  }
  if (viewer_ == nullptr) return false;
  if (object.account_id == viewer_->account.id) return true;
  const std::string me = ViewerActor();
  for (const store::StoredMention& m : object.mentions) {
    if (m.account_id == viewer_->account.id || m.actor_uri == me) return true;
  }
  if (object.visibility != store::Visibility::kFollowers) return false;
  auto follow = ctx_.federation.FindFollow(me, object.attributed_to);
  return follow.ok() && follow->state == store::FollowState::kAccepted;
}

json::Value Renderer::Mentions(const store::StoredObject& object) {
  json::Value mentions = json::Value::MakeArray();
  for (const store::StoredMention& m : object.mentions) {
    json::Value mention;
    const std::string username = m.acct.substr(0, m.acct.find('@'));
    if (m.account_id != 0) {
      mention.Set("id", LocalAccountId(m.account_id));
      mention.Set("username", username);
      mention.Set("url", ctx_.uris.ProfilePage(username));
      mention.Set("acct", username);
    } else {
      mention.Set("id", RemoteAccountId(m.actor_uri));
      mention.Set("username", username);
      auto actor = ctx_.federation.FindRemoteActor(m.actor_uri);
      mention.Set("url", actor.ok() && !actor->url.empty() ? actor->url : m.actor_uri);
      mention.Set("acct", m.acct);
    }
    mentions.Push(mention);
  }
  return mentions;
}

json::Value Renderer::Tags(const store::StoredObject& object) {
  json::Value tags = json::Value::MakeArray();
  for (const std::string& name : object.hashtags) {
    json::Value tag;
    tag.Set("name", name);
    tag.Set("url", ctx_.uris.Tag(name));
    tags.Push(tag);
  }
  return tags;
}

Result<json::Value> Renderer::Status(const store::StoredObject& object) {
  json::Value s;
  s.Set("id", StatusId(object.id));
  s.Set("uri", object.uri);
  s.Set("url", object.url.empty() ? object.uri : object.url);
  s.Set("created_at", MastodonTime(object.published_at));
  s.Set("edited_at",
        object.edited_at == 0 ? json::Value() : json::Value(MastodonTime(object.edited_at)));
  if (object.account_id != 0) {
    CS_ASSIGN_OR_RETURN(store::Account author, ctx_.store.FindAccountById(object.account_id));
    s.Set("account", Account(author));
  } else {
    s.Set("account", AccountByUri(object.attributed_to));
  }
  s.Set("content", object.content_html);
  s.Set("visibility", MastodonVisibility(object.visibility));
  s.Set("sensitive", object.sensitive);
  // Ours is the warning as typed; a remote one is sanitized HTML.
  s.Set("spoiler_text", object.account_id != 0
                            ? object.summary
                            : activitypub::content::HtmlToPlainText(object.summary));
  json::Value reply_id, reply_account_id;
  if (!object.in_reply_to_uri.empty()) {
    auto parent = ctx_.federation.FindObject(object.in_reply_to_uri);
    if (parent.ok()) {
      reply_id = StatusId(parent->id);
      reply_account_id = parent->account_id != 0 ? LocalAccountId(parent->account_id)
                                                 : RemoteAccountId(parent->attributed_to);
    }
  }
  s.Set("in_reply_to_id", reply_id);
  s.Set("in_reply_to_account_id", reply_account_id);
  s.Set("reblog", nullptr);
  s.Set("media_attachments", json::Value::MakeArray());
  s.Set("mentions", Mentions(object));
  s.Set("tags", Tags(object));
  s.Set("emojis", json::Value::MakeArray());
  auto boosts = ctx_.federation.CountReactions(object.uri, store::ReactionType::kAnnounce);
  auto likes = ctx_.federation.CountReactions(object.uri, store::ReactionType::kLike);
  s.Set("reblogs_count", boosts.ok() ? *boosts : 0);
  s.Set("favourites_count", likes.ok() ? *likes : 0);
  auto replies = ctx_.federation.CountReplies(object.uri);
  s.Set("replies_count", replies.ok() ? *replies : 0);
  bool favourited = false, reblogged = false, pinned = false;
  if (viewer_ != nullptr) {
    const std::string me = ViewerActor();
    favourited = ctx_.federation.FindReaction(store::ReactionType::kLike, me, object.uri).ok();
    reblogged = ctx_.federation.FindReaction(store::ReactionType::kAnnounce, me, object.uri).ok();
    if (object.account_id == viewer_->account.id) {
      auto pins = ctx_.federation.ListPinned(viewer_->account.id);
      pinned = pins.ok() && std::any_of(pins->begin(), pins->end(),
                                        [&](const auto& p) { return p.id == object.id; });
    }
  }
  s.Set("favourited", favourited);
  s.Set("reblogged", reblogged);
  s.Set("muted", false);
  s.Set("bookmarked", false);
  s.Set("pinned", pinned);
  s.Set("application", nullptr);
  s.Set("language", object.language.empty() ? json::Value() : json::Value(object.language));
  s.Set("poll", nullptr);
  s.Set("card", nullptr);
  s.Set("filtered", json::Value::MakeArray());
  return s;
}

Result<json::Value> Renderer::Reblog(const store::Account& booster, const store::Reaction& boost,
                                     const store::StoredObject& object) {
  CS_ASSIGN_OR_RETURN(json::Value original, Status(object));
  json::Value s;
  s.Set("id", ReblogId(object.id, booster.id));
  s.Set("uri", boost.activity_uri);
  s.Set("url", boost.activity_uri);
  s.Set("created_at", MastodonTime(boost.created_at));
  s.Set("edited_at", nullptr);
  s.Set("account", Account(booster));
  s.Set("content", "");
  s.Set("visibility", MastodonVisibility(object.visibility));
  s.Set("sensitive", false);
  s.Set("spoiler_text", "");
  s.Set("in_reply_to_id", nullptr);
  s.Set("in_reply_to_account_id", nullptr);
  s.Set("reblog", original);
  s.Set("media_attachments", json::Value::MakeArray());
  s.Set("mentions", json::Value::MakeArray());
  s.Set("tags", json::Value::MakeArray());
  s.Set("emojis", json::Value::MakeArray());
  s.Set("reblogs_count", 0);
  s.Set("favourites_count", 0);
  s.Set("replies_count", 0);
  const json::Value* reblogged = original.Find("reblogged");
  const json::Value* favourited = original.Find("favourited");
  s.Set("favourited", favourited != nullptr ? *favourited : json::Value(false));
  s.Set("reblogged", reblogged != nullptr ? *reblogged : json::Value(false));
  s.Set("muted", false);
  s.Set("bookmarked", false);
  s.Set("pinned", false);
  s.Set("application", nullptr);
  s.Set("language", nullptr);
  s.Set("poll", nullptr);
  s.Set("card", nullptr);
  s.Set("filtered", json::Value::MakeArray());
  return s;
}

}  // namespace cornerstore::api
