// The OAuth 2.0 endpoints Mastodon apps use: app registration (POST /api/v1/apps and its
// verify_credentials), the login and consent page (GET/POST /oauth/authorize), the token and
// revocation endpoints, and the RFC 8414 metadata. Thin adapters over auth::OAuthService.
//
// Every refusal is RFC 6749 JSON ({"error", "error_description"}) with no-store, except the
// consent form, which shows a failed login on the page itself.
// Thread safety: the handlers may run concurrently.
#pragma once

#include "src/server/http_server.h"
#include "src/server/services.h"

namespace cornerstore::server {

// Registers the routes; `services` must outlive `server`.
void RegisterOAuthRoutes(HttpServer& server, Services& services);

}  // namespace cornerstore::server
