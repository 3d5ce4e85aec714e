#include "src/server/oauth_routes.h"

#include <memory>
#include <string>

#include "src/auth/csrf.h"
#include "src/auth/oauth_service.h"
#include "src/auth/request_params.h"
#include "src/common/http_response.h"
#include "src/common/log.h"
#include "src/common/url.h"
#include "src/server/pages/authorize_page.h"
#include "src/server/pages/layout.h"

namespace cornerstore::server {
namespace {

using auth::OAuthError;
using auth::OAuthErrorResponse;
using auth::RequestParams;

// Mastodon answers a missing or bad bearer token with this sentence.
constexpr std::string_view kInvalidToken = "The access token is invalid";

HttpResponse NoStore(HttpResponse r) {
  r.headers.Set("Cache-Control", "no-store");
  r.headers.Set("Pragma", "no-cache");
  return r;
}

// A body we cannot read is invalid_request (415 for another media type).
HttpResponse ParamsError(const Error& error) {
  OAuthError e = OAuthError::InvalidRequest(error.message);
  if (error.code == ErrorCode::kUnsupportedType) e.status = 415;
  return OAuthErrorResponse(e);
}

json::Value StringArray(const std::vector<std::string>& values) {
  json::Value array = json::Value::MakeArray();
  for (const auto& v : values) array.Push(v);
  return array;
}

std::string JoinLines(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    if (!out.empty()) out += '\n';
    out += v;
  }
  return out;
}

// Mastodon's Application entity (docs.joinmastodon.org/entities/Application).
json::Value AppToJson(const store::OAuthApp& app, const std::string* client_secret) {
  json::Value body;
  body.Set("id", std::to_string(app.id));
  body.Set("name", app.name);
  body.Set("website", app.website.empty() ? json::Value(nullptr) : json::Value(app.website));
  body.Set("scopes", StringArray(auth::ParseScopes(app.scopes)));
  body.Set("redirect_uri", JoinLines(app.redirect_uris));
  body.Set("redirect_uris", StringArray(app.redirect_uris));
  if (client_secret != nullptr) {
    body.Set("client_id", app.client_id);
    body.Set("client_secret", *client_secret);
    body.Set("client_secret_expires_at", 0);
  }
  body.Set("vapid_key", "");  // no Web Push yet
  return body;
}

// The state of one server's OAuth endpoints: the service and the CSRF key of its forms.
class OAuthRoutes {
 public:
  explicit OAuthRoutes(Services& services)
      : services_(services),
        oauth_(services.oauth()),
        csrf_(services.clock()),
        base_url_(services.config().instance.base_url),
        secure_cookie_(base_url_.starts_with("https:")) {}

  HttpResponse RegisterApp(const HttpRequest& request) {
    auto params = RequestParams::FromRequest(request);
    if (!params.ok()) return ParamsError(params.error());
    auto registered = oauth_.RegisterApp(auth::AppRegistration::FromParams(*params));
    if (!registered.ok()) return OAuthErrorResponse(registered.error());
    return NoStore(JsonResponse(200, AppToJson(registered->app, &registered->client_secret)));
  }

  HttpResponse VerifyApp(const HttpRequest& request) {
    auto principal = services_.auth().Authenticate(request);
    if (!principal.ok()) {
      if (principal.error().code != ErrorCode::kUnauthorized) {
        return ErrorResponse(principal.error());
      }
      return ErrorResponse(401, kInvalidToken);
    }
    if (!principal->has_value()) return ErrorResponse(401, kInvalidToken);
    if ((*principal)->app_id == 0)
      return ErrorResponse(404, "this token belongs to no application");
    auto app = services_.auth_store().FindAppById((*principal)->app_id);
    if (!app.ok()) return ErrorResponse(app.error());
    return JsonResponse(200, AppToJson(*app, nullptr));
  }

  HttpResponse AuthorizePage(const HttpRequest& request) {
    auto params = RequestParams::FromRequest(request);
    if (!params.ok()) return ParamsError(params.error());
    auto context = oauth_.CheckAuthorize(auth::AuthorizeRequest::FromParams(*params));
    if (!context.ok()) return OAuthErrorResponse(context.error());
    return FormPage(200, *context, "", "");
  }

  HttpResponse Authorize(const HttpRequest& request) {
    auto params = RequestParams::FromRequest(request);
    if (!params.ok()) return ParamsError(params.error());
    // The cookie and the form token must match before anything else is looked at.
    const std::string cookie =
        auth::CookieValue(request.headers.Get("Cookie").value_or(""), auth::kCsrfCookieName);
    if (!csrf_.Check(cookie, params->Get("csrf_token"))) {
      return OAuthErrorResponse(
          {403, "invalid_request",
           "the form expired or was not sent from this site; reload the authorization page"});
    }
    auto context = oauth_.CheckAuthorize(auth::AuthorizeRequest::FromParams(*params));
    if (!context.ok()) return OAuthErrorResponse(context.error());
    if (params->Get("decision") == "deny") {
      return Finish(*context, "error=access_denied", "");
    }
    const std::string username = params->Get("username");
    auto account = oauth_.Login(username, params->Get("password"), request.remote_addr);
    if (!account.ok()) {
      const OAuthError& e = account.error();
      if (e.status != 401 && e.status != 429) return OAuthErrorResponse(e);
      HttpResponse page = FormPage(e.status, *context, username, e.description);
      if (e.retry_after > 0) page.headers.Set("Retry-After", std::to_string(e.retry_after));
      return page;
    }
    auto code = oauth_.IssueCode(*context, account->id);
    if (!code.ok()) return OAuthErrorResponse(code.error());
    log::Info("oauth.authorized", {{"account", account->username}, {"app", context->app.name}});
    return Finish(*context, "code=" + PercentEncode(*code), *code);
  }

  HttpResponse Token(const HttpRequest& request) {
    auto params = RequestParams::FromRequest(request);
    if (!params.ok()) return ParamsError(params.error());
    auto token = oauth_.Token(
        auth::TokenRequest::FromParams(*params, request.headers.Get("Authorization").value_or("")));
    if (!token.ok()) return OAuthErrorResponse(token.error());
    return NoStore(JsonResponse(200, token->ToJson()));
  }

  HttpResponse Revoke(const HttpRequest& request) {
    auto params = RequestParams::FromRequest(request);
    if (!params.ok()) return ParamsError(params.error());
    // Client authentication as at the token endpoint (body or HTTP Basic).
    auto client =
        auth::TokenRequest::FromParams(*params, request.headers.Get("Authorization").value_or(""));
    if (client.malformed_basic_auth) {
      return OAuthErrorResponse(OAuthError::InvalidClient("malformed Basic authorization header"));
    }
    auto revoked = oauth_.Revoke(params->Get("token"), client.client_id, client.client_secret);
    if (!revoked.ok()) return OAuthErrorResponse(revoked.error());
    return NoStore(JsonResponse(200, json::Value::MakeObject()));
  }

  // RFC 8414, with the fields Mastodon 4.3 publishes.
  HttpResponse Metadata(const HttpRequest&) {
    json::Value body;
    body.Set("issuer", base_url_ + "/");
    body.Set("service_documentation", base_url_ + "/");
    body.Set("authorization_endpoint", base_url_ + "/oauth/authorize");
    body.Set("token_endpoint", base_url_ + "/oauth/token");
    body.Set("app_registration_endpoint", base_url_ + "/api/v1/apps");
    body.Set("revocation_endpoint", base_url_ + "/oauth/revoke");
    body.Set("scopes_supported", StringArray(auth::SupportedScopes()));
    body.Set("response_types_supported", StringArray({"code"}));
    body.Set("response_modes_supported", StringArray({"query"}));
    body.Set("code_challenge_methods_supported", StringArray({"S256"}));
    body.Set("grant_types_supported",
             StringArray({"authorization_code", "client_credentials", "refresh_token"}));
    body.Set("token_endpoint_auth_methods_supported",
             StringArray({"client_secret_basic", "client_secret_post"}));
    HttpResponse r = JsonResponse(200, body);
    r.headers.Set("Cache-Control", "max-age=300, public");
    return r;
  }

 private:
  // The consent page with a fresh CSRF pair: the cookie and the token in the form.
  HttpResponse FormPage(int status, const auth::AuthorizeContext& context,
                        const std::string& username, const std::string& error) {
    auth::CsrfPair csrf = csrf_.Issue();
    pages::AuthorizeForm form;
    form.app_name = context.app.name;
    form.app_website = context.app.website;
    form.scopes = context.scopes;
    form.client_id = context.app.client_id;
    form.redirect_uri = context.redirect_uri;
    form.scope = auth::JoinScopes(context.scopes);
    form.state = context.state;
    form.code_challenge = context.code_challenge;
    form.code_challenge_method = context.code_challenge_method;
    form.csrf_token = csrf.form_token;
    form.username = username;
    form.error = error;
    HttpResponse r = Page(status, pages::RenderAuthorizePage(form), context.redirect_uri);
    std::string cookie = std::string(auth::kCsrfCookieName) + "=" + csrf.cookie_value +
                         "; Path=/oauth; Max-Age=" + std::to_string(auth::kCsrfLifetimeSeconds) +
                         "; HttpOnly; SameSite=Strict";
    if (secure_cookie_) cookie += "; Secure";
    r.headers.Set("Set-Cookie", cookie);
    return r;
  }

  // Our page headers; the form may post to us and be redirected to the app's redirect URI, whose
  // scheme CSP's form-action must then allow (browsers check redirects of a form post too).
  static HttpResponse Page(int status, std::string html, std::string_view redirect_uri) {
    HttpResponse r = NoStore(pages::PageResponse(status, std::move(html)));
    std::string form_action = "'self'";
    const size_t colon = redirect_uri.find(':');
    if (redirect_uri != auth::kOutOfBandRedirect && colon != std::string_view::npos) {
      form_action += " " + std::string(redirect_uri.substr(0, colon + 1));
    }
    r.headers.Set("Content-Security-Policy",
                  "default-src 'none'; style-src 'self'; img-src 'self'; form-action " +
                      form_action + "; base-uri 'none'; frame-ancestors 'none'");
    return r;
  }

  // Sends the user back to the app with `result` ("code=…" or "error=…") and the state, or
  // shows an out-of-band code.
  HttpResponse Finish(const auth::AuthorizeContext& context, const std::string& result,
                      const std::string& code) {
    if (context.redirect_uri == auth::kOutOfBandRedirect) {
      if (code.empty()) return Page(403, pages::RenderAuthorizeErrorPage("Access was denied."), "");
      return Page(200, pages::RenderOutOfBandCodePage(context.app.name, code), "");
    }
    std::string location = context.redirect_uri;
    location += location.find('?') == std::string::npos ? '?' : '&';
    location += result;
    if (!context.state.empty()) location += "&state=" + PercentEncode(context.state);
    HttpResponse r = NoStore(HttpResponse{});
    r.status = 302;
    r.headers.Set("Location", location);
    return r;
  }

  Services& services_;
  auth::OAuthService& oauth_;
  const auth::CsrfGuard csrf_;
  const std::string base_url_;
  const bool secure_cookie_;
};

}  // namespace

void RegisterOAuthRoutes(HttpServer& server, Services& services) {
  auto routes = std::make_shared<OAuthRoutes>(services);
  using P = const PathParams&;
  server.Route("POST", "/api/v1/apps",
               [routes](const HttpRequest& r, P) { return routes->RegisterApp(r); });
  server.Route("GET", "/api/v1/apps/verify_credentials",
               [routes](const HttpRequest& r, P) { return routes->VerifyApp(r); });
  server.Route("GET", "/oauth/authorize",
               [routes](const HttpRequest& r, P) { return routes->AuthorizePage(r); });
  server.Route("POST", "/oauth/authorize",
               [routes](const HttpRequest& r, P) { return routes->Authorize(r); });
  server.Route("POST", "/oauth/token",
               [routes](const HttpRequest& r, P) { return routes->Token(r); });
  server.Route("POST", "/oauth/revoke",
               [routes](const HttpRequest& r, P) { return routes->Revoke(r); });
  server.Route("GET", "/.well-known/oauth-authorization-server",
               [routes](const HttpRequest& r, P) { return routes->Metadata(r); });
}

}  // namespace cornerstore::server
