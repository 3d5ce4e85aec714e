// POST /api/v1/accounts/:id/follow and /unfollow, through FollowService (the CLI's path): a
// remote account gets a Follow, an account of this server is followed directly.
#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"

namespace cornerstore::api {
namespace {

// The account to follow or unfollow, or the refusal: oneself is not allowed (Mastodon's 403).
Result<FoundAccount> FollowTarget(ApiContext& ctx, const Viewer& viewer, const std::string& id) {
  CS_ASSIGN_OR_RETURN(FoundAccount found, FindAccount(ctx, id));
  if (found.local && found.local->id == viewer.account.id) {
    return MakeError(ErrorCode::kForbidden, "This action is not allowed");
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
  auto followed = found->local ? ctx.follows.FollowLocal(auth.viewer->account, *found->local)
                               : ctx.follows.FollowRemote(auth.viewer->account, found->actor_uri);
  if (!followed.ok()) {
    // A block either way: Mastodon's answer, which names neither side.
    if (followed.error().code == ErrorCode::kForbidden) {
      return ApiErrorFrom(MakeError(ErrorCode::kForbidden, "This action is not allowed"));
    }
    return ApiErrorFrom(followed.error());
  }
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
