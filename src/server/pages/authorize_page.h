// The OAuth pages a person sees: the login and consent form of GET /oauth/authorize, and the
// page that shows an out-of-band code. No script; the project's stylesheet only.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cornerstore::server::pages {

struct AuthorizeForm {
  std::string app_name;
  std::string app_website;
  std::vector<std::string> scopes;
  // Echoed back in hidden fields, so the POST carries the whole request.
  std::string client_id, redirect_uri, scope, state, code_challenge, code_challenge_method;
  std::string csrf_token;
  std::string username;  // kept after a failed attempt
  std::string error;     // a sentence shown above the form, or ""
};

// The full HTML document of the login and consent form.
std::string RenderAuthorizePage(const AuthorizeForm& form);
// The full HTML document showing an out-of-band authorization code to copy into the app.
std::string RenderOutOfBandCodePage(std::string_view app_name, std::string_view code);
// A short page for a refused request (`message` is plain text).
std::string RenderAuthorizeErrorPage(std::string_view message);

}  // namespace cornerstore::server::pages
