// The ActivityPub client-to-server endpoints (ActivityPub §6 and §5.2): an account's own client
// posts activities to POST /users/{name}/outbox and reads what the account received at
// GET /users/{name}/inbox. Thin adapters: bearer-token checks here, the protocol in
// activitypub/c2s (ClientOutbox), the side effects in the publish and follow services.
//
// Refusals, each {"error": "…"} and with nothing stored or sent:
//   401 no token (WWW-Authenticate: Bearer) or an invalid one;
//   403 a token of another account, without the scope the activity needs, or an activity that
//       speaks for another actor;
//   415 another media type; 400 a body that is not a JSON object; 422 an activity this outbox
//       cannot carry out (unknown type, missing object, over-long text, …).
// The unauthenticated GET /users/{name}/outbox (the public collection) is App's, not these.
// Thread safety: the handlers may run concurrently.
#pragma once

#include "src/server/http_server.h"
#include "src/server/services.h"

namespace cornerstore::server {

// Registers the routes; `services` must outlive `server`.
void RegisterC2sRoutes(HttpServer& server, Services& services);

}  // namespace cornerstore::server
