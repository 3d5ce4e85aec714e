// OAuth 2.0 against the real binary: app registration, the login and consent form, the code
// exchange with PKCE, refresh, revocation, and the refusals a client or attacker meets.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "src/common/url.h"
#include "tests/support/cornerstore_process.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kRedirect = "https://app.example/callback";
constexpr const char* kPassword = "correct horse battery";
// RFC 7636 appendix B.
constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

std::string Form(const std::map<std::string, std::string>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += PercentEncode(k) + "=" + PercentEncode(v);
  }
  return out;
}

struct App {
  std::string client_id, client_secret;
};

App RegisterApp(int port, const std::string& scopes = "read write follow") {
  auto r = Post(port, "/api/v1/apps",
                Form({{"client_name", "Test App"},
                      {"redirect_uris", std::string(kRedirect) + " urn:ietf:wg:oauth:2.0:oob"},
                      {"scopes", scopes},
                      {"website", "https://app.example"}}),
                kForm);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  auto body = r.Json();
  REQUIRE(body.FindString("client_id"));
  REQUIRE(body.FindString("client_secret"));
  CHECK(*body.FindString("id") != "");
  CHECK(*body.FindString("vapid_key") == "");
  CHECK(*body.FindString("redirect_uri") == std::string(kRedirect) + "\nurn:ietf:wg:oauth:2.0:oob");
  return {*body.FindString("client_id"), *body.FindString("client_secret")};
}

std::string AuthorizeQuery(const App& app, const std::string& scope = "read write",
                           const std::string& redirect = kRedirect) {
  return "/oauth/authorize?" + Form({{"response_type", "code"},
                                     {"client_id", app.client_id},
                                     {"redirect_uri", redirect},
                                     {"scope", scope},
                                     {"state", "xyz 1"},
                                     {"code_challenge", kChallenge},
                                     {"code_challenge_method", "S256"}});
}

// The CSRF cookie and form token of a consent page.
struct FormSession {
  std::string cookie;  // "name=value"
  std::string csrf_token;
};

FormSession OpenForm(int port, const App& app, const std::string& redirect = kRedirect) {
  auto page = Get(port, AuthorizeQuery(app, "read write", redirect));
  REQUIRE_MESSAGE(page.status == 200, page.body);
  CHECK(page.body.find("Test App") != std::string::npos);
  CHECK(page.body.find("<script") == std::string::npos);
  CHECK(page.body.find("/static/style.css") != std::string::npos);
  FormSession s;
  std::string set_cookie(page.headers.Get("Set-Cookie").value_or(""));
  s.cookie = set_cookie.substr(0, set_cookie.find(';'));
  REQUIRE(s.cookie.find("cs_oauth_csrf=") == 0);
  const std::string marker = "name=\"csrf_token\" value=\"";
  size_t at = page.body.find(marker);
  REQUIRE(at != std::string::npos);
  at += marker.size();
  s.csrf_token = page.body.substr(at, page.body.find('"', at) - at);
  return s;
}

TestResponse SubmitForm(int port, const App& app, const FormSession& session,
                        const std::string& password, const std::string& redirect = kRedirect,
                        bool with_csrf = true) {
  std::map<std::string, std::string> fields = {{"response_type", "code"},
                                               {"client_id", app.client_id},
                                               {"redirect_uri", redirect},
                                               {"scope", "read write"},
                                               {"state", "xyz 1"},
                                               {"code_challenge", kChallenge},
                                               {"code_challenge_method", "S256"},
                                               {"username", "shop"},
                                               {"password", password},
                                               {"decision", "approve"}};
  if (with_csrf) fields["csrf_token"] = session.csrf_token;
  return Post(port, "/oauth/authorize", Form(fields), kForm, {{"Cookie", session.cookie}});
}

// Logs in through the form and returns the code from the redirect.
std::string AuthorizeCode(int port, const App& app) {
  FormSession session = OpenForm(port, app);
  auto r = SubmitForm(port, app, session, kPassword);
  REQUIRE_MESSAGE(r.status == 302, r.body);
  std::string location(r.headers.Get("Location").value_or(""));
  REQUIRE(location.rfind(std::string(kRedirect) + "?code=", 0) == 0);
  // The state comes back as sent ("xyz%201" on the wire; httplib's client decodes header values).
  CHECK_MESSAGE(location.ends_with("&state=xyz 1"), location);
  const std::string query = location.substr(location.find('?') + 1);
  auto code = QueryParam(query, "code");
  REQUIRE(code);
  return *code;
}

TestResponse ExchangeCode(int port, const App& app, const std::string& code,
                          const std::string& verifier = kVerifier,
                          const std::string& redirect = kRedirect) {
  return Post(port, "/oauth/token",
              Form({{"grant_type", "authorization_code"},
                    {"code", code},
                    {"redirect_uri", redirect},
                    {"client_id", app.client_id},
                    {"client_secret", app.client_secret},
                    {"code_verifier", verifier}}),
              kForm);
}

std::string ErrorOf(const TestResponse& r) {
  auto body = r.Json();
  const std::string* error = body.FindString("error");
  return error ? *error : "";
}

void SetUpAccount(CornerstoreProcess& server) {
  REQUIRE(server.Cli({"account", "create", "shop"}).exit_code == 0);
  auto set = server.CliWithInput({"account", "password", "shop"}, std::string(kPassword) + "\n");
  REQUIRE_MESSAGE(set.exit_code == 0, set.err);
}

}  // namespace

TEST_CASE("oauth: register, authorize through the form, exchange, verify, refresh, revoke") {
  CornerstoreProcess server;
  SetUpAccount(server);
  server.Start();
  const int port = server.port();

  auto meta = Get(port, "/.well-known/oauth-authorization-server");
  REQUIRE(meta.status == 200);
  CHECK(*meta.Json().FindString("token_endpoint") == server.base_url() + "/oauth/token");
  CHECK(meta.body.find("\"S256\"") != std::string::npos);

  App app = RegisterApp(port);
  const std::string code = AuthorizeCode(port, app);
  auto token = ExchangeCode(port, app, code);
  REQUIRE_MESSAGE(token.status == 200, token.body);
  CHECK(token.headers.Get("Cache-Control").value_or("") == "no-store");
  auto body = token.Json();
  const std::string access = *body.FindString("access_token");
  const std::string refresh = *body.FindString("refresh_token");
  CHECK(*body.FindString("token_type") == "Bearer");
  CHECK(*body.FindString("scope") == "read write");

  // The code works once.
  CHECK(ErrorOf(ExchangeCode(port, app, code)) == "invalid_grant");

  auto verify =
      Get(port, "/api/v1/apps/verify_credentials", {{"Authorization", "Bearer " + access}});
  REQUIRE_MESSAGE(verify.status == 200, verify.body);
  CHECK(*verify.Json().FindString("name") == "Test App");
  CHECK(verify.Json().FindString("client_secret") == nullptr);

  auto refreshed = Post(port, "/oauth/token",
                        Form({{"grant_type", "refresh_token"},
                              {"refresh_token", refresh},
                              {"client_id", app.client_id},
                              {"client_secret", app.client_secret}}),
                        kForm);
  REQUIRE_MESSAGE(refreshed.status == 200, refreshed.body);
  const std::string access2 = *refreshed.Json().FindString("access_token");
  CHECK(access2 != access);
  // Refreshing retires the old access token.
  CHECK(Get(port, "/api/v1/apps/verify_credentials", {{"Authorization", "Bearer " + access}})
            .status == 401);

  auto revoke = Post(
      port, "/oauth/revoke",
      Form(
          {{"token", access2}, {"client_id", app.client_id}, {"client_secret", app.client_secret}}),
      kForm);
  CHECK(revoke.status == 200);
  auto after =
      Get(port, "/api/v1/apps/verify_credentials", {{"Authorization", "Bearer " + access2}});
  CHECK(after.status == 401);
  CHECK(*after.Json().FindString("error") == "The access token is invalid");

  // The admin CLI lists the tokens without showing them.
  auto list = server.Cli({"token", "list", "shop"});
  CHECK(list.exit_code == 0);
  CHECK(list.out.find("revoked") != std::string::npos);
  CHECK(list.out.find(access) == std::string::npos);
}

TEST_CASE("oauth: out-of-band code, client credentials, CLI token") {
  CornerstoreProcess server;
  SetUpAccount(server);
  server.Start();
  const int port = server.port();
  App app = RegisterApp(port);

  FormSession session = OpenForm(port, app, "urn:ietf:wg:oauth:2.0:oob");
  auto page = SubmitForm(port, app, session, kPassword, "urn:ietf:wg:oauth:2.0:oob");
  REQUIRE_MESSAGE(page.status == 200, page.body);
  const size_t at = page.body.find("<code>");
  REQUIRE(at != std::string::npos);
  const std::string code = page.body.substr(at + 6, page.body.find("</code>", at) - at - 6);
  CHECK(ExchangeCode(port, app, code, kVerifier, "urn:ietf:wg:oauth:2.0:oob").status == 200);

  auto app_token = Post(port, "/oauth/token",
                        Form({{"grant_type", "client_credentials"},
                              {"client_id", app.client_id},
                              {"client_secret", app.client_secret},
                              {"scope", "read"}}),
                        kForm);
  REQUIRE_MESSAGE(app_token.status == 200, app_token.body);
  CHECK(app_token.Json().FindString("refresh_token") == nullptr);

  auto created = server.Cli({"token", "create", "shop", "--scopes", "read", "--name", "script"});
  REQUIRE_MESSAGE(created.exit_code == 0, created.err);
  std::string cli_token = created.out.substr(0, created.out.find('\n'));
  // A CLI token belongs to no app: it authenticates, but has no app to show.
  CHECK(Get(port, "/api/v1/apps/verify_credentials", {{"Authorization", "Bearer " + cli_token}})
            .status == 404);
  auto revoked = server.Cli({"token", "revoke", "1"});
  CHECK(revoked.exit_code == 0);
}

TEST_CASE("oauth: refusals") {
  CornerstoreProcess server;
  SetUpAccount(server);
  server.Start();
  const int port = server.port();
  App app = RegisterApp(port);

  SUBCASE("PKCE mismatch") {
    const std::string code = AuthorizeCode(port, app);
    auto r = ExchangeCode(port, app, code, std::string(kVerifier).replace(0, 1, "X"));
    CHECK(r.status == 400);
    CHECK(ErrorOf(r) == "invalid_grant");
  }
  SUBCASE("redirect_uri mismatch at the authorization and token endpoints") {
    auto page = Get(port, AuthorizeQuery(app, "read", "https://evil.example/callback"));
    CHECK(page.status == 400);
    CHECK(ErrorOf(page) == "invalid_redirect_uri");
    const std::string code = AuthorizeCode(port, app);
    auto r = ExchangeCode(port, app, code, kVerifier, "urn:ietf:wg:oauth:2.0:oob");
    CHECK(ErrorOf(r) == "invalid_grant");
  }
  SUBCASE("missing or forged CSRF token") {
    FormSession session = OpenForm(port, app);
    auto missing = SubmitForm(port, app, session, kPassword, kRedirect, false);
    CHECK(missing.status == 403);
    CHECK(!missing.headers.Has("Location"));
    FormSession other = OpenForm(port, app);
    FormSession mixed{session.cookie, other.csrf_token};
    CHECK(SubmitForm(port, app, mixed, kPassword).status == 403);
  }
  SUBCASE("wrong password five times, then throttled even with the right one") {
    FormSession session = OpenForm(port, app);
    for (int i = 0; i < 5; ++i) {
      auto r = SubmitForm(port, app, session, "wrong password");
      CHECK(r.status == 401);
      CHECK(!r.headers.Has("Location"));
    }
    auto throttled = SubmitForm(port, app, session, kPassword);
    CHECK(throttled.status == 429);
    CHECK(std::stoi(std::string(throttled.headers.Get("Retry-After").value_or("0"))) > 0);
  }
  SUBCASE("unknown client") {
    App fake{"nope", "nope"};
    CHECK(Get(port, AuthorizeQuery(fake)).status == 401);
    auto r = ExchangeCode(port, fake, "whatever");
    CHECK(r.status == 401);
    CHECK(ErrorOf(r) == "invalid_client");
  }
  SUBCASE("scope not granted to the app") {
    App reader = RegisterApp(port, "read");
    auto page = Get(port, AuthorizeQuery(reader, "read write"));
    CHECK(page.status == 400);
    CHECK(ErrorOf(page) == "invalid_scope");
  }
  SUBCASE("password grant and malformed input") {
    auto r = Post(port, "/oauth/token",
                  Form({{"grant_type", "password"},
                        {"username", "shop"},
                        {"password", kPassword},
                        {"client_id", app.client_id},
                        {"client_secret", app.client_secret}}),
                  kForm);
    CHECK(ErrorOf(r) == "unsupported_grant_type");
    CHECK(Post(port, "/oauth/token", "%zz", kForm).status == 400);
    CHECK(Post(port, "/api/v1/apps", "{\"client_name\": 1", "application/json").status == 400);
    CHECK(Post(port, "/api/v1/apps",
               Form({{"client_name", "x"}, {"redirect_uris", "javascript:x"}}), kForm)
              .status == 400);
    CHECK(Post(port, "/api/v1/apps", "x", "text/plain").status == 415);
  }
}
