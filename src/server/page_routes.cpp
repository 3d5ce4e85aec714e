#include "src/server/page_routes.h"

#include <charconv>
#include <optional>

#include "activitypub/collections/visibility.h"
#include "activitypub/content_negotiation.h"
#include "src/auth/request_params.h"
#include "src/common/log.h"
#include "src/common/url.h"
#include "src/server/dashboard/session.h"
#include "src/server/pages/feed.h"
#include "src/server/pages/interaction_page.h"
#include "src/server/pages/layout.h"
#include "src/server/pages/profile_page.h"
#include "src/server/pages/remote_follow.h"
#include "webfinger/lookup.h"

namespace cornerstore::server {
namespace {

// Usernames in page paths: as the App's actor routes, generous enough to reach the 404.
constexpr const char* kPageName = "([A-Za-z0-9_.\\-]{1,64})";
// In a feed path the name cannot hold a dot: "/@shop.atom" is shop's Atom feed.
constexpr const char* kFeedName = "([A-Za-z0-9_\\-]{1,64})";
// Where a visitor who is not logged in goes before confirming a follow.
constexpr std::string_view kLoginPath = "/dashboard/login";
// A page id is a row id: at most 19 digits.
constexpr size_t kMaxIdDigits = 19;

HttpResponse Redirect(int status, const std::string& location) {
  HttpResponse r = pages::MessagePage(status, "Moved", "This page has moved.");
  r.headers.Set("Location", location);
  return r;
}

// Pages that depend on who asks (a CSRF token, a redirect built from a typed handle) are never
// cached.
HttpResponse NoStore(HttpResponse r) {
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

HttpResponse Unavailable(std::string_view event, const Error& error) {
  log::Error(event, {{"error", error.ToLogString()}});
  return pages::MessagePage(503, "Temporarily unavailable", "Please try again in a moment.");
}

std::string Param(const HttpRequest& request, std::string_view key) {
  return QueryParam(request.Query(), key).value_or("");
}

// "?max_id=" of a profile page: 0 when absent, nullopt when it is not a row id.
std::optional<int64_t> MaxIdParam(const HttpRequest& request) {
  const std::string text = Param(request, "max_id");
  if (text.empty()) return 0;
  int64_t value = 0;
  if (text.size() > kMaxIdDigits) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

// The page answering a failed lookup of a remote account (by WebFinger or by fetching it).
HttpResponse RemoteFailurePage(const Error& error, std::string_view who) {
  switch (error.code) {
    case ErrorCode::kNotFound:
    case ErrorCode::kGone:
      return pages::MessagePage(404, "Account not found",
                                "The server of " + std::string(who) + " does not know it.");
    case ErrorCode::kInvalidInput:
    case ErrorCode::kForbidden:
      return pages::MessagePage(
          422, "Account not readable",
          "The server of " + std::string(who) + " gave an answer we cannot use.");
    default:
      return pages::MessagePage(
          502, "Server unreachable",
          "The server of " + std::string(who) + " did not answer. Please try again later.");
  }
}

std::string LoginUrl(const std::string& actor_uri) {
  return std::string(kLoginPath) + "?next=" +
         PercentEncode(std::string(pages::kAuthorizeInteractionPath) +
                       "?uri=" + PercentEncode(actor_uri));
}

std::string ActorHandle(const store::RemoteActor& actor) {
  const std::string authority = AuthorityOf(actor.uri);
  return actor.username.empty() ? actor.uri : "@" + actor.username + "@" + authority;
}

}  // namespace

PageRoutes::PageRoutes(Services& services, activitypub::collections::ReadEndpoints& read)
    : services_(services), read_(read) {}

void PageRoutes::Register(HttpServer& server) {
  using P = const PathParams&;
  server.Route("GET", std::string("/@") + kFeedName + "\\.(atom|rss)",
               [this](const HttpRequest&, P p) { return Feed(p[0], p[1]); });
  server.Route("GET", std::string("/@") + kPageName + "/remote_follow",
               [this](const HttpRequest& r, P p) { return RemoteFollow(r, p[0]); });
  server.Route("GET", std::string(pages::kAuthorizeInteractionPath),
               [this](const HttpRequest& r, P) { return AuthorizeInteraction(r); });
  server.Route("POST", std::string(pages::kAuthorizeInteractionPath),
               [this](const HttpRequest& r, P) { return ConfirmInteraction(r); });
  server.Route("GET", std::string("/@") + kPageName,
               [this](const HttpRequest& r, P p) { return ProfileByName(r, p[0]); });
}

Result<store::Account> PageRoutes::FindAccount(const std::string& name) {
  auto account = services_.store().FindAccountByUsername(name);
  if (!account.ok() && account.error().code != ErrorCode::kNotFound) {
    log::Error("page.account_lookup_failed", {{"error", account.error().ToLogString()}});
  }
  return account;
}

HttpResponse PageRoutes::ProfileByName(const HttpRequest& request, const std::string& name) {
  auto account = FindAccount(name);
  if (!account.ok()) {
    if (account.error().code != ErrorCode::kNotFound) {
      return pages::MessagePage(503, "Temporarily unavailable", "Please try again in a moment.");
    }
    auto deleted = services_.store().IsAccountDeleted(name);
    if (deleted.ok() && *deleted) {
      return pages::MessagePage(410, "Account deleted", "This account was deleted.");
    }
    return pages::MessagePage(404, "Not found", "There is no account of that name here.");
  }
  if (activitypub::WantsActivityJson(request.headers.Get("Accept"))) {
    HttpResponse r = Redirect(302, services_.uris().Actor(account->username));
    r.headers.Set("Vary", "Accept");
    return r;
  }
  if (account->username != name) {
    return Redirect(301, services_.uris().ProfilePage(account->username));
  }
  return Profile(request, *account);
}

HttpResponse PageRoutes::Profile(const HttpRequest& request, const store::Account& account) {
  const std::optional<int64_t> max_id = MaxIdParam(request);
  if (!max_id) return pages::MessagePage(400, "No such page", "The page number is not valid.");
  store::FederationStore& federation = services_.federation();
  const activitypub::collections::Reader anonymous;

  pages::ProfileView view;
  view.account = account;
  view.first_page = *max_id == 0;
  if (view.first_page) {
    auto pinned = federation.ListPinned(account.id);
    if (!pinned.ok()) return Unavailable("profile_page.pins_failed", pinned.error());
    for (auto& post : *pinned) {
      if (post.deleted_at == 0 && activitypub::collections::MayRead(post, anonymous)) {
        view.pinned.push_back(std::move(post));
      }
    }
  }
  const auto visibilities = activitypub::collections::ListedVisibilities(anonymous);
  // One more than shown tells whether an older page exists.
  auto posts = federation.ListAccountObjects(
      account.id, visibilities, {.max_id = *max_id, .limit = pages::kProfilePostsPerPage + 1});
  if (!posts.ok()) return Unavailable("profile_page.posts_failed", posts.error());
  if (posts->size() > static_cast<size_t>(pages::kProfilePostsPerPage)) {
    posts->resize(pages::kProfilePostsPerPage);
    view.older_max_id = posts->back().id;
  }
  view.posts = std::move(*posts);
  auto followers = federation.CountFollowers(account.id, store::FollowState::kAccepted);
  auto following = federation.CountFollowing(account.id, store::FollowState::kAccepted);
  auto statuses = federation.CountAccountObjects(account.id, visibilities);
  if (!followers.ok()) return Unavailable("profile_page.counts_failed", followers.error());
  if (!following.ok()) return Unavailable("profile_page.counts_failed", following.error());
  if (!statuses.ok()) return Unavailable("profile_page.counts_failed", statuses.error());
  view.followers = *followers;
  view.following = *following;
  view.statuses = *statuses;
  HttpResponse r = pages::PageResponse(200, pages::RenderProfilePage(view, services_.uris()));
  r.headers.Set("Cache-Control", "max-age=60, public");
  return r;
}

HttpResponse PageRoutes::Feed(const std::string& name, const std::string& format) {
  auto account = FindAccount(name);
  if (!account.ok()) {
    if (account.error().code != ErrorCode::kNotFound) {
      return pages::MessagePage(503, "Temporarily unavailable", "Please try again in a moment.");
    }
    return pages::MessagePage(404, "Not found", "There is no account of that name here.");
  }
  if (account->username != name) {
    return Redirect(301, format == "atom" ? pages::AtomFeedUrl(services_.uris(), account->username)
                                          : pages::RssFeedUrl(services_.uris(), account->username));
  }
  // Feeds carry public posts only: unlisted ones stay off every listing a stranger subscribes to.
  auto posts = services_.federation().ListAccountObjects(account->id, {store::Visibility::kPublic},
                                                         {.limit = pages::kProfilePostsPerPage});
  if (!posts.ok()) return Unavailable("feed.posts_failed", posts.error());
  if (format == "atom") {
    return pages::FeedResponse(pages::RenderAtomFeed(*account, *posts, services_.uris()),
                               "application/atom+xml");
  }
  return pages::FeedResponse(pages::RenderRssFeed(*account, *posts, services_.uris()),
                             "application/rss+xml");
}

HttpResponse PageRoutes::Status(const std::string& name, const std::string& id) {
  // A browser never signs: it reads as the anonymous public does (followers-only and direct
  // posts are not found).
  auto post = read_.FindVisibleStatus(name, id, /*requester=*/"");
  if (!post.ok()) {
    if (post.error().code == ErrorCode::kUnavailable) {
      log::Error("status_page.lookup_failed", {{"error", post.error().ToLogString()}});
    }
    return pages::StatusFailurePage(post.error());
  }
  auto author = services_.store().FindAccountByUsername(name);
  if (!author.ok()) {
    if (author.error().code != ErrorCode::kNotFound) {
      log::Error("status_page.author_lookup_failed", {{"error", author.error().ToLogString()}});
    }
    return pages::StatusFailurePage(author.error());
  }
  return pages::StatusPageResponse(*post, *author, services_.uris(), PublicReplies(*post, *author));
}

std::vector<pages::Reply> PageRoutes::PublicReplies(const store::StoredObject& post,
                                                    const store::Account& author) {
  store::FederationStore& federation = services_.federation();
  const activitypub::Uris& uris = services_.uris();
  std::vector<pages::Reply> shown;
  auto replies = federation.ListReplies(post.uri, pages::kMaxRepliesShown);
  if (!replies.ok()) {
    // The post matters more than its replies: show it alone.
    log::Error("status_page.replies_failed", {{"error", replies.error().ToLogString()}});
    return shown;
  }
  for (store::StoredObject& reply : *replies) {
    if (reply.deleted_at != 0) continue;
    if (reply.visibility != store::Visibility::kPublic &&
        reply.visibility != store::Visibility::kUnlisted) {
      continue;
    }
    pages::PostAuthor who;
    if (reply.account_id != 0) {
      auto local = services_.store().FindAccountById(reply.account_id);
      if (!local.ok()) continue;
      who = {local->display_name.empty() ? local->username : local->display_name,
             "@" + uris.Acct(local->username), uris.ProfilePage(local->username)};
    } else {
      // What the author blocked, and servers the operator blocked, stay off the author's page.
      auto blocked = federation.IsBlocked(author.id, reply.attributed_to, /*by_remote=*/false);
      auto domain_blocked = federation.IsDomainBlocked(HostOf(reply.attributed_to));
      if (!blocked.ok() || *blocked || !domain_blocked.ok() || *domain_blocked) continue;
      auto actor = federation.FindRemoteActor(reply.attributed_to);
      if (actor.ok()) {
        who = {actor->display_name.empty() ? actor->username : actor->display_name,
               ActorHandle(*actor), actor->url.empty() ? actor->uri : actor->url};
      } else {
        who = {HostOf(reply.attributed_to), reply.attributed_to, reply.attributed_to};
      }
    }
    shown.push_back({std::move(reply), std::move(who)});
  }
  return shown;
}

HttpResponse PageRoutes::RemoteFollow(const HttpRequest& request, const std::string& name) {
  auto account = FindAccount(name);
  if (!account.ok()) {
    if (account.error().code != ErrorCode::kNotFound) {
      return pages::MessagePage(503, "Temporarily unavailable", "Please try again in a moment.");
    }
    return pages::MessagePage(404, "Not found", "There is no account of that name here.");
  }
  const activitypub::Uris& uris = services_.uris();
  auto form = [&](int status, std::string_view acct, std::string_view error) {
    return NoStore(
        pages::PageResponse(status, pages::RenderRemoteFollowPage(*account, uris, acct, error)));
  };
  auto typed = pages::CleanHandleInput(Param(request, "acct"));
  if (!typed.ok()) return form(400, "", typed.error().message);
  if (typed->empty()) return form(200, "", "");
  auto handle = webfinger::ParseHandle(*typed);
  if (!handle.ok()) {
    return form(400, *typed, "Please enter a handle like you@your.server.");
  }
  const std::string actor = uris.Actor(account->username);
  std::string subscribe_template;
  if (ToLower(handle->host) == ToLower(uris.domain())) {
    // A visitor from this very server: our own confirmation page, without a lookup.
    subscribe_template = uris.SubscribeTemplate();
  } else {
    auto found = webfinger::Lookup(services_.fetcher(), *handle, services_.lookup_scheme());
    if (!found.ok()) {
      log::Info("remote_follow.lookup_failed", {{"error", found.error().ToLogString()}});
      HttpResponse page =
          RemoteFailurePage(found.error(), "@" + handle->username + "@" + handle->host);
      return NoStore(std::move(page));
    }
    subscribe_template = found->subscribe_template;
  }
  auto location = pages::FillSubscribeTemplate(subscribe_template, actor);
  if (!location.ok()) {
    return form(422, *typed,
                "Your server does not offer following from here. Search for @" + uris.Acct(name) +
                    " on your server and follow from there.");
  }
  HttpResponse r = NoStore(pages::MessagePage(302, "Redirecting", "Continue on your server."));
  r.headers.Set("Location", *location);
  return r;
}

HttpResponse PageRoutes::AuthorizeInteraction(const HttpRequest& request) {
  std::string uri = Param(request, "uri");
  if (uri.empty() || uri.size() > pages::kMaxHandleInputBytes * 8) {
    return pages::MessagePage(400, "Nothing to follow", "The link named no account.");
  }
  if (uri.starts_with("acct:")) uri.erase(0, 5);
  std::string actor_uri = uri;
  if (!ParseUrl(uri)) {
    auto handle = webfinger::ParseHandle(uri);
    if (!handle.ok()) {
      return pages::MessagePage(400, "Nothing to follow", "The link named no account.");
    }
    auto found = webfinger::Lookup(services_.fetcher(), *handle, services_.lookup_scheme());
    if (!found.ok()) return NoStore(RemoteFailurePage(found.error(), uri));
    actor_uri = found->actor_id;
  }
  if (services_.uris().IsLocal(actor_uri)) {
    return pages::MessagePage(422, "An account of this server",
                              "This account lives here: follow it from its own page.");
  }
  auto actor = services_.actors().Resolve(actor_uri);
  if (!actor.ok()) return NoStore(RemoteFailurePage(actor.error(), actor_uri));

  pages::InteractionView view;
  view.actor = *actor;
  view.actor_handle = ActorHandle(*actor);
  auto owner = dashboard::LoggedInAccount(services_, request);
  if (!owner.ok()) return Unavailable("authorize_interaction.session_failed", owner.error());
  if (*owner) {
    view.owner_handle = "@" + services_.uris().Acct((*owner)->username);
    view.csrf_token = dashboard::SessionCsrfToken(request);
    auto follow =
        services_.federation().FindFollow(services_.uris().Actor((*owner)->username), actor->uri);
    if (follow.ok()) {
      view.follow_state = follow->state == store::FollowState::kPending ? "pending" : "accepted";
    }
  } else {
    view.login_url = LoginUrl(actor->uri);
  }
  return NoStore(pages::PageResponse(200, pages::RenderInteractionPage(view)));
}

HttpResponse PageRoutes::ConfirmInteraction(const HttpRequest& request) {
  auto params = auth::RequestParams::FromRequest(request);
  if (!params.ok()) return pages::MessagePage(400, "Bad request", "The form could not be read.");
  const std::string uri = params->Get("uri");
  if (!ParseUrl(uri) || services_.uris().IsLocal(uri)) {
    return pages::MessagePage(400, "Nothing to follow", "The form named no remote account.");
  }
  auto owner = dashboard::LoggedInAccount(services_, request);
  if (!owner.ok()) return Unavailable("authorize_interaction.session_failed", owner.error());
  if (!*owner) {
    HttpResponse r = NoStore(pages::MessagePage(303, "Log in first", "Please log in."));
    r.headers.Set("Location", LoginUrl(uri));
    return r;
  }
  if (!dashboard::CheckSessionCsrf(request, params->Get("csrf_token"))) {
    return pages::MessagePage(403, "Form expired", "Please reload the page and try again.");
  }
  auto actor = services_.actors().Resolve(uri);
  if (!actor.ok()) return NoStore(RemoteFailurePage(actor.error(), uri));
  auto follow = services_.follows().FollowRemote(**owner, actor->uri);
  if (!follow.ok()) {
    if (follow.error().code == ErrorCode::kUnavailable) {
      return Unavailable("authorize_interaction.follow_failed", follow.error());
    }
    return pages::MessagePage(422, "Could not follow", follow.error().message);
  }
  log::Info("authorize_interaction.followed",
            {{"account", (*owner)->username}, {"actor", actor->uri}});
  pages::InteractionView view;
  view.actor = *actor;
  view.actor_handle = ActorHandle(*actor);
  view.owner_handle = "@" + services_.uris().Acct((*owner)->username);
  return NoStore(pages::PageResponse(
      200, pages::RenderFollowSentPage(view, follow->state == store::FollowState::kPending)));
}

}  // namespace cornerstore::server
