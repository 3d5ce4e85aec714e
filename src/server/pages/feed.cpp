#include "src/server/pages/feed.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>

#include "activitypub/content/sanitizer.h"
#include "src/common/clock.h"
#include "src/common/html_escape.h"
#include "src/server/pages/post_card.h"
#include "src/server/pages/profile_page.h"
#include "src/server/pages/status_page.h"

namespace cornerstore::server::pages {
namespace {

std::string DisplayName(const store::Account& account) {
  return account.display_name.empty() ? account.username : account.display_name;
}

std::string PostLink(const store::StoredObject& post) {
  std::string link = SafeHttpUrl(post.url);
  return link.empty() ? SafeHttpUrl(post.uri) : link;
}

std::string EntryTitle(const store::StoredObject& post) {
  std::string title = Excerpt(StatusPreviewText(post), kFeedTitleMaxChars);
  return title.empty() ? "Post" : title;
}

// The newest time anything in the feed changed: what <updated> and <lastBuildDate> say.
int64_t FeedUpdated(const store::Account& account, const std::vector<store::StoredObject>& posts) {
  int64_t updated = account.updated_at;
  for (const auto& post : posts) {
    updated = std::max({updated, post.published_at, post.edited_at});
  }
  return updated;
}

}  // namespace

std::string EscapeXml(std::string_view text) {
  // XML 1.0 allows no C0 control characters but tab, newline and carriage return; the rest is
  // the same escaping as HTML.
  std::string allowed;
  allowed.reserve(text.size());
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x20 || c == '\t' || c == '\n' || c == '\r') allowed += c;
  }
  return EscapeHtml(allowed);
}

std::string FormatRfc822(int64_t unix_seconds) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return "";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s, %02d %s %d %02d:%02d:%02d +0000",
                kDays[static_cast<size_t>(tm.tm_wday) % kDays.size()], tm.tm_mday,
                kMonths[static_cast<size_t>(tm.tm_mon) % kMonths.size()], tm.tm_year + 1900,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buffer;
}

std::string RenderAtomFeed(const store::Account& account,
                           const std::vector<store::StoredObject>& posts,
                           const activitypub::Uris& uris) {
  const std::string& name = account.username;
  const std::string profile = EscapeXml(uris.ProfilePage(name));
  const std::string display = DisplayName(account);
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  xml += "<id>" + profile + "</id>\n";
  xml += "<title>" + EscapeXml(display + " (@" + uris.Acct(name) + ")") + "</title>\n";
  if (!account.summary.empty()) xml += "<subtitle>" + EscapeXml(account.summary) + "</subtitle>\n";
  xml += "<updated>" + FormatIso8601(FeedUpdated(account, posts)) + "</updated>\n";
  xml += "<link rel=\"alternate\" type=\"text/html\" href=\"" + profile + "\"/>\n";
  xml += "<link rel=\"self\" type=\"application/atom+xml\" href=\"" +
         EscapeXml(AtomFeedUrl(uris, name)) + "\"/>\n";
  xml += "<author><name>" + EscapeXml(display) + "</name><uri>" + profile + "</uri></author>\n";
  const std::string avatar = SafeHttpUrl(account.avatar_url);
  if (!avatar.empty()) xml += "<icon>" + EscapeXml(avatar) + "</icon>\n";
  for (const auto& post : posts) {
    xml += "<entry>\n<id>" + EscapeXml(post.uri) + "</id>\n";
    xml += "<title>" + EscapeXml(EntryTitle(post)) + "</title>\n";
    const std::string link = PostLink(post);
    if (!link.empty()) {
      xml += "<link rel=\"alternate\" type=\"text/html\" href=\"" + EscapeXml(link) + "\"/>\n";
    }
    xml += "<published>" + FormatIso8601(post.published_at) + "</published>\n";
    xml += "<updated>" + FormatIso8601(post.edited_at != 0 ? post.edited_at : post.published_at) +
           "</updated>\n";
    if (!post.summary.empty()) xml += "<summary>" + EscapeXml(post.summary) + "</summary>\n";
    xml += "<content type=\"html\">" +
           EscapeXml(activitypub::content::SanitizeHtml(post.content_html)) + "</content>\n";
    xml += "</entry>\n";
  }
  xml += "</feed>\n";
  return xml;
}

std::string RenderRssFeed(const store::Account& account,
                          const std::vector<store::StoredObject>& posts,
                          const activitypub::Uris& uris) {
  const std::string& name = account.username;
  const std::string display = DisplayName(account);
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  xml += "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n";
  xml += "<title>" + EscapeXml(display + " (@" + uris.Acct(name) + ")") + "</title>\n";
  xml += "<link>" + EscapeXml(uris.ProfilePage(name)) + "</link>\n";
  xml += "<description>" +
         EscapeXml(account.summary.empty() ? "Public posts of " + display : account.summary) +
         "</description>\n";
  xml += "<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"" +
         EscapeXml(RssFeedUrl(uris, name)) + "\"/>\n";
  xml += "<lastBuildDate>" + FormatRfc822(FeedUpdated(account, posts)) + "</lastBuildDate>\n";
  for (const auto& post : posts) {
    xml += "<item>\n<title>" + EscapeXml(EntryTitle(post)) + "</title>\n";
    const std::string link = PostLink(post);
    if (!link.empty()) xml += "<link>" + EscapeXml(link) + "</link>\n";
    xml += "<guid isPermaLink=\"false\">" + EscapeXml(post.uri) + "</guid>\n";
    xml += "<pubDate>" + FormatRfc822(post.published_at) + "</pubDate>\n";
    std::string html = activitypub::content::SanitizeHtml(post.content_html);
    if (!post.summary.empty())
      html = "<p><strong>" + EscapeXml(post.summary) + "</strong></p>" + html;
    xml += "<description>" + EscapeXml(html) + "</description>\n</item>\n";
  }
  xml += "</channel>\n</rss>\n";
  return xml;
}

HttpResponse FeedResponse(std::string body, std::string_view content_type) {
  HttpResponse r;
  r.status = 200;
  r.headers.Set("Content-Type", std::string(content_type) + "; charset=utf-8");
  r.headers.Set("Cache-Control", std::string(kFeedCacheControl));
  r.headers.Set("X-Content-Type-Options", "nosniff");
  // A feed is data: should a browser render it anyway, nothing in it may run.
  r.headers.Set("Content-Security-Policy", "default-src 'none'; sandbox");
  r.body = std::move(body);
  return r;
}

}  // namespace cornerstore::server::pages
