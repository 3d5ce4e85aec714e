// The dashboard's people: follow requests to approve or reject, followers (remove, block),
// accounts followed (unfollow, block), following someone by handle, and notifications.
// Every action is a FollowService or BlockActions call, as the CLI's `follows` commands are.
#include "src/common/clock.h"
#include "src/common/html_escape.h"
#include "src/common/log.h"
#include "src/server/dashboard/dashboard.h"
#include "src/server/pages/status_page.h"
#include "webfinger/lookup.h"

namespace cornerstore::server::dashboard {
namespace {

// Rows per list: enough for a small business's audience on one page.
constexpr int kPeoplePerList = 100;
constexpr int kNotificationsPerPage = 40;

std::string NotificationSentence(store::NotificationType type) {
  switch (type) {
    case store::NotificationType::kFollow:
      return "followed you";
    case store::NotificationType::kFollowRequest:
      return "asked to follow you";
    case store::NotificationType::kMention:
      return "mentioned you";
    case store::NotificationType::kReply:
      return "replied to your post";
    case store::NotificationType::kFavourite:
      return "liked your post";
    case store::NotificationType::kReblog:
      return "boosted your post";
    case store::NotificationType::kEmojiReact:
      return "reacted to your post";
    case store::NotificationType::kMove:
      return "moved to a new account";
    case store::NotificationType::kReport:
      return "reported an account";
    case store::NotificationType::kUpdate:
      return "edited a post you interacted with";
  }
  return "did something";
}

}  // namespace

std::string Dashboard::DescribeActor(const std::string& actor_uri) {
  std::string out = "<a href=\"";
  AppendEscapedHtml(out, actor_uri);
  out += "\">";
  auto actor = services_.federation().FindRemoteActor(actor_uri);
  if (actor.ok() && !actor->username.empty()) {
    if (!actor->display_name.empty()) {
      out += "<strong>";
      AppendEscapedHtml(out, actor->display_name);
      out += "</strong> ";
    }
    out += "<span class=\"handle-inline\">";
    AppendEscapedHtml(out, "@" + actor->username + "@" + actor->host);
    out += "</span>";
  } else if (auto local = services_.uris().UsernameFromActor(actor_uri)) {
    AppendEscapedHtml(out, "@" + services_.uris().Acct(*local));
  } else {
    AppendEscapedHtml(out, actor_uri);
  }
  out += "</a>";
  return out;
}

std::string Dashboard::PeopleBody(const Owner& owner) {
  const int64_t id = owner.account.id;
  store::PageRequest page;
  page.limit = kPeoplePerList;
  auto& federation = services_.federation();
  std::string body =
      "<section class=\"card\" aria-labelledby=\"follow\">\n<h1 id=\"follow\">Follow someone</h1>\n"
      "<form method=\"post\" action=\"/dashboard/people/follow\" class=\"row\">\n";
  body += CsrfField(owner.csrf);
  body +=
      "<p class=\"grow\"><label for=\"handle\">Handle or profile URL</label><input id=\"handle\" "
      "name=\"handle\" required placeholder=\"@name@example.social\"></p>\n"
      "<p class=\"end\"><button type=\"submit\">Follow</button></p>\n</form>\n</section>\n";

  // Each list: a heading, one row per actor, the buttons for that list.
  struct Button {
    std::string_view action, label, style;
  };
  auto section = [&](std::string_view anchor, std::string_view title,
                     const Result<std::vector<store::Follow>>& rows, bool inbound,
                     std::vector<Button> buttons, std::string_view empty) {
    body += "<section class=\"card\" aria-labelledby=\"";
    body += anchor;
    body += "\">\n<h2 id=\"";
    body += anchor;
    body += "\">";
    body += title;
    if (rows.ok()) body += " <span class=\"count\">" + std::to_string(rows->size()) + "</span>";
    body += "</h2>\n";
    if (!rows.ok()) {
      log::Error("dashboard.list_failed", {{"error", rows.error().ToLogString()}});
      body += "<p>This list could not be loaded; reload the page.</p>\n</section>\n";
      return;
    }
    if (rows->empty()) {
      body += "<p class=\"hint\">";
      body += empty;
      body += "</p>\n</section>\n";
      return;
    }
    body += "<ul class=\"people\">\n";
    for (const auto& f : *rows) {
      const std::string& actor = inbound ? f.follower_uri : f.followed_uri;
      body += "<li><div class=\"who\">" + DescribeActor(actor);
      if (!inbound && f.state == store::FollowState::kPending) {
        body += " <span class=\"hint\">(waiting for approval)</span>";
      }
      body += "</div><div class=\"actions\">";
      for (const Button& b : buttons) {
        body += ButtonForm("/dashboard/people/" + std::string(b.action), owner.csrf, b.label,
                           "actor", actor, b.style);
      }
      body += "</div></li>\n";
    }
    body += "</ul>\n</section>\n";
  };

  section("requests", "Follow requests",
          federation.ListFollowers(id, store::FollowState::kPending, page), true,
          {{"approve", "Approve", ""}, {"reject", "Reject", "quiet"}},
          "No one is waiting for approval.");
  section("followers", "Followers",
          federation.ListFollowers(id, store::FollowState::kAccepted, page), true,
          {{"remove", "Remove", "quiet"}, {"block", "Block", "danger"}}, "No followers yet.");
  auto following = federation.ListFollowing(id, store::FollowState::kAccepted, page);
  if (following.ok()) {
    auto pending = federation.ListFollowing(id, store::FollowState::kPending, page);
    if (pending.ok()) following->insert(following->begin(), pending->begin(), pending->end());
  }
  section("following", "Following", following, false,
          {{"unfollow", "Unfollow", "quiet"}, {"block", "Block", "danger"}},
          "You follow no one yet.");
  return body;
}

HttpResponse Dashboard::PeoplePage(const HttpRequest& request) {
  return AsOwner(request, [&](const Owner& owner) {
    return Page(200, owner, request, "People", Section::kPeople, PeopleBody(owner));
  });
}

HttpResponse Dashboard::PeopleAction(const HttpRequest& request, const std::string& action) {
  return PostAsOwner(request, [&](const Owner& owner, const auth::RequestParams& form) {
    const store::Account& account = owner.account;
    auto& follows = services_.follows();
    Status done = OkStatus();
    std::string notice = action + "ed";
    if (action == "follow") {
      std::string target = form.Get("handle");
      while (!target.empty() && target.back() == ' ') target.pop_back();
      while (!target.empty() && target.front() == ' ') target.erase(0, 1);
      std::string actor_uri = target;
      if (!target.starts_with("https://") && !target.starts_with("http://")) {
        auto handle = webfinger::ParseHandle(target);
        if (!handle.ok()) {
          return Page(422, owner, request, "People", Section::kPeople, PeopleBody(owner),
                      "Write a handle as @name@example.social, or paste a profile URL.");
        }
        auto found = webfinger::Lookup(services_.fetcher(), *handle, services_.lookup_scheme());
        if (!found.ok()) {
          return Page(found.error().code == ErrorCode::kNotFound ? 404 : 502, owner, request,
                      "People", Section::kPeople, PeopleBody(owner),
                      "Could not find " + target + ": " + found.error().message);
        }
        actor_uri = found->actor_id;
      }
      auto followed = follows.FollowRemote(account, actor_uri);
      if (!followed.ok()) return FailurePage(owner, request, followed.error());
      notice = "followed";
    } else {
      const std::string actor = form.Get("actor");
      if (actor.empty()) {
        return Page(422, owner, request, "People", Section::kPeople, PeopleBody(owner),
                    "No account was chosen.");
      }
      if (action == "approve") {
        done = follows.Approve(account, actor);
        notice = "approved";
      } else if (action == "reject") {
        done = follows.Reject(account, actor);
        notice = "rejected";
      } else if (action == "remove") {
        done = follows.RemoveFollower(account, actor);
        notice = "removed";
      } else if (action == "unfollow") {
        done = follows.Unfollow(account, actor);
        notice = "unfollowed";
      } else if (action == "block") {
        auto blocked = blocks_.Block(account, actor);
        if (!blocked.ok()) done = blocked.take_error();
        notice = "blocked";
      } else {
        auto unblocked = blocks_.Unblock(account, actor);
        if (!unblocked.ok()) done = unblocked.take_error();
        notice = "unblocked";
      }
    }
    if (!done.ok()) return FailurePage(owner, request, done.error());
    log::Info("dashboard.people", {{"account", account.username}, {"action", action}});
    return SeeOther("/dashboard/people?done=" + notice);
  });
}

HttpResponse Dashboard::NotificationsPage(const HttpRequest& request) {
  return AsOwner(request, [&](const Owner& owner) {
    store::PageRequest page;
    page.limit = kNotificationsPerPage;
    auto rows = services_.federation().ListNotifications(owner.account.id, page);
    if (!rows.ok()) return FailurePage(owner, request, rows.error());
    std::string body =
        "<section class=\"card\" aria-labelledby=\"notifications\">\n"
        "<h1 id=\"notifications\">Notifications</h1>\n";
    if (rows->empty()) body += "<p class=\"hint\">Nothing yet.</p>\n";
    if (!rows->empty()) body += "<ul class=\"notifications\">\n";
    for (const auto& n : *rows) {
      body += "<li>" + DescribeActor(n.actor_uri) + " " + NotificationSentence(n.type);
      if (!n.object_uri.empty()) {
        body += " · <a href=\"";
        AppendEscapedHtml(body, n.object_uri);
        body += "\">post</a>";
      }
      body += " <time datetime=\"" + FormatIso8601(n.created_at) + "\">" +
              pages::FormatDisplayTime(n.created_at) + "</time></li>\n";
    }
    if (!rows->empty()) body += "</ul>\n";
    body += "</section>";
    return Page(200, owner, request, "Notifications", Section::kNotifications, body);
  });
}

}  // namespace cornerstore::server::dashboard
