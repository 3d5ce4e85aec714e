// The owner's dashboard: server-rendered pages under /dashboard where a local account's owner
// logs in with the account password, posts, edits the profile, answers follow requests, reads
// notifications and sees where each post went (docs/DASHBOARD.md).
//
// Thin adapters: every action goes through the services the CLI and the client API use —
// PublishService (posts, pins), FollowService (approve, reject, follow, remove), c2s::
// BlockActions (blocks), UpdateProfileAndFederate (profile), OAuthService::Login (password and
// throttle). Pages are plain HTML without script; every form carries a CSRF token and every
// successful POST answers 303 to a page (POST-redirect-GET).
//
// Ownership: borrows Services (it outlives the server). Thread safety: handlers may run
// concurrently; the class holds no mutable state.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "activitypub/c2s/block_activities.h"
#include "src/auth/csrf.h"
#include "src/auth/request_params.h"
#include "src/server/dashboard/session.h"
#include "src/server/dashboard/view.h"
#include "src/server/http_server.h"
#include "src/server/services.h"
#include "store/store.h"

namespace cornerstore::server::dashboard {

// Registers the /dashboard routes and /static/dashboard.css.
void RegisterDashboardRoutes(HttpServer& server, Services& services);

// What a logged-in request carries: the owner and the session's CSRF token.
struct Owner {
  store::Account account;
  std::string csrf;
};

class Dashboard {
 public:
  explicit Dashboard(Services& services);

  // --- Login (dashboard.cpp)
  HttpResponse LoginPage(const HttpRequest& request);
  HttpResponse Login(const HttpRequest& request);
  HttpResponse Logout(const HttpRequest& request);

  // --- Posts (post_pages.cpp)
  HttpResponse Home(const HttpRequest& request);
  HttpResponse Compose(const HttpRequest& request);
  HttpResponse PostPage(const HttpRequest& request, const std::string& id);
  // `action`: "edit", "delete", "pin" or "unpin".
  HttpResponse PostAction(const HttpRequest& request, const std::string& id,
                          const std::string& action);

  // --- Profile (profile_pages.cpp)
  HttpResponse ProfilePage(const HttpRequest& request);
  HttpResponse SaveProfile(const HttpRequest& request);

  // --- People and notifications (people_pages.cpp)
  HttpResponse PeoplePage(const HttpRequest& request);
  // `action`: approve, reject, remove, block, unblock, follow, unfollow.
  HttpResponse PeopleAction(const HttpRequest& request, const std::string& action);
  HttpResponse NotificationsPage(const HttpRequest& request);

 private:
  using GetHandler = std::function<HttpResponse(const Owner&)>;
  using PostHandler = std::function<HttpResponse(const Owner&, const auth::RequestParams&)>;

  // Runs `handler` for the logged-in owner; without a session, sends the browser to the login.
  HttpResponse AsOwner(const HttpRequest& request, const GetHandler& handler);
  // The same for a form post, after reading the form and checking its CSRF token (403 page).
  HttpResponse PostAsOwner(const HttpRequest& request, const PostHandler& handler);
  // A page of the shell for `owner`, with the notice of the request's ?done= code.
  HttpResponse Page(int status, const Owner& owner, const HttpRequest& request,
                    std::string_view title, Section section, std::string_view body,
                    std::string_view error = "");
  // A failure of a service, as a page: its sentence for input errors, a generic one otherwise.
  HttpResponse FailurePage(const Owner& owner, const HttpRequest& request, const Error& error);
  // `next`: where to go once logged in (a path on this server; see LocalNext).
  HttpResponse LoginForm(int status, std::string_view username, std::string_view error,
                         std::string_view notice = "", std::string_view next = "");

  // The compose form and the owner's posts (post_pages.cpp).
  std::string PostsBody(const Owner& owner);
  // "@user@host" for a remote actor we know, else its id.
  std::string DescribeActor(const std::string& actor_uri);
  // The follow, followers and following sections (people_pages.cpp).
  std::string PeopleBody(const Owner& owner);

  Services& services_;
  Sessions sessions_;
  const auth::CsrfGuard login_csrf_;
  activitypub::c2s::BlockActions blocks_;
  const bool secure_cookie_;
};

}  // namespace cornerstore::server::dashboard
