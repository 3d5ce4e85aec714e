#include "src/api/handlers/common.h"

#include "src/api/errors.h"
#include "src/common/http_response.h"
#include "src/common/url.h"

namespace cornerstore::api {
namespace {

Error NotFound() { return MakeError(ErrorCode::kNotFound, std::string(kRecordNotFound)); }

}  // namespace

HttpResponse Ok(const json::Value& body) { return JsonResponse(200, body); }

HttpResponse OkOrError(const Result<json::Value>& body) {
  return body.ok() ? Ok(*body) : ApiErrorFrom(body.error());
}

Result<FoundAccount> FindAccount(ApiContext& ctx, std::string_view id) {
  auto ref = ParseAccountId(id);
  if (!ref) return NotFound();
  FoundAccount found;
  found.ref = *ref;
  if (ref->is_local()) {
    CS_ASSIGN_OR_RETURN(store::Account account, ctx.store.FindAccountById(ref->local_id));
    found.actor_uri = ctx.uris.Actor(account.username);
    found.local = std::move(account);
    return found;
  }
  if (ctx.uris.IsLocal(ref->remote_uri)) return NotFound();
  CS_ASSIGN_OR_RETURN(store::RemoteActor actor, ctx.federation.FindRemoteActor(ref->remote_uri));
  found.actor_uri = actor.uri;
  found.remote = std::move(actor);
  return found;
}

Result<FoundAccount> FindAccountByAcct(ApiContext& ctx, std::string_view acct) {
  if (acct.starts_with('@')) acct.remove_prefix(1);
  size_t at = acct.find('@');
  std::string_view user = acct.substr(0, at);
  std::string host = at == std::string_view::npos ? "" : ToLower(acct.substr(at + 1));
  if (user.empty()) return NotFound();
  FoundAccount found;
  if (host.empty() || host == ToLower(ctx.uris.domain()) ||
      host == ToLower(AuthorityOf(ctx.uris.base_url()))) {
    CS_ASSIGN_OR_RETURN(store::Account account, ctx.store.FindAccountByUsername(user));
    found.ref.local_id = account.id;
    found.actor_uri = ctx.uris.Actor(account.username);
    found.local = std::move(account);
    return found;
  }
  CS_ASSIGN_OR_RETURN(store::RemoteActor actor, ctx.federation.FindRemoteActorByAcct(user, host));
  found.ref.remote_uri = actor.uri;
  found.actor_uri = actor.uri;
  found.remote = std::move(actor);
  return found;
}

json::Value RenderAccount(Renderer& renderer, const FoundAccount& account) {
  return account.local ? renderer.Account(*account.local) : renderer.RemoteAccount(*account.remote);
}

Result<store::StoredObject> FindVisibleStatus(ApiContext& ctx, Renderer& renderer,
                                              std::string_view id) {
  auto ref = ParseStatusId(id);
  if (!ref) return NotFound();
  auto object = ctx.federation.FindObjectById(ref->object_id);
  if (!object.ok()) {
    if (object.error().code == ErrorCode::kNotFound) return NotFound();
    return object.take_error();
  }
  if (!renderer.CanSee(*object)) return NotFound();
  return std::move(object).value();
}

}  // namespace cornerstore::api
