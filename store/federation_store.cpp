#include "store/federation_store.h"

#include <array>
#include <utility>

#include "src/common/http_message.h"

namespace cornerstore::store {
namespace {

constexpr std::array<std::pair<NotificationType, std::string_view>, 10> kNotificationNames = {{
    {NotificationType::kFollow, "follow"},
    {NotificationType::kFollowRequest, "follow_request"},
    {NotificationType::kMention, "mention"},
    {NotificationType::kReply, "reply"},
    {NotificationType::kFavourite, "favourite"},
    {NotificationType::kReblog, "reblog"},
    {NotificationType::kEmojiReact, "emoji_reaction"},
    {NotificationType::kMove, "move"},
    {NotificationType::kReport, "admin.report"},
    {NotificationType::kUpdate, "update"},
}};

}  // namespace

std::string_view VisibilityName(Visibility v) {
  switch (v) {
    case Visibility::kPublic:
      return "public";
    case Visibility::kUnlisted:
      return "unlisted";
    case Visibility::kFollowers:
      return "followers";
    case Visibility::kDirect:
      return "direct";
  }
  return "public";
}

std::optional<Visibility> ParseVisibility(std::string_view name) {
  std::string lower = ToLower(name);
  if (lower == "public") return Visibility::kPublic;
  if (lower == "unlisted") return Visibility::kUnlisted;
  // "private" is the Mastodon client API's name for followers-only.
  if (lower == "followers" || lower == "private") return Visibility::kFollowers;
  if (lower == "direct") return Visibility::kDirect;
  return std::nullopt;
}

std::string_view NotificationTypeName(NotificationType t) {
  for (const auto& [type, name] : kNotificationNames) {
    if (type == t) return name;
  }
  return "mention";
}

std::optional<NotificationType> ParseNotificationType(std::string_view name) {
  for (const auto& [type, type_name] : kNotificationNames) {
    if (type_name == name) return type;
  }
  return std::nullopt;
}

}  // namespace cornerstore::store
