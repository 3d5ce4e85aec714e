// App: the running instance's parts wired together, and its route table.
//
// Owns nothing heavy: the Store, Clock and Config are owned by main and outlive the App.
// Route handlers are thin adapters; documents are built in webfinger/ and activitypub/.
#pragma once

#include <functional>
#include <memory>

#include "activitypub/collections/read_endpoints.h"
#include "activitypub/uris.h"
#include "config/config.h"
#include "src/common/clock.h"
#include "src/common/response_cache.h"
#include "src/server/http_server.h"
#include "src/server/page_routes.h"
#include "src/server/services.h"
#include "store/store.h"
#include "webfinger/discovery.h"

namespace cornerstore::server {

class App {
 public:
  explicit App(Services& services);

  // Registers every route on `server`.
  void RegisterRoutes(HttpServer& server);

  const activitypub::Uris& uris() const { return uris_; }

 private:
  // Test-only routes (unsafe.test_routes): an echo of the body size and a throwing handler.
  void RegisterTestRoutes(HttpServer& server);
  HttpResponse Health(const HttpRequest& request);
  // Runs a read endpoint for the verified signer of the request (401 for a bad signature).
  HttpResponse AsRequester(const HttpRequest& request,
                           const std::function<HttpResponse(const std::string&)>& read);
  // The verified signer of a signed GET (empty when unsigned), or the refusal to answer.
  Result<std::string> SignedRequester(const HttpRequest& request);
  HttpResponse Actor(const HttpRequest& request, const std::string& name);
  // No account of that name: 410 with a Tombstone if one was deleted, else 404.
  HttpResponse MissingActor(const HttpRequest& request, const std::string& name);
  // GET /users/{name}/statuses/{id}: the Note, or its HTML page for a browser.
  HttpResponse ShowStatus(const HttpRequest& request, const std::string& name,
                          const std::string& id);
  // GET /@{name}/{id}: the HTML page of a post; peers asking for JSON go to the Note's id.
  HttpResponse StatusShortPage(const HttpRequest& request, const std::string& name,
                               const std::string& id);
  HttpResponse InstanceActor(const HttpRequest& request);
  HttpResponse Home(const HttpRequest& request);

  Services& services_;
  const config::Config& config_;
  store::Store& store_;
  const activitypub::Uris& uris_;
  webfinger::Discovery discovery_;
  // Actor documents (JSON) by username, valid while Store::AccountsVersion stays the same.
  ResponseCache actor_documents_;
  activitypub::collections::ReadEndpoints read_;
  // The public HTML pages and feeds (page_routes.h); after read_, which it borrows.
  PageRoutes pages_;
};

}  // namespace cornerstore::server
