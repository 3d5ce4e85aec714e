// GET /api/v1/accounts/verify_credentials and PATCH /api/v1/accounts/update_credentials.
#include <map>

#include "activitypub/accounts.h"
#include "activitypub/publish/profile_update.h"
#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"

namespace cornerstore::api {
namespace {

// fields_attributes[i][name|value] (a JSON array or object arrives in the same form), in index
// order; entries with both sides blank are dropped, as Mastodon does.
Result<std::vector<store::ProfileField>> FieldsFrom(const Params& params) {
  const std::string prefix = "fields_attributes[";
  std::map<int, store::ProfileField> by_index;
  for (const auto& [name, value] : params.entries()) {
    if (!name.starts_with(prefix)) continue;
    size_t close = name.find(']', prefix.size());
    if (close == std::string::npos) continue;
    auto index = ParsePositiveId(name.substr(prefix.size(), close - prefix.size()));
    const bool zero = name.compare(prefix.size(), close - prefix.size(), "0") == 0;
    if (!index && !zero) continue;
    if (by_index.size() > activitypub::kMaxProfileFields * 2) {
      return MakeError(ErrorCode::kInvalidInput, "Too many profile fields");
    }
    store::ProfileField& field = by_index[zero ? 0 : static_cast<int>(*index)];
    const std::string key = name.substr(close + 1);
    if (key == "[name]") field.name = value;
    if (key == "[value]") field.value = value;
  }
  std::vector<store::ProfileField> fields;
  for (auto& [index, field] : by_index) {
    if (field.name.empty() && field.value.empty()) continue;
    fields.push_back(std::move(field));
  }
  return fields;
}

}  // namespace

HttpResponse VerifyCredentials(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "read:accounts");
  if (auth.refusal) return *auth.refusal;
  Renderer renderer(ctx, &*auth.viewer);
  return Ok(renderer.CredentialAccount(auth.viewer->account));
}

HttpResponse UpdateCredentials(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "write:accounts");
  if (auth.refusal) return *auth.refusal;
  auto params = Params::FromRequest(request);
  if (!params.ok()) return ApiErrorFrom(params.error());
  for (const char* image : {"avatar", "header"}) {
    if (params->HasFile(image) || params->Has(image)) return ApiError(422, kMediaUnsupported);
  }
  store::Account account = auth.viewer->account;
  if (auto v = params->Get("display_name")) account.display_name = *v;
  if (auto v = params->Get("note")) account.summary = *v;
  if (auto v = params->GetBool("locked")) account.manually_approves_followers = *v;
  if (auto v = params->GetBool("discoverable")) account.discoverable = *v;
  if (auto v = params->GetBool("indexable")) account.indexable = *v;
  if (auto v = params->GetBool("hide_collections")) account.hide_collections = *v;
  if (auto v = params->GetBool("bot")) {
    // A bot is an automated account: ActivityStreams calls it a Service.
    if (*v) {
      account.type = store::ActorType::kService;
    } else if (account.type == store::ActorType::kService) {
      account.type = store::ActorType::kPerson;
    }
  }
  bool has_fields = false;
  for (const auto& [name, value] : params->entries()) {
    if (name.starts_with("fields_attributes[")) has_fields = true;
  }
  if (has_fields) {
    auto fields = FieldsFrom(*params);
    if (!fields.ok()) return ApiErrorFrom(fields.error());
    account.fields = std::move(fields).value();
  }
  // The dashboard's profile form takes the same path: saved, then Update sent to followers.
  auto reloaded = activitypub::UpdateProfileAndFederate(ctx.store, ctx.federation, account,
                                                        ctx.uris, ctx.clock);
  if (!reloaded.ok()) {
    if (reloaded.error().code == ErrorCode::kInvalidInput) {
      return ApiError(422, "Validation failed: " + reloaded.error().message);
    }
    return ApiErrorFrom(reloaded.error());
  }
  Renderer renderer(ctx, &*auth.viewer);
  return Ok(renderer.CredentialAccount(*reloaded));
}

}  // namespace cornerstore::api
