// Statuses: create (with Idempotency-Key), show, delete, edit and context, through the one
// publish path (activitypub/publish/publish_service.h).
#include <algorithm>
#include <utility>
#include <vector>

#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"

namespace cornerstore::api {
namespace {

// How far up a thread GET /context walks: Mastodon's default ancestor limit.
constexpr int kMaxContextAncestors = 40;
// How many replies below a post GET /context lists, and how deep it walks: Mastodon's limits
// for a signed-out reader (60 posts, depth 20), kept for everyone so one request stays cheap.
constexpr int kMaxContextDescendants = 60;
constexpr int kMaxContextDepth = 20;

// What a post or an edit may not carry yet: media and polls (422, with the reason).
std::optional<HttpResponse> RefuseUnsupported(const Params& params) {
  if (!params.GetAll("media_ids").empty()) return ApiError(422, kMediaUnsupported);
  for (const auto& [name, value] : params.entries()) {
    if (name.starts_with("poll[")) return ApiError(422, "Polls are not supported yet");
  }
  if (!params.Get("scheduled_at").value_or("").empty()) {
    return ApiError(422, "Scheduled posts are not supported yet");
  }
  return std::nullopt;
}

bool IsBlank(const std::string& text) {
  return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

// The viewer's own post named by `id`; kNotFound for anyone else's (Mastodon does not reveal
// that it exists).
Result<store::StoredObject> FindOwnStatus(ApiContext& ctx, const Viewer& viewer,
                                          std::string_view id) {
  auto ref = ParseStatusId(id);
  if (!ref || ref->reblogger_account_id != 0) {
    return MakeError(ErrorCode::kNotFound, std::string(kRecordNotFound));
  }
  CS_ASSIGN_OR_RETURN(store::StoredObject object, ctx.federation.FindObjectById(ref->object_id));
  if (object.account_id != viewer.account.id || object.deleted_at != 0) {
    return MakeError(ErrorCode::kNotFound, std::string(kRecordNotFound));
  }
  return object;
}

// The stored replies below `root` the viewer may see, depth first (each reply followed by its
// own replies, oldest first), as Mastodon orders a thread.
Result<json::Value> Descendants(ApiContext& ctx, Renderer& renderer,
                                const store::StoredObject& root) {
  json::Value items = json::Value::MakeArray();
  // Pending subtrees: (post, depth), the next to visit at the back.
  std::vector<std::pair<store::StoredObject, int>> stack;
  CS_ASSIGN_OR_RETURN(std::vector<store::StoredObject> first,
                      ctx.federation.ListReplies(root.uri, kMaxContextDescendants));
  for (auto it = first.rbegin(); it != first.rend(); ++it) stack.emplace_back(std::move(*it), 1);
  int visited = 0;
  while (!stack.empty() && visited < kMaxContextDescendants) {
    auto [post, depth] = std::move(stack.back());
    stack.pop_back();
    ++visited;
    if (renderer.CanSee(post)) {
      CS_ASSIGN_OR_RETURN(json::Value status, renderer.Status(post));
      items.Push(status);
    }
    if (depth >= kMaxContextDepth) continue;
    CS_ASSIGN_OR_RETURN(std::vector<store::StoredObject> replies,
                        ctx.federation.ListReplies(post.uri, kMaxContextDescendants - visited));
    for (auto it = replies.rbegin(); it != replies.rend(); ++it) {
      stack.emplace_back(std::move(*it), depth + 1);
    }
  }
  return items;
}

HttpResponse RenderById(ApiContext& ctx, const Viewer& viewer, int64_t object_id) {
  auto object = ctx.federation.FindObjectById(object_id);
  if (!object.ok()) return ApiErrorFrom(object.error());
  Renderer renderer(ctx, &viewer);
  return OkOrError(renderer.Status(*object));
}

}  // namespace

HttpResponse CreateStatus(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "write:statuses");
  if (auth.refusal) return *auth.refusal;
  const Viewer& viewer = *auth.viewer;
  auto params = Params::FromRequest(request);
  if (!params.ok()) return ApiErrorFrom(params.error());
  if (auto refused = RefuseUnsupported(*params)) return *refused;
  activitypub::PostRequest post;
  post.text = params->Get("status").value_or("");
  if (IsBlank(post.text)) return ApiError(422, "Validation failed: Text can't be blank");
  if (auto name = params->Get("visibility"); name && !name->empty()) {
    auto visibility = store::ParseVisibility(*name);
    if (!visibility) {
      return ApiError(422,
                      "Validation failed: Visibility must be public, unlisted, private or "
                      "direct");
    }
    post.visibility = *visibility;
  }
  post.content_warning = params->Get("spoiler_text").value_or("");
  if (auto reply_to = params->Get("in_reply_to_id"); reply_to && !reply_to->empty()) {
    Renderer renderer(ctx, &viewer);
    auto parent = FindVisibleStatus(ctx, renderer, *reply_to);
    if (!parent.ok()) return ApiErrorFrom(parent.error());
    post.in_reply_to = parent->uri;
  }
  auto publish = [&]() -> Result<int64_t> {
    CS_ASSIGN_OR_RETURN(store::StoredObject stored, ctx.publish.Post(viewer.account, post));
    return stored.id;
  };
  Result<int64_t> posted = MakeError(ErrorCode::kInternal, "not posted");
  auto key = request.headers.Get("Idempotency-Key");
  if (key && !key->empty()) {
    if (key->size() > kMaxIdempotencyKeyLength) {
      return ApiError(422, "Idempotency-Key is too long");
    }
    posted = ctx.idempotency.Once(viewer.account.id, std::string(*key), publish);
  } else {
    posted = publish();
  }
  if (!posted.ok()) return ApiErrorFrom(posted.error());
  return RenderById(ctx, viewer, *posted);
}

HttpResponse ShowStatus(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  AuthOutcome auth = OptionalUser(ctx, request, "read:statuses");
  if (auth.refusal) return *auth.refusal;
  Renderer renderer(ctx, auth.viewer ? &*auth.viewer : nullptr);
  auto object = FindVisibleStatus(ctx, renderer, params.at(0));
  if (!object.ok()) return ApiErrorFrom(object.error());
  auto ref = ParseStatusId(params.at(0));
  if (ref && ref->reblogger_account_id != 0) {
    auto booster = ctx.store.FindAccountById(ref->reblogger_account_id);
    if (!booster.ok()) return ApiErrorFrom(booster.error());
    auto boost = ctx.federation.FindReaction(store::ReactionType::kAnnounce,
                                             ctx.uris.Actor(booster->username), object->uri);
    if (!boost.ok()) return ApiErrorFrom(boost.error());
    return OkOrError(renderer.Reblog(*booster, *boost, *object));
  }
  return OkOrError(renderer.Status(*object));
}

HttpResponse DeleteStatus(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  AuthOutcome auth = RequireUser(ctx, request, "write:statuses");
  if (auth.refusal) return *auth.refusal;
  const Viewer& viewer = *auth.viewer;
  Renderer renderer(ctx, &viewer);
  auto ref = ParseStatusId(params.at(0));
  if (ref && ref->reblogger_account_id == viewer.account.id) {
    // Deleting one's boost undoes it (Mastodon's reading); the answer is the boosted post.
    auto object = FindVisibleStatus(ctx, renderer, params.at(0));
    if (!object.ok()) return ApiErrorFrom(object.error());
    Status undone = ctx.publish.Unboost(viewer.account, object->uri);
    if (!undone.ok() && undone.error().code != ErrorCode::kNotFound) {
      return ApiErrorFrom(undone.error());
    }
    return RenderById(ctx, viewer, object->id);
  }
  auto object = FindOwnStatus(ctx, viewer, params.at(0));
  if (!object.ok()) return ApiErrorFrom(object.error());
  auto rendered = renderer.Status(*object);
  if (!rendered.ok()) return ApiErrorFrom(rendered.error());
  // "Delete & redraft": the answer carries the source text to edit.
  rendered->Set("text", object->content_source);
  rendered->Set("spoiler_text", object->summary);
  Status deleted = ctx.publish.Delete(viewer.account, StatusId(object->id));
  if (!deleted.ok()) return ApiErrorFrom(deleted.error());
  return Ok(*rendered);
}

HttpResponse EditStatus(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  AuthOutcome auth = RequireUser(ctx, request, "write:statuses");
  if (auth.refusal) return *auth.refusal;
  const Viewer& viewer = *auth.viewer;
  auto object = FindOwnStatus(ctx, viewer, params.at(0));
  if (!object.ok()) return ApiErrorFrom(object.error());
  auto params_read = Params::FromRequest(request);
  if (!params_read.ok()) return ApiErrorFrom(params_read.error());
  if (auto refused = RefuseUnsupported(*params_read)) return *refused;
  const std::string text = params_read->Get("status").value_or(object->content_source);
  if (IsBlank(text)) return ApiError(422, "Validation failed: Text can't be blank");
  const std::string warning = params_read->Get("spoiler_text").value_or(object->summary);
  Status edited = ctx.publish.Edit(viewer.account, StatusId(object->id), text, warning);
  if (!edited.ok()) return ApiErrorFrom(edited.error());
  return RenderById(ctx, viewer, object->id);
}

HttpResponse StatusContext(ApiContext& ctx, const HttpRequest& request, const PathParams& params) {
  AuthOutcome auth = OptionalUser(ctx, request, "read:statuses");
  if (auth.refusal) return *auth.refusal;
  Renderer renderer(ctx, auth.viewer ? &*auth.viewer : nullptr);
  auto object = FindVisibleStatus(ctx, renderer, params.at(0));
  if (!object.ok()) return ApiErrorFrom(object.error());
  std::vector<store::StoredObject> ancestors;
  std::string parent_uri = object->in_reply_to_uri;
  while (!parent_uri.empty() && static_cast<int>(ancestors.size()) < kMaxContextAncestors) {
    auto parent = ctx.federation.FindObject(parent_uri);
    if (!parent.ok()) break;  // the thread above is not known here
    parent_uri = parent->in_reply_to_uri;
    if (renderer.CanSee(*parent)) ancestors.push_back(std::move(parent).value());
  }
  std::reverse(ancestors.begin(), ancestors.end());
  json::Value context;
  json::Value above = json::Value::MakeArray();
  for (const store::StoredObject& post : ancestors) {
    auto status = renderer.Status(post);
    if (!status.ok()) return ApiErrorFrom(status.error());
    above.Push(*status);
  }
  context.Set("ancestors", above);
  auto below = Descendants(ctx, renderer, *object);
  if (!below.ok()) return ApiErrorFrom(below.error());
  context.Set("descendants", *below);
  return Ok(context);
}

}  // namespace cornerstore::api
