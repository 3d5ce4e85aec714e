// Who may read which of our posts: Mastodon's rules (StatusPolicy#show?), as pure functions.
//
//   public, unlisted  anyone the author does not block;
//   followers         accepted followers of the author, and actors the post mentions;
//   direct            only the actors the post mentions.
// The author always sees its own posts. Unknown or anonymous readers see public and unlisted.
// Hidden posts answer 404, never 403, so their existence is not revealed.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

#include "store/federation_store.h"

namespace cornerstore::activitypub::collections {

// What we know of the actor asking, looked up once per request.
struct Reader {
  std::string actor;               // the verified signer's actor id; "" when the GET was unsigned
  bool accepted_follower = false;  // has an accepted follow of the author
  bool blocked = false;            // the author blocks this actor
};

// True if `reader` may see `object` (a live post of ours).
bool MayRead(const store::StoredObject& object, const Reader& reader);

// The visibilities an outbox listing shows `reader`: public and unlisted, plus followers-only
// for an accepted follower; direct posts are never listed. A blocked reader is shown nothing:
// the result is then EMPTY, which callers must check before handing it to the store (where an
// empty filter means every visibility).
std::vector<store::Visibility> ListedVisibilities(const Reader& reader);

}  // namespace cornerstore::activitypub::collections
