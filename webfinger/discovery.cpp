#include "webfinger/discovery.h"

#include <cornerstore/version.h>

#include <optional>
#include <utility>

#include "src/common/html_escape.h"
#include "src/common/http_message.h"
#include "src/common/http_response.h"
#include "src/common/log.h"
#include "src/common/url.h"
#include "webfinger/resource.h"

namespace cornerstore::webfinger {
namespace {

constexpr std::string_view kJrdType = "application/jrd+json; charset=utf-8";
constexpr std::string_view kXrdType = "application/xrd+xml; charset=utf-8";
constexpr const char* kNodeInfoSchema = "http://nodeinfo.diaspora.software/ns/schema/";

json::Value Link(std::string rel, std::string type, std::string href) {
  json::Value link;
  link.Set("rel", std::move(rel));
  if (!type.empty()) link.Set("type", std::move(type));
  link.Set("href", std::move(href));
  return link;
}

HttpResponse WithCors(HttpResponse response) {
  response.headers.Set("Access-Control-Allow-Origin", "*");
  return response;
}

}  // namespace

Discovery::Discovery(const config::Config& config, const activitypub::Uris& uris,
                     store::Store& store)
    : config_(config), uris_(uris), store_(store) {
  auto url = ParseUrl(uris.base_url());
  base_authority_ = url ? url->Authority() : config.base_host;
}

bool Discovery::IsOurHost(const std::string& host) const {
  return host == config_.instance.domain || host == config_.base_host || host == base_authority_;
}

HttpResponse Discovery::WebFinger(const HttpRequest& request) const {
  auto resource_text = QueryParam(request.Query(), "resource");
  if (!resource_text) return WithCors(ErrorResponse(400, "missing resource parameter"));
  auto query = ParseResource(*resource_text);
  if (!query.ok()) return WithCors(ErrorResponse(query.error()));
  if (!IsOurHost(query->host)) return WithCors(ErrorResponse(404, "unknown domain"));

  json::Value jrd;
  // The instance actor answers to acct:{server host}@{server host}, as Mastodon's does.
  if (!query->is_url && EqualsIgnoreCase(query->username, config_.base_host)) {
    jrd.Set("subject", "acct:" + config_.base_host + "@" + config_.base_host);
    json::Value aliases = json::Value::MakeArray();
    aliases.Push(uris_.InstanceActor());
    jrd.Set("aliases", std::move(aliases));
    json::Value links = json::Value::MakeArray();
    links.Push(Link("self", "application/activity+json", uris_.InstanceActor()));
    jrd.Set("links", std::move(links));
    return WithCors(JsonResponse(200, jrd, kJrdType));
  }

  // The JRD of an account depends on the account only: kept by lower-cased name, valid while
  // the accounts version read here (before the account) stays the same.
  std::optional<int64_t> version;
  if (Result<int64_t> v = store_.AccountsVersion(); v.ok()) version = *v;
  const std::string key = ToLower(query->username);
  if (version) {
    if (auto cached = account_jrds_.Find(key, *version)) return std::move(*cached);
  }
  auto account = store_.FindAccountByUsername(query->username);
  if (!account.ok()) {
    if (account.error().code != ErrorCode::kNotFound) {
      log::Error("webfinger.store_failed", {{"error", account.error().ToLogString()}});
      return WithCors(ErrorResponse(503, "temporarily unavailable"));
    }
    // A deleted account answers 410 as Mastodon's do, so peers tell "gone" from "never was".
    auto deleted = store_.IsAccountDeleted(query->username);
    if (!deleted.ok()) {
      log::Error("webfinger.store_failed", {{"error", deleted.error().ToLogString()}});
      return WithCors(ErrorResponse(503, "temporarily unavailable"));
    }
    if (*deleted) return WithCors(ErrorResponse(410, "account deleted"));
    return WithCors(ErrorResponse(404, "no such account"));
  }
  const std::string& name = account->username;
  jrd.Set("subject", "acct:" + uris_.Acct(name));
  json::Value aliases = json::Value::MakeArray();
  aliases.Push(uris_.Actor(name));
  aliases.Push(uris_.ProfilePage(name));
  jrd.Set("aliases", std::move(aliases));
  json::Value links = json::Value::MakeArray();
  links.Push(Link("http://webfinger.net/rel/profile-page", "text/html", uris_.ProfilePage(name)));
  links.Push(Link("self", "application/activity+json", uris_.Actor(name)));
  json::Value subscribe;
  subscribe.Set("rel", "http://ostatus.org/schema/1.0/subscribe");
  subscribe.Set("template", uris_.SubscribeTemplate());
  links.Push(std::move(subscribe));
  if (!account->avatar_url.empty()) {
    links.Push(Link("http://webfinger.net/rel/avatar", "image/jpeg", account->avatar_url));
  }
  jrd.Set("links", std::move(links));
  HttpResponse response = WithCors(JsonResponse(200, jrd, kJrdType));
  if (version) account_jrds_.Put(key, *version, response);
  return response;
}

HttpResponse Discovery::HostMeta(const HttpRequest&, bool as_json) const {
  if (as_json) {
    json::Value doc;
    json::Value links = json::Value::MakeArray();
    json::Value lrdd;
    lrdd.Set("rel", "lrdd");
    lrdd.Set("template", uris_.WebFingerTemplate());
    links.Push(std::move(lrdd));
    doc.Set("links", std::move(links));
    return WithCors(JsonResponse(200, doc, kJrdType));
  }
  HttpResponse r;
  r.headers.Set("Content-Type", std::string(kXrdType));
  r.body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n"
      "  <Link rel=\"lrdd\" template=\"" +
      EscapeHtml(uris_.WebFingerTemplate()) +
      "\"/>\n"
      "</XRD>\n";
  return WithCors(std::move(r));
}

HttpResponse Discovery::NodeInfoLinks(const HttpRequest&) const {
  json::Value doc;
  json::Value links = json::Value::MakeArray();
  for (const char* version : {"2.0", "2.1"}) {
    links.Push(Link(std::string(kNodeInfoSchema) + version, "",
                    uris_.base_url() + "/nodeinfo/" + version));
  }
  doc.Set("links", std::move(links));
  return WithCors(JsonResponse(200, doc));
}

HttpResponse Discovery::NodeInfo(const HttpRequest&, const std::string& version) const {
  auto usage = store_.CountUsage();
  if (!usage.ok()) {
    log::Error("nodeinfo.store_failed", {{"error", usage.error().ToLogString()}});
    return ErrorResponse(503, "temporarily unavailable");
  }
  json::Value software;
  software.Set("name", kSoftwareName);
  software.Set("version", kVersion);
  if (version == "2.1") {
    software.Set("homepage", uris_.base_url());
  }
  json::Value users;
  users.Set("total", usage->total_users);
  users.Set("activeMonth", usage->active_month);
  users.Set("activeHalfyear", usage->active_halfyear);
  json::Value usage_json;
  usage_json.Set("users", std::move(users));
  usage_json.Set("localPosts", usage->local_posts);
  json::Value services;
  services.Set("inbound", json::Value::MakeArray());
  services.Set("outbound", json::Value::MakeArray());
  json::Value metadata;
  metadata.Set("nodeName", config_.instance.name);
  if (!config_.instance.description.empty()) {
    metadata.Set("nodeDescription", config_.instance.description);
  }
  json::Value doc;
  doc.Set("version", version);
  doc.Set("software", std::move(software));
  json::Value protocols = json::Value::MakeArray();
  protocols.Push("activitypub");
  doc.Set("protocols", std::move(protocols));
  doc.Set("services", std::move(services));
  doc.Set("openRegistrations", config_.instance.open_registrations);
  doc.Set("usage", std::move(usage_json));
  doc.Set("metadata", std::move(metadata));
  std::string type =
      "application/json; profile=\"" + std::string(kNodeInfoSchema) + version + "#\"";
  return WithCors(JsonResponse(200, doc, type));
}

}  // namespace cornerstore::webfinger
