#include "src/server/api_routes.h"

#include <memory>

#include "src/api/api_context.h"
#include "src/api/idempotency.h"
#include "src/api/routes.h"
#include "webfinger/lookup.h"

namespace cornerstore::server {
namespace {

struct ApiState {
  explicit ApiState(Services& s)
      : idempotency(s.clock()),
        context{s.store(),
                s.federation(),
                s.publish(),
                s.follows(),
                s.actors(),
                [&s](const std::string& user,
                     const std::string& host) -> Result<activitypub::HandleMatch> {
                  CS_ASSIGN_OR_RETURN(webfinger::LookupResult found,
                                      webfinger::Lookup(s.fetcher(), webfinger::Handle{user, host},
                                                        s.lookup_scheme()));
                  return activitypub::HandleMatch{found.actor_id, found.subject};
                },
                s.auth(),
                s.uris(),
                s.config(),
                s.clock(),
                idempotency} {}

  api::IdempotencyCache idempotency;
  api::ApiContext context;
};

}  // namespace

void RegisterApiRoutes(HttpServer& server, Services& services) {
  auto state = std::make_shared<ApiState>(services);
  for (const api::ApiRoute& route : api::ApiRoutes()) {
    api::ApiHandler handler = route.handler;
    server.Route(route.method, route.pattern,
                 [state, handler](const HttpRequest& request, const PathParams& params) {
                   return handler(state->context, request, params);
                 });
  }
}

}  // namespace cornerstore::server
