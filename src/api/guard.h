// The bearer-token guard of the client API: who a request acts for, and whether its token's
// scopes allow the endpoint (docs.joinmastodon.org/api/oauth-scopes).
//
//   no token, where one is required      401 {"error": "The access token is invalid"}
//   unknown, revoked or expired token    401 (same body)
//   token without the endpoint's scope   403 {"error": "This action is outside the authorized
//   scopes"} app token (no account) on an account endpoint
//                                        422 {"error": "This method requires an authenticated
//                                        user"}
//
// Thread-safe as far as the Authenticator and Store are.
#pragma once

#include <optional>
#include <string_view>

#include "src/api/api_context.h"
#include "src/auth/principal.h"
#include "src/common/http_message.h"
#include "store/store.h"

namespace cornerstore::api {

// The local account a request acts for, with its token.
struct Viewer {
  auth::Principal principal;
  store::Account account;
};

// Either the viewer (absent for an anonymous request where that is allowed) or the refusal to
// answer with.
struct AuthOutcome {
  std::optional<Viewer> viewer;
  std::optional<HttpResponse> refusal;
};

// Endpoints that act for an account: a valid user token holding `scope` is required.
AuthOutcome RequireUser(ApiContext& ctx, const HttpRequest& request, std::string_view scope);
// Public reads: anonymous is fine, but a token, when sent, must be valid and hold `scope`
// (Mastodon's authorize_if_got_token!). An app token reads anonymously.
AuthOutcome OptionalUser(ApiContext& ctx, const HttpRequest& request, std::string_view scope);

}  // namespace cornerstore::api
