// The string ids the client API hands out, and their reading back.
//
// Mastodon ids are opaque strings to clients ("cast from an integer, but not guaranteed to be a
// number"), so we pick forms that need no extra table:
//   - a local account: its store id in decimal ("1");
//   - a remote actor: "r" + unpadded base64url of its actor URI ("raHR0cHM6Ly9t…"), stable for
//     as long as the actor keeps its id, and readable without a lookup table;
//   - a post (ours or remote): its store object id in decimal ("42");
//   - a local account's boost of a post: "<post id>b<account id>" ("42b1").
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cornerstore::api {

// Actor URIs longer than this are refused as ids (URLs beyond it are not real actors).
inline constexpr size_t kMaxActorUriLength = 2048;

std::string LocalAccountId(int64_t account_id);
std::string RemoteAccountId(std::string_view actor_uri);

// What an account id names: a local account, or a remote actor by URI.
struct AccountRef {
  int64_t local_id = 0;    // set for a local account
  std::string remote_uri;  // set for a remote actor
  bool is_local() const { return local_id != 0; }
};
// nullopt for anything that is not one of the two forms above.
std::optional<AccountRef> ParseAccountId(std::string_view id);

std::string StatusId(int64_t object_id);
std::string ReblogId(int64_t object_id, int64_t account_id);

// What a status id names: a post, or a local account's boost of one.
struct StatusRef {
  int64_t object_id = 0;
  int64_t reblogger_account_id = 0;  // set for a boost
};
std::optional<StatusRef> ParseStatusId(std::string_view id);

// A positive decimal id (pagination cursors, store ids); nullopt otherwise.
std::optional<int64_t> ParsePositiveId(std::string_view text);

}  // namespace cornerstore::api
