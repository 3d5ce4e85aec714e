// TokenAuthenticator: the Authenticator of the client APIs — finds the Principal of a request's
// `Authorization: Bearer …` token (an OAuth token or one made by `cornerstore token create`).
//
// A token is refused when unknown, revoked, expired, or when its account is gone. Its last use is
// recorded at most once per kTouchIntervalSeconds, so reads do not turn into a write each.
//
// Ownership: borrows the stores and the clock. Thread safety: Authenticate may be called from
// any thread concurrently.
#pragma once

#include <cstdint>
#include <optional>

#include "src/auth/principal.h"
#include "src/common/clock.h"
#include "store/auth_store.h"
#include "store/store.h"

namespace cornerstore::auth {

// How stale `last used` may be in `token list`: a minute is precise enough for a person.
inline constexpr int64_t kTouchIntervalSeconds = 60;
// Longer headers are not tokens of ours (ours are 43 characters).
inline constexpr size_t kMaxBearerBytes = 512;

class TokenAuthenticator final : public Authenticator {
 public:
  TokenAuthenticator(store::AuthStore& auth, store::Store& accounts, const Clock& clock)
      : auth_(auth), accounts_(accounts), clock_(clock) {}

  Result<std::optional<Principal>> Authenticate(const HttpRequest& request) override;
  // The same, from the bare token (for callers that took it from elsewhere).
  Result<Principal> AuthenticateToken(std::string_view token);

 private:
  store::AuthStore& auth_;
  store::Store& accounts_;
  const Clock& clock_;
};

// The token of an `Authorization: Bearer <token>` header; nullopt if there is no such header;
// "" for a malformed one.
std::optional<std::string> BearerToken(const HttpRequest& request);

}  // namespace cornerstore::auth
