// The owner's dashboard against the real binary: login (CSRF, wrong password, throttle), the
// session cookie and logout, posting (seen in the outbox), approving a follow request from a
// fake remote (which receives a signed Accept), and editing the profile (the actor document
// changes and followers receive an Update).
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "src/common/url.h"
#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

constexpr const char* kUnsafe = "[unsafe]\nallow_private_addresses = true\n";
constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kPassword = "correct horse battery";
const std::vector<std::pair<std::string, std::string>> kAs = {
    {"Accept", "application/activity+json"}};

std::string Form(const std::map<std::string, std::string>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += PercentEncode(k) + "=" + PercentEncode(v);
  }
  return out;
}

// "name=value" of a Set-Cookie header named `name` among a response's headers.
std::string CookieFrom(const TestResponse& r, const std::string& name) {
  for (auto value : r.headers.GetAll("Set-Cookie")) {
    if (value.starts_with(name + "=")) return std::string(value.substr(0, value.find(';')));
  }
  return "";
}

std::string FullSetCookie(const TestResponse& r, const std::string& name) {
  for (auto value : r.headers.GetAll("Set-Cookie")) {
    if (value.starts_with(name + "=")) return std::string(value);
  }
  return "";
}

std::string CsrfOf(const std::string& html) {
  const std::string marker = "name=\"csrf_token\" value=\"";
  size_t at = html.find(marker);
  REQUIRE(at != std::string::npos);
  at += marker.size();
  return html.substr(at, html.find('"', at) - at);
}

struct LoginForm {
  std::string cookie, csrf;
};

LoginForm OpenLogin(int port) {
  auto page = Get(port, "/dashboard/login");
  REQUIRE_MESSAGE(page.status == 200, page.body);
  CHECK(page.body.find("<script") == std::string::npos);
  std::string csp(page.headers.Get("Content-Security-Policy").value_or(""));
  CHECK(csp.find("default-src 'none'") != std::string::npos);
  CHECK(csp.find("script-src") == std::string::npos);  // default-src 'none' forbids scripts
  LoginForm f{CookieFrom(page, "cs_dashboard_login"), CsrfOf(page.body)};
  REQUIRE(!f.cookie.empty());
  return f;
}

TestResponse SubmitLogin(int port, const LoginForm& f, const std::string& password,
                         bool with_csrf = true) {
  std::map<std::string, std::string> fields = {{"username", "shop"}, {"password", password}};
  if (with_csrf) fields["csrf_token"] = f.csrf;
  return Post(port, "/dashboard/login", Form(fields), kForm, {{"Cookie", f.cookie}});
}

// A logged-in browser: the session cookie and the CSRF token of its pages.
struct Session {
  int port = 0;
  std::string cookie, csrf;

  TestResponse Page(const std::string& path) const { return Get(port, path, {{"Cookie", cookie}}); }
  TestResponse Submit(const std::string& path, std::map<std::string, std::string> fields,
                      bool with_csrf = true) const {
    if (with_csrf) fields["csrf_token"] = csrf;
    return Post(port, path, Form(fields), kForm, {{"Cookie", cookie}});
  }
};

Session LogIn(int port) {
  auto r = SubmitLogin(port, OpenLogin(port), kPassword);
  REQUIRE_MESSAGE(r.status == 303, r.body);
  CHECK(r.headers.Get("Location").value_or("") == "/dashboard");
  const std::string set_cookie = FullSetCookie(r, "cs_dashboard");
  CHECK(set_cookie.find("HttpOnly") != std::string::npos);
  CHECK(set_cookie.find("SameSite=Lax") != std::string::npos);
  CHECK(set_cookie.find("Path=/") != std::string::npos);
  CHECK(set_cookie.find("Secure") == std::string::npos);  // the test instance is plain http
  Session s{port, CookieFrom(r, "cs_dashboard"), ""};
  auto home = s.Page("/dashboard");
  REQUIRE_MESSAGE(home.status == 200, home.body);
  s.csrf = CsrfOf(home.body);
  return s;
}

json::Value FollowActivity(FakeRemote& remote, const FakeActor& from, const std::string& target) {
  json::Value follow;
  follow.Set("@context", "https://www.w3.org/ns/activitystreams");
  follow.Set("id", remote.NewId("follows"));
  follow.Set("type", "Follow");
  follow.Set("actor", from.id);
  follow.Set("object", target);
  return follow;
}

bool IsAcceptOf(const ReceivedRequest& r, const std::string& follow_id) {
  const std::string* type = r.activity.FindString("type");
  if (!type || *type != "Accept") return false;
  const json::Value* object = r.activity.Find("object");
  if (!object) return false;
  if (object->is_string()) return object->AsString() == follow_id;
  const std::string* id = object->FindString("id");
  return id && *id == follow_id;
}

void CreateShop(CornerstoreProcess& server) {
  REQUIRE(server.Cli({"account", "create", "shop"}).exit_code == 0);
  auto set = server.CliWithInput({"account", "password", "shop"}, std::string(kPassword) + "\n");
  REQUIRE_MESSAGE(set.exit_code == 0, set.err);
}

}  // namespace

TEST_CASE("dashboard: login refusals, session cookie, logout") {
  CornerstoreProcess server(kUnsafe);
  CreateShop(server);
  server.Start();
  const int port = server.port();

  // Pages need a session: a browser is sent to the login form.
  auto anonymous = Get(port, "/dashboard");
  CHECK(anonymous.status == 303);
  CHECK(anonymous.headers.Get("Location").value_or("") == "/dashboard/login");
  CHECK(Post(port, "/dashboard/posts", "text=hi", kForm).status == 303);

  SUBCASE("a login without the CSRF token is refused") {
    auto r = SubmitLogin(port, OpenLogin(port), kPassword, /*with_csrf=*/false);
    CHECK(r.status == 403);
    CHECK(CookieFrom(r, "cs_dashboard").empty());
  }
  SUBCASE("a wrong password answers a 401 page; five failures throttle the right one") {
    auto wrong = SubmitLogin(port, OpenLogin(port), "wrong password");
    CHECK(wrong.status == 401);
    CHECK(wrong.body.find("Wrong username or password") != std::string::npos);
    CHECK(std::string(wrong.headers.Get("Content-Type").value_or("")).starts_with("text/html"));
    for (int i = 0; i < 4; ++i) CHECK(SubmitLogin(port, OpenLogin(port), "nope").status == 401);
    auto throttled = SubmitLogin(port, OpenLogin(port), kPassword);
    CHECK(throttled.status == 429);
    CHECK(throttled.headers.Has("Retry-After"));
    CHECK(CookieFrom(throttled, "cs_dashboard").empty());
  }
  SUBCASE("after login the browser goes back to the page that asked, on this server only") {
    auto next_of = [&](const std::string& next) {
      LoginForm f = OpenLogin(port);
      return Post(port, "/dashboard/login",
                  Form({{"username", "shop"},
                        {"password", kPassword},
                        {"csrf_token", f.csrf},
                        {"next", next}}),
                  kForm, {{"Cookie", f.cookie}});
    };
    const std::string back = "/authorize_interaction?uri=acct:a@remote.example";
    CHECK(next_of(back).headers.Get("Location").value_or("") == back);
    for (const char* away : {"//evil.example/x", "https://evil.example/", "/\\evil.example"}) {
      CAPTURE(away);
      CHECK(next_of(away).headers.Get("Location").value_or("") == "/dashboard");
    }
    auto form = Get(port, "/dashboard/login?next=%2Fauthorize_interaction%3Furi%3Dx");
    CHECK(form.body.find("name=\"next\" value=\"/authorize_interaction?uri=x\"") !=
          std::string::npos);
  }
  SUBCASE("a session works until logout, and its CSRF token is required") {
    Session s = LogIn(port);
    CHECK(s.Page("/dashboard").headers.Get("Cache-Control").value_or("") == "no-store");
    // The session cookie is no API token.
    auto api = Get(port, "/api/v1/accounts/verify_credentials",
                   {{"Authorization", "Bearer " + s.cookie.substr(s.cookie.find('=') + 1)}});
    CHECK(api.status == 401);
    // A form without the token (what a cross-site post looks like) is refused.
    CHECK(s.Submit("/dashboard/posts", {{"text", "forged"}}, /*with_csrf=*/false).status == 403);
    CHECK(s.Submit("/dashboard/posts", {{"text", "forged"}, {"csrf_token", "x"}}, false).status ==
          403);
    // The session shows up as a revocable token.
    CHECK(server.Cli({"token", "list", "shop"}).out.find("dashboard session") != std::string::npos);
    auto out = s.Submit("/dashboard/logout", {});
    CHECK(out.status == 303);
    CHECK(FullSetCookie(out, "cs_dashboard").find("Max-Age=0") != std::string::npos);
    // The old cookie no longer opens the dashboard.
    CHECK(s.Page("/dashboard").status == 303);
  }
}

TEST_CASE("dashboard: post, approve a follow request, edit the profile") {
  FakeRemote remote;
  const FakeActor& alice = remote.AddActor("alice");
  CornerstoreProcess server(kUnsafe);
  CreateShop(server);
  server.Start();
  const int port = server.port();
  const std::string shop = server.base_url() + "/users/shop";
  Session s = LogIn(port);

  // Manual approval on, through the profile form.
  auto locked = s.Submit("/dashboard/profile", {{"display_name", "Corner Shop"}, {"locked", "1"}});
  REQUIRE_MESSAGE(locked.status == 303, locked.body);
  CHECK(Get(port, "/users/shop", kAs).Json().FindBool("manuallyApprovesFollowers") == true);

  // A post appears in the list and in the outbox.
  auto posted = s.Submit("/dashboard/posts",
                         {{"text", "Fresh bread at 8 #bakery"}, {"visibility", "public"}});
  REQUIRE_MESSAGE(posted.status == 303, posted.body);
  CHECK(posted.headers.Get("Location").value_or("") == "/dashboard?done=posted");
  auto home = s.Page("/dashboard?done=posted");
  CHECK(home.body.find("Your post was published.") != std::string::npos);
  CHECK(home.body.find("Fresh bread at 8 #bakery") != std::string::npos);
  auto outbox = Get(port, "/users/shop/outbox", kAs).Json();
  CHECK(outbox.FindInt("totalItems") == 1);
  REQUIRE(outbox.FindString("first"));
  const std::string first = *outbox.FindString("first");
  auto page = Get(port, first.substr(server.base_url().size()), kAs);
  CHECK(page.body.find("Fresh bread at 8") != std::string::npos);

  // Too long a post keeps the draft and says why.
  auto too_long = s.Submit("/dashboard/posts", {{"text", std::string(5001, 'a')}});
  CHECK(too_long.status == 422);

  // Alice asks to follow; the request is listed and approved from the dashboard.
  json::Value follow = FollowActivity(remote, alice, shop);
  REQUIRE(remote.Send(alice, port, follow, {.path = "/users/shop/inbox"}).status == 202);
  std::string people;
  for (int i = 0; i < 300; ++i) {
    people = s.Page("/dashboard/people").body;
    if (people.find("Approve") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(people.find(alice.id) != std::string::npos);
  auto approved = s.Submit("/dashboard/people/approve", {{"actor", alice.id}});
  REQUIRE_MESSAGE(approved.status == 303, approved.body);
  auto accept = remote.WaitFor(
      [&](const ReceivedRequest& r) { return IsAcceptOf(r, *follow.FindString("id")); });
  CHECK_MESSAGE(accept.signature_valid, accept.signature_error);
  CHECK(accept.signer == shop);
  CHECK(s.Page("/dashboard/notifications").body.find("asked to follow you") != std::string::npos);

  // Editing the profile changes the actor document and sends Update to the follower.
  auto edited = s.Submit("/dashboard/profile", {{"display_name", "Corner Shop & Bakery"},
                                                {"summary", "Open daily.\r\nClosed Mondays."},
                                                {"field_name_0", "Hours"},
                                                {"field_value_0", "8-18"},
                                                {"locked", "1"}});
  REQUIRE_MESSAGE(edited.status == 303, edited.body);
  auto actor = Get(port, "/users/shop", kAs).Json();
  CHECK(*actor.FindString("name") == "Corner Shop & Bakery");
  REQUIRE(actor.FindArray("attachment"));
  CHECK(actor.FindArray("attachment")->size() == 1);
  auto update = remote.WaitFor([&](const ReceivedRequest& r) {
    const std::string* type = r.activity.FindString("type");
    const json::Value* object = r.activity.FindObject("object");
    return type && *type == "Update" && object && object->FindString("name") &&
           *object->FindString("name") == "Corner Shop & Bakery";
  });
  CHECK_MESSAGE(update.signature_valid, update.signature_error);
  CHECK(update.signer == shop);

  // The post predates the follower, so its reach page says nothing was sent.
  const std::string marker = "/dashboard/posts/";
  const size_t at = home.body.find(marker);
  REQUIRE(at != std::string::npos);
  const std::string id =
      home.body.substr(at + marker.size(), home.body.find('"', at) - at - marker.size());
  auto reach = s.Page("/dashboard/posts/" + id);
  CHECK(reach.status == 200);
  CHECK(reach.body.find("Nothing was sent") != std::string::npos);
  // Edit and delete through the dashboard.
  CHECK(s.Submit("/dashboard/posts/" + id + "/edit", {{"text", "Fresh bread at 9"}}).status == 303);
  CHECK(s.Page("/dashboard").body.find("Fresh bread at 9") != std::string::npos);
  CHECK(s.Submit("/dashboard/posts/" + id + "/pin", {}).status == 303);
  CHECK(s.Page("/dashboard").body.find("pinned") != std::string::npos);
  CHECK(s.Submit("/dashboard/posts/" + id + "/delete", {}).status == 303);
  CHECK(Get(port, "/users/shop/outbox", kAs).Json().FindInt("totalItems") == 0);
}
