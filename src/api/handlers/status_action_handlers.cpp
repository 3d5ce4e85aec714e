// Favourite, boost and pin a status, and their undo, through the one publish path.
#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"

namespace cornerstore::api {
namespace {

// The viewer and the post an action is about, or the refusal.
struct Target {
  std::optional<Viewer> viewer;
  std::optional<store::StoredObject> object;
  std::optional<HttpResponse> refusal;
};

Target FindTarget(ApiContext& ctx, const HttpRequest& request, const PathParams& params,
                  std::string_view scope) {
  Target target;
  AuthOutcome auth = RequireUser(ctx, request, scope);
  if (auth.refusal) {
    target.refusal = std::move(auth.refusal);
    return target;
  }
  target.viewer = std::move(auth.viewer);
  Renderer renderer(ctx, &*target.viewer);
  auto object = FindVisibleStatus(ctx, renderer, params.at(0));
  if (!object.ok()) {
    target.refusal = ApiErrorFrom(object.error());
    return target;
  }
  target.object = std::move(object).value();
  return target;
}

// The post as the viewer now sees it (counts and flags after the action).
HttpResponse Fresh(ApiContext& ctx, const Viewer& viewer, int64_t object_id) {
  auto object = ctx.federation.FindObjectById(object_id);
  if (!object.ok()) return ApiErrorFrom(object.error());
  Renderer renderer(ctx, &viewer);
  return OkOrError(renderer.Status(*object));
}

// An undo of something never done changes nothing, as in Mastodon.
bool Failed(const Status& status) {
  return !status.ok() && status.error().code != ErrorCode::kNotFound;
}

}  // namespace

HttpResponse Favourite(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  Target t = FindTarget(ctx, request, params, "write:favourites");
  if (t.refusal) return *t.refusal;
  auto liked = ctx.publish.Like(t.viewer->account, t.object->uri);
  if (!liked.ok()) return ApiErrorFrom(liked.error());
  return Fresh(ctx, *t.viewer, t.object->id);
}

HttpResponse Unfavourite(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  Target t = FindTarget(ctx, request, params, "write:favourites");
  if (t.refusal) return *t.refusal;
  Status undone = ctx.publish.Unlike(t.viewer->account, t.object->uri);
  if (Failed(undone)) return ApiErrorFrom(undone.error());
  return Fresh(ctx, *t.viewer, t.object->id);
}

HttpResponse Reblog(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  Target t = FindTarget(ctx, request, params, "write:statuses");
  if (t.refusal) return *t.refusal;
  auto boost = ctx.publish.Boost(t.viewer->account, t.object->uri);
  if (!boost.ok()) return ApiErrorFrom(boost.error());
  auto object = ctx.federation.FindObjectById(t.object->id);
  if (!object.ok()) return ApiErrorFrom(object.error());
  Renderer renderer(ctx, &*t.viewer);
  return OkOrError(renderer.Reblog(t.viewer->account, *boost, *object));
}

HttpResponse Unreblog(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  Target t = FindTarget(ctx, request, params, "write:statuses");
  if (t.refusal) return *t.refusal;
  Status undone = ctx.publish.Unboost(t.viewer->account, t.object->uri);
  if (Failed(undone)) return ApiErrorFrom(undone.error());
  return Fresh(ctx, *t.viewer, t.object->id);
}

HttpResponse PinStatus(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  Target t = FindTarget(ctx, request, params, "write:accounts");
  if (t.refusal) return *t.refusal;
  Status pinned = ctx.publish.Pin(t.viewer->account, StatusId(t.object->id));
  if (!pinned.ok()) return ApiErrorFrom(pinned.error());
  return Fresh(ctx, *t.viewer, t.object->id);
}

HttpResponse UnpinStatus(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  Target t = FindTarget(ctx, request, params, "write:accounts");
  if (t.refusal) return *t.refusal;
  Status unpinned = ctx.publish.Unpin(t.viewer->account, StatusId(t.object->id));
  if (Failed(unpinned)) return ApiErrorFrom(unpinned.error());
  return Fresh(ctx, *t.viewer, t.object->id);
}

}  // namespace cornerstore::api
