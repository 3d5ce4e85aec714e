// The HTML page of a post: escaping, the content warning, times, the reply link, the
// machine-readable parts (OpenGraph, rel=alternate, microformats) and the failure pages.
#include <doctest/doctest.h>

#include <string>

#include "activitypub/uris.h"
#include "src/server/pages/status_page.h"
#include "store/federation_store.h"
#include "store/store.h"
#include "tests/unit/pages/html_check.h"

using namespace cornerstore;
using namespace cornerstore::server::pages;

namespace {

constexpr const char* kPostUri = "https://social.shop.example/users/shop/statuses/abc123";
constexpr int64_t kPublished = 1795860000;  // 2026-11-28T10:00:00Z

const activitypub::Uris& TestUris() {
  static const activitypub::Uris uris("https://social.shop.example", "shop.example");
  return uris;
}

store::Account Author() {
  store::Account a;
  a.id = 1;
  a.username = "shop";
  a.display_name = "Corner Shop";
  return a;
}

store::StoredObject Post(std::string content_html) {
  store::StoredObject p;
  p.id = 7;
  p.uri = kPostUri;
  p.url = kPostUri;
  p.account_id = 1;
  p.content_html = std::move(content_html);
  p.published_at = kPublished;
  return p;
}

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("status page: the post with its author, time and machine-readable parts") {
  const std::string html =
      RenderStatusPage(Post("<p>Croissants are back</p>"), Author(), TestUris());
  CHECK(Contains(html, "<div class=\"e-content\"><p>Croissants are back</p></div>"));
  CHECK(Contains(html, "<article class=\"card h-entry\">"));
  CHECK(Contains(html, "<header class=\"p-author h-card\">"));
  CHECK(Contains(html, "href=\"https://social.shop.example/@shop\">Corner Shop</a>"));
  CHECK(Contains(html, "@shop@shop.example"));
  CHECK(Contains(html,
                 "<time class=\"dt-published\" datetime=\"2026-11-28T10:00:00Z\">"
                 "28 Nov 2026, 10:00 UTC</time>"));
  CHECK(Contains(html, std::string("class=\"u-url u-uid\" href=\"") + kPostUri + "\""));
  CHECK(Contains(html, std::string("<link rel=\"alternate\" type=\"application/activity+json\" "
                                   "href=\"") +
                           kPostUri + "\">"));
  CHECK(Contains(html, "<meta property=\"og:type\" content=\"article\">"));
  CHECK(
      Contains(html, "<meta property=\"og:title\" content=\"Corner Shop (@shop@shop.example)\">"));
  CHECK(Contains(html, "<meta property=\"og:description\" content=\"Croissants are back\">"));
  CHECK(Contains(html, std::string("<meta property=\"og:url\" content=\"") + kPostUri + "\">"));
  CHECK(Contains(html, "<title>Corner Shop: &quot;Croissants are back&quot;</title>"));
  CHECK_FALSE(Contains(html, "<details"));
  CHECK_FALSE(Contains(html, "dt-updated"));
  CHECK_FALSE(Contains(html, "u-in-reply-to"));
  CHECK_FALSE(Contains(html, "<script"));
}

TEST_CASE("status page: the username stands in for an empty display name") {
  store::Account author = Author();
  author.display_name.clear();
  const std::string html = RenderStatusPage(Post("<p>hi</p>"), author, TestUris());
  CHECK(Contains(html, "href=\"https://social.shop.example/@shop\">shop</a>"));
}

TEST_CASE("status page: author strings are escaped, content is sanitized again") {
  store::Account author = Author();
  author.display_name = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>";
  store::StoredObject post = Post(
      "<p>ok</p><script>alert(2)</script><img src=x onerror=alert(3)>"
      "<a href=\"javascript:alert(4)\">x</a>");
  const std::string html = RenderStatusPage(post, author, TestUris());
  CHECK_FALSE(Contains(html, "<script"));
  CHECK_FALSE(Contains(html, "<img"));
  CHECK_FALSE(Contains(html, "javascript:"));
  CHECK_FALSE(Contains(html, "alert(3)"));  // the <img> of the content is dropped
  CHECK(Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img"));
  CHECK(Contains(html, "<p>ok</p>"));
}

TEST_CASE("status page: a content warning hides the content behind <details>") {
  store::StoredObject post = Post("<p>The ending of the film</p>");
  post.summary = "Spoilers <b>ahead</b>";
  post.sensitive = true;
  const std::string html = RenderStatusPage(post, Author(), TestUris());
  CHECK(Contains(html,
                 "<details><summary class=\"p-summary\">Spoilers &lt;b&gt;ahead&lt;/b&gt;"
                 "</summary>\n<div class=\"e-content\"><p>The ending of the film</p></div>\n"
                 "</details>"));
  // Link previews show the warning, not what it hides.
  CHECK(Contains(html, "og:description\" content=\"Content warning: Spoilers &lt;b&gt;"));
  CHECK_FALSE(Contains(html, "content=\"The ending"));
  CHECK_FALSE(Contains(html, "<title>Corner Shop: &quot;The ending"));

  store::StoredObject sensitive = Post("<p>medical photo</p>");
  sensitive.sensitive = true;
  const std::string marked = RenderStatusPage(sensitive, Author(), TestUris());
  CHECK(Contains(marked, "<details><summary class=\"p-summary\">Sensitive content</summary>"));
  CHECK(Contains(marked, "og:description\" content=\"Sensitive content\""));
}

TEST_CASE("status page: edited marker and reply link") {
  store::StoredObject post = Post("<p>hi</p>");
  post.edited_at = kPublished + 3600;
  post.in_reply_to_uri = "https://mastodon.example/users/alice/statuses/1";
  const std::string html = RenderStatusPage(post, Author(), TestUris());
  CHECK(Contains(html, "Edited <time class=\"dt-updated\" datetime=\"2026-11-28T11:00:00Z\">"));
  CHECK(Contains(html,
                 "<a class=\"u-in-reply-to\" "
                 "href=\"https://mastodon.example/users/alice/statuses/1\">"
                 "a post on mastodon.example</a>"));

  // Only http(s) parents become links.
  post.in_reply_to_uri = "javascript:alert(1)";
  const std::string bad = RenderStatusPage(post, Author(), TestUris());
  CHECK_FALSE(Contains(bad, "u-in-reply-to"));
  CHECK_FALSE(Contains(bad, "javascript:"));
}

TEST_CASE("status page: excerpts are cut on code points, whitespace collapsed") {
  CHECK(Excerpt("short", 10) == "short");
  CHECK(Excerpt("  a \n\n b\t c  ", 10) == "a b c");
  CHECK(Excerpt("abcdef", 3) == "abc\xE2\x80\xA6");
  CHECK(Excerpt("ab cd", 2) == "ab\xE2\x80\xA6");
  // "é" is two bytes, "🥐" four: counted as one character each, never split.
  CHECK(Excerpt("\xC3\xA9\xC3\xA9\xC3\xA9", 2) == "\xC3\xA9\xC3\xA9\xE2\x80\xA6");
  CHECK(Excerpt("\xF0\x9F\xA5\x90x", 1) == "\xF0\x9F\xA5\x90\xE2\x80\xA6");
  CHECK(Excerpt("", 5).empty());

  const std::string long_text(kStatusDescriptionMaxChars * 2, 'x');
  const std::string html = RenderStatusPage(Post("<p>" + long_text + "</p>"), Author(), TestUris());
  CHECK(Contains(html,
                 "content=\"" + std::string(kStatusDescriptionMaxChars, 'x') + "\xE2\x80\xA6\">"));
}

TEST_CASE("status page: responses and failure pages") {
  HttpResponse ok = StatusPageResponse(Post("<p>hi</p>"), Author(), TestUris());
  CHECK(ok.status == 200);
  CHECK(ok.headers.Get("Content-Type") == "text/html; charset=utf-8");
  CHECK(ok.headers.Get("Cache-Control") == std::string(kStatusPageCacheControl));
  CHECK(ok.headers.Get("Vary") == "Accept");
  CHECK(ok.headers.Get("Content-Security-Policy").has_value());

  HttpResponse missing = StatusFailurePage(MakeError(ErrorCode::kNotFound, "no such post"));
  CHECK(missing.status == 404);
  CHECK(missing.headers.Get("Content-Type") == "text/html; charset=utf-8");
  CHECK(missing.headers.Get("Vary") == "Accept");
  HttpResponse gone = StatusFailurePage(MakeError(ErrorCode::kGone, "deleted"));
  CHECK(gone.status == 410);
  CHECK(Contains(gone.body, "This post was deleted"));
  HttpResponse down = StatusFailurePage(MakeError(ErrorCode::kUnavailable, "db", "secret detail"));
  CHECK(down.status == 503);
  CHECK_FALSE(Contains(down.body, "secret detail"));
}

TEST_CASE("status page: public replies below the post, hostile ones inert") {
  store::StoredObject local = Post("<p>Thanks!</p>");
  local.id = 8;
  local.uri = "https://social.shop.example/users/shop/statuses/def";
  local.url = "https://social.shop.example/@shop/def";
  Reply mine{local, {"Corner Shop", "@shop@shop.example", "https://social.shop.example/@shop"}};

  store::StoredObject remote;
  remote.id = 9;
  remote.uri = "https://evil.example/notes/1";
  remote.url = "javascript:alert(1)";
  remote.attributed_to = "https://evil.example/users/mallory";
  remote.content_html =
      "<p>nice</p><script>alert(2)</script><img src=x onerror=alert(3)>"
      "<a href=\"javascript:alert(4)\">click</a>";
  remote.summary = "<b>cw</b><script>alert(5)</script>";
  remote.published_at = kPublished + 60;
  Reply theirs{remote,
               {"<script>alert(6)</script>", "@mallory@evil.example", "javascript:alert(7)"}};

  const std::string html =
      RenderStatusPage(Post("<p>Croissants</p>"), Author(), TestUris(), {mine, theirs});
  for (const std::string& problem : cornerstore::testing::HtmlProblems(html)) FAIL_CHECK(problem);
  CHECK(Contains(html, "<section class=\"replies\" aria-labelledby=\"replies\">"));
  CHECK(Contains(html, "<p>Thanks!</p>"));
  CHECK(Contains(html, "<p>nice</p>"));
  CHECK(Contains(html, "@mallory@evil.example"));
  CHECK(Contains(html, "href=\"https://evil.example/notes/1\""));  // the id stands in for the url
  CHECK(Contains(html, "<summary class=\"p-summary\">cw</summary>"));
  CHECK_FALSE(Contains(html, "<script"));
  CHECK_FALSE(Contains(html, "javascript:"));
  CHECK_FALSE(Contains(html, "onerror"));
  CHECK(html.find("Croissants") < html.find("Thanks!"));

  // No replies, no section.
  CHECK_FALSE(Contains(RenderStatusPage(Post("<p>x</p>"), Author(), TestUris()), "replies"));
}
