// The HTML page of a post against the real binary: content negotiation at the Note's id, the
// short /@name/id page, the visibility rules for an anonymous browser (followers-only and
// direct posts are not found, deleted ones are gone), and that nothing a user typed can run.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "tests/support/cornerstore_process.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// What Firefox sends for a page.
const Headers kBrowser = {
    {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}};
const Headers kAs = {{"Accept", "application/activity+json"}};

// The post `post` created: its URL, the id segment of that URL, and the numeric id the CLI
// takes ("Posted <url> (id <n>, …").
struct Posted {
  std::string url;
  std::string path;        // url without the base URL
  std::string short_path;  // /@name/{id}
  std::string number;
};

Posted PostAs(const CornerstoreProcess& s, const std::vector<std::string>& args) {
  std::vector<std::string> command = {"post", "shop"};
  command.insert(command.end(), args.begin(), args.end());
  CommandResult result = s.Cli(command);
  REQUIRE_MESSAGE(result.exit_code == 0, result.err);
  const std::string& out = result.out;
  Posted p;
  const std::string prefix = "Posted ";
  const size_t start = out.find(prefix);
  REQUIRE_MESSAGE(start != std::string::npos, out);
  const size_t url_end = out.find(' ', start + prefix.size());
  p.url = out.substr(start + prefix.size(), url_end - start - prefix.size());
  REQUIRE(p.url.starts_with(s.base_url() + "/users/shop/statuses/"));
  p.path = p.url.substr(s.base_url().size());
  p.short_path = "/@shop/" + p.url.substr(p.url.rfind('/') + 1);
  const size_t id_start = out.find("(id ", url_end);
  REQUIRE_MESSAGE(id_start != std::string::npos, out);
  const size_t id_end = out.find_first_of(",)", id_start);
  p.number = out.substr(id_start + 4, id_end - id_start - 4);
  return p;
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

// No script element in any spelling: pages carry none of their own, and nothing typed may add one.
bool HasScript(std::string body) {
  std::transform(body.begin(), body.end(), body.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return Contains(body, "<script");
}

bool IsHtml(const TestResponse& r) {
  return r.headers.Get("Content-Type") == "text/html; charset=utf-8";
}

}  // namespace

TEST_CASE("status pages: browsers get HTML, peers the Note, hidden posts stay hidden") {
  CornerstoreProcess s;
  REQUIRE(s.Cli({"account", "create", "shop", "--display-name", "Corner Shop"}).exit_code == 0);
  s.Start();

  const Posted post = PostAs(s, {"Fresh bread & croissants today"});
  const Posted warned = PostAs(s, {"The new cake recipe", "--cw", "Sugar overload"});
  const Posted followers = PostAs(s, {"Members-only discount", "--visibility", "followers"});
  const Posted direct = PostAs(s, {"A private word", "--visibility", "direct"});
  const Posted gone = PostAs(s, {"Soon to vanish"});
  auto deleted = s.Cli({"post", "delete", "shop", gone.number});
  REQUIRE_MESSAGE(deleted.exit_code == 0, deleted.err);

  std::vector<TestResponse> pages;

  {  // the Note's id answers a browser with the page
    auto page = Get(s.port(), post.path, kBrowser);
    pages.push_back(page);
    CHECK(page.status == 200);
    CHECK(IsHtml(page));
    CHECK(page.headers.Get("Vary") == "Accept");
    CHECK(page.headers.Get("Cache-Control") == "max-age=180, public");
    CHECK(Contains(page.body, "Fresh bread &amp; croissants today"));
    CHECK(Contains(page.body, "Corner Shop"));
    CHECK(Contains(page.body, "@shop@shop.test"));
    CHECK(Contains(page.body, "class=\"card h-entry\""));
    CHECK(Contains(page.body, "<link rel=\"alternate\" type=\"application/activity+json\" href=\"" +
                                  post.url + "\">"));
    CHECK(Contains(page.body, "<meta property=\"og:url\" content=\"" + post.url + "\">"));
    CHECK(Contains(page.body, "<time class=\"dt-published\" datetime=\""));
    // No Accept header at all is a browser too.
    auto bare = Get(s.port(), post.path);
    CHECK(bare.status == 200);
    CHECK(IsHtml(bare));
  }

  {  // peers still get the Note
    auto note = Get(s.port(), post.path, kAs);
    CHECK(note.status == 200);
    CHECK(note.headers.Get("Content-Type") == "application/activity+json; charset=utf-8");
    CHECK(note.headers.Get("Vary") == "Accept");
    auto doc = note.Json();
    CHECK(*doc.FindString("id") == post.url);
    CHECK(*doc.FindString("type") == "Note");
    // The Note's url is a page a browser can open.
    REQUIRE(doc.FindString("url") != nullptr);
    const std::string url = *doc.FindString("url");
    REQUIRE(url.starts_with(s.base_url()));
    auto linked = Get(s.port(), url.substr(s.base_url().size()), kBrowser);
    CHECK(linked.status == 200);
    CHECK(IsHtml(linked));
    auto ld =
        Get(s.port(), post.path,
            {{"Accept", "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""}});
    CHECK(ld.status == 200);
    CHECK(*ld.Json().FindString("id") == post.url);
  }

  {  // the short /@name/id page
    auto page = Get(s.port(), post.short_path, kBrowser);
    pages.push_back(page);
    CHECK(page.status == 200);
    CHECK(IsHtml(page));
    CHECK(page.headers.Get("Vary") == "Accept");
    CHECK(Contains(page.body, "Fresh bread &amp; croissants today"));
    // A peer asking there for JSON is sent to the Note's id.
    auto as = Get(s.port(), post.short_path, kAs);
    CHECK(as.status == 302);
    CHECK(as.headers.Get("Location") == post.url);
    CHECK(as.headers.Get("Vary") == "Accept");
    auto upper = Get(s.port(), "/@SHOP/" + post.url.substr(post.url.rfind('/') + 1), kAs);
    CHECK(upper.headers.Get("Location") == post.url);
  }

  {  // a content warning is a <details> with the warning as summary
    auto page = Get(s.port(), warned.path, kBrowser);
    pages.push_back(page);
    CHECK(page.status == 200);
    CHECK(Contains(page.body, "<details><summary class=\"p-summary\">Sugar overload</summary>"));
    CHECK(Contains(page.body, "The new cake recipe"));
    CHECK(Contains(page.body, "og:description\" content=\"Content warning: Sugar overload\""));
  }

  {  // followers-only and direct posts are not found, and show nothing
    for (const Posted* hidden : {&followers, &direct}) {
      for (const std::string& path : {hidden->path, hidden->short_path}) {
        auto page = Get(s.port(), path, kBrowser);
        pages.push_back(page);
        CHECK_MESSAGE(page.status == 404, path);
        CHECK(IsHtml(page));
        CHECK(page.headers.Get("Vary") == "Accept");
        CHECK_FALSE(Contains(page.body, "Members-only"));
        CHECK_FALSE(Contains(page.body, "private word"));
      }
      CHECK(Get(s.port(), hidden->path, kAs).status == 404);
    }
  }

  {  // a deleted post answers 410 with a page saying so
    for (const std::string& path : {gone.path, gone.short_path}) {
      auto page = Get(s.port(), path, kBrowser);
      pages.push_back(page);
      CHECK_MESSAGE(page.status == 410, path);
      CHECK(IsHtml(page));
      CHECK(Contains(page.body, "This post was deleted"));
      CHECK_FALSE(Contains(page.body, "Soon to vanish"));
    }
    auto tombstone = Get(s.port(), gone.path, kAs);
    CHECK(tombstone.status == 410);
    CHECK(*tombstone.Json().FindString("type") == "Tombstone");
  }

  {  // unknown posts and accounts are HTML 404s
    for (const std::string& path :
         {std::string("/users/shop/statuses/nothere"), std::string("/@shop/nothere"),
          std::string("/@nobody/abc"), std::string("/users/nobody/statuses/abc")}) {
      auto page = Get(s.port(), path, kBrowser);
      pages.push_back(page);
      CHECK_MESSAGE(page.status == 404, path);
      CHECK(IsHtml(page));
    }
    CHECK(Get(s.port(), "/@nobody/abc", kAs).status == 404);
  }

  for (const auto& page : pages) CHECK_FALSE(HasScript(page.body));
}

TEST_CASE("status pages: markup typed into a post or a display name is shown, never run") {
  CornerstoreProcess s;
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  const std::string evil_name = "<script>alert('name')</script>\"><img src=x onerror=alert(2)>";
  auto updated = s.Cli({"account", "update", "shop", "--display-name", evil_name});
  REQUIRE_MESSAGE(updated.exit_code == 0, updated.err);
  s.Start();

  const Posted post =
      PostAs(s, {"Sale <script>alert(1)</script> \"><img src=x onerror=alert(1)> today", "--cw",
                 "<b onmouseover=alert(3)>warning</b>"});
  for (const std::string& path : {post.path, post.short_path}) {
    auto page = Get(s.port(), path, kBrowser);
    REQUIRE(page.status == 200);
    CHECK_FALSE(HasScript(page.body));
    CHECK_FALSE(Contains(page.body, "<img"));
    CHECK_FALSE(Contains(page.body, "<b "));
    CHECK_FALSE(Contains(page.body, "onerror=alert(1)>"));
    // The text is there, as text.
    CHECK(Contains(page.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(Contains(page.body, "&lt;img src=x onerror=alert(1)&gt;"));
    CHECK(Contains(page.body, "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"));
    CHECK(Contains(page.body, "&lt;b onmouseover=alert(3)&gt;warning&lt;/b&gt;"));
  }
  // The profile page shows the same name inert.
  auto profile = Get(s.port(), "/@shop", kBrowser);
  CHECK_FALSE(HasScript(profile.body));
  CHECK_FALSE(Contains(profile.body, "<img"));
}
