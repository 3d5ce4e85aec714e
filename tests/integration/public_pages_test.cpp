// The public pages against the real binary: the profile (h-card, counts, pins, pagination,
// feeds), remote follow through a visitor's WebFinger (a fake remote server), public replies
// under a post (hostile remote content inert, followers-only replies never shown), and
// /authorize_interaction, where our WebFinger's subscribe template leads.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "src/common/json.h"
#include "src/common/url.h"
#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kUnsafe = "[unsafe]\nallow_private_addresses = true\n";
const Headers kBrowser = {{"Accept", "text/html,application/xhtml+xml,*/*;q=0.8"}};
constexpr std::string_view kPublic = "https://www.w3.org/ns/activitystreams#Public";

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

bool HasScript(std::string body) {
  std::transform(body.begin(), body.end(), body.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return Contains(body, "<script");
}

// The URL of the post the CLI just published ("Posted <url> (id …").
std::string PostAs(const CornerstoreProcess& s, const std::vector<std::string>& args) {
  std::vector<std::string> command = {"post", "shop"};
  command.insert(command.end(), args.begin(), args.end());
  CommandResult result = s.Cli(command);
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const size_t start = result.out.find("Posted ");
  REQUIRE(start != std::string::npos);
  const size_t end = result.out.find(' ', start + 7);
  return result.out.substr(start + 7, end - start - 7);
}

json::Value ReplyCreate(FakeRemote& remote, const FakeActor& from, const std::string& parent,
                        const std::string& html, bool to_public) {
  json::Value note;
  note.Set("id", remote.NewId("notes"));
  note.Set("type", "Note");
  note.Set("attributedTo", from.id);
  note.Set("inReplyTo", parent);
  note.Set("content", html);
  note.Set("published", "2026-11-28T11:00:00Z");
  json::Value to = json::Value::MakeArray();
  to.Push(to_public ? std::string(kPublic) : from.id + "/followers");
  note.Set("to", to);
  json::Value create;
  create.Set("@context", "https://www.w3.org/ns/activitystreams");
  create.Set("id", *note.FindString("id") + "/activity");
  create.Set("type", "Create");
  create.Set("actor", from.id);
  create.Set("to", to);
  create.Set("object", std::move(note));
  return create;
}

// Polls `path` until its body contains `needle` (the inbox works asynchronously).
TestResponse WaitForPage(int port, const std::string& path, std::string_view needle) {
  TestResponse page;
  for (int i = 0; i < 200; ++i) {
    page = Get(port, path, kBrowser);
    if (Contains(page.body, needle)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return page;
}

constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kPassword = "correct horse battery";

// "name=value" of the Set-Cookie header named `name`.
std::string CookieFrom(const TestResponse& r, const std::string& name) {
  for (auto value : r.headers.GetAll("Set-Cookie")) {
    if (value.starts_with(name + "=")) return std::string(value.substr(0, value.find(';')));
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

// Logs in to the dashboard as shop; returns the session cookie ("cs_dashboard=…").
std::string LogIn(int port) {
  auto form = Get(port, "/dashboard/login");
  REQUIRE(form.status == 200);
  const std::string body = "username=shop&password=" + PercentEncode(kPassword) +
                           "&csrf_token=" + PercentEncode(CsrfOf(form.body));
  auto r = Post(port, "/dashboard/login", body, kForm,
                {{"Cookie", CookieFrom(form, "cs_dashboard_login")}});
  REQUIRE_MESSAGE(r.status == 303, r.body);
  const std::string cookie = CookieFrom(r, "cs_dashboard");
  REQUIRE(!cookie.empty());
  return cookie;
}

void CheckPageHeaders(const TestResponse& page) {
  CHECK(page.headers.Get("Content-Type") == "text/html; charset=utf-8");
  const auto csp = page.headers.Get("Content-Security-Policy");
  REQUIRE(csp.has_value());
  CHECK(Contains(*csp, "script-src 'none'"));
  CHECK_FALSE(Contains(*csp, "unsafe-inline"));
  CHECK_FALSE(HasScript(page.body));
  CHECK_FALSE(Contains(page.body, " style=\""));
}

}  // namespace

TEST_CASE("public pages: profile, pagination, feeds") {
  CornerstoreProcess s;
  REQUIRE(s.Cli({"account", "create", "shop", "--display-name", "Corner <Shop>"}).exit_code == 0);
  auto fields = s.Cli({"account", "update", "shop", "--bio", "Bread & coffee", "--field",
                       "Website=https://shop.example", "--field", "Hours=8-18"});
  REQUIRE_MESSAGE(fields.exit_code == 0, fields.err);
  const std::string oldest = PostAs(s, {"The very first post"});
  for (int i = 1; i <= 20; ++i) PostAs(s, {"Post number " + std::to_string(i)});
  PostAs(s, {"Pinned: holiday hours", "--pin"});
  PostAs(s, {"Members only", "--visibility", "followers"});
  s.Start();

  auto profile = Get(s.port(), "/@shop", kBrowser);
  REQUIRE(profile.status == 200);
  CheckPageHeaders(profile);
  CHECK(Contains(profile.body, "<h1 class=\"p-name\">Corner &lt;Shop&gt;</h1>"));
  CHECK(Contains(profile.body, "rel=\"nofollow noopener noreferrer me\""));
  CHECK(Contains(profile.body, "<li><b>22</b> posts</li>"));
  CHECK(Contains(profile.body, "<li><b>0</b> followers</li>"));
  CHECK(Contains(profile.body, "<h2 id=\"pinned\">Pinned</h2>"));
  CHECK(Contains(profile.body, "type=\"application/atom+xml\""));
  CHECK(Contains(profile.body, "<meta name=\"twitter:card\""));
  CHECK_FALSE(Contains(profile.body, "Members only"));
  CHECK_FALSE(Contains(profile.body, "The very first post"));
  const size_t older = profile.body.find("rel=\"next\" href=\"");
  REQUIRE(older != std::string::npos);
  const size_t href = older + std::string("rel=\"next\" href=\"").size();
  const std::string next = profile.body.substr(href, profile.body.find('"', href) - href);
  REQUIRE(next.starts_with(s.base_url() + "/@shop?max_id="));
  auto page2 = Get(s.port(), next.substr(s.base_url().size()), kBrowser);
  CHECK(page2.status == 200);
  CHECK(Contains(page2.body, "The very first post"));
  CHECK(Contains(page2.body, "href=\"" + oldest + "\""));  // the post links to its page
  CHECK(Get(s.port(), "/@shop?max_id=abc", kBrowser).status == 400);

  // The actor URL shows a browser the same page.
  auto actor_page = Get(s.port(), "/users/shop", kBrowser);
  CHECK(actor_page.status == 200);
  CHECK(Contains(actor_page.body, "class=\"card h-card\""));

  auto atom = Get(s.port(), "/@shop.atom");
  CHECK(atom.status == 200);
  CHECK(atom.headers.Get("Content-Type") == "application/atom+xml; charset=utf-8");
  CHECK(Contains(atom.body, "<title>Corner &lt;Shop&gt; (@shop@"));
  CHECK(Contains(atom.body, "Pinned: holiday hours"));
  CHECK_FALSE(Contains(atom.body, "Members only"));
  auto rss = Get(s.port(), "/@shop.rss");
  CHECK(rss.status == 200);
  CHECK(rss.headers.Get("Content-Type") == "application/rss+xml; charset=utf-8");
  CHECK(Get(s.port(), "/@nobody.atom").status == 404);
  auto unknown = Get(s.port(), "/@nobody", kBrowser);
  CHECK(unknown.status == 404);
  CheckPageHeaders(unknown);
}

TEST_CASE("public pages: remote follow, replies and authorize_interaction") {
  FakeRemote remote;
  const FakeActor& alice = remote.AddActor("alice");
  const FakeActor& bob = remote.AddActor("bob");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  const std::string post = PostAs(s, {"Croissants are back"});
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";

  {  // our WebFinger offers remote follow at /authorize_interaction
    auto jrd = Get(s.port(), "/.well-known/webfinger?resource=acct:shop@" + HostOf(s.base_url()));
    CHECK(Contains(jrd.body, "http://ostatus.org/schema/1.0/subscribe"));
    CHECK(Contains(jrd.body, "/authorize_interaction?uri={uri}"));
  }

  {  // the follow form sends the visitor to their server's subscribe template
    auto form = Get(s.port(), "/@shop/remote_follow", kBrowser);
    CHECK(form.status == 200);
    CheckPageHeaders(form);
    auto go = Get(s.port(), "/@shop/remote_follow?acct=%40alice%40" + remote.host(), kBrowser);
    CHECK(go.status == 302);
    // The test client (httplib) percent-decodes header values as it reads them; the unit tests
    // check the encoding itself.
    CHECK(std::string(go.headers.Get("Location").value_or("")) ==
          remote.base_url() + "/authorize_interaction?uri=" + shop);
    CHECK(go.headers.Get("Cache-Control") == "no-store");
    auto unknown = Get(s.port(), "/@shop/remote_follow?acct=nobody%40" + remote.host(), kBrowser);
    CHECK(unknown.status == 404);
    CheckPageHeaders(unknown);
    auto bad = Get(s.port(), "/@shop/remote_follow?acct=%3Cscript%3E", kBrowser);
    CHECK(bad.status == 400);
    CheckPageHeaders(bad);
    CHECK(Contains(bad.body, "value=\"&lt;script&gt;\""));
  }

  {  // public replies show under the post, inert; followers-only ones never
    const std::string evil =
        "<p>Lovely!<script>alert(1)</script><img src=x onerror=alert(2)>"
        "<a href=\"javascript:alert(3)\">more</a></p>";
    REQUIRE(remote.Send(alice, s.port(), ReplyCreate(remote, alice, post, evil, true)).status ==
            202);
    REQUIRE(remote
                .Send(bob, s.port(),
                      ReplyCreate(remote, bob, post, "<p>Secret followers reply</p>", false))
                .status == 202);
    const std::string path = post.substr(s.base_url().size());
    auto page = WaitForPage(s.port(), path, "Lovely!");
    REQUIRE(Contains(page.body, "Lovely!"));
    CheckPageHeaders(page);
    CHECK(Contains(page.body, "<h2 id=\"replies\">Replies</h2>"));
    CHECK(Contains(page.body, "@alice@" + remote.host()));
    CHECK_FALSE(Contains(page.body, "javascript:"));
    CHECK_FALSE(Contains(page.body, "<img"));
    CHECK_FALSE(Contains(page.body, "Secret followers reply"));
  }

  {  // the subscribe template's target: the remote account and a way to confirm
    auto page = Get(s.port(), "/authorize_interaction?uri=" + PercentEncode(alice.id), kBrowser);
    CHECK(page.status == 200);
    CheckPageHeaders(page);
    CHECK(Contains(page.body, "@alice@" + remote.host()));
    CHECK(Contains(page.body, "/dashboard/login?next="));
    auto by_handle =
        Get(s.port(), "/authorize_interaction?uri=acct%3Aalice%40" + remote.host(), kBrowser);
    CHECK(by_handle.status == 200);
    CHECK(Get(s.port(), "/authorize_interaction", kBrowser).status == 400);
    CHECK(Get(s.port(),
              "/authorize_interaction?uri=" + PercentEncode(remote.base_url() + "/users/nobody"),
              kBrowser)
              .status == 404);
    // Confirming without a session sends the browser to log in first, and follows nobody.
    auto confirm = Post(s.port(), "/authorize_interaction", "uri=" + PercentEncode(alice.id),
                        "application/x-www-form-urlencoded");
    CHECK(confirm.status == 303);
    CHECK(confirm.headers.Get("Location")->starts_with("/dashboard/login?next="));
    CHECK_FALSE(Contains(s.Cli({"following", "shop"}).out, alice.id));
  }
}

TEST_CASE("public pages: the logged-in owner confirms a follow at /authorize_interaction") {
  FakeRemote remote;
  const FakeActor& alice = remote.AddActor("alice");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  auto password = s.CliWithInput({"account", "password", "shop"}, std::string(kPassword) + "\n");
  REQUIRE_MESSAGE(password.exit_code == 0, password.err);
  s.Start();
  const std::string cookie = LogIn(s.port());
  const std::string page_path = "/authorize_interaction?uri=" + PercentEncode(alice.id);

  auto page = Get(s.port(), page_path, {{"Cookie", cookie}});
  REQUIRE(page.status == 200);
  CheckPageHeaders(page);
  CHECK(page.headers.Get("Cache-Control") == "no-store");
  CHECK(Contains(page.body, "Follow as @shop@shop.test</button>"));
  const std::string csrf = CsrfOf(page.body);

  // A forged form (no or a wrong token) follows nobody.
  auto forged =
      Post(s.port(), "/authorize_interaction",
           "uri=" + PercentEncode(alice.id) + "&csrf_token=nope", kForm, {{"Cookie", cookie}});
  CHECK(forged.status == 403);
  CHECK_FALSE(Contains(s.Cli({"following", "shop"}).out, alice.id));

  auto confirm = Post(s.port(), "/authorize_interaction",
                      "uri=" + PercentEncode(alice.id) + "&csrf_token=" + PercentEncode(csrf),
                      kForm, {{"Cookie", cookie}});
  CHECK(confirm.status == 200);
  CheckPageHeaders(confirm);
  CHECK(Contains(confirm.body, "Follow request sent"));
  auto follow = remote.WaitFor([&](const ReceivedRequest& r) {
    const std::string* type = r.activity.FindString("type");
    return type && *type == "Follow";
  });
  CHECK_MESSAGE(follow.signature_valid, follow.signature_error);
  CHECK(*follow.activity.FindString("actor") == s.base_url() + "/users/shop");

  // Asked again, the page says the request is on its way instead of offering the form.
  auto again = Get(s.port(), page_path, {{"Cookie", cookie}});
  CHECK(Contains(again.body, "has asked to follow this account already"));
  CHECK_FALSE(Contains(again.body, "<form"));
}
