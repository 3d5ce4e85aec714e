#include "src/server/pages/interaction_page.h"

#include "activitypub/content/sanitizer.h"
#include "src/common/html_escape.h"
#include "src/server/pages/layout.h"
#include "src/server/pages/post_card.h"

namespace cornerstore::server::pages {
namespace {

std::string ActorName(const InteractionView& view) {
  return view.actor.display_name.empty() ? view.actor.username : view.actor.display_name;
}

// The remote account as an h-card: avatar, name, handle, bio.
std::string ActorCard(const InteractionView& view) {
  const std::string name = ActorName(view);
  std::string card = "<div class=\"h-card\">\n";
  const std::string avatar = SafeHttpUrl(view.actor.avatar_url);
  if (!avatar.empty()) {
    card += "<img class=\"avatar u-photo\" src=\"" + EscapeHtml(avatar) + "\" alt=\"Avatar of " +
            EscapeHtml(name) + "\" width=\"96\" height=\"96\">\n";
  }
  card += "<h2 class=\"p-name\">" + EscapeHtml(name) + "</h2>\n";
  std::string profile = SafeHttpUrl(view.actor.url);
  if (profile.empty()) profile = SafeHttpUrl(view.actor.uri);
  card += "<p class=\"handle\">";
  card += profile.empty() ? EscapeHtml(view.actor_handle)
                          : "<a class=\"u-url\" href=\"" + EscapeHtml(profile) + "\">" +
                                EscapeHtml(view.actor_handle) + "</a>";
  card += "</p>\n";
  if (!view.actor.summary_html.empty()) {
    card += "<div class=\"p-note\">" + activitypub::content::SanitizeHtml(view.actor.summary_html) +
            "</div>\n";
  }
  card += "</div>\n";
  return card;
}

}  // namespace

std::string RenderInteractionPage(const InteractionView& view) {
  const std::string name = ActorName(view);
  std::string body =
      "<main>\n<article class=\"card\">\n<h1>Follow " + EscapeHtml(name) + "?</h1>\n";
  body += ActorCard(view);
  if (view.owner_handle.empty()) {
    body += "<p>Log in to your dashboard to follow this account.</p>\n";
    body += "<p><a href=\"" + EscapeHtml(view.login_url) + "\">Log in</a></p>\n";
  } else if (!view.follow_state.empty()) {
    body += "<p>" + EscapeHtml(view.owner_handle) +
            (view.follow_state == "pending" ? " has asked to follow this account already."
                                            : " follows this account already.") +
            "</p>\n";
  } else {
    body += "<form class=\"follow\" method=\"post\" action=\"" +
            std::string(kAuthorizeInteractionPath) + "\">\n";
    body += "<input type=\"hidden\" name=\"csrf_token\" value=\"" + EscapeHtml(view.csrf_token) +
            "\">\n";
    body += "<input type=\"hidden\" name=\"uri\" value=\"" + EscapeHtml(view.actor.uri) + "\">\n";
    body += "<button type=\"submit\">Follow as " + EscapeHtml(view.owner_handle) + "</button>\n";
    body += "</form>\n";
  }
  body += "</article>\n</main>";
  return RenderPage(EscapeHtml("Follow " + name), "", body);
}

std::string RenderFollowSentPage(const InteractionView& view, bool pending) {
  const std::string name = ActorName(view);
  const std::string title = pending ? "Follow request sent" : "Following " + name;
  std::string body = "<main>\n<article class=\"card\">\n<h1>" + EscapeHtml(title) + "</h1>\n";
  body += ActorCard(view);
  body += "<p>" +
          EscapeHtml(pending ? "The request is on its way; " + name +
                                   " appears among the accounts you follow once it is accepted."
                             : view.owner_handle + " follows " + name + ".") +
          "</p>\n<p><a href=\"/dashboard/people\">Back to the dashboard</a></p>\n";
  body += "</article>\n</main>";
  return RenderPage(EscapeHtml(title), "", body);
}

}  // namespace cornerstore::server::pages
