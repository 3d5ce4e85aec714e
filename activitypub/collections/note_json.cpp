#include "activitypub/collections/note_json.h"

#include "src/common/clock.h"

namespace cornerstore::activitypub::collections {
namespace {

constexpr std::string_view kPublic = "https://www.w3.org/ns/activitystreams#Public";

json::Value StringArray(const std::vector<std::string>& items) {
  json::Value array = json::Value::MakeArray();
  for (const auto& item : items) array.Push(item);
  return array;
}

void AddUnique(std::vector<std::string>& list, const std::string& item) {
  for (const auto& existing : list) {
    if (existing == item) return;
  }
  list.push_back(item);
}

json::Value TagsToJson(const store::StoredObject& object, const Uris& uris) {
  json::Value tags = json::Value::MakeArray();
  for (const auto& mention : object.mentions) {
    json::Value tag;
    tag.Set("type", "Mention");
    tag.Set("href", mention.actor_uri);
    tag.Set("name", "@" + mention.acct);
    tags.Push(std::move(tag));
  }
  for (const auto& hashtag : object.hashtags) {
    json::Value tag;
    tag.Set("type", "Hashtag");
    tag.Set("href", uris.Tag(hashtag));
    tag.Set("name", "#" + hashtag);
    tags.Push(std::move(tag));
  }
  return tags;
}

json::Value OrNull(const std::string& s) { return s.empty() ? json::Value() : json::Value(s); }

// The Note of `object` addressed to `audience`, which its callers compute once.
json::Value NoteWithAudience(const store::StoredObject& object, const store::Account& author,
                             const Uris& uris, const Audience& audience) {
  json::Value note;
  note.Set("id", object.uri);
  note.Set("type", object.type.empty() ? std::string("Note") : object.type);
  note.Set("summary", OrNull(object.summary));
  note.Set("inReplyTo", OrNull(object.in_reply_to_uri));
  note.Set("published", FormatIso8601(object.published_at));
  if (object.edited_at != 0) note.Set("updated", FormatIso8601(object.edited_at));
  note.Set("url", object.url.empty() ? object.uri : object.url);
  note.Set("attributedTo",
           object.attributed_to.empty() ? uris.Actor(author.username) : object.attributed_to);
  note.Set("to", StringArray(audience.to));
  note.Set("cc", StringArray(audience.cc));
  note.Set("sensitive", object.sensitive || !object.summary.empty());
  note.Set("content", object.content_html);
  if (!object.language.empty()) {
    json::Value map;
    map.Set(object.language, object.content_html);
    note.Set("contentMap", std::move(map));
  }
  note.Set("attachment", json::Value::MakeArray());
  note.Set("tag", TagsToJson(object, uris));
  return note;
}

}  // namespace

json::Value NoteContext() {
  json::Value terms;
  terms.Set("sensitive", "as:sensitive");
  terms.Set("Hashtag", "as:Hashtag");
  json::Value context = json::Value::MakeArray();
  context.Push(kActivityStreams);
  context.Push(std::move(terms));
  return context;
}

Audience AudienceOf(const store::StoredObject& object, const store::Account& author,
                    const Uris& uris) {
  if (!object.to.empty() || !object.cc.empty()) return Audience{object.to, object.cc};
  Audience audience;
  const std::string followers = uris.Followers(author.username);
  const std::string public_id(kPublic);
  switch (object.visibility) {
    case store::Visibility::kPublic:
      audience.to = {public_id};
      audience.cc = {followers};
      break;
    case store::Visibility::kUnlisted:
      audience.to = {followers};
      audience.cc = {public_id};
      break;
    case store::Visibility::kFollowers:
      audience.to = {followers};
      break;
    case store::Visibility::kDirect:
      break;
  }
  std::vector<std::string>& mentioned =
      object.visibility == store::Visibility::kDirect ? audience.to : audience.cc;
  for (const auto& mention : object.mentions) AddUnique(mentioned, mention.actor_uri);
  return audience;
}

json::Value NoteToJson(const store::StoredObject& object, const store::Account& author,
                       const Uris& uris) {
  return NoteWithAudience(object, author, uris, AudienceOf(object, author, uris));
}

std::string CreateActivityId(std::string_view object_uri) {
  return std::string(object_uri) + "/activity";
}

json::Value CreateToJson(const store::StoredObject& object, const store::Account& author,
                         const Uris& uris) {
  const Audience audience = AudienceOf(object, author, uris);
  json::Value create;
  create.Set("id", CreateActivityId(object.uri));
  create.Set("type", "Create");
  create.Set("actor", uris.Actor(author.username));
  create.Set("published", FormatIso8601(object.published_at));
  create.Set("to", StringArray(audience.to));
  create.Set("cc", StringArray(audience.cc));
  create.Set("object", NoteWithAudience(object, author, uris, audience));
  return create;
}

json::Value TombstoneToJson(std::string_view id) {
  json::Value doc;
  doc.Set("@context", kActivityStreams);
  doc.Set("id", id);
  doc.Set("type", "Tombstone");
  return doc;
}

}  // namespace cornerstore::activitypub::collections
