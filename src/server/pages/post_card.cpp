#include "src/server/pages/post_card.h"

#include <array>
#include <cstdio>
#include <ctime>

#include "activitypub/content/sanitizer.h"
#include "src/common/clock.h"
#include "src/common/html_escape.h"
#include "src/common/url.h"

namespace cornerstore::server::pages {
namespace {

// Shown on the warning of a post marked sensitive without saying why (as Mastodon does).
constexpr std::string_view kSensitiveLabel = "Sensitive content";

}  // namespace

std::string FormatDisplayTime(int64_t unix_seconds) {
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (gmtime_r(&t, &tm) == nullptr) return FormatIso8601(unix_seconds);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%d %s %d, %02d:%02d UTC", tm.tm_mday,
                kMonths[static_cast<size_t>(tm.tm_mon) % kMonths.size()], tm.tm_year + 1900,
                tm.tm_hour, tm.tm_min);
  return buffer;
}

std::string TimeElement(std::string_view cls, int64_t unix_seconds) {
  return "<time class=\"" + std::string(cls) + "\" datetime=\"" +
         EscapeHtml(FormatIso8601(unix_seconds)) + "\">" +
         EscapeHtml(FormatDisplayTime(unix_seconds)) + "</time>";
}

std::string ContentBlock(const store::StoredObject& post) {
  const std::string content = "<div class=\"e-content\">" +
                              activitypub::content::SanitizeHtml(post.content_html) + "</div>\n";
  if (post.summary.empty() && !post.sensitive) return content;
  // Our summaries are plain text as typed, remote ones sanitized HTML: as text, both are inert.
  const std::string label =
      post.summary.empty()
          ? std::string(kSensitiveLabel)
          : EscapeHtml(post.account_id != 0 ? post.summary
                                            : activitypub::content::HtmlToPlainText(post.summary));
  return "<details><summary class=\"p-summary\">" + label + "</summary>\n" + content +
         "</details>\n";
}

std::string SafeHttpUrl(std::string_view url) {
  return ParseUrl(url) ? std::string(url) : std::string();
}

std::string RenderPostCard(const store::StoredObject& post, const PostAuthor& author,
                           std::string_view heading) {
  const std::string h(heading);
  const std::string profile = SafeHttpUrl(author.url);
  std::string card = "<article class=\"card h-entry\">\n<header class=\"p-author h-card\">\n<" + h +
                     " class=\"author\">";
  if (profile.empty()) {
    card += "<span class=\"p-name\">" + EscapeHtml(author.name) + "</span>";
  } else {
    card += "<a class=\"u-url p-name\" href=\"" + EscapeHtml(profile) + "\">" +
            EscapeHtml(author.name) + "</a>";
  }
  card += "</" + h + ">\n<p class=\"handle p-nickname\">" + EscapeHtml(author.handle) +
          "</p>\n</header>\n";
  card += ContentBlock(post);
  std::string link = SafeHttpUrl(post.url);
  if (link.empty()) link = SafeHttpUrl(post.uri);
  const std::string time = TimeElement("dt-published", post.published_at);
  card += "<p class=\"meta\">";
  card += link.empty()
              ? time
              : "<a class=\"u-url u-uid\" href=\"" + EscapeHtml(link) + "\">" + time + "</a>";
  if (post.edited_at != 0)
    card += " <span>Edited " + TimeElement("dt-updated", post.edited_at) + "</span>";
  card += "</p>\n</article>\n";
  return card;
}

}  // namespace cornerstore::server::pages
