// The ActivityStreams vocabulary Cornerstore reads from peers, as typed structs.
//
// Parsers (activitypub/vocabulary/from_json.h) turn peer JSON into these once: "IRI or object",
// "one or many", the three spellings of the Public collection and the size bounds are settled
// there, so handlers work with plain fields and never touch JSON. HTML fields hold the text as
// the peer sent it (unsanitized): whoever stores or shows them sanitizes.
//
// Thread safety: plain values. Embedded objects are shared immutable pointers, so copies are
// cheap and may be read from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cornerstore::activitypub {

// The Public collection, in the form we store and compare (PROTOCOL.md §4: Fedify writes
// "as:Public", some peers "Public"; both are normalised to this).
inline constexpr std::string_view kPublicCollection =
    "https://www.w3.org/ns/activitystreams#Public";

// Entries kept per addressing field (to, cc, …); the rest is ignored (PROTOCOL.md §6).
inline constexpr size_t kMaxAddresseesPerField = 1000;
// Tags kept per object (PROTOCOL.md §6); a real post has a handful.
inline constexpr size_t kMaxTags = 100;
// Attachments kept per object (PROTOCOL.md §6); Mastodon allows 4, Misskey 16.
inline constexpr size_t kMaxAttachments = 100;
// Objects kept from a multi-object activity (a Flag listing reported posts).
inline constexpr size_t kMaxObjectsPerActivity = 100;
// Poll options kept; Mastodon allows 4, Misskey 10.
inline constexpr size_t kMaxPollOptions = 100;
// alsoKnownAs entries and profile fields kept from an actor.
inline constexpr size_t kMaxAliases = 100;
inline constexpr size_t kMaxActorFields = 100;
// Embedded activities nested inside activities (Undo{Announce{Note}} is three): deeper is junk.
inline constexpr int kMaxEmbeddingDepth = 4;

// Who an activity or object is addressed to. Ids as sent, except that every spelling of the
// Public collection becomes kPublicCollection. Each field holds at most kMaxAddresseesPerField.
struct Addressing {
  std::vector<std::string> to;
  std::vector<std::string> cc;
  std::vector<std::string> bto;
  std::vector<std::string> bcc;
  std::vector<std::string> audience;

  bool IsPublic() const;  // Public in to or cc
  bool Contains(std::string_view id) const;
  // Every id in every field, in field order, without repeats.
  std::vector<std::string> All() const;
};

enum class TagType { kMention, kHashtag, kEmoji, kOther };

struct Tag {
  TagType type = TagType::kOther;
  std::string name;      // "@user@host", "#tag", ":emoji:" as sent
  std::string href;      // Mention: the actor id; Hashtag: the tag page
  std::string icon_url;  // Emoji: the image
};

struct Attachment {
  std::string type;  // Document, Image, Video, Audio, …
  std::string url;
  std::string media_type;
  std::string name;  // alt text
  std::string blurhash;
  double focal_x = 0, focal_y = 0;  // Mastodon's focalPoint, -1 … 1
  int64_t width = 0, height = 0;
};

// A post-like object: Note, Question, Article, Page, Event, Image, Video, Audio, Tombstone.
struct ApObject {
  std::string id;
  std::string type;
  std::string attributed_to;  // the first actor id of attributedTo
  std::string name;           // title (Article, Event) or poll option text
  std::string content;        // HTML: `content`, else the first entry of `contentMap`
  std::string language;       // the contentMap key the content came from, if any
  std::string summary;        // HTML: content warning
  bool sensitive = false;
  std::string url;  // the first http(s) href of `url` (text/html preferred)
  std::string in_reply_to;
  std::string conversation;  // `conversation` (Mastodon) or `context`
  int64_t published = 0;     // unix seconds, 0 if absent or malformed
  int64_t updated = 0;
  Addressing addressing;
  std::vector<Tag> tags;                  // at most kMaxTags
  std::vector<Attachment> attachments;    // at most kMaxAttachments
  std::vector<std::string> poll_options;  // Question: oneOf / anyOf names
  bool poll_multiple = false;             // Question with anyOf
  int64_t poll_end_time = 0;
  std::string quote;     // FEP-e232 / Misskey quote target, if any
  std::string raw_json;  // the object as received, re-serialized (for later re-reading)
};

// A profile field (PropertyValue).
struct ActorField {
  std::string name;
  std::string value;  // HTML as sent
};

// A public key as an actor or key document publishes it.
struct PublicKeyDoc {
  std::string id;
  std::string owner;
  std::string pem;
};

// An actor document: Person, Organization, Service, Application, Group.
struct ActorDoc {
  std::string id;
  std::string type;
  std::string preferred_username;
  std::string name;
  std::string summary;  // HTML as sent
  std::string url;
  std::string inbox;
  std::string outbox;
  std::string shared_inbox;  // endpoints.sharedInbox
  std::string followers;
  std::string following;
  std::string featured;
  std::string icon_url;
  std::string image_url;
  std::vector<PublicKeyDoc> public_keys;  // `publicKey`: one, or several
  bool manually_approves_followers = false;
  bool discoverable = false;
  std::vector<std::string> also_known_as;
  std::string moved_to;
  std::vector<ActorField> fields;
  int64_t published = 0;
  std::string raw_json;  // the document as received, re-serialized

  // The key with `key_id`, or nullptr.
  const PublicKeyDoc* FindKey(std::string_view key_id) const;
};

struct Activity;

// The `object` (or `target`) of an activity: an id, and the embedded document when the peer
// sent one. At most one of the three pointers is set; `type` is "" for a bare IRI.
struct ObjectRef {
  std::string id;
  std::string type;
  std::shared_ptr<const ApObject> object;    // an embedded post-like object
  std::shared_ptr<const Activity> activity;  // an embedded activity (Undo{Follow}, Accept{…})
  std::shared_ptr<const ActorDoc> actor;     // an embedded actor (Update{Person})

  bool empty() const { return id.empty() && type.empty(); }
  bool embedded() const { return object || activity || actor; }
};

struct Activity {
  std::string id;  // "" if the peer sent none
  std::string type;
  std::string actor;  // the actor id (an embedded actor is reduced to its id)
  ObjectRef object;   // the first object
  // Ids of every object, in order (a Flag names the reported actor and posts); at most
  // kMaxObjectsPerActivity.
  std::vector<std::string> object_ids;
  ObjectRef target;       // Move, Add, Remove
  std::string content;    // EmojiReact's emoji, Flag's comment, Misskey's reaction on Like
  std::vector<Tag> tags;  // EmojiReact's custom emoji
  Addressing addressing;
  int64_t published = 0;
  std::string raw_json;  // the activity as received, re-serialized
};

// Type families, by the ActivityStreams type name.
bool IsActorType(std::string_view type);       // Person, Organization, Service, Application, Group
bool IsActivityType(std::string_view type);    // Create, Follow, Undo, … (core + extensions)
bool IsPostObjectType(std::string_view type);  // Note, Question, Article, Page, Event, Image, …

}  // namespace cornerstore::activitypub
