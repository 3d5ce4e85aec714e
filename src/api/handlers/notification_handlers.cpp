// Notifications: list (types[] / exclude_types[]), show, dismiss one, clear all.
#include <algorithm>

#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"
#include "src/api/pagination.h"

namespace cornerstore::api {
namespace {

// Mastodon's page sizes for notifications.
constexpr int kDefaultNotificationLimit = 40;
constexpr int kMaxNotificationLimit = 80;

// Our notification types the client API shows (see MastodonNotificationType).
constexpr store::NotificationType kShownTypes[] = {
    store::NotificationType::kFollow,    store::NotificationType::kFollowRequest,
    store::NotificationType::kMention,   store::NotificationType::kReply,
    store::NotificationType::kFavourite, store::NotificationType::kReblog,
    store::NotificationType::kUpdate,
};

bool Named(const std::vector<std::string>& names, store::NotificationType type) {
  auto name = MastodonNotificationType(type);
  return name && std::find(names.begin(), names.end(), *name) != names.end();
}

// The store types `types[]` asks for, less `exclude_types[]`; never empty (an empty selection
// would mean "every type" to the store), so an impossible filter answers nullopt.
std::optional<std::vector<store::NotificationType>> SelectedTypes(const Params& params) {
  const std::vector<std::string> wanted = params.GetAll("types");
  const std::vector<std::string> excluded = params.GetAll("exclude_types");
  std::vector<store::NotificationType> types;
  for (store::NotificationType type : kShownTypes) {
    if (!wanted.empty() && !Named(wanted, type)) continue;
    if (Named(excluded, type)) continue;
    types.push_back(type);
  }
  if (types.empty()) return std::nullopt;
  return types;
}

Result<int64_t> NotificationIdOf(const std::string& text) {
  auto id = ParsePositiveId(text);
  if (!id) return MakeError(ErrorCode::kNotFound, std::string(kRecordNotFound));
  return *id;
}

}  // namespace

HttpResponse ListNotifications(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "read:notifications");
  if (auth.refusal) return *auth.refusal;
  auto params = Params::FromRequest(request);
  if (!params.ok()) return ApiErrorFrom(params.error());
  auto types = SelectedTypes(*params);
  if (!types) return Ok(json::Value::MakeArray());
  PageParams page = ParsePage(*params, kDefaultNotificationLimit, kMaxNotificationLimit);
  auto rows =
      ctx.federation.ListNotificationsOfTypes(auth.viewer->account.id, *types, StorePage(page));
  if (!rows.ok()) return ApiErrorFrom(rows.error());
  Renderer renderer(ctx, &*auth.viewer);
  json::Value items = json::Value::MakeArray();
  for (const store::Notification& notification : *rows) {
    auto rendered = renderer.Notification(notification);
    if (rendered.ok()) {
      items.Push(*rendered);
    } else if (rendered.error().code != ErrorCode::kNotFound) {
      return ApiErrorFrom(rendered.error());
    }
  }
  HttpResponse response = Ok(items);
  if (!rows->empty()) {
    AddPageLinks(response, ctx.uris.base_url(), request, rows->front().id, rows->back().id);
  }
  return response;
}

HttpResponse ShowNotification(ApiContext& ctx, const HttpRequest& request,
                              const PathParams& params) {
  AuthOutcome auth = RequireUser(ctx, request, "read:notifications");
  if (auth.refusal) return *auth.refusal;
  auto id = NotificationIdOf(params.at(0));
  if (!id.ok()) return ApiErrorFrom(id.error());
  auto notification = ctx.federation.FindNotification(auth.viewer->account.id, *id);
  if (!notification.ok()) return ApiErrorFrom(notification.error());
  Renderer renderer(ctx, &*auth.viewer);
  return OkOrError(renderer.Notification(*notification));
}

HttpResponse DismissNotification(ApiContext& ctx, const HttpRequest& request,
                                 const PathParams& params) {
  AuthOutcome auth = RequireUser(ctx, request, "write:notifications");
  if (auth.refusal) return *auth.refusal;
  auto id = NotificationIdOf(params.at(0));
  if (!id.ok()) return ApiErrorFrom(id.error());
  Status dismissed = ctx.federation.DismissNotification(auth.viewer->account.id, *id);
  if (!dismissed.ok()) return ApiErrorFrom(dismissed.error());
  return Ok(json::Value::MakeObject());
}

HttpResponse ClearNotifications(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "write:notifications");
  if (auth.refusal) return *auth.refusal;
  Status cleared = ctx.federation.ClearNotifications(auth.viewer->account.id);
  if (!cleared.ok()) return ApiErrorFrom(cleared.error());
  return Ok(json::Value::MakeObject());
}

}  // namespace cornerstore::api
