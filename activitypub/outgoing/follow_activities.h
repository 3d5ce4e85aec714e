// Builders for the activities the inbox sends in answer to peers: Accept and Reject of a Follow,
// and Follow and Undo(Follow) (when a followed account moves), as ActivityStreams JSON.
//
// Ids are minted under the sending actor's id, so they are ours by construction and stable for a
// given input: answering the same Follow twice yields the same Accept id, which the delivery
// queue deduplicates per inbox. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "src/common/json.h"

namespace cornerstore::activitypub {

// The ActivityStreams context URL every activity we send carries.
inline constexpr std::string_view kActivityStreamsContext = "https://www.w3.org/ns/activitystreams";

// A short, stable token for `text`: the first 16 hex digits of its SHA-256.
std::string StableToken(std::string_view text);

// "{actor}#accepts/follows/{StableToken(follow_id)}".
std::string AcceptFollowId(std::string_view actor_id, std::string_view follow_id);
// "{actor}#rejects/follows/{StableToken(follow_id)}".
std::string RejectFollowId(std::string_view actor_id, std::string_view follow_id);
// "{actor}#follows/{token}".
std::string FollowId(std::string_view actor_id, std::string_view token);
// "{activity_id}/undo".
std::string UndoId(std::string_view activity_id);

// The Follow an answer refers to.
struct FollowRef {
  std::string id;      // the Follow's id, as the follower sent it
  std::string actor;   // the follower
  std::string object;  // the followed actor
};

// {"type":"Accept","actor":actor_id,"object":{the Follow, embedded},"to":[follower]}. Mastodon,
// GoToSocial and Misskey all match the embedded Follow's id against the Follow they sent.
json::Value AcceptFollowToJson(std::string_view accept_id, std::string_view actor_id,
                               const FollowRef& follow);
// The same shape with type Reject.
json::Value RejectFollowToJson(std::string_view reject_id, std::string_view actor_id,
                               const FollowRef& follow);
// {"type":"Follow","id":…,"actor":…,"object":target,"to":[target]}.
json::Value FollowToJson(std::string_view follow_id, std::string_view actor_id,
                         std::string_view target_id);
// Undo of an activity we sent, embedding it; addressed like it.
json::Value UndoToJson(std::string_view undo_id, std::string_view actor_id,
                       const json::Value& undone);

}  // namespace cornerstore::activitypub
