// The login throttle and the CSRF guard of the consent form.
#include <doctest/doctest.h>

#include "src/auth/csrf.h"
#include "src/auth/login_throttle.h"
#include "tests/fakes/fake_clock.h"

using namespace cornerstore;
using namespace cornerstore::auth;
using cornerstore::testing::FakeClock;

TEST_CASE("throttle: per account, case-insensitively, for the window") {
  FakeClock clock;
  LoginThrottle throttle(clock);
  for (int i = 0; i < 4; ++i) throttle.RecordFailure("Shop", "10.0.0." + std::to_string(i));
  CHECK(throttle.RetryAfter("shop", "10.0.0.9") == 0);
  throttle.RecordFailure("shop", "10.0.0.5");
  CHECK(throttle.RetryAfter("shop", "10.0.0.9") == 15 * 60);
  CHECK(throttle.RetryAfter("other", "10.0.0.9") == 0);
  clock.Advance(60);
  CHECK(throttle.RetryAfter("SHOP", "10.0.0.9") == 14 * 60);
  clock.Advance(14 * 60);
  CHECK(throttle.RetryAfter("shop", "10.0.0.9") == 0);
  // A new window starts from zero.
  throttle.RecordFailure("shop", "10.0.0.9");
  CHECK(throttle.RetryAfter("shop", "10.0.0.9") == 0);
}

TEST_CASE("throttle: per address, and success clears the account only") {
  FakeClock clock;
  ThrottleLimits limits;
  limits.address_failures = 3;
  LoginThrottle throttle(clock, limits);
  throttle.RecordFailure("a", "1.2.3.4");
  throttle.RecordFailure("b", "1.2.3.4");
  throttle.RecordFailure("c", "1.2.3.4");
  CHECK(throttle.RetryAfter("d", "1.2.3.4") > 0);
  CHECK(throttle.RetryAfter("d", "5.6.7.8") == 0);
  LoginThrottle accounts(clock);
  for (int i = 0; i < 4; ++i) accounts.RecordFailure("shop", "");
  accounts.RecordSuccess("shop");
  accounts.RecordFailure("shop", "");
  CHECK(accounts.RetryAfter("shop", "") == 0);
}

TEST_CASE("throttle: the maps stay bounded") {
  FakeClock clock;
  ThrottleLimits limits;
  limits.max_tracked_keys = 10;
  limits.account_failures = 1;
  LoginThrottle throttle(clock, limits);
  for (int i = 0; i < 100; ++i) {
    throttle.RecordFailure("user" + std::to_string(i), "");
    clock.Advance(1);
  }
  // The oldest were dropped; the newest are still counted.
  CHECK(throttle.RetryAfter("user0", "") == 0);
  CHECK(throttle.RetryAfter("user99", "") > 0);
}

TEST_CASE("csrf: the cookie and the form token must match, until they expire") {
  FakeClock clock;
  CsrfGuard guard(clock);
  CsrfPair pair = guard.Issue();
  CHECK(guard.Check(pair.cookie_value, pair.form_token));
  CHECK(!guard.Check("", pair.form_token));
  CHECK(!guard.Check(pair.cookie_value, ""));
  CsrfPair other = guard.Issue();
  CHECK(!guard.Check(pair.cookie_value, other.form_token));
  // A forged expiry breaks the MAC.
  std::string forged =
      std::to_string(clock.NowUnix() + 99999) + pair.form_token.substr(pair.form_token.find('.'));
  CHECK(!guard.Check(pair.cookie_value, forged));
  // Another process (another key) does not accept it.
  CsrfGuard restarted(clock);
  CHECK(!restarted.Check(pair.cookie_value, pair.form_token));
  clock.Advance(kCsrfLifetimeSeconds);
  CHECK(!guard.Check(pair.cookie_value, pair.form_token));
  CHECK(CookieValue("a=1; cs_oauth_csrf=xyz; b=2", "cs_oauth_csrf") == "xyz");
  CHECK(CookieValue("a=1", "cs_oauth_csrf").empty());
}
