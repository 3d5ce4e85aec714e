// Principal: who an API request acts for — the account and the scopes of its bearer token — and
// the scope rules of Mastodon's OAuth (docs.joinmastodon.org/api/oauth-scopes).
//
// Scopes are space-separated in requests. A top-level scope grants its sub-scopes ("write"
// grants "write:statuses"); "follow" is the legacy scope that grants read:/write: of blocks,
// follows and mutes; "push" stands alone. Values only; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/http_message.h"
#include "src/common/result.h"

namespace cornerstore::auth {

struct Principal {
  int64_t account_id = 0;  // 0: an app token (client_credentials) acting for no account
  std::string username;    // empty for an app token
  int64_t token_id = 0;
  int64_t app_id = 0;  // 0 for a token made with `cornerstore token create`
  std::vector<std::string> scopes;
};

// Splits "read write:statuses  follow" into its scopes (empty items dropped).
std::vector<std::string> ParseScopes(std::string_view text);
std::string JoinScopes(const std::vector<std::string>& scopes);
// True for a scope this server knows: read, write, follow, push, admin:read, admin:write and
// their Mastodon sub-scopes (read:accounts, write:statuses, …).
bool IsKnownScope(std::string_view scope);
// True when `granted` holds `required` directly or through a parent ("write" ⊇
// "write:statuses"; "follow" ⊇ "read:follows", "write:follows", "read:blocks", …).
bool Grants(const std::vector<std::string>& granted, std::string_view required);
// True when every scope of `requested` is granted by `allowed` (an app asking for no more than
// it registered).
bool GrantsAll(const std::vector<std::string>& allowed, const std::vector<std::string>& requested);
// Every scope IsKnownScope accepts, top-level ones first (for the RFC 8414 metadata). Besides
// Mastodon's list it holds "profile" (Mastodon 4.3: verify_credentials only), which stands alone.
const std::vector<std::string>& SupportedScopes();
// The scope an app or authorization gets when it names none (as Mastodon).
inline constexpr std::string_view kDefaultScope = "read";

// Who a request acts for, from its `Authorization: Bearer …` header.
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // nullopt when the request carries no bearer token; kUnauthorized for an unknown, revoked or
  // expired token (the API answers 401 {"error": "The access token is invalid"}).
  virtual Result<std::optional<Principal>> Authenticate(const HttpRequest& request) = 0;
};

}  // namespace cornerstore::auth
