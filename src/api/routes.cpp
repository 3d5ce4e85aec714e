#include "src/api/routes.h"

#include "src/api/handlers/handlers.h"

namespace cornerstore::api {
namespace {

// A local account id (decimal) or a remote one ("r" + base64url); lengths are checked when the
// id is read (ids.h), so the pattern stays simple for the regex engine.
constexpr const char* kAccountId = "([0-9]{1,19}|r[A-Za-z0-9_-]+)";
// A post id, or a boost id "<post>b<account>".
constexpr const char* kStatusId = "([0-9]{1,19}(?:b[0-9]{1,19})?)";
constexpr const char* kNotificationId = "([0-9]{1,19})";
// A hashtag as it appears in a path: percent-encoded, any script; its length is bounded here.
constexpr const char* kHashtag = "([^/]{1,256})";

std::vector<ApiRoute> Build() {
  const std::string accounts = "/api/v1/accounts";
  const std::string account = accounts + "/" + kAccountId;
  const std::string status = std::string("/api/v1/statuses/") + kStatusId;
  const std::string notification = std::string("/api/v1/notifications/") + kNotificationId;
  const std::string follow_request = std::string("/api/v1/follow_requests/") + kAccountId;
  return {
      {"GET", "/api/v1/instance", InstanceV1},
      {"GET", "/api/v2/instance", InstanceV2},
      {"GET", "/(?:avatars|headers)/original/missing\\.png", MissingImage},
      // Fixed paths first: "relationships" would also match the remote account id pattern.
      {"GET", accounts + "/verify_credentials", VerifyCredentials},
      {"PATCH", accounts + "/update_credentials", UpdateCredentials},
      {"GET", accounts + "/lookup", LookupAccount},
      {"GET", accounts + "/relationships", Relationships},
      {"GET", accounts + "/search", SearchAccounts},
      {"GET", account, ShowAccount},
      {"GET", account + "/statuses", AccountStatuses},
      {"GET", account + "/followers", AccountFollowers},
      {"GET", account + "/following", AccountFollowing},
      {"POST", account + "/follow", FollowAccount},
      {"POST", account + "/unfollow", UnfollowAccount},
      {"POST", "/api/v1/statuses", CreateStatus},
      {"GET", status, ShowStatus},
      {"DELETE", status, DeleteStatus},
      {"PUT", status, EditStatus},
      {"GET", status + "/context", StatusContext},
      {"POST", status + "/favourite", Favourite},
      {"POST", status + "/unfavourite", Unfavourite},
      {"POST", status + "/reblog", Reblog},
      {"POST", status + "/unreblog", Unreblog},
      {"POST", status + "/pin", PinStatus},
      {"POST", status + "/unpin", UnpinStatus},
      {"POST", "/api/v1/media", UploadMedia},
      {"POST", "/api/v2/media", UploadMedia},
      {"GET", "/api/v1/timelines/home", HomeTimeline},
      {"GET", "/api/v1/timelines/public", PublicTimeline},
      {"GET", std::string("/api/v1/timelines/tag/") + kHashtag, TagTimeline},
      {"GET", "/api/v1/notifications", ListNotifications},
      {"POST", "/api/v1/notifications/clear", ClearNotifications},
      {"GET", notification, ShowNotification},
      {"POST", notification + "/dismiss", DismissNotification},
      {"GET", "/api/v1/follow_requests", FollowRequests},
      {"POST", follow_request + "/authorize", AuthorizeFollowRequest},
      {"POST", follow_request + "/reject", RejectFollowRequest},
      {"GET", "/api/v2/search", SearchV2},
      {"GET", "/api/v1/markers", ShowMarkers},
      {"POST", "/api/v1/markers", SaveMarkers},
      {"GET", "/api/v1/preferences", Preferences},
      {"GET", "/api/v1/custom_emojis", CustomEmojis},
      {"GET", "/api/v1/filters", EmptyFilters},
      {"GET", "/api/v2/filters", EmptyFilters},
      {"GET", "/api/v1/lists", EmptyLists},
      {"GET", "/api/v1/announcements", EmptyAnnouncements},
      {"GET", "/api/v1/followed_tags", EmptyFollowedTags},
      {"GET", "/api/v1/mutes", EmptyMutes},
      {"GET", "/api/v1/bookmarks", EmptyBookmarks},
      {"GET", "/api/v1/featured_tags", EmptyFeaturedTags},
      {"GET", "/api/v1/trends(?:/tags|/statuses|/links)?", EmptyPublicList},
  };
}

}  // namespace

const std::vector<ApiRoute>& ApiRoutes() {
  static const std::vector<ApiRoute> routes = Build();
  return routes;
}

}  // namespace cornerstore::api
