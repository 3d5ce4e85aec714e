// Reading what a client posts to its outbox (ActivityPub §6, client-to-server): an Activity, or
// a bare post object, which §6.2 says to wrap in a Create.
//
// The client's JSON is normalised before it is parsed with the same vocabulary parser the inbox
// uses (activitypub/vocabulary), so "IRI or object", "one or many" and the spellings of Public
// are settled once:
//   - a bare Note, Article or Page becomes Create{object}, carrying the object's addressing;
//   - ids the client chose are dropped (the server mints every id), except where an id names an
//     existing thing: the post an Update edits, the activity an Undo takes back;
//   - `actor` (and the actor of an embedded activity) is set to the account's actor; a client
//     that names another actor, or a post `attributedTo` someone else, is refused (kForbidden);
//   - a type this outbox does not carry out is kInvalidInput with "unsupported activity type".
//
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <string_view>

#include "activitypub/vocabulary/types.h"
#include "src/common/json.h"
#include "src/common/result.h"

namespace cornerstore::activitypub::c2s {

// The activity types the outbox carries out (ActivityPub §6.2–§6.11, less Move and Flag).
inline constexpr std::array<std::string_view, 10> kOutboxActivityTypes = {
    "Create", "Update", "Delete", "Follow", "Like", "Announce", "Block", "Add", "Remove", "Undo"};
// The bare objects wrapped in Create: the post types the publish path can write.
inline constexpr std::array<std::string_view, 3> kOutboxObjectTypes = {"Note", "Article", "Page"};

// The parsed submission. `wrapped` is true when the client sent a bare object.
struct ClientActivity {
  Activity activity;
  bool wrapped = false;
  // Whether the embedded object carried `content` (or `contentMap`, `name`) and `summary`: an
  // Update replaces only what it carries (§6.3 partial update; a null summary removes it).
  bool has_content = false;
  bool has_summary = false;
};

// Normalises and parses `body` for the account whose actor id is `actor_id`. kInvalidInput for
// a shape or type the outbox cannot carry out, kForbidden for one that speaks for someone else.
Result<ClientActivity> ClientActivityFromJson(const json::Value& body, std::string_view actor_id);

// The OAuth scope (Mastodon's sub-scopes) a token needs to submit `activity`: write:statuses for
// posts and boosts, write:favourites for likes, write:follows for follows, write:blocks for
// blocks, write:accounts for pins (Mastodon's scope for pinning). An Undo needs the scope of
// the type it undoes, `undone_type` (the embedded activity's type, or what its id names).
std::string_view RequiredScope(std::string_view type, std::string_view undone_type = {});

}  // namespace cornerstore::activitypub::c2s
