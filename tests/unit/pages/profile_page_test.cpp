// The public profile page: the account's card (h-card, fields with rel="me", counts, follow
// form), pinned posts before a page of posts (h-entry each), the older-posts link, the
// machine-readable head (OpenGraph, Twitter card, rel=alternate to the actor and the feeds),
// and that nothing the owner typed can run.
#include <doctest/doctest.h>

#include <string>

#include "activitypub/uris.h"
#include "src/server/pages/layout.h"
#include "src/server/pages/profile_page.h"
#include "tests/unit/pages/html_check.h"

using namespace cornerstore;
using namespace cornerstore::server::pages;

namespace {

const activitypub::Uris& TestUris() {
  static const activitypub::Uris uris("https://social.shop.example", "shop.example");
  return uris;
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

store::StoredObject Post(int64_t id, std::string content_html) {
  store::StoredObject p;
  p.id = id;
  p.uri = "https://social.shop.example/users/shop/statuses/" + std::to_string(id);
  p.url = "https://social.shop.example/@shop/" + std::to_string(id);
  p.account_id = 1;
  p.content_html = std::move(content_html);
  p.published_at = 1795860000;
  return p;
}

ProfileView View() {
  ProfileView view;
  view.account.id = 1;
  view.account.username = "shop";
  view.account.display_name = "Corner Shop";
  view.account.summary = "Bread, cheese\nand coffee.";
  view.account.avatar_url = "https://social.shop.example/media/avatar.png";
  view.account.header_url = "https://social.shop.example/media/header.jpg";
  view.account.fields = {{"Website", "https://shop.example"},
                         {"Hours", "Mon-Sat 8-18"},
                         {"Address", "1 Market St"},
                         {"Phone", "+1 555 0100"}};
  view.followers = 12;
  view.following = 1;
  view.statuses = 30;
  view.pinned = {Post(3, "<p>Opening hours over the holidays</p>")};
  view.posts = {Post(30, "<p>Fresh bread</p>"), Post(29, "<p>New cheese</p>")};
  return view;
}

void CheckValid(const std::string& html) {
  for (const std::string& problem : testing::HtmlProblems(html)) FAIL_CHECK(problem);
}

}  // namespace

TEST_CASE("profile page: card, fields, counts, follow form") {
  const std::string html = RenderProfilePage(View(), TestUris());
  CheckValid(html);
  CHECK(Contains(html, "<article class=\"card h-card\">"));
  CHECK(Contains(html, "<h1 class=\"p-name\">Corner Shop</h1>"));
  CHECK(Contains(html, "href=\"https://social.shop.example/@shop\">@shop@shop.example</a>"));
  CHECK(Contains(html, "<div class=\"p-note\"><p>Bread, cheese<br>and coffee.</p></div>"));
  CHECK(Contains(html, "alt=\"Avatar of Corner Shop\""));
  CHECK(Contains(html, "alt=\"Header image of Corner Shop\""));
  // Link fields carry rel="me" (profile verification); the others are text.
  CHECK(Contains(html, "<dt>Website</dt><dd><a href=\"https://shop.example\""));
  CHECK(Contains(html, "rel=\"nofollow noopener noreferrer me\""));
  CHECK(Contains(html, "<dt>Hours</dt><dd>Mon-Sat 8-18</dd>"));
  CHECK(Contains(html, "<dt>Phone</dt><dd>+1 555 0100</dd>"));
  CHECK(Contains(html, "<li><b>30</b> posts</li>"));
  CHECK(Contains(html, "<li><b>1</b> following</li>"));
  CHECK(Contains(html, "<li><b>12</b> followers</li>"));
  CHECK(Contains(html, "<form class=\"follow\" method=\"get\" action=\"/@shop/remote_follow\">"));
  CHECK(Contains(html, "<input type=\"text\" id=\"acct\" name=\"acct\""));
}

TEST_CASE("profile page: pinned posts first, then posts as h-entries, pager") {
  ProfileView view = View();
  std::string html = RenderProfilePage(view, TestUris());
  const size_t pinned = html.find("Opening hours");
  const size_t newest = html.find("Fresh bread");
  REQUIRE(pinned != std::string::npos);
  REQUIRE(newest != std::string::npos);
  CHECK(pinned < newest);
  CHECK(Contains(html, "<h2 id=\"pinned\">Pinned</h2>"));
  CHECK(Contains(html, "<article class=\"card h-entry\">"));
  CHECK(Contains(html, "<header class=\"p-author h-card\">"));
  CHECK(Contains(html, "class=\"u-url u-uid\" href=\"https://social.shop.example/@shop/30\""));
  CHECK(Contains(html, "<time class=\"dt-published\" datetime=\"2026-11-28T10:00:00Z\">"));
  CHECK(Contains(html, "<div class=\"e-content\"><p>Fresh bread</p></div>"));
  CHECK_FALSE(Contains(html, "Older posts"));

  view.older_max_id = 29;
  html = RenderProfilePage(view, TestUris());
  CHECK(
      Contains(html, "<a rel=\"next\" href=\"https://social.shop.example/@shop?max_id=29\">Older"));
  CheckValid(html);

  // An older page: no pins, a way back to the newest.
  view.first_page = false;
  html = RenderProfilePage(view, TestUris());
  CHECK_FALSE(Contains(html, "Opening hours"));
  CHECK(Contains(html, "Newest posts</a>"));
  CheckValid(html);

  view.posts.clear();
  view.older_max_id = 0;
  html = RenderProfilePage(view, TestUris());
  CHECK(Contains(html, "No public posts yet."));
  CheckValid(html);
}

TEST_CASE("profile page: head for link previews, feeds and the actor") {
  const std::string html = RenderProfilePage(View(), TestUris());
  CHECK(Contains(html,
                 "<link rel=\"alternate\" type=\"application/activity+json\" "
                 "href=\"https://social.shop.example/users/shop\">"));
  CHECK(Contains(html,
                 "type=\"application/atom+xml\" title=\"Corner Shop (@shop@shop.example) "
                 "(Atom)\" href=\"https://social.shop.example/@shop.atom\">"));
  CHECK(Contains(html, "type=\"application/rss+xml\""));
  CHECK(Contains(html, "<meta property=\"og:type\" content=\"profile\">"));
  CHECK(
      Contains(html, "<meta property=\"og:title\" content=\"Corner Shop (@shop@shop.example)\">"));
  CHECK(Contains(html,
                 "<meta property=\"og:image\" "
                 "content=\"https://social.shop.example/media/avatar.png\">"));
  CHECK(Contains(html, "<meta name=\"twitter:card\" content=\"summary\">"));
  CHECK(Contains(html, "<meta property=\"og:description\" content=\"Bread, cheese and coffee.\">"));
}

TEST_CASE("profile page: hostile owner input stays inert") {
  ProfileView view = View();
  const std::string attack = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
  view.account.display_name = attack;
  view.account.summary = attack;
  view.account.avatar_url = "javascript:alert(3)";
  view.account.header_url = "data:text/html,<script>alert(4)</script>";
  view.account.fields = {{attack, attack}, {"Site", "javascript:alert(5)"}};
  view.posts = {Post(9,
                     "<p>hi</p><script>alert(6)</script><a href=\"javascript:alert(7)\">x</a>"
                     "<img src=x onerror=alert(8)><p style=\"color:red\">styled</p>")};
  view.posts[0].url = "javascript:alert(9)";
  const std::string html = RenderProfilePage(view, TestUris());
  CheckValid(html);
  CHECK_FALSE(Contains(html, "<script"));
  // Typed text stays visible as text; it never becomes a link, an image or an attribute.
  CHECK_FALSE(Contains(html, "href=\"javascript:"));
  CHECK_FALSE(Contains(html, "src=\"javascript:"));
  CHECK_FALSE(Contains(html, "<img src=x"));
  CHECK_FALSE(Contains(html, "data:text/html"));
  CHECK(Contains(html, "<dt>Site</dt><dd>javascript:alert(5)</dd>"));
  CHECK(Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"));
  // The post falls back to its id for its link.
  CHECK(Contains(html, "href=\"https://social.shop.example/users/shop/statuses/9\""));
}

TEST_CASE("remote follow page: the form keeps the handle and shows the error") {
  const std::string html = RenderRemoteFollowPage(View().account, TestUris(), "a\"b@host",
                                                  "Please enter a handle <like> this.");
  CheckValid(html);
  CHECK(Contains(html, "value=\"a&quot;b@host\""));
  CHECK(Contains(html, "role=\"alert\">Please enter a handle &lt;like&gt; this.</p>"));
  CHECK(AtomFeedUrl(TestUris(), "shop") == "https://social.shop.example/@shop.atom");
  CHECK(RssFeedUrl(TestUris(), "shop") == "https://social.shop.example/@shop.rss");
  CHECK(RemoteFollowPath("shop") == "/@shop/remote_follow");
}

TEST_CASE("message pages: valid, escaped, with the security headers") {
  HttpResponse r = MessagePage(404, "Not <found>", "Nothing \"here\".");
  CHECK(r.status == 404);
  CheckValid(r.body);
  CHECK(Contains(r.body, "<h1>Not &lt;found&gt;</h1>"));
  CHECK(Contains(r.body, "<p>Nothing &quot;here&quot;.</p>"));
  const std::string csp(r.headers.Get("Content-Security-Policy").value_or(""));
  CHECK(Contains(csp, "script-src 'none'"));
  CHECK(Contains(csp, "style-src 'self'"));
  CHECK_FALSE(Contains(csp, "unsafe-inline"));
  CHECK(r.headers.Get("X-Content-Type-Options") == "nosniff");
  // The stylesheet stays small: it is on the critical path of every page on a phone.
  CHECK(Stylesheet().size() < 4096);
}
