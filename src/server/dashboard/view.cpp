#include "src/server/dashboard/view.h"

#include <array>
#include <utility>

#include "src/common/html_escape.h"
#include "src/server/pages/layout.h"

namespace cornerstore::server::dashboard {
namespace {

struct NavItem {
  Section section;
  std::string_view href;
  std::string_view label;
};

constexpr std::array<NavItem, 4> kNav = {{
    {Section::kPosts, "/dashboard", "Posts"},
    {Section::kPeople, "/dashboard/people", "People"},
    {Section::kNotifications, "/dashboard/notifications", "Notifications"},
    {Section::kProfile, "/dashboard/profile", "Profile"},
}};

// What a redirect may announce, by the code in its query.
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kNotices = {{
    {"posted", "Your post was published."},
    {"edited", "Your post was updated."},
    {"deleted", "Your post was deleted."},
    {"pinned", "The post is pinned to your profile."},
    {"unpinned", "The post is no longer pinned."},
    {"profile", "Your profile was saved and sent to your followers."},
    {"approved", "Follow request approved."},
    {"rejected", "Follow request rejected."},
    {"removed", "Follower removed."},
    {"blocked", "Account blocked."},
    {"unblocked", "Account unblocked."},
    {"followed", "Follow request sent."},
    {"unfollowed", "You no longer follow that account."},
    {"loggedout", "You are logged out."},
}};

}  // namespace

std::string RenderDashboardPage(const Shell& shell, std::string_view body) {
  std::string html;
  html.reserve(body.size() + 2048);
  if (!shell.username.empty()) {
    html += "<header class=\"dash-bar\">\n<nav aria-label=\"Dashboard\">\n<ul>\n";
    for (const NavItem& item : kNav) {
      html += "<li><a href=\"";
      html += item.href;
      html += "\"";
      if (item.section == shell.section) html += " aria-current=\"page\"";
      html += ">";
      html += item.label;
      html += "</a></li>\n";
    }
    html += "</ul>\n</nav>\n<form method=\"post\" action=\"/dashboard/logout\" class=\"logout\">";
    html += CsrfField(shell.csrf);
    html += "<span class=\"who\">@";
    AppendEscapedHtml(html, shell.username);
    html += "</span> <button type=\"submit\" class=\"quiet\">Log out</button></form>\n</header>\n";
  }
  html += "<main class=\"dash\">\n";
  if (!shell.notice.empty()) {
    html += "<p class=\"notice\" role=\"status\">";
    AppendEscapedHtml(html, shell.notice);
    html += "</p>\n";
  }
  if (!shell.error.empty()) {
    html += "<p class=\"alert\" role=\"alert\">";
    AppendEscapedHtml(html, shell.error);
    html += "</p>\n";
  }
  html += body;
  html += "\n</main>";
  return pages::RenderPage(EscapeHtml(shell.title) + " · Dashboard",
                           "<link rel=\"stylesheet\" href=\"/static/dashboard.css\">\n", html);
}

HttpResponse DashboardResponse(int status, std::string html) {
  HttpResponse r = pages::PageResponse(status, std::move(html));
  // Stricter than the public pages: forms post to us only, images only from us or https.
  r.headers.Set("Content-Security-Policy",
                "default-src 'none'; style-src 'self'; img-src 'self' https: data:; "
                "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  r.headers.Set("Cache-Control", "no-store");
  r.headers.Remove("Vary");
  return r;
}

HttpResponse SeeOther(std::string_view location) {
  HttpResponse r;
  r.status = 303;
  r.headers.Set("Location", std::string(location));
  r.headers.Set("Cache-Control", "no-store");
  r.headers.Set("Content-Type", "text/plain; charset=utf-8");
  r.body = "See Other\n";
  return r;
}

std::string CsrfField(std::string_view token) {
  std::string out = "<input type=\"hidden\" name=\"csrf_token\" value=\"";
  AppendEscapedHtml(out, token);
  out += "\">";
  return out;
}

std::string ButtonForm(std::string_view action, std::string_view csrf, std::string_view label,
                       std::string_view hidden_name, std::string_view hidden_value,
                       std::string_view style) {
  std::string out = "<form method=\"post\" action=\"";
  AppendEscapedHtml(out, action);
  out += "\" class=\"inline\">";
  out += CsrfField(csrf);
  if (!hidden_name.empty()) {
    out += "<input type=\"hidden\" name=\"";
    AppendEscapedHtml(out, hidden_name);
    out += "\" value=\"";
    AppendEscapedHtml(out, hidden_value);
    out += "\">";
  }
  out += "<button type=\"submit\"";
  if (!style.empty()) {
    out += " class=\"";
    out += style;
    out += "\"";
  }
  out += ">";
  AppendEscapedHtml(out, label);
  out += "</button></form>";
  return out;
}

std::string NoticeFor(std::string_view code) {
  for (const auto& [key, sentence] : kNotices) {
    if (key == code) return std::string(sentence);
  }
  return "";
}

std::string WithoutCarriageReturns(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != '\r') out += c;
  }
  return out;
}

}  // namespace cornerstore::server::dashboard
