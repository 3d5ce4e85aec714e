#include "store/sqlite/federation/sql_helpers.h"

#include <algorithm>

#include "src/common/http_message.h"
#include "src/common/url.h"

namespace cornerstore::store::sqlite::federation {

int ClampLimit(int limit) { return std::clamp(limit, 1, kMaxPageLimit); }

void BindPage(Statement& stmt, int first, const PageRequest& page) {
  stmt.BindInt(first, std::max<int64_t>(page.max_id, 0));
  stmt.BindInt(first + 1, std::max<int64_t>(page.min_id, 0));
  stmt.BindInt(first + 2, ClampLimit(page.limit));
}

void BindTextOrNull(Statement& stmt, int index, std::string_view value) {
  if (value.empty()) {
    stmt.BindNull(index);
  } else {
    stmt.BindText(index, value);
  }
}

void BindIntOrNull(Statement& stmt, int index, int64_t value) {
  if (value == 0) {
    stmt.BindNull(index);
  } else {
    stmt.BindInt(index, value);
  }
}

std::string NormalizeHost(std::string_view host, std::string_view url) {
  return host.empty() ? HostOf(url) : ToLower(host);
}

Error NotFound(std::string_view what) {
  return MakeError(ErrorCode::kNotFound, "no such " + std::string(what));
}

Status RequireChanged(const Connection& db, std::string_view what) {
  if (db.Changes() == 0) return NotFound(what);
  return OkStatus();
}

Error CorruptColumn(std::string_view table, std::string_view column, std::string_view value) {
  return MakeError(
      ErrorCode::kInternal, "storage error",
      "unknown " + std::string(column) + " '" + std::string(value) + "' in " + std::string(table));
}

std::string_view FollowStateName(FollowState state) {
  return state == FollowState::kAccepted ? "accepted" : "pending";
}

std::optional<FollowState> ParseFollowState(std::string_view name) {
  if (name == "pending") return FollowState::kPending;
  if (name == "accepted") return FollowState::kAccepted;
  return std::nullopt;
}

std::string_view ReactionTypeName(ReactionType type) {
  switch (type) {
    case ReactionType::kLike:
      return "like";
    case ReactionType::kAnnounce:
      return "announce";
    case ReactionType::kEmojiReact:
      return "emoji_react";
  }
  return "like";
}

std::optional<ReactionType> ParseReactionType(std::string_view name) {
  if (name == "like") return ReactionType::kLike;
  if (name == "announce") return ReactionType::kAnnounce;
  if (name == "emoji_react") return ReactionType::kEmojiReact;
  return std::nullopt;
}

std::optional<InboxState> ParseInboxState(std::string_view name) {
  if (name == "queued") return InboxState::kQueued;
  if (name == "processing") return InboxState::kProcessing;
  if (name == "done") return InboxState::kDone;
  if (name == "failed") return InboxState::kFailed;
  return std::nullopt;
}

std::optional<DeliveryState> ParseDeliveryState(std::string_view name) {
  if (name == "queued") return DeliveryState::kQueued;
  if (name == "leased") return DeliveryState::kLeased;
  if (name == "done") return DeliveryState::kDone;
  if (name == "failed") return DeliveryState::kFailed;
  return std::nullopt;
}

}  // namespace cornerstore::store::sqlite::federation
