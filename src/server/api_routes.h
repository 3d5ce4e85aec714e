// Registers the Mastodon client API (src/api) on the HTTP server, wired to the running
// instance's services (stores, publish and follow logic, token authenticator, WebFinger).
#pragma once

#include "src/server/http_server.h"
#include "src/server/services.h"

namespace cornerstore::server {

// The API's state (its context and the Idempotency-Key memory) lives as long as the routes.
void RegisterApiRoutes(HttpServer& server, Services& services);

}  // namespace cornerstore::server
