// Signing identities of our own actors: each local account's key and the instance actor's.
//
// The outbound client signs as whichever actor a request names; this maps that actor id to its
// key id and private key. Thread-safe as far as the Store is.
#pragma once

#include <string>

#include "activitypub/instance_actor.h"
#include "activitypub/signatures/signer.h"
#include "activitypub/uris.h"
#include "store/store.h"

namespace cornerstore::activitypub {

// `actor_id` empty or equal to the instance actor → the instance key; a local account's actor
// URL → that account's key; anything else → kNotFound (we never sign as someone else).
Result<SigningKey> LookupLocalSigningKey(store::Store& store, const Uris& uris,
                                         const InstanceKey& instance_key,
                                         const std::string& actor_id);

}  // namespace cornerstore::activitypub
