// Follow requests of a locked account: list them, authorize or reject one through
// FollowService, which queues the signed Accept or Reject{Follow} to the requester's server.
#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"
#include "src/api/pagination.h"

namespace cornerstore::api {
namespace {

// The pending request of the account `id` names to follow the viewer; kNotFound if there is
// none (Mastodon's answer for an unknown or already answered request).
Result<FoundAccount> PendingRequester(ApiContext& ctx, const Viewer& viewer,
                                      const std::string& id) {
  CS_ASSIGN_OR_RETURN(FoundAccount found, FindAccount(ctx, id));
  auto follow = ctx.federation.FindFollow(found.actor_uri, ctx.uris.Actor(viewer.account.username));
  if (!follow.ok()) {
    if (follow.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, std::string(kRecordNotFound));
    }
    return follow.take_error();
  }
  if (follow->state != store::FollowState::kPending) {
    return MakeError(ErrorCode::kNotFound, std::string(kRecordNotFound));
  }
  return found;
}

HttpResponse Answer(ApiContext& ctx, const HttpRequest& request, const PathParams& params,
                    bool authorize) {
  AuthOutcome auth = RequireUser(ctx, request, "write:follows");
  if (auth.refusal) return *auth.refusal;
  const Viewer& viewer = *auth.viewer;
  auto found = PendingRequester(ctx, viewer, params.at(0));
  if (!found.ok()) return ApiErrorFrom(found.error());
  Status answered = authorize ? ctx.follows.Approve(viewer.account, found->actor_uri)
                              : ctx.follows.Reject(viewer.account, found->actor_uri);
  if (!answered.ok()) return ApiErrorFrom(answered.error());
  Renderer renderer(ctx, &viewer);
  return OkOrError(renderer.Relationship(found->ref));
}

}  // namespace

HttpResponse FollowRequests(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "read:follows");
  if (auth.refusal) return *auth.refusal;
  auto params = Params::FromRequest(request);
  if (!params.ok()) return ApiErrorFrom(params.error());
  PageParams page = ParsePage(*params, kDefaultAccountLimit, kMaxAccountLimit);
  auto rows = ctx.federation.ListFollowers(auth.viewer->account.id, store::FollowState::kPending,
                                           StorePage(page));
  if (!rows.ok()) return ApiErrorFrom(rows.error());
  Renderer renderer(ctx, &*auth.viewer);
  json::Value items = json::Value::MakeArray();
  for (const store::Follow& follow : *rows) {
    if (follow.follower_account_id != 0) {
      auto local = ctx.store.FindAccountById(follow.follower_account_id);
      if (local.ok()) {
        items.Push(renderer.Account(*local));
        continue;
      }
    }
    items.Push(renderer.AccountByUri(follow.follower_uri));
  }
  HttpResponse response = Ok(items);
  if (!rows->empty()) {
    AddPageLinks(response, ctx.uris.base_url(), request, rows->front().id, rows->back().id);
  }
  return response;
}

HttpResponse AuthorizeFollowRequest(ApiContext& ctx, const HttpRequest& request,
                                    const PathParams& params) {
  return Answer(ctx, request, params, /*authorize=*/true);
}

HttpResponse RejectFollowRequest(ApiContext& ctx, const HttpRequest& request,
                                 const PathParams& params) {
  return Answer(ctx, request, params, /*authorize=*/false);
}

}  // namespace cornerstore::api
