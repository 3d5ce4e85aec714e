#include "activitypub/c2s/client_outbox.h"

#include <utility>
#include <vector>

#include "activitypub/c2s/post_mapping.h"
#include "activitypub/outgoing/follow_activities.h"
#include "activitypub/publish/activities.h"
#include "src/common/log.h"
#include "src/common/url.h"

namespace cornerstore::activitypub::c2s {
namespace {

Error Invalid(std::string message) {
  return MakeError(ErrorCode::kInvalidInput, std::move(message));
}

// "@user@host" exactly (a Mention tag's name as Mastodon writes it).
bool IsFullHandle(std::string_view name) {
  if (name.size() < 4 || name[0] != '@') return false;
  const size_t at = name.find('@', 1);
  return at != std::string_view::npos && at > 1 && at + 1 < name.size() &&
         name.find('@', at + 1) == std::string_view::npos &&
         name.find_first_of(" \t\r\n<>\"") == std::string_view::npos;
}

bool IsPostType(std::string_view type) {
  for (std::string_view t : kOutboxObjectTypes) {
    if (t == type) return true;
  }
  return false;
}

}  // namespace

ClientOutbox::ClientOutbox(store::FederationStore& federation, PublishService& publish,
                           FollowService& follows, RemoteActorResolver& actors, const Uris& uris,
                           const Clock& clock, std::function<void()> on_enqueued)
    : federation_(federation),
      publish_(publish),
      follows_(follows),
      actors_(actors),
      uris_(uris),
      blocks_(federation, follows, actors, uris, clock, std::move(on_enqueued)) {}

Result<std::string> ClientOutbox::HandleOf(const std::string& actor_id) {
  if (uris_.IsLocal(actor_id)) {
    auto name = uris_.UsernameFromActor(actor_id);
    if (!name) return Invalid("cannot address " + actor_id + ": not an account of this server");
    return "@" + *name;
  }
  auto actor = actors_.Resolve(actor_id);
  if (!actor.ok()) {
    Error error = actor.take_error();
    error.message = "cannot address " + actor_id + ": " + error.message;
    return error;
  }
  // host[:port]: the handle must lead WebFinger to the same server the actor lives on.
  const std::string authority = AuthorityOf(actor->uri);
  return "@" + actor->username + "@" + (authority.empty() ? actor->host : authority);
}

Result<std::vector<std::string>> ClientOutbox::Recipients(const store::Account& account,
                                                          const ApObject& object,
                                                          const Addressing& addressing) {
  std::vector<std::string> handles;
  for (const Tag& tag : object.tags) {
    if (tag.type != TagType::kMention) continue;
    if (IsFullHandle(tag.name)) {
      handles.push_back(tag.name);
    } else if (!tag.href.empty()) {
      CS_ASSIGN_OR_RETURN(std::string handle, HandleOf(tag.href));
      handles.push_back(std::move(handle));
    }
  }
  const std::string self = uris_.Actor(account.username);
  for (const std::string& actor : AddressedActors(addressing, uris_.Followers(account.username))) {
    if (actor == self) continue;
    CS_ASSIGN_OR_RETURN(std::string handle, HandleOf(actor));
    handles.push_back(std::move(handle));
  }
  return handles;
}

Result<UndoTarget> ClientOutbox::ResolveUndo(const store::Account& account, const Activity& undo) {
  const std::string self = uris_.Actor(account.username);
  if (undo.object.activity && !undo.object.activity->object.id.empty()) {
    const Activity& undone = *undo.object.activity;
    if (undone.type != "Like" && undone.type != "Announce" && undone.type != "Follow" &&
        undone.type != "Block") {
      return Invalid("Undo takes back a Like, Announce, Follow or Block");
    }
    return UndoTarget{undone.type, undone.object.id};
  }
  const std::string& id = undo.object.id;
  if (id.empty()) return Invalid("Undo needs the activity it takes back");
  auto reaction = federation_.FindReactionByActivity(id);
  if (reaction.ok() && reaction->actor_uri == self) {
    if (reaction->type == store::ReactionType::kLike)
      return UndoTarget{"Like", reaction->object_uri};
    if (reaction->type == store::ReactionType::kAnnounce) {
      return UndoTarget{"Announce", reaction->object_uri};
    }
  } else if (!reaction.ok() && reaction.error().code != ErrorCode::kNotFound) {
    return reaction.take_error();
  }
  auto follow = federation_.FindFollowByActivity(id);
  if (follow.ok() && follow->follower_uri == self)
    return UndoTarget{"Follow", follow->followed_uri};
  if (!follow.ok() && follow.error().code != ErrorCode::kNotFound) return follow.take_error();
  return Invalid("nothing " + account.username + " did has the id " + id +
                 "; embed the activity to undo a Block");
}

Result<OutboxOutcome> ClientOutbox::Submit(const store::Account& account,
                                           const ClientActivity& submission) {
  const Activity& activity = submission.activity;
  const std::string& type = activity.type;
  const std::string& object = activity.object.id;
  log::Info("c2s.submitted", {{"account", account.username}, {"type", type}});
  if (type == "Create") return Create(account, submission);
  if (type == "Update") return Update(account, submission);
  if (type == "Delete") return Delete(account, object);
  if (type == "Add" || type == "Remove") return Featured(account, activity);
  if (type == "Undo") return Undo(account, activity);
  if (object.empty()) return Invalid(type + " needs the id of its object");
  if (type == "Like") {
    CS_ASSIGN_OR_RETURN(store::Reaction like, publish_.Like(account, object));
    return OutboxOutcome{like.activity_uri, type, like.object_uri};
  }
  if (type == "Announce") {
    CS_ASSIGN_OR_RETURN(store::Reaction boost, publish_.Boost(account, object));
    return OutboxOutcome{boost.activity_uri, type, boost.object_uri};
  }
  if (type == "Follow") {
    if (uris_.IsLocal(object)) {
      return Invalid("follow accounts of this server from their profile, not through the outbox");
    }
    CS_ASSIGN_OR_RETURN(store::Follow follow, follows_.FollowRemote(account, object));
    return OutboxOutcome{follow.follow_activity_uri, type, follow.followed_uri};
  }
  if (type == "Block") {
    CS_ASSIGN_OR_RETURN(std::string id, blocks_.Block(account, object));
    return OutboxOutcome{std::move(id), type, object};
  }
  return Invalid("unsupported activity type: " + type);
}

Result<OutboxOutcome> ClientOutbox::Create(const store::Account& account,
                                           const ClientActivity& submission) {
  const Activity& activity = submission.activity;
  if (!activity.object.object || !IsPostType(activity.object.type)) {
    return Invalid("Create carries a Note, Article or Page");
  }
  const ApObject& note = *activity.object.object;
  const Addressing addressing = MergeAddressing(activity.addressing, note.addressing);
  PostRequest request;
  request.visibility = VisibilityFromAddressing(addressing, uris_.Followers(account.username));
  CS_ASSIGN_OR_RETURN(std::vector<std::string> handles, Recipients(account, note, addressing));
  request.text = WithMentions(PostText(note), handles);
  request.content_warning = ContentWarning(note);
  request.in_reply_to = note.in_reply_to;
  const std::string self = uris_.Actor(account.username);
  for (std::string& actor : BlindActors(addressing, uris_.Followers(account.username))) {
    if (actor != self) request.blind_recipients.push_back(std::move(actor));
  }
  CS_ASSIGN_OR_RETURN(store::StoredObject post, publish_.Post(account, request));
  return OutboxOutcome{publish::CreateId(post.uri), "Create", post.uri};
}

Result<OutboxOutcome> ClientOutbox::Update(const store::Account& account,
                                           const ClientActivity& submission) {
  const Activity& activity = submission.activity;
  if (!activity.object.object || !IsPostType(activity.object.type)) {
    return Invalid("Update edits one of the account's posts (a Note, Article or Page)");
  }
  const ApObject& note = *activity.object.object;
  if (note.id.empty()) return Invalid("Update needs the id of the post it edits");
  CS_ASSIGN_OR_RETURN(store::StoredObject post, publish_.FindOwnPost(account, note.id));
  std::string text = post.content_source;
  if (submission.has_content) {
    // Visibility stays as it was: only the mentions the new text tags are added to it.
    CS_ASSIGN_OR_RETURN(std::vector<std::string> handles, Recipients(account, note, {}));
    text = WithMentions(PostText(note), handles);
  }
  const std::string warning = submission.has_summary ? ContentWarning(note) : post.summary;
  CS_RETURN_IF_ERROR(publish_.Edit(account, post.uri, text, warning));
  CS_ASSIGN_OR_RETURN(store::StoredObject edited, publish_.FindOwnPost(account, post.uri));
  return OutboxOutcome{publish::UpdateId(edited.uri, edited.edited_at), "Update", edited.uri};
}

Result<OutboxOutcome> ClientOutbox::Delete(const store::Account& account, const std::string& post) {
  if (post.empty()) return Invalid("Delete needs the id of the post it deletes");
  CS_ASSIGN_OR_RETURN(store::StoredObject object, publish_.FindOwnPost(account, post));
  CS_RETURN_IF_ERROR(publish_.Delete(account, object.uri));
  return OutboxOutcome{publish::DeleteId(object.uri), "Delete", object.uri};
}

Result<OutboxOutcome> ClientOutbox::Featured(const store::Account& account,
                                             const Activity& activity) {
  const std::string featured = uris_.Featured(account.username);
  if (activity.target.id != featured) {
    return Invalid(activity.type + " works on the account's featured collection (" + featured +
                   ")");
  }
  if (activity.object.id.empty()) return Invalid(activity.type + " needs the id of a post");
  std::string id;
  if (activity.type == "Add") {
    CS_RETURN_IF_ERROR(publish_.Pin(account, activity.object.id, &id));
  } else {
    CS_RETURN_IF_ERROR(publish_.Unpin(account, activity.object.id, &id));
  }
  return OutboxOutcome{std::move(id), activity.type, activity.object.id};
}

Result<OutboxOutcome> ClientOutbox::Undo(const store::Account& account, const Activity& activity) {
  CS_ASSIGN_OR_RETURN(UndoTarget target, ResolveUndo(account, activity));
  const std::string self = uris_.Actor(account.username);
  if (target.type == "Like" || target.type == "Announce") {
    const auto type =
        target.type == "Like" ? store::ReactionType::kLike : store::ReactionType::kAnnounce;
    auto reaction = federation_.FindReaction(type, self, target.object);
    if (!reaction.ok()) {
      if (reaction.error().code == ErrorCode::kNotFound) {
        return MakeError(ErrorCode::kNotFound, "there is no such " + target.type + " to undo");
      }
      return reaction.take_error();
    }
    if (target.type == "Like") {
      CS_RETURN_IF_ERROR(publish_.Unlike(account, target.object));
    } else {
      CS_RETURN_IF_ERROR(publish_.Unboost(account, target.object));
    }
    return OutboxOutcome{UndoId(reaction->activity_uri), "Undo", reaction->activity_uri};
  }
  if (target.type == "Follow") {
    auto follow = federation_.FindFollow(self, target.object);
    if (!follow.ok()) {
      if (follow.error().code == ErrorCode::kNotFound) {
        return MakeError(ErrorCode::kNotFound,
                         account.username + " does not follow " + target.object);
      }
      return follow.take_error();
    }
    CS_RETURN_IF_ERROR(follows_.Unfollow(account, target.object));
    return OutboxOutcome{UndoId(follow->follow_activity_uri), "Undo", follow->follow_activity_uri};
  }
  CS_ASSIGN_OR_RETURN(std::string id, blocks_.Unblock(account, target.object));
  return OutboxOutcome{std::move(id), "Undo", target.object};
}

}  // namespace cornerstore::activitypub::c2s
