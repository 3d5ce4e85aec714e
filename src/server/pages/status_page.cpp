#include "src/server/pages/status_page.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>

#include "activitypub/content/sanitizer.h"
#include "src/common/clock.h"
#include "src/common/html_escape.h"
#include "src/common/url.h"
#include "src/server/pages/layout.h"

namespace cornerstore::server::pages {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026
// Shown on the warning of a post marked sensitive without saying why (as Mastodon does).
constexpr std::string_view kSensitiveLabel = "Sensitive content";

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }
bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string DisplayName(const store::Account& author) {
  return author.display_name.empty() ? author.username : author.display_name;
}

// The link to the post this one answers; nothing unless the parent is an http(s) URL (an href
// with another scheme, say javascript:, must never reach the page).
std::string ReplyLink(const store::StoredObject& post) {
  if (post.in_reply_to_uri.empty()) return "";
  const auto parent = ParseUrl(post.in_reply_to_uri);
  if (!parent) return "";
  return "<p class=\"handle\">In reply to <a class=\"u-in-reply-to\" href=\"" +
         EscapeHtml(post.in_reply_to_uri) + "\">a post on " + EscapeHtml(parent->host) +
         "</a></p>\n";
}

std::string Head(const store::StoredObject& post, const std::string& display,
                 const std::string& handle, const std::string& url) {
  std::string head;
  head += "<link rel=\"alternate\" type=\"application/activity+json\" href=\"" +
          EscapeHtml(post.uri) + "\">\n";
  head += "<meta property=\"og:type\" content=\"article\">\n";
  head += "<meta property=\"og:title\" content=\"" + EscapeHtml(display + " (" + handle + ")") +
          "\">\n";
  head += "<meta property=\"og:description\" content=\"" +
          EscapeHtml(Excerpt(StatusPreviewText(post), kStatusDescriptionMaxChars)) + "\">\n";
  head += "<meta property=\"og:url\" content=\"" + EscapeHtml(url) + "\">\n";
  if (post.published_at != 0) {
    head += "<meta property=\"article:published_time\" content=\"" +
            EscapeHtml(FormatIso8601(post.published_at)) + "\">\n";
  }
  return head;
}

// The replies section: nothing at all when there are none.
std::string RepliesSection(const std::vector<Reply>& replies) {
  if (replies.empty()) return "";
  std::string section = "<section class=\"replies\" aria-labelledby=\"replies\">\n";
  section += "<h2 id=\"replies\">Replies</h2>\n";
  for (const Reply& reply : replies) section += RenderPostCard(reply.post, reply.author, "h3");
  section += "</section>\n";
  return section;
}

}  // namespace

std::string Excerpt(std::string_view text, size_t max_chars) {
  std::string out;
  out.reserve(std::min(text.size(), max_chars * 4));
  size_t chars = 0;
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (!IsContinuationByte(c)) {
      // A new code point (and the space before it, if any) must fit.
      if (chars + (pending_space ? 1 : 0) >= max_chars) {
        out += kEllipsis;
        return out;
      }
      if (pending_space) {
        out += ' ';
        ++chars;
        pending_space = false;
      }
      ++chars;
    }
    out += c;
  }
  return out;
}

std::string StatusPreviewText(const store::StoredObject& post) {
  if (!post.summary.empty()) return "Content warning: " + post.summary;
  if (post.sensitive) return std::string(kSensitiveLabel);
  return activitypub::content::HtmlToPlainText(post.content_html);
}

std::string RenderStatusPage(const store::StoredObject& post, const store::Account& author,
                             const activitypub::Uris& uris, const std::vector<Reply>& replies) {
  const std::string display = DisplayName(author);
  const std::string handle = "@" + uris.Acct(author.username);
  const std::string url = post.url.empty() ? post.uri : post.url;
  const std::string profile = EscapeHtml(uris.ProfilePage(author.username));

  std::string body = "<main>\n<article class=\"card h-entry\">\n";
  body += ReplyLink(post);
  body += "<header class=\"p-author h-card\">\n";
  body += "<h1><a class=\"u-url p-name\" href=\"" + profile + "\">" + EscapeHtml(display) +
          "</a></h1>\n";
  body += "<p class=\"handle p-nickname\">" + EscapeHtml(handle) + "</p>\n";
  body += "</header>\n";
  body += ContentBlock(post);
  body += "<p class=\"counts\"><a class=\"u-url u-uid\" href=\"" + EscapeHtml(url) + "\">" +
          TimeElement("dt-published", post.published_at) + "</a>";
  if (post.edited_at != 0) {
    body += "<span>Edited " + TimeElement("dt-updated", post.edited_at) + "</span>";
  }
  body += "</p>\n</article>\n";
  body += RepliesSection(replies);
  body += "</main>\n";
  body += "<footer>Follow <a href=\"" + profile + "\">" + EscapeHtml(handle) +
          "</a> from your fediverse account (Mastodon and others).</footer>";

  const std::string title =
      display + ": \"" + Excerpt(StatusPreviewText(post), kStatusTitleMaxChars) + "\"";
  return RenderPage(EscapeHtml(title), Head(post, display, handle, url), body);
}

HttpResponse StatusPageResponse(const store::StoredObject& post, const store::Account& author,
                                const activitypub::Uris& uris, const std::vector<Reply>& replies) {
  HttpResponse response = PageResponse(200, RenderStatusPage(post, author, uris, replies));
  response.headers.Set("Cache-Control", std::string(kStatusPageCacheControl));
  return response;
}

HttpResponse StatusFailurePage(const Error& error) {
  switch (error.code) {
    case ErrorCode::kNotFound:
      return MessagePage(404, "Not found", "There is no such post, or it is not public.");
    case ErrorCode::kGone:
      return MessagePage(410, "This post was deleted", "Its author deleted it.");
    default:
      return MessagePage(503, "Temporarily unavailable", "Please try again in a moment.");
  }
}

}  // namespace cornerstore::server::pages
