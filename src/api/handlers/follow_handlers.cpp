// POST /api/v1/accounts/:id/follow and /unfollow, through FollowService (the CLI's path).
#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"

namespace cornerstore::api {
namespace {

// The account to follow or unfollow, or the refusal: oneself is not allowed (Mastodon's 403),
// and follows between accounts of this server are not supported by the follow logic yet.
Result<FoundAccount> FollowTarget(ApiContext& ctx, const Viewer& viewer, const std::string& id) {
  CS_ASSIGN_OR_RETURN(FoundAccount found, FindAccount(ctx, id));
  if (found.local && found.local->id == viewer.account.id) {
    return MakeError(ErrorCode::kForbidden, "This action is not allowed");
  }
  if (found.local) {
    return MakeError(ErrorCode::kInvalidInput,
                     "Following accounts on this server is not supported yet");
  }
  return found;
}

HttpResponse RelationshipAfter(ApiContext& ctx, const Viewer& viewer, const FoundAccount& found) {
  Renderer renderer(ctx, &viewer);
  return OkOrError(renderer.Relationship(found.ref));
}

}  // namespace

HttpResponse FollowAccount(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  AuthOutcome auth = RequireUser(ctx, request, "write:follows");
  if (auth.refusal) return *auth.refusal;
  auto found = FollowTarget(ctx, *auth.viewer, params.at(0));
  if (!found.ok()) return ApiErrorFrom(found.error());
  auto followed = ctx.follows.FollowRemote(auth.viewer->account, found->actor_uri);
  if (!followed.ok()) return ApiErrorFrom(followed.error());
  return RelationshipAfter(ctx, *auth.viewer, *found);
}

HttpResponse UnfollowAccount(ApiContext& ctx, const HttpRequest& request,
                             const PathParams& params) {
  AuthOutcome auth = RequireUser(ctx, request, "write:follows");
  if (auth.refusal) return *auth.refusal;
  auto found = FollowTarget(ctx, *auth.viewer, params.at(0));
  if (!found.ok()) return ApiErrorFrom(found.error());
  Status undone = ctx.follows.Unfollow(auth.viewer->account, found->actor_uri);
  // Unfollowing someone not followed changes nothing (Mastodon answers the relationship too).
  if (!undone.ok() && undone.error().code != ErrorCode::kNotFound) {
    return ApiErrorFrom(undone.error());
  }
  return RelationshipAfter(ctx, *auth.viewer, *found);
}

}  // namespace cornerstore::api
