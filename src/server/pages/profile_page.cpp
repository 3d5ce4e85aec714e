#include "src/server/pages/profile_page.h"

#include "activitypub/profile_html.h"
#include "src/common/html_escape.h"
#include "src/server/pages/layout.h"
#include "src/server/pages/post_card.h"
#include "src/server/pages/status_page.h"

namespace cornerstore::server::pages {
namespace {

std::string DisplayName(const store::Account& account) {
  return account.display_name.empty() ? account.username : account.display_name;
}

std::string Meta(std::string_view attribute, std::string_view key, std::string_view value) {
  return "<meta " + std::string(attribute) + "=\"" + std::string(key) + "\" content=\"" +
         EscapeHtml(value) + "\">\n";
}

std::string Head(const ProfileView& view, const activitypub::Uris& uris, const std::string& display,
                 const std::string& handle) {
  const std::string& name = view.account.username;
  const std::string title = display + " (" + handle + ")";
  const std::string description = Excerpt(view.account.summary, kProfileDescriptionMaxChars);
  std::string head;
  head += "<link rel=\"alternate\" type=\"application/activity+json\" href=\"" +
          EscapeHtml(uris.Actor(name)) + "\">\n";
  head += "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"" + EscapeHtml(title) +
          " (Atom)\" href=\"" + EscapeHtml(AtomFeedUrl(uris, name)) + "\">\n";
  head += "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"" + EscapeHtml(title) +
          " (RSS)\" href=\"" + EscapeHtml(RssFeedUrl(uris, name)) + "\">\n";
  head += "<link rel=\"canonical\" href=\"" + EscapeHtml(uris.ProfilePage(name)) + "\">\n";
  head += Meta("name", "description", description);
  head += Meta("property", "og:type", "profile");
  head += Meta("property", "og:title", title);
  head += Meta("property", "og:url", uris.ProfilePage(name));
  head += Meta("property", "og:description", description);
  head += Meta("property", "profile:username", uris.Acct(name));
  const std::string image = SafeHttpUrl(view.account.avatar_url);
  if (!image.empty()) head += Meta("property", "og:image", image);
  head += Meta("name", "twitter:card", "summary");
  head += Meta("name", "twitter:title", title);
  head += Meta("name", "twitter:description", description);
  return head;
}

std::string Counts(const ProfileView& view) {
  auto item = [](int64_t n, std::string_view one, std::string_view many) {
    return "<li><b>" + std::to_string(n) + "</b> " + std::string(n == 1 ? one : many) + "</li>";
  };
  // Totals stay visible when the owner hides the lists (as the followers collection shows
  // totalItems only): the page never lists who they are anyway.
  return "<ul class=\"counts\">" + item(view.statuses, "post", "posts") +
         item(view.following, "following", "following") +
         item(view.followers, "follower", "followers") + "</ul>\n";
}

std::string FollowForm(const store::Account& account, const std::string& handle,
                       std::string_view acct) {
  std::string form = "<form class=\"follow\" method=\"get\" action=\"" +
                     EscapeHtml(RemoteFollowPath(account.username)) + "\">\n";
  form += "<label for=\"acct\">Follow " + EscapeHtml(handle) + " from your account</label>\n";
  form +=
      "<input type=\"text\" id=\"acct\" name=\"acct\" required autocomplete=\"username\" "
      "autocapitalize=\"none\" spellcheck=\"false\" placeholder=\"you@your.server\" value=\"" +
      EscapeHtml(acct) + "\">\n";
  form += "<button type=\"submit\">Follow</button>\n</form>\n";
  return form;
}

std::string ProfileCard(const ProfileView& view, const activitypub::Uris& uris,
                        const std::string& display, const std::string& handle) {
  const store::Account& account = view.account;
  std::string card = "<article class=\"card h-card\">\n";
  const std::string header = SafeHttpUrl(account.header_url);
  if (!header.empty()) {
    card += "<img class=\"header\" src=\"" + EscapeHtml(header) + "\" alt=\"Header image of " +
            EscapeHtml(display) + "\">\n";
  }
  const std::string avatar = SafeHttpUrl(account.avatar_url);
  if (!avatar.empty()) {
    card += "<img class=\"avatar u-photo\" src=\"" + EscapeHtml(avatar) + "\" alt=\"Avatar of " +
            EscapeHtml(display) + "\" width=\"96\" height=\"96\">\n";
  }
  card += "<h1 class=\"p-name\">" + EscapeHtml(display) + "</h1>\n";
  card += "<p class=\"handle\"><a class=\"u-url u-uid\" rel=\"me\" href=\"" +
          EscapeHtml(uris.ProfilePage(account.username)) + "\">" + EscapeHtml(handle) +
          "</a></p>\n";
  if (!account.summary.empty()) {
    card += "<div class=\"p-note\">" + activitypub::PlainTextToHtml(account.summary) + "</div>\n";
  }
  if (!account.fields.empty()) {
    card += "<dl class=\"fields\">\n";
    for (const auto& field : account.fields) {
      card += "<dt>" + EscapeHtml(field.name) + "</dt><dd>" +
              activitypub::FieldValueToHtml(field.value) + "</dd>\n";
    }
    card += "</dl>\n";
  }
  card += Counts(view);
  card += FollowForm(account, handle, "");
  card += "</article>\n";
  return card;
}

}  // namespace

std::string AtomFeedUrl(const activitypub::Uris& uris, std::string_view username) {
  return uris.ProfilePage(username) + ".atom";
}

std::string RssFeedUrl(const activitypub::Uris& uris, std::string_view username) {
  return uris.ProfilePage(username) + ".rss";
}

std::string RemoteFollowPath(std::string_view username) {
  return "/@" + std::string(username) + "/remote_follow";
}

std::string RenderProfilePage(const ProfileView& view, const activitypub::Uris& uris) {
  const std::string& name = view.account.username;
  const std::string display = DisplayName(view.account);
  const std::string handle = "@" + uris.Acct(name);
  const PostAuthor author{display, handle, uris.ProfilePage(name)};

  std::string body = "<main>\n";
  body += ProfileCard(view, uris, display, handle);
  if (view.first_page && !view.pinned.empty()) {
    body += "<section aria-labelledby=\"pinned\">\n<h2 id=\"pinned\">Pinned</h2>\n";
    for (const auto& post : view.pinned) body += RenderPostCard(post, author, "h3");
    body += "</section>\n";
  }
  body += "<section aria-labelledby=\"posts\">\n<h2 id=\"posts\">Posts</h2>\n";
  if (view.posts.empty()) body += "<p>No public posts yet.</p>\n";
  for (const auto& post : view.posts) body += RenderPostCard(post, author, "h3");
  if (view.older_max_id != 0 || !view.first_page) {
    body += "<nav class=\"pager\" aria-label=\"More posts\">";
    if (!view.first_page) {
      body += "<a href=\"" + EscapeHtml(uris.ProfilePage(name)) + "\">Newest posts</a> ";
    }
    if (view.older_max_id != 0) {
      body += "<a rel=\"next\" href=\"" + EscapeHtml(uris.ProfilePage(name)) +
              "?max_id=" + std::to_string(view.older_max_id) + "\">Older posts</a>";
    }
    body += "</nav>\n";
  }
  body += "</section>\n</main>\n";
  body += "<footer><a href=\"" + EscapeHtml(AtomFeedUrl(uris, name)) +
          "\">Atom feed</a> · <a href=\"" + EscapeHtml(RssFeedUrl(uris, name)) +
          "\">RSS feed</a></footer>";
  return RenderPage(EscapeHtml(display + " (" + handle + ")"), Head(view, uris, display, handle),
                    body);
}

std::string RenderRemoteFollowPage(const store::Account& account, const activitypub::Uris& uris,
                                   std::string_view acct, std::string_view error) {
  const std::string display = DisplayName(account);
  const std::string handle = "@" + uris.Acct(account.username);
  std::string body = "<main>\n<article class=\"card\">\n";
  body += "<h1>Follow " + EscapeHtml(display) + "</h1>\n";
  body +=
      "<p>Enter the handle of your fediverse account (Mastodon and others). Your server "
      "will ask you to confirm.</p>\n";
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + EscapeHtml(error) + "</p>\n";
  body += FollowForm(account, handle, acct);
  body += "<p><a href=\"" + EscapeHtml(uris.ProfilePage(account.username)) + "\">Back to " +
          EscapeHtml(handle) + "</a></p>\n";
  body += "</article>\n</main>";
  return RenderPage(EscapeHtml("Follow " + display), "", body);
}

}  // namespace cornerstore::server::pages
