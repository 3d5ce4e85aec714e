#include "activitypub/vocabulary/from_json.h"

#include <algorithm>
#include <utility>

#include "src/common/clock.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {
namespace {

Error Invalid(std::string message, std::string detail = {}) {
  return MakeError(ErrorCode::kInvalidInput, std::move(message), std::move(detail));
}

// "One or many": calls `fn` on `value` itself, or on each element of an array, at most `max`
// times. A missing or null value visits nothing.
template <typename Fn>
void ForEachItem(const json::Value* value, size_t max, Fn fn) {
  if (value == nullptr || value->is_null()) return;
  if (!value->is_array()) {
    if (max > 0) fn(*value);
    return;
  }
  size_t n = 0;
  for (const json::Value& item : value->AsArray()) {
    if (n++ >= max) break;
    fn(item);
  }
}

// "IRI or object": the IRI itself, or the `id` of an embedded object; "" otherwise.
std::string IdOf(const json::Value& value) {
  if (value.is_string()) return value.AsString();
  if (const std::string* id = value.FindString("id")) return *id;
  return {};
}

// The first id of a one-or-many IRI-or-object member.
std::string FirstId(const json::Value& parent, std::string_view key) {
  std::string out;
  ForEachItem(parent.Find(key), kMaxAddresseesPerField, [&](const json::Value& v) {
    if (out.empty()) out = IdOf(v);
  });
  return out;
}

std::string StringOr(const json::Value& parent, std::string_view key) {
  const std::string* s = parent.FindString(key);
  return s ? *s : std::string();
}

// Type names looked at: JSON-LD allows an array of types; real ones carry one or two.
constexpr size_t kMaxTypeNames = 8;

// `type` may be a string or (JSON-LD) an array of strings: the first string wins.
std::string TypeOf(const json::Value& value) {
  std::string out;
  ForEachItem(value.Find("type"), kMaxTypeNames, [&](const json::Value& v) {
    if (out.empty() && v.is_string()) out = v.AsString();
  });
  return out;
}

int64_t TimeOf(const json::Value& parent, std::string_view key) {
  const std::string* s = parent.FindString(key);
  int64_t t = 0;
  if (s == nullptr || !ParseIso8601(*s, &t)) return 0;
  return t;
}

// A string from `key`, or else the first value of the `<key>Map` language map; `language` gets
// that map key.
std::string StringOrMap(const json::Value& parent, std::string_view key, std::string* language) {
  if (const std::string* s = parent.FindString(key)) return *s;
  const json::Value* map = parent.FindObject(std::string(key) + "Map");
  if (map == nullptr) return {};
  for (const auto& [lang, v] : map->AsObject()) {
    if (v.is_string()) {
      if (language != nullptr) *language = lang;
      return v.AsString();
    }
  }
  return {};
}

std::vector<std::string> Addressees(const json::Value& parent, std::string_view key) {
  std::vector<std::string> out;
  ForEachItem(parent.Find(key), kMaxAddresseesPerField, [&](const json::Value& v) {
    std::string id = IdOf(v);
    if (!id.empty()) out.push_back(NormalizeAddressee(id));
  });
  return out;
}

Addressing AddressingOf(const json::Value& value) {
  Addressing a;
  a.to = Addressees(value, "to");
  a.cc = Addressees(value, "cc");
  a.bto = Addressees(value, "bto");
  a.bcc = Addressees(value, "bcc");
  a.audience = Addressees(value, "audience");
  return a;
}

// The href of a `url`-like member: a string, a Link ({href}) or an Image ({url}), one or many.
// Prefers an http(s) entry whose mediaType is text/html.
std::string UrlOf(const json::Value* value) {
  std::string first, html;
  ForEachItem(value, kMaxAttachments, [&](const json::Value& v) {
    std::string href;
    std::string media_type;
    if (v.is_string()) {
      href = v.AsString();
    } else if (v.is_object()) {
      href = StringOr(v, "href");
      if (href.empty()) {
        // An Image's `url` is a string or a Link.
        if (const json::Value* inner = v.Find("url"); inner != nullptr) {
          href = inner->is_string() ? inner->AsString() : StringOr(*inner, "href");
        }
      }
      media_type = StringOr(v, "mediaType");
    }
    if (!IsValidId(href)) return;
    if (first.empty()) first = href;
    if (html.empty() && media_type.starts_with("text/html")) html = href;
  });
  return html.empty() ? first : html;
}

std::vector<Tag> TagsOf(const json::Value& parent) {
  std::vector<Tag> out;
  ForEachItem(parent.Find("tag"), kMaxTags, [&](const json::Value& v) {
    if (!v.is_object()) return;
    Tag tag;
    std::string type = TypeOf(v);
    if (type == "Mention") {
      tag.type = TagType::kMention;
    } else if (type == "Hashtag") {
      tag.type = TagType::kHashtag;
    } else if (type == "Emoji") {
      tag.type = TagType::kEmoji;
    }
    tag.name = StringOr(v, "name");
    tag.href = StringOr(v, "href");
    if (tag.type == TagType::kEmoji) tag.icon_url = UrlOf(v.Find("icon"));
    out.push_back(std::move(tag));
  });
  return out;
}

std::vector<Attachment> AttachmentsOf(const json::Value& parent) {
  std::vector<Attachment> out;
  ForEachItem(parent.Find("attachment"), kMaxAttachments, [&](const json::Value& v) {
    if (!v.is_object()) return;
    Attachment a;
    a.type = TypeOf(v);
    a.url = UrlOf(v.Find("url"));
    if (a.url.empty()) a.url = StringOr(v, "href");
    a.media_type = StringOr(v, "mediaType");
    a.name = StringOr(v, "name");
    a.blurhash = StringOr(v, "blurhash");
    if (const json::Array* fp = v.FindArray("focalPoint");
        fp != nullptr && fp->size() == 2 && (*fp)[0].is_number() && (*fp)[1].is_number()) {
      a.focal_x = std::clamp((*fp)[0].AsDouble(), -1.0, 1.0);
      a.focal_y = std::clamp((*fp)[1].AsDouble(), -1.0, 1.0);
    }
    a.width = v.FindInt("width").value_or(0);
    a.height = v.FindInt("height").value_or(0);
    out.push_back(std::move(a));
  });
  return out;
}

Status CheckOptionalId(const std::string& id, std::string_view what) {
  if (!id.empty() && !IsValidId(id)) {
    return Invalid(std::string(what) + " is not an http(s) URL", id.substr(0, 200));
  }
  return OkStatus();
}

Result<ObjectRef> ObjectRefFromJson(const json::Value& value, int depth);

Result<Activity> ActivityFromJsonAt(const json::Value& value, int depth) {
  if (depth > kMaxEmbeddingDepth) return Invalid("activities nested too deeply");
  if (!value.is_object()) return Invalid("activity is not a JSON object");
  Activity a;
  a.type = TypeOf(value);
  if (a.type.empty()) return Invalid("activity has no type");
  if (const json::Value* id = value.Find("id"); id != nullptr && !id->is_null()) {
    if (!id->is_string()) return Invalid("activity id is not a string");
    a.id = id->AsString();
  }
  CS_RETURN_IF_ERROR(CheckOptionalId(a.id, "activity id"));

  const json::Value* actor = value.Find("actor");
  if (actor != nullptr && actor->is_array()) {
    if (actor->AsArray().size() != 1) return Invalid("activity must have exactly one actor");
    actor = &actor->AsArray()[0];
  }
  if (actor != nullptr) a.actor = IdOf(*actor);
  if (a.actor.empty()) return Invalid("activity has no actor");
  if (!IsValidId(a.actor)) return Invalid("actor is not an http(s) URL");

  if (const json::Value* object = value.Find("object"); object != nullptr && !object->is_null()) {
    bool first = true;
    Status status;
    ForEachItem(object, kMaxObjectsPerActivity, [&](const json::Value& v) {
      if (!status.ok()) return;
      if (first) {
        auto ref = ObjectRefFromJson(v, depth + 1);
        if (!ref.ok()) {
          status = ref.take_error();
          return;
        }
        a.object = std::move(*ref);
        first = false;
        if (!a.object.id.empty()) a.object_ids.push_back(a.object.id);
        return;
      }
      std::string id = IdOf(v);
      if (IsValidId(id)) a.object_ids.push_back(std::move(id));
    });
    CS_RETURN_IF_ERROR(status);
  }
  if (const json::Value* target = value.Find("target"); target != nullptr && !target->is_null()) {
    const json::Value* t = target;
    if (t->is_array()) t = t->AsArray().empty() ? nullptr : &t->AsArray()[0];
    if (t != nullptr) {
      CS_ASSIGN_OR_RETURN(a.target, ObjectRefFromJson(*t, depth + 1));
    }
  }
  a.content = StringOrMap(value, "content", nullptr);
  if (a.content.empty()) a.content = StringOr(value, "_misskey_reaction");
  a.tags = TagsOf(value);
  a.addressing = AddressingOf(value);
  a.published = TimeOf(value, "published");
  return a;
}

Result<ObjectRef> ObjectRefFromJson(const json::Value& value, int depth) {
  ObjectRef ref;
  if (value.is_string()) {
    ref.id = value.AsString();
    CS_RETURN_IF_ERROR(CheckOptionalId(ref.id, "object id"));
    if (ref.id.empty()) return Invalid("object id is empty");
    return ref;
  }
  if (!value.is_object()) return Invalid("object is neither an IRI nor an object");
  ref.type = TypeOf(value);
  if (IsActorType(ref.type)) {
    CS_ASSIGN_OR_RETURN(ActorDoc actor, ActorFromJson(value));
    ref.id = actor.id;
    ref.actor = std::make_shared<const ActorDoc>(std::move(actor));
  } else if (IsActivityType(ref.type)) {
    CS_ASSIGN_OR_RETURN(Activity activity, ActivityFromJsonAt(value, depth));
    ref.id = activity.id;
    ref.activity = std::make_shared<const Activity>(std::move(activity));
  } else {
    CS_ASSIGN_OR_RETURN(ApObject object, ObjectFromJson(value));
    ref.id = object.id;
    ref.object = std::make_shared<const ApObject>(std::move(object));
  }
  return ref;
}

std::vector<PublicKeyDoc> PublicKeysOf(const json::Value& value) {
  std::vector<PublicKeyDoc> out;
  ForEachItem(value.Find("publicKey"), kMaxAliases, [&](const json::Value& v) {
    if (!v.is_object()) return;
    PublicKeyDoc key;
    key.id = StringOr(v, "id");
    key.owner = StringOr(v, "owner");
    key.pem = StringOr(v, "publicKeyPem");
    if (!key.id.empty()) out.push_back(std::move(key));
  });
  return out;
}

}  // namespace

std::string NormalizeAddressee(std::string_view id) {
  if (id == "as:Public" || id == "Public" || id == kPublicCollection) {
    return std::string(kPublicCollection);
  }
  return std::string(id);
}

bool IsValidId(std::string_view id) {
  return !id.empty() && id.size() <= kMaxIdLength && ParseUrl(id).has_value();
}

Result<Activity> ActivityFromJson(const json::Value& value) {
  Result<Activity> activity = ActivityFromJsonAt(value, 0);
  if (activity.ok()) activity->raw_json = json::Serialize(value);
  return activity;
}

Result<ApObject> ObjectFromJson(const json::Value& value) {
  if (!value.is_object()) return Invalid("object is not a JSON object");
  ApObject o;
  o.type = TypeOf(value);
  if (o.type.empty()) return Invalid("object has no type");
  if (const json::Value* id = value.Find("id"); id != nullptr && !id->is_null()) {
    if (!id->is_string()) return Invalid("object id is not a string");
    o.id = id->AsString();
  }
  CS_RETURN_IF_ERROR(CheckOptionalId(o.id, "object id"));

  // attributedTo: one or many, IRI or object (PeerTube lists the account and the channel);
  // the first actor wins.
  ForEachItem(value.Find("attributedTo"), kMaxAddresseesPerField, [&](const json::Value& v) {
    if (!o.attributed_to.empty()) return;
    if (v.is_object() && !TypeOf(v).empty() && !IsActorType(TypeOf(v))) return;
    o.attributed_to = IdOf(v);
  });
  CS_RETURN_IF_ERROR(CheckOptionalId(o.attributed_to, "attributedTo"));

  o.name = StringOrMap(value, "name", nullptr);
  o.content = StringOrMap(value, "content", &o.language);
  o.summary = StringOrMap(value, "summary", nullptr);
  o.sensitive = value.FindBool("sensitive").value_or(false);
  o.url = UrlOf(value.Find("url"));
  o.in_reply_to = FirstId(value, "inReplyTo");
  o.conversation = StringOr(value, "conversation");
  if (o.conversation.empty()) o.conversation = StringOr(value, "context");
  o.published = TimeOf(value, "published");
  o.updated = TimeOf(value, "updated");
  o.addressing = AddressingOf(value);
  o.tags = TagsOf(value);
  o.attachments = AttachmentsOf(value);

  const json::Value* choices = value.Find("oneOf");
  if (choices == nullptr || choices->is_null()) {
    choices = value.Find("anyOf");
    o.poll_multiple = choices != nullptr && !choices->is_null();
  }
  ForEachItem(choices, kMaxPollOptions, [&](const json::Value& v) {
    std::string name = StringOrMap(v, "name", nullptr);
    if (!name.empty()) o.poll_options.push_back(std::move(name));
  });
  o.poll_end_time = TimeOf(value, "endTime");

  for (std::string_view key : {"quote", "quoteUrl", "quoteUri", "_misskey_quote"}) {
    if (!o.quote.empty()) break;
    o.quote = StringOr(value, key);
  }
  o.raw_json = json::Serialize(value);
  return o;
}

Result<ActorDoc> ActorFromJson(const json::Value& value) {
  if (!value.is_object()) return Invalid("actor is not a JSON object");
  ActorDoc a;
  a.type = TypeOf(value);
  if (!IsActorType(a.type)) return Invalid("not an actor type", a.type.substr(0, 100));
  a.id = StringOr(value, "id");
  if (!IsValidId(a.id)) return Invalid("actor id is missing or not an http(s) URL");
  a.inbox = FirstId(value, "inbox");
  if (!IsValidId(a.inbox)) return Invalid("actor has no valid inbox");

  a.preferred_username = StringOr(value, "preferredUsername");
  a.name = StringOrMap(value, "name", nullptr);
  a.summary = StringOrMap(value, "summary", nullptr);
  a.url = UrlOf(value.Find("url"));
  a.outbox = FirstId(value, "outbox");
  a.followers = FirstId(value, "followers");
  a.following = FirstId(value, "following");
  a.featured = FirstId(value, "featured");
  if (const json::Value* endpoints = value.FindObject("endpoints")) {
    a.shared_inbox = StringOr(*endpoints, "sharedInbox");
    if (!IsValidId(a.shared_inbox)) a.shared_inbox.clear();
  }
  a.icon_url = UrlOf(value.Find("icon"));
  a.image_url = UrlOf(value.Find("image"));

  a.public_keys = PublicKeysOf(value);
  for (PublicKeyDoc& key : a.public_keys) {
    if (key.owner.empty()) key.owner = a.id;
    if (key.owner != a.id) return Invalid("publicKey owner is not the actor");
  }
  a.manually_approves_followers = value.FindBool("manuallyApprovesFollowers").value_or(false);
  a.discoverable = value.FindBool("discoverable").value_or(false);
  ForEachItem(value.Find("alsoKnownAs"), kMaxAliases, [&](const json::Value& v) {
    std::string id = IdOf(v);
    if (IsValidId(id)) a.also_known_as.push_back(std::move(id));
  });
  a.moved_to = FirstId(value, "movedTo");
  if (!a.moved_to.empty() && !IsValidId(a.moved_to)) a.moved_to.clear();
  ForEachItem(value.Find("attachment"), kMaxActorFields, [&](const json::Value& v) {
    if (!v.is_object() || TypeOf(v) != "PropertyValue") return;
    ActorField field;
    field.name = StringOr(v, "name");
    field.value = StringOr(v, "value");
    if (!field.name.empty()) a.fields.push_back(std::move(field));
  });
  a.published = TimeOf(value, "published");
  a.raw_json = json::Serialize(value);
  return a;
}

Result<KeyDocument> KeyDocumentFromJson(const json::Value& value) {
  if (!value.is_object()) return Invalid("key document is not a JSON object");
  KeyDocument doc;
  doc.id = StringOr(value, "id");
  if (!IsValidId(doc.id)) return Invalid("key document id is missing or not an http(s) URL");
  doc.type = TypeOf(value);
  doc.keys = PublicKeysOf(value);
  if (doc.keys.empty()) {
    // A bare key document: the document is the key.
    PublicKeyDoc key;
    key.id = doc.id;
    key.owner = StringOr(value, "owner");
    if (key.owner.empty()) key.owner = StringOr(value, "controller");
    key.pem = StringOr(value, "publicKeyPem");
    if (key.owner.empty() || key.pem.empty()) return Invalid("document has no public key");
    doc.keys.push_back(std::move(key));
  } else {
    for (PublicKeyDoc& key : doc.keys) {
      if (key.owner.empty()) key.owner = doc.id;
    }
  }
  return doc;
}

// ---- types.h ---------------------------------------------------------------------------------

bool Addressing::IsPublic() const {
  auto has = [](const std::vector<std::string>& v) {
    return std::find(v.begin(), v.end(), kPublicCollection) != v.end();
  };
  return has(to) || has(cc);
}

bool Addressing::Contains(std::string_view id) const {
  for (const auto* field : {&to, &cc, &bto, &bcc, &audience}) {
    if (std::find(field->begin(), field->end(), id) != field->end()) return true;
  }
  return false;
}

std::vector<std::string> Addressing::All() const {
  std::vector<std::string> out;
  for (const auto* field : {&to, &cc, &bto, &bcc, &audience}) {
    for (const std::string& id : *field) {
      if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
  }
  return out;
}

const PublicKeyDoc* ActorDoc::FindKey(std::string_view key_id) const {
  for (const PublicKeyDoc& key : public_keys) {
    if (key.id == key_id) return &key;
  }
  return nullptr;
}

bool IsActorType(std::string_view type) {
  return type == "Person" || type == "Organization" || type == "Service" || type == "Application" ||
         type == "Group";
}

bool IsActivityType(std::string_view type) {
  // Question is an IntransitiveActivity in the spec, but to us it is a post (a poll).
  static constexpr std::string_view kTypes[] = {"Accept",
                                                "Add",
                                                "Announce",
                                                "Arrive",
                                                "Block",
                                                "Create",
                                                "Delete",
                                                "Dislike",
                                                "Flag",
                                                "Follow",
                                                "Ignore",
                                                "Invite",
                                                "Join",
                                                "Leave",
                                                "Like",
                                                "Listen",
                                                "Move",
                                                "Offer",
                                                "Read",
                                                "Reject",
                                                "Remove",
                                                "TentativeAccept",
                                                "TentativeReject",
                                                "Travel",
                                                "Undo",
                                                "Update",
                                                "View",
                                                "EmojiReact"};
  for (std::string_view t : kTypes) {
    if (t == type) return true;
  }
  return false;
}

bool IsPostObjectType(std::string_view type) {
  return type == "Note" || type == "Question" || type == "Article" || type == "Page" ||
         type == "Event" || type == "Image" || type == "Video" || type == "Audio";
}

}  // namespace cornerstore::activitypub
