#include "src/server/pages/profile_page.h"

#include "activitypub/profile_html.h"
#include "src/common/html_escape.h"
#include "src/server/pages/layout.h"

namespace cornerstore::server::pages {

std::string RenderProfilePage(const store::Account& account, const activitypub::Uris& uris) {
  const std::string& name = account.username;
  const std::string display =
      EscapeHtml(account.display_name.empty() ? name : account.display_name);
  const std::string handle = EscapeHtml("@" + uris.Acct(name));
  const std::string actor = EscapeHtml(uris.Actor(name));

  std::string head;
  head += "<link rel=\"alternate\" type=\"application/activity+json\" href=\"" + actor + "\">\n";
  head += "<meta property=\"og:type\" content=\"profile\">\n";
  head += "<meta property=\"og:title\" content=\"" + display + " (" + handle + ")\">\n";
  head += "<meta property=\"og:url\" content=\"" + EscapeHtml(uris.ProfilePage(name)) + "\">\n";
  head += "<meta property=\"og:description\" content=\"" + EscapeHtml(account.summary) + "\">\n";

  std::string body = "<main>\n<article class=\"card h-card\">\n";
  if (!account.header_url.empty()) {
    body += "<img class=\"header\" src=\"" + EscapeHtml(account.header_url) + "\" alt=\"\">\n";
  }
  if (!account.avatar_url.empty()) {
    body +=
        "<img class=\"avatar u-photo\" src=\"" + EscapeHtml(account.avatar_url) + "\" alt=\"\">\n";
  }
  body += "<h1 class=\"p-name\">" + display + "</h1>\n";
  body += "<p class=\"handle\"><a class=\"u-url\" rel=\"me\" href=\"" +
          EscapeHtml(uris.ProfilePage(name)) + "\">" + handle + "</a></p>\n";
  body += "<div class=\"p-note\">" + activitypub::PlainTextToHtml(account.summary) + "</div>\n";
  if (!account.fields.empty()) {
    body += "<dl class=\"fields\">\n";
    for (const auto& field : account.fields) {
      body += "<dt>" + EscapeHtml(field.name) + "</dt><dd>" +
              activitypub::FieldValueToHtml(field.value) + "</dd>\n";
    }
    body += "</dl>\n";
  }
  body += "</article>\n</main>\n<footer>Follow " + handle +
          " from your fediverse account (Mastodon and others).</footer>";
  return RenderPage(display + " (" + handle + ")", head, body);
}

}  // namespace cornerstore::server::pages
