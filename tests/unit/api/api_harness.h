// The client API over the publish harness's real ":memory:" stores, fake clock and fake
// fetcher, with a fake Authenticator (token → Principal) and a dispatcher that routes requests
// through the same route table the server registers.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "activitypub/follow_service.h"
#include "src/api/api_context.h"
#include "src/api/idempotency.h"
#include "src/api/routes.h"
#include "src/auth/principal.h"
#include "tests/unit/publish/publish_harness.h"

namespace cornerstore::testing {

class FakeAuthenticator final : public auth::Authenticator {
 public:
  Result<std::optional<auth::Principal>> Authenticate(const HttpRequest& request) override {
    auto header = request.headers.Get("Authorization");
    if (!header) return std::optional<auth::Principal>();
    std::string_view value = *header;
    if (!value.starts_with("Bearer ")) return MakeError(ErrorCode::kUnauthorized, "bad scheme");
    auto it = tokens.find(std::string(value.substr(7)));
    if (it == tokens.end()) return MakeError(ErrorCode::kUnauthorized, "unknown token");
    return std::optional<auth::Principal>(it->second);
  }

  std::map<std::string, auth::Principal> tokens;
};

struct ApiHarness : PublishHarness {
  ApiHarness()
      : follows(*accounts, *federation, *actors, uris, clock),
        idempotency(clock),
        ctx{*accounts,
            *federation,
            *service,
            follows,
            *actors,
            [this](const std::string& user,
                   const std::string& host) -> Result<activitypub::HandleMatch> {
              auto it = handles.find(user + "@" + host);
              if (it == handles.end()) return MakeError(ErrorCode::kNotFound, "no such account");
              return activitypub::HandleMatch{it->second, user + "@" + host};
            },
            authenticator,
            uris,
            config,
            clock,
            idempotency} {
    config.instance.domain = "shop.example";
    config.instance.base_url = "https://shop.example";
    config.instance.name = "Shop";
    GiveToken("shop-rw", shop, "read write follow");
    GiveToken("shop-read", shop, "read");
  }

  void GiveToken(const std::string& token, const store::Account& account,
                 const std::string& scopes) {
    auth::Principal p;
    p.account_id = account.id;
    p.username = account.username;
    p.scopes = auth::ParseScopes(scopes);
    authenticator.tokens[token] = p;
  }

  // Routes `method target` like the server does and returns the handler's answer.
  HttpResponse Call(const std::string& method, const std::string& target,
                    const std::string& token = "", const std::string& body = "",
                    const std::string& content_type = "application/json",
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    if (!body.empty()) request.headers.Set("Content-Type", content_type);
    if (!token.empty()) request.headers.Set("Authorization", "Bearer " + token);
    for (auto& [name, value] : headers) request.headers.Add(name, value);
    const std::string path(request.Path());
    for (const api::ApiRoute& route : api::ApiRoutes()) {
      if (route.method != method) continue;
      std::smatch match;
      if (!std::regex_match(path, match, std::regex(route.pattern))) continue;
      api::PathParams params;
      for (size_t i = 1; i < match.size(); ++i) params.push_back(match[i].str());
      return route.handler(ctx, request, params);
    }
    HttpResponse none;
    none.status = 404;
    return none;
  }

  static json::Value Body(const HttpResponse& response) {
    auto parsed = json::Parse(response.body);
    REQUIRE_MESSAGE(parsed.ok(), response.body);
    return std::move(parsed).value();
  }

  static std::string Error(const HttpResponse& response) {
    json::Value body = Body(response);
    const std::string* error = body.FindString("error");
    return error == nullptr ? "" : *error;
  }

  // Posts as shop and returns the status JSON.
  json::Value PostStatus(const std::string& body_json) {
    HttpResponse r = Call("POST", "/api/v1/statuses", "shop-rw", body_json);
    REQUIRE_MESSAGE(r.status == 200, r.body);
    return Body(r);
  }

  config::Config config;
  activitypub::FollowService follows;
  FakeAuthenticator authenticator;
  api::IdempotencyCache idempotency;
  api::ApiContext ctx;
};

}  // namespace cornerstore::testing
