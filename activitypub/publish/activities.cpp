#include "activitypub/publish/activities.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "activitypub/outgoing/follow_activities.h"
#include "src/common/clock.h"

namespace cornerstore::activitypub::publish {
namespace {

void AddUnique(std::vector<std::string>& list, const std::string& item) {
  if (item.empty()) return;
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

json::Value StringArray(const std::vector<std::string>& items) {
  json::Value array = json::Value::MakeArray();
  for (const std::string& item : items) array.Push(item);
  return array;
}

// `body` with `context` as its first member (the order peers and humans expect).
json::Value WithContext(json::Value context, json::Value body) {
  json::Value out;
  out.Set("@context", std::move(context));
  for (auto& [key, value] : body.AsObject()) {
    if (key != "@context") out.Set(key, std::move(value));
  }
  return out;
}

json::Value ActivityContext() { return json::Value(std::string(kActivityStreamsContext)); }

// An activity about a Note: @context carrying the Note's terms, then id, type, actor.
json::Value NoteActivity(std::string_view id, std::string_view type, const store::Account& author,
                         const Uris& uris) {
  json::Value activity;
  activity.Set("@context", collections::NoteContext());
  activity.Set("id", std::string(id));
  activity.Set("type", std::string(type));
  activity.Set("actor", uris.Actor(author.username));
  return activity;
}

void SetAudience(json::Value& activity, const collections::Audience& audience) {
  activity.Set("to", StringArray(audience.to));
  activity.Set("cc", StringArray(audience.cc));
}

// The audience of an Add/Remove for `object`: who could see the post.
collections::Audience FeaturedAudience(const store::StoredObject& object,
                                       const store::Account& author, const Uris& uris) {
  collections::Audience audience;
  if (object.visibility == store::Visibility::kPublic ||
      object.visibility == store::Visibility::kUnlisted) {
    audience.to = {std::string(kPublicAudience)};
    audience.cc = {uris.Followers(author.username)};
  } else {
    audience.to = {uris.Followers(author.username)};
  }
  return audience;
}

json::Value FeaturedActivity(std::string_view type, std::string_view id,
                             const store::Account& author, const store::StoredObject& object,
                             const Uris& uris) {
  json::Value activity;
  activity.Set("@context", ActivityContext());
  activity.Set("id", std::string(id));
  activity.Set("type", std::string(type));
  activity.Set("actor", uris.Actor(author.username));
  SetAudience(activity, FeaturedAudience(object, author, uris));
  activity.Set("object", object.uri);
  activity.Set("target", uris.Featured(author.username));
  return activity;
}

}  // namespace

collections::Audience AudienceFor(store::Visibility visibility, const std::string& followers_uri,
                                  const std::vector<std::string>& mentioned) {
  collections::Audience audience;
  const std::string public_id(kPublicAudience);
  switch (visibility) {
    case store::Visibility::kPublic:
      audience.to = {public_id};
      audience.cc = {followers_uri};
      break;
    case store::Visibility::kUnlisted:
      audience.to = {followers_uri};
      audience.cc = {public_id};
      break;
    case store::Visibility::kFollowers:
      audience.to = {followers_uri};
      break;
    case store::Visibility::kDirect:
      break;
  }
  std::vector<std::string>& mentions =
      visibility == store::Visibility::kDirect ? audience.to : audience.cc;
  for (const std::string& actor : mentioned) AddUnique(mentions, actor);
  return audience;
}

std::string CreateId(std::string_view status_uri) {
  return collections::CreateActivityId(status_uri);
}

std::string UpdateId(std::string_view status_uri, int64_t edited_at) {
  return std::string(status_uri) + "#updates/" + std::to_string(edited_at);
}

std::string DeleteId(std::string_view status_uri) { return std::string(status_uri) + "#delete"; }

std::string AnnounceId(std::string_view actor_id, std::string_view token) {
  return std::string(actor_id) + "#announces/" + std::string(token);
}

std::string LikeId(std::string_view actor_id, std::string_view token) {
  return std::string(actor_id) + "#likes/" + std::string(token);
}

std::string AddId(std::string_view actor_id, std::string_view token) {
  return std::string(actor_id) + "#adds/" + std::string(token);
}

std::string RemoveId(std::string_view actor_id, std::string_view token) {
  return std::string(actor_id) + "#removes/" + std::string(token);
}

json::Value NoteToJson(const store::StoredObject& object, const store::Account& author,
                       const Uris& uris) {
  return WithContext(collections::NoteContext(), collections::NoteToJson(object, author, uris));
}

json::Value CreateToJson(const store::StoredObject& object, const store::Account& author,
                         const Uris& uris) {
  return WithContext(collections::NoteContext(), collections::CreateToJson(object, author, uris));
}

json::Value UpdateToJson(const store::StoredObject& object, const store::Account& author,
                         const Uris& uris) {
  assert(object.edited_at != 0 && "an Update is about an edited post");
  json::Value update = NoteActivity(UpdateId(object.uri, object.edited_at), "Update", author, uris);
  update.Set("published", FormatIso8601(object.edited_at));
  SetAudience(update, collections::AudienceOf(object, author, uris));
  update.Set("object", collections::NoteToJson(object, author, uris));
  return update;
}

json::Value DeleteToJson(const store::StoredObject& object, const store::Account& author,
                         const Uris& uris) {
  json::Value del;
  del.Set("@context", ActivityContext());
  del.Set("id", DeleteId(object.uri));
  del.Set("type", "Delete");
  del.Set("actor", uris.Actor(author.username));
  SetAudience(del, collections::AudienceOf(object, author, uris));
  json::Value tombstone;
  tombstone.Set("id", object.uri);
  tombstone.Set("type", "Tombstone");
  tombstone.Set("atomUri", object.uri);
  del.Set("object", std::move(tombstone));
  return del;
}

json::Value AnnounceToJson(std::string_view id, std::string_view actor_id,
                           const std::string& followers_uri, const ReactionTarget& target,
                           int64_t at) {
  json::Value announce;
  announce.Set("@context", ActivityContext());
  announce.Set("id", std::string(id));
  announce.Set("type", "Announce");
  announce.Set("actor", std::string(actor_id));
  announce.Set("published", FormatIso8601(at));
  std::vector<std::string> cc;
  AddUnique(cc, target.author_uri);
  AddUnique(cc, followers_uri);
  announce.Set("to", StringArray({std::string(kPublicAudience)}));
  announce.Set("cc", StringArray(cc));
  announce.Set("object", target.object_uri);
  return announce;
}

json::Value LikeToJson(std::string_view id, std::string_view actor_id,
                       const ReactionTarget& target) {
  json::Value like;
  like.Set("@context", ActivityContext());
  like.Set("id", std::string(id));
  like.Set("type", "Like");
  like.Set("actor", std::string(actor_id));
  if (!target.author_uri.empty()) like.Set("to", StringArray({target.author_uri}));
  like.Set("object", target.object_uri);
  return like;
}

json::Value UndoToJson(std::string_view actor_id, const json::Value& undone) {
  const std::string* id = undone.FindString("id");
  assert(id != nullptr && "only activities with ids are undone");
  json::Value undo = activitypub::UndoToJson(UndoId(id ? *id : std::string()), actor_id, undone);
  if (const json::Value* cc = undone.Find("cc")) {
    // Set appends after "object"; rebuild so cc sits beside to.
    json::Value ordered;
    for (auto& [key, value] : undo.AsObject()) {
      if (key == "object") ordered.Set("cc", *cc);
      ordered.Set(key, std::move(value));
    }
    return ordered;
  }
  return undo;
}

json::Value AddToJson(std::string_view id, const store::Account& author,
                      const store::StoredObject& object, const Uris& uris) {
  return FeaturedActivity("Add", id, author, object, uris);
}

json::Value RemoveToJson(std::string_view id, const store::Account& author,
                         const store::StoredObject& object, const Uris& uris) {
  return FeaturedActivity("Remove", id, author, object, uris);
}

}  // namespace cornerstore::activitypub::publish
