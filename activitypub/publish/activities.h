// Builders for the activities a local account sends when it publishes: Create, Update and
// Delete of its posts, Announce and Like of anyone's, Add and Remove on its featured collection,
// and the ids they carry. The Note itself is collections::NoteToJson, the same document the
// status URL serves, so what peers receive and what they fetch never differ.
//
// Addressing is Mastodon's reading (PROTOCOL.md §7):
//   public     to [Public]            cc [followers, mentioned…]
//   unlisted   to [followers]         cc [Public, mentioned…]
//   followers  to [followers]         cc [mentioned…]
//   direct     to [mentioned…]        cc []
// with Public spelled "https://www.w3.org/ns/activitystreams#Public". Nothing we build carries
// `bto` or `bcc`.
//
// Ids are ours by construction (under the status or the actor) and a pure function of their
// inputs, so rebuilding an activity yields the same id and the delivery queue's per-inbox
// deduplication holds. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "activitypub/collections/note_json.h"
#include "activitypub/uris.h"
#include "src/common/json.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub::publish {

// The Public collection as Mastodon writes it.
inline constexpr std::string_view kPublicAudience = "https://www.w3.org/ns/activitystreams#Public";

// The `to` and `cc` of a post of visibility `visibility` by the account whose followers
// collection is `followers_uri`, mentioning `mentioned` (actor ids, deduplicated, in order).
collections::Audience AudienceFor(store::Visibility visibility, const std::string& followers_uri,
                                  const std::vector<std::string>& mentioned);

// "{status}/activity" (Mastodon's).
std::string CreateId(std::string_view status_uri);
// "{status}#updates/{edited_at}" (Mastodon's; edited_at in Unix seconds).
std::string UpdateId(std::string_view status_uri, int64_t edited_at);
// "{status}#delete".
std::string DeleteId(std::string_view status_uri);
// "{actor}#announces/{token}", "{actor}#likes/{token}", "{actor}#adds/{token}",
// "{actor}#removes/{token}": `token` distinguishes repeated actions on the same object.
std::string AnnounceId(std::string_view actor_id, std::string_view token);
std::string LikeId(std::string_view actor_id, std::string_view token);
std::string AddId(std::string_view actor_id, std::string_view token);
std::string RemoveId(std::string_view actor_id, std::string_view token);

// The Note of `object`, a post of `author`, with its own @context (as fetched alone).
json::Value NoteToJson(const store::StoredObject& object, const store::Account& author,
                       const Uris& uris);
// Create{Note}, addressed like the Note, with @context.
json::Value CreateToJson(const store::StoredObject& object, const store::Account& author,
                         const Uris& uris);
// Update{Note} for an edited post (`object.edited_at` set): id UpdateId, `published` and the
// Note's `updated` are the edit time.
json::Value UpdateToJson(const store::StoredObject& object, const store::Account& author,
                         const Uris& uris);
// Delete{Tombstone {id, type, atomUri}}, addressed like the Note was.
json::Value DeleteToJson(const store::StoredObject& object, const store::Account& author,
                         const Uris& uris);

// What an Announce or Like is about.
struct ReactionTarget {
  std::string object_uri;  // the post
  std::string author_uri;  // its author (addressed; may be empty if unknown)
};

// Announce: to [Public], cc [author, followers] (Mastodon's boost), `published` at `at`.
json::Value AnnounceToJson(std::string_view id, std::string_view actor_id,
                           const std::string& followers_uri, const ReactionTarget& target,
                           int64_t at);
// Like: to [author].
json::Value LikeToJson(std::string_view id, std::string_view actor_id,
                       const ReactionTarget& target);
// Undo of `undone` (one of ours), id "{undone id}/undo", addressed like it.
json::Value UndoToJson(std::string_view actor_id, const json::Value& undone);

// Add/Remove of our post `object_uri` to/from the featured collection of `author` (pins), to
// the post's audience of followers (Public for public and unlisted posts).
json::Value AddToJson(std::string_view id, const store::Account& author,
                      const store::StoredObject& object, const Uris& uris);
json::Value RemoveToJson(std::string_view id, const store::Account& author,
                         const store::StoredObject& object, const Uris& uris);

}  // namespace cornerstore::activitypub::publish
