// The Atom and RSS feeds: well-formed XML with escaped content, entry links and times, and
// control characters dropped (XML 1.0 forbids them).
#include <doctest/doctest.h>

#include <string>

#include "activitypub/uris.h"
#include "src/server/pages/feed.h"

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

store::Account Shop() {
  store::Account a;
  a.id = 1;
  a.username = "shop";
  a.display_name = "Corner & Shop";
  a.summary = "Bread <and> cheese";
  a.updated_at = 1795000000;
  return a;
}

store::StoredObject Post() {
  store::StoredObject p;
  p.id = 5;
  p.uri = "https://social.shop.example/users/shop/statuses/5";
  p.url = "https://social.shop.example/@shop/5";
  p.account_id = 1;
  p.content_html = "<p>Fresh bread &amp; butter</p><script>alert(1)</script>";
  p.published_at = 1795860000;  // Sat 28 Nov 2026 10:00 UTC
  return p;
}

}  // namespace

TEST_CASE("feeds: XML escaping and dates") {
  CHECK(EscapeXml("a<b>&\"'\x01\tz") == "a&lt;b&gt;&amp;&quot;&#39;\tz");
  CHECK(FormatRfc822(1795860000) == "Sat, 28 Nov 2026 10:00:00 +0000");
}

TEST_CASE("feeds: Atom") {
  store::StoredObject warned = Post();
  warned.id = 6;
  warned.uri += "6";
  warned.summary = "Spoilers";
  const std::string xml = RenderAtomFeed(Shop(), {Post(), warned}, TestUris());
  CHECK(xml.starts_with(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">"));
  CHECK(Contains(xml, "<title>Corner &amp; Shop (@shop@shop.example)</title>"));
  CHECK(Contains(xml, "<subtitle>Bread &lt;and&gt; cheese</subtitle>"));
  CHECK(Contains(xml,
                 "<link rel=\"self\" type=\"application/atom+xml\" "
                 "href=\"https://social.shop.example/@shop.atom\"/>"));
  CHECK(Contains(xml, "<updated>2026-11-28T10:00:00Z</updated>"));
  CHECK(Contains(xml, "<id>https://social.shop.example/users/shop/statuses/5</id>"));
  CHECK(Contains(xml,
                 "<link rel=\"alternate\" type=\"text/html\" "
                 "href=\"https://social.shop.example/@shop/5\"/>"));
  CHECK(Contains(xml, "<title>Fresh bread &amp; butter</title>"));
  // Sanitized, then escaped as text: no markup of the post reaches the XML tree.
  CHECK(Contains(xml,
                 "<content type=\"html\">&lt;p&gt;Fresh bread &amp;amp; butter&lt;/p&gt;"
                 "</content>"));
  CHECK_FALSE(Contains(xml, "script>"));
  CHECK(Contains(xml, "<summary>Spoilers</summary>"));
  CHECK(Contains(xml, "<title>Content warning: Spoilers</title>"));
  CHECK(xml.ends_with("</feed>\n"));
}

TEST_CASE("feeds: RSS") {
  const std::string xml = RenderRssFeed(Shop(), {Post()}, TestUris());
  CHECK(Contains(xml, "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">"));
  CHECK(Contains(xml, "<link>https://social.shop.example/@shop</link>"));
  CHECK(Contains(xml, "<description>Bread &lt;and&gt; cheese</description>"));
  CHECK(Contains(xml, "<pubDate>Sat, 28 Nov 2026 10:00:00 +0000</pubDate>"));
  CHECK(Contains(xml,
                 "<guid isPermaLink=\"false\">https://social.shop.example/users/shop/statuses/5"));
  CHECK(Contains(xml, "<link>https://social.shop.example/@shop/5</link>"));
  CHECK_FALSE(Contains(xml, "script>"));
  CHECK(xml.ends_with("</channel>\n</rss>\n"));

  // An empty feed is still a feed.
  const std::string empty = RenderRssFeed(Shop(), {}, TestUris());
  CHECK(Contains(empty, "<lastBuildDate>"));
  CHECK_FALSE(Contains(empty, "<item>"));

  HttpResponse r = FeedResponse(xml, "application/rss+xml");
  CHECK(r.headers.Get("Content-Type") == "application/rss+xml; charset=utf-8");
  CHECK(r.headers.Get("Cache-Control") == std::string(kFeedCacheControl));
}
