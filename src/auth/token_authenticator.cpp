#include "src/auth/token_authenticator.h"

#include "src/auth/tokens.h"
#include "src/common/log.h"

namespace cornerstore::auth {
namespace {

Error InvalidToken() { return MakeError(ErrorCode::kUnauthorized, "The access token is invalid"); }

}  // namespace

std::optional<std::string> BearerToken(const HttpRequest& request) {
  auto header = request.headers.Get("Authorization");
  if (!header) return std::nullopt;
  std::string_view value = *header;
  if (value.size() < 7 || !EqualsIgnoreCase(value.substr(0, 7), "Bearer ")) {
    // Another scheme (a signature's "Signature keyId=…") is not ours to judge.
    return std::nullopt;
  }
  value.remove_prefix(7);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty() || value.size() > kMaxBearerBytes) return std::string();
  return std::string(value);
}

Result<std::optional<Principal>> TokenAuthenticator::Authenticate(const HttpRequest& request) {
  std::optional<std::string> token = BearerToken(request);
  if (!token) return std::optional<Principal>();
  CS_ASSIGN_OR_RETURN(Principal principal, AuthenticateToken(*token));
  return std::optional<Principal>(std::move(principal));
}

Result<Principal> TokenAuthenticator::AuthenticateToken(std::string_view token) {
  if (token.empty()) return InvalidToken();
  auto found = auth_.FindTokenByHash(HashSecret(token));
  if (!found.ok()) {
    if (found.error().code == ErrorCode::kNotFound) return InvalidToken();
    return found.take_error();
  }
  const int64_t now = clock_.NowUnix();
  if (found->revoked_at != 0) return InvalidToken();
  if (found->expires_at != 0 && now >= found->expires_at) return InvalidToken();
  Principal principal;
  principal.token_id = found->id;
  principal.app_id = found->app_id;
  principal.account_id = found->account_id;
  principal.scopes = ParseScopes(found->scopes);
  if (found->account_id != 0) {
    auto account = accounts_.FindAccountById(found->account_id);
    if (!account.ok()) {
      if (account.error().code == ErrorCode::kNotFound) return InvalidToken();
      return account.take_error();
    }
    principal.username = account->username;
  }
  if (now - found->last_used_at >= kTouchIntervalSeconds) {
    Status touched = auth_.TouchToken(found->id, now);
    // Bookkeeping only: a busy database must not refuse a valid token.
    if (!touched.ok()) log::Warn("auth.touch_failed", {{"error", touched.error().ToLogString()}});
  }
  return principal;
}

}  // namespace cornerstore::auth
