#include "src/server/dashboard/dashboard.h"

#include <memory>

#include "src/auth/oauth_service.h"
#include "src/common/html_escape.h"
#include "src/common/log.h"
#include "src/common/url.h"

namespace cornerstore::server::dashboard {
namespace {

// The login form's CSRF cookie: scoped to the form's own path, gone once the session starts.
constexpr std::string_view kLoginCsrfCookie = "cs_dashboard_login";
constexpr std::string_view kLoginPath = "/dashboard/login";
// Post ids in paths are store ids (what the CLI prints).
constexpr const char* kPostId = "([0-9]{1,18})";

// Where a login goes next (`?next=` from a page that needed the owner, such as
// /authorize_interaction): a path on this server only, never "//host", "/\\host" or a URL, so
// the login form cannot send the owner to another site.
std::string LocalNext(std::string_view next) {
  const bool local = next.size() >= 1 && next[0] == '/' &&
                     (next.size() == 1 || (next[1] != '/' && next[1] != '\\'));
  if (!local) return "/dashboard";
  for (char c : next) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "/dashboard";
  }
  return std::string(next);
}

HttpResponse WithCookie(HttpResponse r, const std::string& cookie) {
  r.headers.Add("Set-Cookie", cookie);
  return r;
}

}  // namespace

Dashboard::Dashboard(Services& services)
    : services_(services),
      sessions_(services),
      login_csrf_(services.clock()),
      blocks_(services.federation(), services.follows(), services.actors(), services.uris(),
              services.clock()),
      secure_cookie_(services.config().instance.base_url.starts_with("https:")) {}

HttpResponse Dashboard::AsOwner(const HttpRequest& request, const GetHandler& handler) {
  auto account = LoggedInAccount(services_, request);
  if (!account.ok()) {
    log::Error("dashboard.session_lookup_failed", {{"error", account.error().ToLogString()}});
    Shell shell;
    shell.title = "Unavailable";
    return DashboardResponse(503, RenderDashboardPage(shell, "<h1>Try again in a moment</h1>"));
  }
  if (!account->has_value()) return SeeOther(kLoginPath);
  return handler(Owner{std::move(**account), SessionCsrfToken(request)});
}

HttpResponse Dashboard::PostAsOwner(const HttpRequest& request, const PostHandler& handler) {
  return AsOwner(request, [&](const Owner& owner) {
    auto params = auth::RequestParams::FromRequest(request);
    if (!params.ok()) {
      return Page(400, owner, request, "Bad request", Section::kNone, "",
                  "The form could not be read: " + params.error().message);
    }
    if (!CheckSessionCsrf(request, params->Get("csrf_token"))) {
      return Page(403, owner, request, "Refused", Section::kNone,
                  "<p><a href=\"/dashboard\">Back to the dashboard</a></p>",
                  "This form was not sent from your dashboard, or it is outdated. Reload the "
                  "page and try again.");
    }
    return handler(owner, *params);
  });
}

HttpResponse Dashboard::Page(int status, const Owner& owner, const HttpRequest& request,
                             std::string_view title, Section section, std::string_view body,
                             std::string_view error) {
  Shell shell;
  shell.title = std::string(title);
  shell.username = owner.account.username;
  shell.csrf = owner.csrf;
  shell.section = section;
  if (auto done = QueryParam(request.Query(), "done")) shell.notice = NoticeFor(*done);
  shell.error = std::string(error);
  return DashboardResponse(status, RenderDashboardPage(shell, body));
}

HttpResponse Dashboard::FailurePage(const Owner& owner, const HttpRequest& request,
                                    const Error& error) {
  int status = 500;
  std::string sentence = "Something went wrong; please try again.";
  switch (error.code) {
    case ErrorCode::kInvalidInput:
      status = 422;
      sentence = error.message;
      break;
    case ErrorCode::kNotFound:
      status = 404;
      sentence = "Not found: " + error.message;
      break;
    case ErrorCode::kForbidden:
      status = 403;
      sentence = "That is not yours to change.";
      break;
    case ErrorCode::kGone:
      status = 410;
      sentence = "That post was deleted.";
      break;
    case ErrorCode::kConflict:
      status = 409;
      sentence = error.message;
      break;
    case ErrorCode::kUnavailable:
      status = 503;
      sentence = "The server is busy; please try again in a moment.";
      break;
    default:
      break;
  }
  if (status >= 500) log::Error("dashboard.action_failed", {{"error", error.ToLogString()}});
  return Page(status, owner, request, "Could not do that", Section::kNone,
              "<p><a href=\"/dashboard\">Back to the dashboard</a></p>", sentence);
}

HttpResponse Dashboard::LoginForm(int status, std::string_view username, std::string_view error,
                                  std::string_view notice, std::string_view next) {
  auth::CsrfPair csrf = login_csrf_.Issue();
  std::string body = "<div class=\"card login\">\n<h1>Log in</h1>\n<p>Manage your account on ";
  AppendEscapedHtml(body, services_.config().instance.name);
  body += ".</p>\n<form method=\"post\" action=\"/dashboard/login\">\n";
  body += CsrfField(csrf.form_token);
  if (!next.empty()) {
    body += "\n<input type=\"hidden\" name=\"next\" value=\"";
    AppendEscapedHtml(body, LocalNext(next));
    body += "\">";
  }
  body +=
      "\n<p><label for=\"username\">Username</label>"
      "<input id=\"username\" name=\"username\" autocomplete=\"username\" required value=\"";
  AppendEscapedHtml(body, username);
  body +=
      "\"></p>\n<p><label for=\"password\">Password</label>"
      "<input id=\"password\" type=\"password\" name=\"password\" "
      "autocomplete=\"current-password\" required></p>\n"
      "<p><button type=\"submit\">Log in</button></p>\n</form>\n</div>";
  Shell shell;
  shell.title = "Log in";
  shell.error = std::string(error);
  shell.notice = std::string(notice);
  HttpResponse r = DashboardResponse(status, RenderDashboardPage(shell, body));
  std::string cookie = std::string(kLoginCsrfCookie) + "=" + csrf.cookie_value +
                       "; Path=" + std::string(kLoginPath) +
                       "; Max-Age=" + std::to_string(auth::kCsrfLifetimeSeconds) +
                       "; HttpOnly; SameSite=Strict";
  if (secure_cookie_) cookie += "; Secure";
  return WithCookie(std::move(r), cookie);
}

HttpResponse Dashboard::LoginPage(const HttpRequest& request) {
  auto account = LoggedInAccount(services_, request);
  const std::string next = QueryParam(request.Query(), "next").value_or("");
  if (account.ok() && account->has_value()) return SeeOther(LocalNext(next));
  return LoginForm(200, "", "", NoticeFor(QueryParam(request.Query(), "done").value_or("")), next);
}

HttpResponse Dashboard::Login(const HttpRequest& request) {
  auto params = auth::RequestParams::FromRequest(request);
  if (!params.ok()) return LoginForm(400, "", "The form could not be read.");
  const std::string username = params->Get("username");
  const std::string next = params->Get("next");
  const std::string cookie =
      auth::CookieValue(request.headers.Get("Cookie").value_or(""), kLoginCsrfCookie);
  if (!login_csrf_.Check(cookie, params->Get("csrf_token"))) {
    return LoginForm(403, username,
                     "The form expired or was not sent from this site. Please try again.", "",
                     next);
  }
  auto account = services_.oauth().Login(username, params->Get("password"), request.remote_addr);
  if (!account.ok()) {
    const auth::OAuthError& e = account.error();
    if (e.status == 429) {
      HttpResponse page = LoginForm(
          429, username, "Too many failed logins. Please wait and try again later.", "", next);
      page.headers.Set("Retry-After", std::to_string(e.retry_after));
      return page;
    }
    if (e.status == 401) return LoginForm(401, username, "Wrong username or password.", "", next);
    return LoginForm(503, username, "The server is busy; please try again in a moment.", "", next);
  }
  auto session = sessions_.Start(account->id);
  if (!session.ok()) {
    log::Error("dashboard.session_failed", {{"error", session.error().ToLogString()}});
    return LoginForm(503, username, "The server is busy; please try again in a moment.", "", next);
  }
  log::Info("dashboard.login", {{"account", account->username}});
  HttpResponse r = WithCookie(SeeOther(LocalNext(next)), *session);
  std::string clear = std::string(kLoginCsrfCookie) + "=; Path=" + std::string(kLoginPath) +
                      "; Max-Age=0; HttpOnly; SameSite=Strict";
  if (secure_cookie_) clear += "; Secure";
  return WithCookie(std::move(r), clear);
}

HttpResponse Dashboard::Logout(const HttpRequest& request) {
  return PostAsOwner(request, [&](const Owner& owner, const auth::RequestParams&) {
    log::Info("dashboard.logout", {{"account", owner.account.username}});
    return WithCookie(SeeOther("/dashboard/login?done=loggedout"), sessions_.End(request));
  });
}

void RegisterDashboardRoutes(HttpServer& server, Services& services) {
  auto d = std::make_shared<Dashboard>(services);
  using R = const HttpRequest&;
  using P = const PathParams&;
  server.Route("GET", "/dashboard/login", [d](R r, P) { return d->LoginPage(r); });
  server.Route("POST", "/dashboard/login", [d](R r, P) { return d->Login(r); });
  server.Route("POST", "/dashboard/logout", [d](R r, P) { return d->Logout(r); });
  server.Route("GET", "/dashboard", [d](R r, P) { return d->Home(r); });
  server.Route("POST", "/dashboard/posts", [d](R r, P) { return d->Compose(r); });
  const std::string post = std::string("/dashboard/posts/") + kPostId;
  server.Route("GET", post, [d](R r, P p) { return d->PostPage(r, p[0]); });
  server.Route("POST", post + "/(edit|delete|pin|unpin)",
               [d](R r, P p) { return d->PostAction(r, p[0], p[1]); });
  server.Route("GET", "/dashboard/profile", [d](R r, P) { return d->ProfilePage(r); });
  server.Route("POST", "/dashboard/profile", [d](R r, P) { return d->SaveProfile(r); });
  server.Route("GET", "/dashboard/people", [d](R r, P) { return d->PeoplePage(r); });
  server.Route("POST", "/dashboard/people/(approve|reject|remove|block|unblock|follow|unfollow)",
               [d](R r, P p) { return d->PeopleAction(r, p[0]); });
  server.Route("GET", "/dashboard/notifications", [d](R r, P) { return d->NotificationsPage(r); });
  server.Route("GET", "/static/dashboard.css", [](R, P) {
    HttpResponse r;
    r.headers.Set("Content-Type", "text/css; charset=utf-8");
    r.headers.Set("Cache-Control", "max-age=3600, public");
    r.body = std::string(DashboardStylesheet());
    return r;
  });
}

}  // namespace cornerstore::server::dashboard
