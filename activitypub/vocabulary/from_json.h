// Parsers from peer JSON (already parsed by json::Parse with its limits) into the typed
// vocabulary of activitypub/vocabulary/types.h.
//
// These are the only functions that read ActivityStreams JSON on the receiving side. They
// settle, once: "IRI or object" (an embedded value is reduced to its id where only the id
// matters), "one or many" (a single value reads as a list of one), the spellings of the Public
// collection, and the bounds of types.h (extra entries are dropped, not refused). They check
// shape, not authority: who may say what is the inbox's business (PROTOCOL.md §5).
//
// Errors are kInvalidInput with a short message safe to return to the sender.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "activitypub/vocabulary/types.h"
#include "src/common/json.h"
#include "src/common/result.h"

namespace cornerstore::activitypub {

// Longest id we accept: real ids are under 200 bytes; longer ones are junk or an attack on
// our indexes.
inline constexpr size_t kMaxIdLength = 2048;

// An activity: `type` and `actor` required, `id` optional (but an http(s) URL when present).
// `object` and `target` are parsed by their own type: actors with ActorFromJson, activities
// recursively (at most kMaxEmbeddingDepth deep), anything else with ObjectFromJson.
Result<Activity> ActivityFromJson(const json::Value& value);

// A post-like object (or any non-actor, non-activity object such as a Tombstone): `type`
// required, `id` optional.
Result<ApObject> ObjectFromJson(const json::Value& value);

// An actor: `id` (http(s)), an actor `type` and `inbox` required; every `publicKey` must name
// the actor as its `owner` (a key without `owner` is taken to be the actor's).
Result<ActorDoc> ActorFromJson(const json::Value& value);

// What a keyId URL serves: an actor (with `publicKey`), a stub actor carrying only its keys
// (GoToSocial's /main-key), or a bare key document (`owner` + `publicKeyPem`).
struct KeyDocument {
  std::string id;    // the document's id
  std::string type;  // as sent ("Person", "Key", "CryptographicKey", …)
  std::vector<PublicKeyDoc> keys;
};
Result<KeyDocument> KeyDocumentFromJson(const json::Value& value);

// kPublicCollection for "as:Public", "Public" and the full URI; anything else unchanged.
std::string NormalizeAddressee(std::string_view id);
// True for an absolute http(s) URL no longer than kMaxIdLength.
bool IsValidId(std::string_view id);

}  // namespace cornerstore::activitypub
