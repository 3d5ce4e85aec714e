#include "src/server/dashboard/session.h"

#include "src/auth/csrf.h"
#include "src/auth/tokens.h"
#include "src/common/log.h"

namespace cornerstore::server::dashboard {
namespace {

// Domain separation: the stored digest of a session differs from any API token's digest.
constexpr std::string_view kSessionDigestPrefix = "dashboard-session:";
constexpr std::string_view kCsrfDigestPrefix = "dashboard-csrf:";
// Cookie values of ours are 43 characters; anything much longer is not one.
constexpr size_t kMaxCookieValueBytes = 128;

std::string SessionCookieValue(const HttpRequest& request) {
  std::string value = auth::CookieValue(request.headers.Get("Cookie").value_or(""), kSessionCookie);
  if (value.size() > kMaxCookieValueBytes) return "";
  return value;
}

std::string SessionDigest(std::string_view value) {
  return auth::HashSecret(std::string(kSessionDigestPrefix) + std::string(value));
}

bool IsSessionRow(const store::AccessToken& token) {
  return token.label == kSessionLabel && token.app_id == 0 && token.scopes.empty();
}

}  // namespace

Result<std::optional<store::Account>> LoggedInAccount(Services& services,
                                                      const HttpRequest& request) {
  const std::string value = SessionCookieValue(request);
  if (value.empty()) return std::optional<store::Account>();
  auto token = services.auth_store().FindTokenByHash(SessionDigest(value));
  if (!token.ok()) {
    if (token.error().code == ErrorCode::kNotFound) return std::optional<store::Account>();
    return token.take_error();
  }
  const int64_t now = services.clock().NowUnix();
  if (!IsSessionRow(*token) || token->revoked_at != 0 || now >= token->expires_at) {
    return std::optional<store::Account>();
  }
  auto account = services.store().FindAccountById(token->account_id);
  if (!account.ok()) {
    if (account.error().code == ErrorCode::kNotFound) return std::optional<store::Account>();
    return account.take_error();
  }
  if (now - token->last_used_at >= auth::kTouchIntervalSeconds) {
    // Bookkeeping for `token list` only: a busy database must not log the owner out.
    Status touched = services.auth_store().TouchToken(token->id, now);
    if (!touched.ok()) log::Warn("dashboard.touch_failed", {{"error", touched.error().message}});
  }
  return std::optional<store::Account>(std::move(account).value());
}

std::string SessionCsrfToken(const HttpRequest& request) {
  const std::string value = SessionCookieValue(request);
  if (value.empty()) return "";
  return auth::HashSecret(std::string(kCsrfDigestPrefix) + value);
}

bool CheckSessionCsrf(const HttpRequest& request, std::string_view form_token) {
  const std::string expected = SessionCsrfToken(request);
  if (expected.empty() || form_token.empty()) return false;
  return auth::SecretEquals(expected, form_token);
}

Sessions::Sessions(Services& services)
    : services_(services), secure_(services.config().instance.base_url.starts_with("https:")) {}

Result<std::string> Sessions::Start(int64_t account_id) {
  const std::string value = auth::RandomToken();
  const int64_t now = services_.clock().NowUnix();
  store::AccessToken row;
  row.token_hash = SessionDigest(value);
  row.account_id = account_id;
  row.label = std::string(kSessionLabel);
  row.created_at = now;
  row.last_used_at = now;
  row.expires_at = now + kSessionLifetimeSeconds;
  CS_ASSIGN_OR_RETURN(store::AccessToken stored, services_.auth_store().CreateToken(row));
  (void)stored;
  return Cookie(value, kSessionLifetimeSeconds);
}

std::string Sessions::End(const HttpRequest& request) {
  const std::string value = SessionCookieValue(request);
  if (!value.empty()) {
    auto token = services_.auth_store().FindTokenByHash(SessionDigest(value));
    if (token.ok() && IsSessionRow(*token)) {
      Status revoked = services_.auth_store().RevokeToken(token->id, services_.clock().NowUnix());
      if (!revoked.ok()) {
        log::Error("dashboard.logout_failed", {{"error", revoked.error().ToLogString()}});
      }
    }
  }
  return Cookie("", 0);
}

std::string Sessions::Cookie(std::string_view value, int64_t max_age) const {
  std::string cookie = std::string(kSessionCookie) + "=" + std::string(value) +
                       "; Path=/; Max-Age=" + std::to_string(max_age) + "; HttpOnly; SameSite=Lax";
  if (secure_) cookie += "; Secure";
  return cookie;
}

}  // namespace cornerstore::server::dashboard
