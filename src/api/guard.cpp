#include "src/api/guard.h"

#include "src/api/errors.h"

namespace cornerstore::api {
namespace {

AuthOutcome Refuse(HttpResponse response) {
  AuthOutcome outcome;
  outcome.refusal = std::move(response);
  return outcome;
}

AuthOutcome Check(ApiContext& ctx, const HttpRequest& request, std::string_view scope,
                  bool required) {
  auto principal = ctx.auth.Authenticate(request);
  if (!principal.ok()) {
    if (principal.error().code == ErrorCode::kUnauthorized) {
      return Refuse(ApiError(401, kInvalidToken));
    }
    return Refuse(ApiErrorFrom(principal.error()));
  }
  if (!principal->has_value()) {
    if (required) return Refuse(ApiError(401, kInvalidToken));
    return {};
  }
  const auth::Principal& who = **principal;
  if (!auth::Grants(who.scopes, scope)) return Refuse(ApiError(403, kOutsideScopes));
  if (who.account_id == 0) {
    if (required) return Refuse(ApiError(422, kUserRequired));
    return {};
  }
  auto account = ctx.store.FindAccountById(who.account_id);
  if (!account.ok()) {
    // The token outlived its account: it no longer names anyone.
    if (account.error().code == ErrorCode::kNotFound) return Refuse(ApiError(401, kInvalidToken));
    return Refuse(ApiErrorFrom(account.error()));
  }
  AuthOutcome outcome;
  outcome.viewer = Viewer{who, std::move(account).value()};
  return outcome;
}

}  // namespace

AuthOutcome RequireUser(ApiContext& ctx, const HttpRequest& request, std::string_view scope) {
  return Check(ctx, request, scope, /*required=*/true);
}

AuthOutcome OptionalUser(ApiContext& ctx, const HttpRequest& request, std::string_view scope) {
  return Check(ctx, request, scope, /*required=*/false);
}

}  // namespace cornerstore::api
