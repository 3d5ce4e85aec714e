// Dashboard sessions: who is logged in to the owner's dashboard, by an HttpOnly cookie.
//
// A session is a row of the OAuth token store (store::AuthStore), so `cornerstore token list`
// shows it and `token revoke` ends it. Its marker: the label kSessionLabel, no scopes, no app,
// and a stored digest of "dashboard-session:" + the cookie value instead of the value's own
// digest — so a session cookie presented as a bearer token matches no API token, and no API
// token opens the dashboard. The cookie is HttpOnly, SameSite=Lax, Path=/, and Secure when the
// public URL is https.
//
// Forms of a logged-in page carry a CSRF token derived from the session secret (SessionCsrf):
// a third-party page can make the browser send the cookie but cannot read it to derive the token.
//
// Other routes use LoggedInAccount / CheckSessionCsrf (e.g. /authorize_interaction's confirm
// POST) to act for the dashboard's owner.
//
// Thread safety: free functions and a stateless class over thread-safe stores.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "src/common/http_message.h"
#include "src/common/result.h"
#include "src/server/services.h"
#include "store/store.h"

namespace cornerstore::server::dashboard {

inline constexpr std::string_view kSessionCookie = "cs_dashboard";
// The label of session rows in the token store (what `token list` shows).
inline constexpr std::string_view kSessionLabel = "dashboard session";
// A month: an owner on their own phone should not log in every day; logout and `token revoke`
// end a session sooner.
inline constexpr int64_t kSessionLifetimeSeconds = 30 * 24 * 3600;

// The account whose live dashboard session `request` carries; nullopt when it carries none or
// one that is unknown, revoked, expired, or whose account is gone. kUnavailable when the
// database cannot answer.
Result<std::optional<store::Account>> LoggedInAccount(Services& services,
                                                      const HttpRequest& request);

// The CSRF token for forms shown to the session of `request` ("" without a session cookie).
std::string SessionCsrfToken(const HttpRequest& request);
// True when `form_token` is the CSRF token of the session cookie `request` carries.
bool CheckSessionCsrf(const HttpRequest& request, std::string_view form_token);

// Starting and ending sessions (the login and logout routes).
class Sessions {
 public:
  explicit Sessions(Services& services);

  // A new session for `account_id`; returns the Set-Cookie value that carries it.
  Result<std::string> Start(int64_t account_id);
  // Revokes the session `request` carries (if any); returns the Set-Cookie value that clears it.
  std::string End(const HttpRequest& request);

 private:
  std::string Cookie(std::string_view value, int64_t max_age) const;

  Services& services_;
  const bool secure_;
};

}  // namespace cornerstore::server::dashboard
