// Timelines: home (own posts and what reached the account), public (local, remote) and
// hashtag, newest first with Link pagination by post id.
#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"
#include "src/api/pagination.h"
#include "src/common/url.h"

namespace cornerstore::api {
namespace {

// The visible posts of a page as Status entities, with the Link header. Cursors come from the
// unfiltered page, so a hidden post never stalls the next page.
HttpResponse StatusPage(ApiContext& ctx, Renderer& renderer, const HttpRequest& request,
                        const Result<std::vector<store::StoredObject>>& posts) {
  if (!posts.ok()) return ApiErrorFrom(posts.error());
  json::Value items = json::Value::MakeArray();
  for (const store::StoredObject& post : *posts) {
    if (!renderer.CanSee(post)) continue;
    auto status = renderer.Status(post);
    if (!status.ok()) return ApiErrorFrom(status.error());
    items.Push(*status);
  }
  HttpResponse response = Ok(items);
  if (!posts->empty()) {
    AddPageLinks(response, ctx.uris.base_url(), request, posts->front().id, posts->back().id);
  }
  return response;
}

// Public and hashtag timelines: `local`, `remote` and `only_media` (posts carry no media yet,
// so only_media lists nothing).
HttpResponse PublicPosts(ApiContext& ctx, const HttpRequest& request, std::string tag) {
  AuthOutcome auth = OptionalUser(ctx, request, "read:statuses");
  if (auth.refusal) return *auth.refusal;
  auto params = Params::FromRequest(request);
  if (!params.ok()) return ApiErrorFrom(params.error());
  Renderer renderer(ctx, auth.viewer ? &*auth.viewer : nullptr);
  if (params->GetBool("only_media").value_or(false)) return Ok(json::Value::MakeArray());
  store::PublicTimelineFilter filter;
  filter.local_only = params->GetBool("local").value_or(false);
  filter.remote_only = params->GetBool("remote").value_or(false);
  filter.tag = std::move(tag);
  PageParams page = ParsePage(*params, kDefaultStatusLimit, kMaxStatusLimit);
  return StatusPage(ctx, renderer, request,
                    ctx.federation.ListPublicTimeline(filter, StorePage(page)));
}

}  // namespace

HttpResponse HomeTimeline(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "read:statuses");
  if (auth.refusal) return *auth.refusal;
  auto params = Params::FromRequest(request);
  if (!params.ok()) return ApiErrorFrom(params.error());
  Renderer renderer(ctx, &*auth.viewer);
  PageParams page = ParsePage(*params, kDefaultStatusLimit, kMaxStatusLimit);
  return StatusPage(ctx, renderer, request,
                    ctx.federation.ListHomeTimeline(auth.viewer->account.id, StorePage(page)));
}

HttpResponse PublicTimeline(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  return PublicPosts(ctx, request, "");
}

HttpResponse TagTimeline(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  std::string tag = ToLower(PercentDecode(params.at(0)).value_or(params.at(0)));
  if (tag.starts_with('#')) tag.erase(0, 1);
  return PublicPosts(ctx, request, std::move(tag));
}

}  // namespace cornerstore::api
