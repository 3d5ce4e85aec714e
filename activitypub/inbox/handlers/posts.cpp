#include "activitypub/inbox/handlers/posts.h"

#include <algorithm>

#include "activitypub/vocabulary/from_json.h"
#include "src/common/html_escape.h"
#include "src/common/url.h"

namespace cornerstore::activitypub::handlers {
namespace {

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// "@user@host" → "user@host"; a bare "@user" gets the host of the actor id.
std::string AcctOf(const Tag& mention) {
  std::string_view name = mention.name;
  if (name.starts_with('@')) name.remove_prefix(1);
  if (name.empty()) return {};
  if (name.find('@') == std::string_view::npos) {
    std::string host = HostOf(mention.href);
    return host.empty() ? std::string(name) : std::string(name) + "@" + host;
  }
  return std::string(name);
}

}  // namespace

store::Visibility VisibilityOf(const Addressing& addressing, std::string_view followers_uri) {
  auto in = [](const std::vector<std::string>& v, std::string_view id) {
    return std::find(v.begin(), v.end(), id) != v.end();
  };
  if (in(addressing.to, kPublicCollection)) return store::Visibility::kPublic;
  if (in(addressing.cc, kPublicCollection)) return store::Visibility::kUnlisted;
  if (!followers_uri.empty() && addressing.Contains(followers_uri)) {
    return store::Visibility::kFollowers;
  }
  return store::Visibility::kDirect;
}

std::string PostContentHtml(const ApObject& post, const HtmlSanitizer& sanitize) {
  if (post.type == "Note" || post.type == "Question") {
    std::string html = post.content;
    if (!post.poll_options.empty()) {
      html += "<ul>";
      for (const std::string& option : post.poll_options) {
        html += "<li>" + EscapeHtml(option) + "</li>";
      }
      html += "</ul>";
    }
    return html.empty() ? std::string() : sanitize(html);
  }
  // Shown as a title and a link to the original (PROTOCOL.md §9).
  std::string html;
  if (!post.name.empty()) html += "<p><strong>" + EscapeHtml(post.name) + "</strong></p>";
  std::string link = post.url.empty() ? post.id : post.url;
  if (!link.empty()) {
    html += "<p><a href=\"" + EscapeHtml(link) + "\">" + EscapeHtml(link) + "</a></p>";
  }
  return html.empty() ? std::string() : sanitize(html);
}

store::StoredObject StoredObjectFromPost(const ApObject& post, store::Visibility visibility,
                                         const HtmlSanitizer& sanitize, int64_t now) {
  store::StoredObject o;
  o.uri = post.id;
  o.url = post.url;
  o.type = post.type;
  o.attributed_to = post.attributed_to;
  o.in_reply_to_uri = post.in_reply_to;
  o.conversation_uri = post.conversation;
  o.visibility = visibility;
  o.summary = post.summary.empty() ? std::string() : sanitize(post.summary);
  o.sensitive = post.sensitive;
  o.content_html = PostContentHtml(post, sanitize);
  o.language = post.language;
  o.to = post.addressing.to;
  o.cc = post.addressing.cc;
  for (const Tag& tag : post.tags) {
    if (tag.type == TagType::kMention && IsValidId(tag.href)) {
      bool seen =
          std::any_of(o.mentions.begin(), o.mentions.end(),
                      [&](const store::StoredMention& m) { return m.actor_uri == tag.href; });
      if (!seen) o.mentions.push_back(store::StoredMention{tag.href, AcctOf(tag), 0});
    } else if (tag.type == TagType::kHashtag) {
      std::string_view name = tag.name;
      if (name.starts_with('#')) name.remove_prefix(1);
      std::string lower = AsciiLower(name);
      if (!lower.empty() &&
          std::find(o.hashtags.begin(), o.hashtags.end(), lower) == o.hashtags.end()) {
        o.hashtags.push_back(std::move(lower));
      }
    }
  }
  o.published_at = post.published != 0 ? post.published : now;
  o.raw_json = post.raw_json;
  return o;
}

}  // namespace cornerstore::activitypub::handlers
