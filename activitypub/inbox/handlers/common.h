// Helpers shared by the activity handlers: error faces, lookups of local accounts and posts,
// and "not found is fine" adapters. Pure functions over the HandlerContext; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "activitypub/inbox/handlers/handler.h"

namespace cornerstore::activitypub::handlers {

// A peer speaking for someone else (PROTOCOL.md §5): permanent.
Error Forbidden(std::string message, std::string detail = {});
// An activity we cannot read: permanent.
Error Malformed(std::string message, std::string detail = {});

// Logs why `activity` changes nothing here and returns OK.
Status Ignore(const Activity& activity, std::string_view reason);

// kNotFound becomes nullopt; other errors pass through.
template <typename T>
Result<std::optional<T>> IfFound(Result<T> result) {
  if (result.ok()) return std::optional<T>(std::move(result).value());
  if (result.error().code == ErrorCode::kNotFound) return std::optional<T>();
  return result.take_error();
}
// kNotFound becomes OK (removing what is already gone).
Status IgnoreNotFound(Status status);

// The local account an actor id names ({base}/users/{name}), or nullopt.
Result<std::optional<store::Account>> FindLocalAccount(HandlerContext& context,
                                                       std::string_view actor_id);
// Our own post with `uri`, not tombstoned, or nullopt.
Result<std::optional<store::StoredObject>> FindLocalPost(HandlerContext& context,
                                                         std::string_view uri);

// The key under which an activity's notifications are deduplicated: its id, else `fallback`.
std::string EffectKey(const Activity& activity, std::string_view fallback);

// Adds a notification for a local account (idempotent per account, type and activity).
Status Notify(HandlerContext& context, int64_t account_id, store::NotificationType type,
              const std::string& actor_uri, const std::string& object_uri,
              const std::string& activity_uri);

}  // namespace cornerstore::activitypub::handlers
