#include "src/server/pages/authorize_page.h"

#include "src/common/html_escape.h"
#include "src/server/pages/layout.h"

namespace cornerstore::server::pages {
namespace {

void Hidden(std::string& out, std::string_view name, std::string_view value) {
  out += "<input type=\"hidden\" name=\"";
  out += name;
  out += "\" value=\"";
  AppendEscapedHtml(out, value);
  out += "\">\n";
}

}  // namespace

std::string RenderAuthorizePage(const AuthorizeForm& form) {
  std::string body = "<main>\n<div class=\"card\">\n<h1>Authorize ";
  AppendEscapedHtml(body, form.app_name);
  body += "</h1>\n";
  if (!form.app_website.empty()) {
    body += "<p class=\"handle\">";
    AppendEscapedHtml(body, form.app_website);
    body += "</p>\n";
  }
  body += "<p>This application asks to use your account with these permissions:</p>\n<ul>\n";
  for (const auto& scope : form.scopes) {
    body += "<li><code>";
    AppendEscapedHtml(body, scope);
    body += "</code></li>\n";
  }
  body += "</ul>\n";
  if (!form.error.empty()) {
    body += "<p role=\"alert\"><strong>";
    AppendEscapedHtml(body, form.error);
    body += "</strong></p>\n";
  }
  body += "<form method=\"post\" action=\"/oauth/authorize\">\n";
  Hidden(body, "response_type", "code");
  Hidden(body, "client_id", form.client_id);
  Hidden(body, "redirect_uri", form.redirect_uri);
  Hidden(body, "scope", form.scope);
  Hidden(body, "state", form.state);
  Hidden(body, "code_challenge", form.code_challenge);
  Hidden(body, "code_challenge_method", form.code_challenge_method);
  Hidden(body, "csrf_token", form.csrf_token);
  body +=
      "<p><label>Username<br><input name=\"username\" autocomplete=\"username\" required "
      "value=\"";
  AppendEscapedHtml(body, form.username);
  body += "\"></label></p>\n";
  body +=
      "<p><label>Password<br><input type=\"password\" name=\"password\" "
      "autocomplete=\"current-password\" required></label></p>\n";
  body += "<p><button type=\"submit\" name=\"decision\" value=\"approve\">Authorize</button>\n";
  body +=
      "<button type=\"submit\" name=\"decision\" value=\"deny\" formnovalidate>Deny</button>"
      "</p>\n</form>\n</div>\n</main>";
  return RenderPage("Authorize " + EscapeHtml(form.app_name), "", body);
}

std::string RenderOutOfBandCodePage(std::string_view app_name, std::string_view code) {
  std::string body =
      "<main>\n<div class=\"card\">\n<h1>Authorization code</h1>\n<p>Copy this code "
      "into ";
  AppendEscapedHtml(body, app_name);
  body += ":</p>\n<p><code>";
  AppendEscapedHtml(body, code);
  body +=
      "</code></p>\n<p class=\"handle\">It works once, within ten minutes.</p>\n</div>\n</main>";
  return RenderPage("Authorization code", "", body);
}

std::string RenderAuthorizeErrorPage(std::string_view message) {
  std::string body = "<main>\n<div class=\"card\">\n<h1>Authorization refused</h1>\n<p>";
  AppendEscapedHtml(body, message);
  body += "</p>\n</div>\n</main>";
  return RenderPage("Authorization refused", "", body);
}

}  // namespace cornerstore::server::pages
