#include "src/server/app.h"

#include <optional>
#include <stdexcept>
#include <utility>

#include "activitypub/actor_document.h"
#include "activitypub/content_negotiation.h"
#include "activitypub/publish/account_deletion.h"
#include "activitypub/signatures/verifier.h"
#include "src/common/html_escape.h"
#include "src/common/http_response.h"
#include "src/common/log.h"
#include "src/server/api_routes.h"
#include "src/server/c2s_routes.h"
#include "src/server/dashboard/dashboard.h"
#include "src/server/oauth_routes.h"
#include "src/server/pages/layout.h"

namespace cornerstore::server {
namespace {

// Usernames in paths: generous enough to reach the 404 for a bad one, bounded for the regex.
constexpr const char* kNameGroup = "([A-Za-z0-9_.\\-]{1,64})";

HttpResponse Redirect(int status, const std::string& location) {
  HttpResponse r = ErrorResponse(status, "moved");
  r.headers.Set("Location", location);
  return r;
}

HttpResponse ActivityResponse(const json::Value& doc) {
  HttpResponse r = JsonResponse(200, doc, kActivityJsonType);
  r.headers.Set("Vary", "Accept");
  // Public documents change rarely; a short cache spares us repeated fetches from big servers.
  r.headers.Set("Cache-Control", "max-age=180, public");
  return r;
}

}  // namespace

App::App(Services& services)
    : services_(services),
      config_(services.config()),
      store_(services.store()),
      uris_(services.uris()),
      discovery_(config_, uris_, store_),
      read_(services.store(), services.federation(), services.uris(), services.config()),
      pages_(services, read_) {}

void App::RegisterRoutes(HttpServer& server) {
  using P = const PathParams&;
  server.Route("GET", "/health", [this](const HttpRequest& r, P) { return Health(r); });
  server.Route("GET", "/.well-known/webfinger",
               [this](const HttpRequest& r, P) { return discovery_.WebFinger(r); });
  server.Route("GET", "/.well-known/host-meta",
               [this](const HttpRequest& r, P) { return discovery_.HostMeta(r, false); });
  server.Route("GET", "/.well-known/host-meta.json",
               [this](const HttpRequest& r, P) { return discovery_.HostMeta(r, true); });
  server.Route("GET", "/.well-known/nodeinfo",
               [this](const HttpRequest& r, P) { return discovery_.NodeInfoLinks(r); });
  server.Route("GET", "/nodeinfo/(2\\.0|2\\.1)",
               [this](const HttpRequest& r, P p) { return discovery_.NodeInfo(r, p[0]); });
  server.Route("GET", "/actor", [this](const HttpRequest& r, P) { return InstanceActor(r); });
  server.Route("GET", std::string("/users/") + kNameGroup,
               [this](const HttpRequest& r, P p) { return Actor(r, p[0]); });
  // Before /@{name}/{id}: the feeds and /@{name}/remote_follow would match it too.
  pages_.Register(server);
  server.Route("GET", "/static/style.css", [](const HttpRequest&, P) {
    HttpResponse r;
    r.headers.Set("Content-Type", "text/css; charset=utf-8");
    r.headers.Set("Cache-Control", "max-age=3600, public");
    r.body = std::string(pages::Stylesheet());
    return r;
  });
  server.Route("GET", "/", [this](const HttpRequest& r, P) { return Home(r); });
  const std::string user = std::string("/users/") + kNameGroup;
  const std::string status_id = "([0-9A-Za-z_-]{1,64})";
  const std::string status = user + "/statuses/" + status_id;
  server.Route("GET", status,
               [this](const HttpRequest& r, P p) { return ShowStatus(r, p[0], p[1]); });
  server.Route("GET", std::string("/@") + kNameGroup + "/" + status_id,
               [this](const HttpRequest& r, P p) { return StatusShortPage(r, p[0], p[1]); });
  server.Route("GET", status + "/activity", [this](const HttpRequest& r, P p) {
    return AsRequester(
        r, [&](const std::string& who) { return read_.StatusActivity(r, p[0], p[1], who); });
  });
  server.Route("GET", user + "/outbox", [this](const HttpRequest& r, P p) {
    return AsRequester(r, [&](const std::string& who) { return read_.Outbox(r, p[0], who); });
  });
  server.Route("GET", user + "/followers", [this](const HttpRequest& r, P p) {
    return AsRequester(r, [&](const std::string& who) { return read_.Followers(r, p[0], who); });
  });
  server.Route("GET", user + "/following", [this](const HttpRequest& r, P p) {
    return AsRequester(r, [&](const std::string& who) { return read_.Following(r, p[0], who); });
  });
  server.Route("GET", user + "/collections/featured", [this](const HttpRequest& r, P p) {
    return AsRequester(r, [&](const std::string& who) { return read_.Featured(r, p[0], who); });
  });
  server.Route("GET", user + "/collections/tags", [this](const HttpRequest& r, P p) {
    return AsRequester(r, [&](const std::string& who) { return read_.FeaturedTags(r, p[0], who); });
  });
  server.Route("POST", "/inbox", [this](const HttpRequest& r, P) {
    return services_.inbox().Receive(r, std::nullopt);
  });
  server.Route("POST", std::string("/users/") + kNameGroup + "/inbox",
               [this](const HttpRequest& r, P p) { return services_.inbox().Receive(r, p[0]); });
  RegisterOAuthRoutes(server, services_);
  RegisterC2sRoutes(server, services_);
  RegisterApiRoutes(server, services_);
  dashboard::RegisterDashboardRoutes(server, services_);
  if (config_.unsafe.test_routes) RegisterTestRoutes(server);
}

void App::RegisterTestRoutes(HttpServer& server) {
  log::Warn("server.test_routes_enabled", {{"hint", "unsafe.test_routes is for tests only"}});
  server.Route("POST", "/_test/echo", [](const HttpRequest& r, const PathParams&) {
    json::Value body;
    body.Set("bytes", static_cast<int64_t>(r.body.size()));
    return JsonResponse(200, body);
  });
  // The verified signer of a signed GET: lets tests check our signatures end to end.
  server.Route("GET", "/_test/whoami", [this](const HttpRequest& r, const PathParams&) {
    auto signer = SignedRequester(r);
    if (!signer.ok()) return ErrorResponse(signer.error());
    json::Value body;
    body.Set("signer", *signer);
    return JsonResponse(200, body);
  });
  server.Route("GET", "/_test/throw", [](const HttpRequest&, const PathParams&) -> HttpResponse {
    throw std::runtime_error("secret detail of a failing handler");
  });
}

HttpResponse App::AsRequester(const HttpRequest& request,
                              const std::function<HttpResponse(const std::string&)>& read) {
  auto requester = SignedRequester(request);
  if (!requester.ok()) return ErrorResponse(requester.error());
  return read(*requester);
}

Result<std::string> App::SignedRequester(const HttpRequest& request) {
  if (!request.headers.Has("Signature") && !request.headers.Has("Signature-Input") &&
      !request.headers.Has("Authorization")) {
    return std::string();
  }
  CS_ASSIGN_OR_RETURN(activitypub::VerifiedSignature verified,
                      activitypub::VerifyRequest(request, services_.keys(), {}, services_.clock()));
  log::Debug("http.signed_get", {{"key_id", verified.key_id}, {"signer", verified.owner_id}});
  return verified.owner_id;
}

HttpResponse App::Health(const HttpRequest&) {
  json::Value body;
  Status ping = store_.Ping();
  body.Set("status", ping.ok() ? "ok" : "unavailable");
  body.Set("database", ping.ok() ? "ok" : "unreachable");
  if (!ping.ok()) {
    log::Error("health.database_unreachable", {{"error", ping.error().ToLogString()}});
  }
  HttpResponse r = JsonResponse(ping.ok() ? 200 : 503, body);
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

HttpResponse App::Actor(const HttpRequest& request, const std::string& name) {
  const bool wants_json = activitypub::WantsActivityJson(request.headers.Get("Accept"));
  // Read before the account: a change in between leaves what we cache below already stale.
  std::optional<int64_t> version;
  if (wants_json) {
    if (Result<int64_t> v = store_.AccountsVersion(); v.ok()) version = *v;
  }
  if (version) {
    if (auto cached = actor_documents_.Find(name, *version)) return std::move(*cached);
  }
  auto account = store_.FindAccountByUsername(name);
  if (!account.ok()) {
    if (account.error().code == ErrorCode::kNotFound) return MissingActor(request, name);
    log::Error("actor.store_failed", {{"error", account.error().ToLogString()}});
    return ErrorResponse(503, "temporarily unavailable");
  }
  // Ids must match the fetched URL exactly: send other spellings to the canonical one.
  if (account->username != name) return Redirect(301, uris_.Actor(account->username));
  if (!wants_json) return pages_.Profile(request, *account);
  HttpResponse response = ActivityResponse(activitypub::ActorToJson(*account, uris_));
  if (version) actor_documents_.Put(name, *version, response);
  return response;
}

HttpResponse App::MissingActor(const HttpRequest& request, const std::string& name) {
  auto deleted = store_.IsAccountDeleted(name);
  if (!deleted.ok()) {
    log::Error("actor.store_failed", {{"error", deleted.error().ToLogString()}});
    return ErrorResponse(503, "temporarily unavailable");
  }
  if (!*deleted) return ErrorResponse(404, "no such account");
  // A deleted account stays gone (Mastodon answers 410 too): peers that fetch it drop their copy.
  if (!activitypub::WantsActivityJson(request.headers.Get("Accept"))) {
    return pages::PageResponse(
        410, pages::RenderPage("Gone", "", "<main><h1>This account was deleted</h1></main>"));
  }
  HttpResponse r =
      JsonResponse(410, activitypub::DeletedActorToJson(name, uris_), kActivityJsonType);
  r.headers.Set("Vary", "Accept");
  return r;
}

HttpResponse App::ShowStatus(const HttpRequest& request, const std::string& name,
                             const std::string& id) {
  if (!activitypub::WantsActivityJson(request.headers.Get("Accept"))) {
    return pages_.Status(name, id);
  }
  HttpResponse response = AsRequester(
      request, [&](const std::string& who) { return read_.Status(request, name, id, who); });
  // Every answer at this URL depends on Accept, the signature refusals included.
  response.headers.Set("Vary", "Accept");
  return response;
}

HttpResponse App::StatusShortPage(const HttpRequest& request, const std::string& name,
                                  const std::string& id) {
  if (!activitypub::WantsActivityJson(request.headers.Get("Accept"))) {
    return pages_.Status(name, id);
  }
  auto account = store_.FindAccountByUsername(name);
  if (!account.ok()) {
    HttpResponse response = account.error().code == ErrorCode::kNotFound
                                ? ErrorResponse(404, "no such account")
                                : ErrorResponse(503, "temporarily unavailable");
    response.headers.Set("Vary", "Accept");
    return response;
  }
  // The Note lives at its id; the visibility rules and signatures are checked there.
  HttpResponse response = Redirect(302, uris_.Status(account->username, id));
  response.headers.Set("Vary", "Accept");
  return response;
}

HttpResponse App::InstanceActor(const HttpRequest&) {
  // Served without requiring a signature, so authorized-fetch peers can verify ours.
  const activitypub::InstanceKey& key = services_.instance_key();
  return ActivityResponse(activitypub::InstanceActorToJson(uris_, config_.base_host,
                                                           key.public_key_pem, key.created_at));
}

HttpResponse App::Home(const HttpRequest&) {
  std::string body = "<main><h1>" + EscapeHtml(config_.instance.name) + "</h1>";
  auto accounts = store_.ListAccounts();
  if (accounts.ok() && !accounts->empty()) {
    body += "<ul>";
    for (const auto& a : *accounts) {
      body += "<li><a href=\"" + EscapeHtml(uris_.ProfilePage(a.username)) + "\">" +
              EscapeHtml(a.display_name.empty() ? a.username : a.display_name) + "</a> " +
              EscapeHtml("@" + uris_.Acct(a.username)) + "</li>";
    }
    body += "</ul>";
  }
  body += "</main>";
  return pages::PageResponse(200, pages::RenderPage(EscapeHtml(config_.instance.name), "", body));
}

}  // namespace cornerstore::server
