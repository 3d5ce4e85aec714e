// GET /api/v2/search: accounts, statuses and hashtags in one answer (src/api/handlers/search.h
// says what each finds).
#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"
#include "src/api/handlers/search.h"
#include "src/api/pagination.h"

namespace cornerstore::api {
namespace {

// Mastodon's page sizes for search results.
constexpr int kDefaultSearchLimit = 20;
constexpr int kMaxSearchLimit = 40;

}  // namespace

HttpResponse SearchV2(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = OptionalUser(ctx, request, "read:search");
  if (auth.refusal) return *auth.refusal;
  auto params = Params::FromRequest(request);
  if (!params.ok()) return ApiErrorFrom(params.error());
  SearchQuery query;
  query.q = TrimSearchText(params->Get("q").value_or(""));
  query.resolve = params->GetBool("resolve").value_or(false);
  query.limit = ParsePage(*params, kDefaultSearchLimit, kMaxSearchLimit).limit;
  query.offset = SearchOffset(*params);
  // Mastodon's refusals for anonymous searches that would cost remote lookups or deep paging.
  if (!auth.viewer && query.resolve) {
    return ApiError(401,
                    "Search queries that resolve remote resources are not supported without "
                    "authentication");
  }
  if (!auth.viewer && query.offset > 0) {
    return ApiError(401, "Search queries pagination is not supported without authentication");
  }
  const std::string type = params->Get("type").value_or("");
  if (!type.empty() && type != "accounts" && type != "statuses" && type != "hashtags") {
    return ApiError(422, "Validation failed: type must be accounts, statuses or hashtags");
  }
  Renderer renderer(ctx, auth.viewer ? &*auth.viewer : nullptr);
  json::Value result;
  json::Value accounts = json::Value::MakeArray();
  json::Value statuses = json::Value::MakeArray();
  json::Value hashtags = json::Value::MakeArray();
  if (!query.q.empty()) {
    if (type.empty() || type == "accounts") {
      auto found = SearchAccountEntities(ctx, renderer, query);
      if (!found.ok()) return ApiErrorFrom(found.error());
      accounts = std::move(found).value();
    }
    if (type.empty() || type == "statuses") {
      auto found = SearchStatusEntities(ctx, renderer, query);
      if (!found.ok()) return ApiErrorFrom(found.error());
      statuses = std::move(found).value();
    }
    if (type.empty() || type == "hashtags") {
      auto found = SearchTagEntities(ctx, query);
      if (!found.ok()) return ApiErrorFrom(found.error());
      hashtags = std::move(found).value();
    }
  }
  result.Set("accounts", accounts);
  result.Set("statuses", statuses);
  result.Set("hashtags", hashtags);
  return Ok(result);
}

}  // namespace cornerstore::api
