// The ActivityStreams documents of our own posts as peers read them: the Note (Mastodon's
// shape), the Create that wraps it, and the Tombstone a deleted post answers with.
//
// Addressing is the stored `to`/`cc`; a post stored without any is addressed from its
// visibility the way Mastodon reads it (PROTOCOL.md §7). Mentions and hashtags become `tag`
// entries (Mention with the actor id, Hashtag with our tag page).
//
// Pure functions of their arguments; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "activitypub/uris.h"
#include "src/common/json.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub::collections {

// The ActivityStreams context URL.
inline constexpr std::string_view kActivityStreams = "https://www.w3.org/ns/activitystreams";

// The @context of documents carrying Notes: ActivityStreams plus the two terms Mastodon's notes
// use that it lacks (`sensitive`, `Hashtag`).
json::Value NoteContext();

// The `to` and `cc` of a post: as stored, or derived from its visibility when both are empty.
struct Audience {
  std::vector<std::string> to;
  std::vector<std::string> cc;
};
Audience AudienceOf(const store::StoredObject& object, const store::Account& author,
                    const Uris& uris);

// The Note (or the stored type) of `object`, a live post of `author`, without @context (so it
// can be embedded); callers that serve it alone add "@context": NoteContext().
json::Value NoteToJson(const store::StoredObject& object, const store::Account& author,
                       const Uris& uris);

// "{object id}/activity": the id of the Create that published it.
std::string CreateActivityId(std::string_view object_uri);

// {"type":"Create","id":CreateActivityId, actor, published, to, cc, object: the Note embedded},
// without @context.
json::Value CreateToJson(const store::StoredObject& object, const store::Account& author,
                         const Uris& uris);

// {"@context", "id": id, "type": "Tombstone"}: the body of a 410 for a deleted post.
json::Value TombstoneToJson(std::string_view id);

}  // namespace cornerstore::activitypub::collections
