// Reading accounts: show, lookup, statuses, followers, following, relationships, search.
#include <algorithm>

#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"
#include "src/api/handlers/search.h"
#include "src/api/pagination.h"

namespace cornerstore::api {
namespace {

// The visibilities of `author`'s posts a viewer may list: all for the author, followers-only
// for an accepted follower, public and unlisted otherwise. Never empty.
std::vector<store::Visibility> ListedFor(ApiContext& ctx, const Viewer* viewer,
                                         const store::Account& author) {
  using V = store::Visibility;
  if (viewer != nullptr && viewer->account.id == author.id) return {};  // empty: every one
  if (viewer != nullptr) {
    auto follow = ctx.federation.FindFollow(ctx.uris.Actor(viewer->account.username),
                                            ctx.uris.Actor(author.username));
    if (follow.ok() && follow->state == store::FollowState::kAccepted) {
      return {V::kPublic, V::kUnlisted, V::kFollowers};
    }
  }
  return {V::kPublic, V::kUnlisted};
}

// A reply to someone else (Mastodon's exclude_replies keeps an author's own threads).
bool IsReplyToOthers(ApiContext& ctx, const store::StoredObject& post,
                     const store::Account& author) {
  if (post.in_reply_to_uri.empty()) return false;
  return !post.in_reply_to_uri.starts_with(ctx.uris.Actor(author.username) + "/");
}

HttpResponse JsonArray(const json::Value& items) { return Ok(items); }

HttpResponse ListFollows(ApiContext& ctx, const HttpRequest& request, const PathParams& params,
                         bool followers) {
  AuthOutcome auth = OptionalUser(ctx, request, "read:accounts");
  if (auth.refusal) return *auth.refusal;
  const Viewer* viewer = auth.viewer ? &*auth.viewer : nullptr;
  auto found = FindAccount(ctx, params.at(0));
  if (!found.ok()) return ApiErrorFrom(found.error());
  // We know who follows a remote actor only partially: Mastodon lists what it knows; we list
  // nothing rather than a misleading part.
  if (!found->local) return JsonArray(json::Value::MakeArray());
  const store::Account& account = *found->local;
  const bool owner = viewer != nullptr && viewer->account.id == account.id;
  if (account.hide_collections && !owner) return JsonArray(json::Value::MakeArray());
  auto query = Params::FromRequest(request);
  if (!query.ok()) return ApiErrorFrom(query.error());
  PageParams page = ParsePage(*query, kDefaultAccountLimit, kMaxAccountLimit);
  auto rows = followers ? ctx.federation.ListFollowers(account.id, store::FollowState::kAccepted,
                                                       StorePage(page))
                        : ctx.federation.ListFollowing(account.id, store::FollowState::kAccepted,
                                                       StorePage(page));
  if (!rows.ok()) return ApiErrorFrom(rows.error());
  Renderer renderer(ctx, viewer);
  json::Value items = json::Value::MakeArray();
  for (const store::Follow& follow : *rows) {
    const int64_t local = followers ? follow.follower_account_id : follow.followed_account_id;
    const std::string& uri = followers ? follow.follower_uri : follow.followed_uri;
    if (local != 0) {
      auto other = ctx.store.FindAccountById(local);
      if (other.ok()) {
        items.Push(renderer.Account(*other));
        continue;
      }
    }
    items.Push(renderer.AccountByUri(uri));
  }
  HttpResponse response = Ok(items);
  if (!rows->empty()) {
    AddPageLinks(response, ctx.uris.base_url(), request, rows->front().id, rows->back().id);
  }
  return response;
}

}  // namespace

HttpResponse ShowAccount(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  AuthOutcome auth = OptionalUser(ctx, request, "read:accounts");
  if (auth.refusal) return *auth.refusal;
  auto found = FindAccount(ctx, params.at(0));
  if (!found.ok()) return ApiErrorFrom(found.error());
  Renderer renderer(ctx, auth.viewer ? &*auth.viewer : nullptr);
  return Ok(RenderAccount(renderer, *found));
}

HttpResponse LookupAccount(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = OptionalUser(ctx, request, "read:accounts");
  if (auth.refusal) return *auth.refusal;
  auto params = Params::FromRequest(request);
  if (!params.ok()) return ApiErrorFrom(params.error());
  auto acct = params->Get("acct");
  if (!acct || acct->empty()) return ApiError(400, "Missing parameter: acct");
  auto found = FindAccountByAcct(ctx, *acct);
  if (!found.ok()) return ApiErrorFrom(found.error());
  Renderer renderer(ctx, auth.viewer ? &*auth.viewer : nullptr);
  return Ok(RenderAccount(renderer, *found));
}

HttpResponse AccountStatuses(ApiContext& ctx, const HttpRequest& request,
                             const PathParams& params) {
  AuthOutcome auth = OptionalUser(ctx, request, "read:statuses");
  if (auth.refusal) return *auth.refusal;
  const Viewer* viewer = auth.viewer ? &*auth.viewer : nullptr;
  auto found = FindAccount(ctx, params.at(0));
  if (!found.ok()) return ApiErrorFrom(found.error());
  auto query = Params::FromRequest(request);
  if (!query.ok()) return ApiErrorFrom(query.error());
  Renderer renderer(ctx, viewer);
  json::Value items = json::Value::MakeArray();
  // Remote actors' posts are not listed (we keep only those that reached us); there is no
  // media yet, so only_media is always empty.
  if (!found->local || query->GetBool("only_media").value_or(false)) return Ok(items);
  const store::Account& author = *found->local;
  if (query->GetBool("pinned").value_or(false)) {
    auto pinned = ctx.federation.ListPinned(author.id);
    if (!pinned.ok()) return ApiErrorFrom(pinned.error());
    for (const store::StoredObject& post : *pinned) {
      if (!renderer.CanSee(post)) continue;
      auto status = renderer.Status(post);
      if (!status.ok()) return ApiErrorFrom(status.error());
      items.Push(*status);
    }
    return Ok(items);
  }
  PageParams page = ParsePage(*query, kDefaultStatusLimit, kMaxStatusLimit);
  auto posts =
      ctx.federation.ListAccountObjects(author.id, ListedFor(ctx, viewer, author), StorePage(page));
  if (!posts.ok()) return ApiErrorFrom(posts.error());
  const bool exclude_replies = query->GetBool("exclude_replies").value_or(false);
  const std::string tagged = ToLower(query->Get("tagged").value_or(""));
  for (const store::StoredObject& post : *posts) {
    if (post.visibility == store::Visibility::kDirect && !renderer.CanSee(post)) continue;
    if (exclude_replies && IsReplyToOthers(ctx, post, author)) continue;
    if (!tagged.empty() &&
        std::find(post.hashtags.begin(), post.hashtags.end(), tagged) == post.hashtags.end()) {
      continue;
    }
    auto status = renderer.Status(post);
    if (!status.ok()) return ApiErrorFrom(status.error());
    items.Push(*status);
  }
  HttpResponse response = Ok(items);
  // Cursors come from the unfiltered page, so filters never stall the next page.
  if (!posts->empty()) {
    AddPageLinks(response, ctx.uris.base_url(), request, posts->front().id, posts->back().id);
  }
  return response;
}

HttpResponse AccountFollowers(ApiContext& ctx, const HttpRequest& request,
                              const PathParams& params) {
  return ListFollows(ctx, request, params, /*followers=*/true);
}

HttpResponse AccountFollowing(ApiContext& ctx, const HttpRequest& request,
                              const PathParams& params) {
  return ListFollows(ctx, request, params, /*followers=*/false);
}

HttpResponse Relationships(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "read:follows");
  if (auth.refusal) return *auth.refusal;
  auto params = Params::FromRequest(request);
  if (!params.ok()) return ApiErrorFrom(params.error());
  Renderer renderer(ctx, &*auth.viewer);
  json::Value items = json::Value::MakeArray();
  for (const std::string& id : params->GetAll("id")) {
    auto ref = ParseAccountId(id);
    if (!ref) continue;  // Mastodon skips ids it does not know
    auto relationship = renderer.Relationship(*ref);
    if (!relationship.ok()) return ApiErrorFrom(relationship.error());
    items.Push(*relationship);
  }
  return Ok(items);
}

HttpResponse SearchAccounts(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "read:accounts");
  if (auth.refusal) return *auth.refusal;
  auto params = Params::FromRequest(request);
  if (!params.ok()) return ApiErrorFrom(params.error());
  SearchQuery query;
  query.q = TrimSearchText(params->Get("q").value_or(""));
  query.resolve = params->GetBool("resolve").value_or(false);
  query.limit = ParsePage(*params, kDefaultAccountLimit, kMaxAccountLimit).limit;
  query.offset = SearchOffset(*params);
  Renderer renderer(ctx, &*auth.viewer);
  return OkOrError(SearchAccountEntities(ctx, renderer, query));
}

}  // namespace cornerstore::api
