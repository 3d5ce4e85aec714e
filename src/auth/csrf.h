// CsrfGuard: protects the login and consent form against cross-site posts.
//
// Issue() gives a random value for a short-lived cookie and a form token that is an HMAC-SHA256
// of that value and an expiry under a key only this process knows. A post passes when its cookie
// and form token match and the expiry has not passed: a third-party page can make a browser send
// the cookie but cannot read it to forge the token (the cookie is HttpOnly, SameSite=Lax). The
// key is made at start, so a restart invalidates open forms (the user reloads the page).
//
// Ownership: borrows the Clock. Thread safety: const methods, safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "src/common/clock.h"

namespace cornerstore::auth {

// How long a login form stays usable: long enough to type a password, short enough that a
// leaked token is soon worthless.
inline constexpr int64_t kCsrfLifetimeSeconds = 15 * 60;
inline constexpr std::string_view kCsrfCookieName = "cs_oauth_csrf";

struct CsrfPair {
  std::string cookie_value;
  std::string form_token;
};

class CsrfGuard {
 public:
  explicit CsrfGuard(const Clock& clock);

  CsrfPair Issue() const;
  bool Check(std::string_view cookie_value, std::string_view form_token) const;

 private:
  std::string Mac(std::string_view cookie_value, int64_t expires) const;

  const Clock& clock_;
  const std::string key_;  // 32 random bytes
};

// The value of cookie `name` in a Cookie request header, or "" if absent.
std::string CookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace cornerstore::auth
