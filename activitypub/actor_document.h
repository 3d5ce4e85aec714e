// The ActivityStreams actor documents we publish: local accounts and the instance actor.
//
// Shapes follow PROTOCOL.md §3: well-known @context URLs plus an inline term map (JSON-LD peers
// resolve only contexts they ship with), publicKey without "type", PropertyValue fields, featured
// and sharedInbox. Pure functions; thread-safe.
#pragma once

#include <string>

#include "activitypub/uris.h"
#include "src/common/json.h"
#include "store/store.h"

namespace cornerstore::activitypub {

// The @context array shared by our actor documents.
json::Value ActorContext();

// The actor document of a local account.
json::Value ActorToJson(const store::Account& account, const Uris& uris);

// The instance actor (type Application, id {base}/actor), which signs our GETs. Its
// preferredUsername is the server host, as Mastodon's is, so WebFinger finds it.
json::Value InstanceActorToJson(const Uris& uris, const std::string& server_host,
                                const std::string& public_key_pem, int64_t created_at);

}  // namespace cornerstore::activitypub
