// Follows and what arrived, from the command line: `follows pending|approve|reject`,
// `follow` / `unfollow`, `followers`, `following`, `notifications`, `timeline`.
//
// These commands change state and enqueue messages; the running server's delivery workers send
// them (the queue lives in the database both share).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "activitypub/content/sanitizer.h"
#include "src/cli/commands.h"
#include "src/cli/context.h"
#include "src/common/clock.h"
#include "src/server/services.h"
#include "webfinger/lookup.h"

namespace cornerstore::cli {
namespace {

// Listing commands show this many rows unless told otherwise.
constexpr int kDefaultListLimit = 40;

struct Options {
  std::string account;
  std::string target;  // @user@host or an actor URL
  int limit = kDefaultListLimit;
};

template <typename Body>
int WithAccount(GlobalOptions& global, const std::string& name, Body body) {
  auto context = Context::Load(global);
  if (!context.ok()) return Fail(context.error());
  auto store = (*context)->Store();
  if (!store.ok()) return Fail(store.error());
  auto services = server::Services::Create((*context)->config(), **store, (*context)->clock());
  if (!services.ok()) return Fail(services.error());
  auto account = (*store)->FindAccountByUsername(name);
  if (!account.ok()) return Fail("no account named " + name);
  return body(**services, *account);
}

// An actor URL as given, or the actor a handle names (WebFinger).
Result<std::string> ResolveTarget(server::Services& services, const std::string& target) {
  if (target.starts_with("https://") || target.starts_with("http://")) return target;
  CS_ASSIGN_OR_RETURN(webfinger::Handle handle, webfinger::ParseHandle(target));
  CS_ASSIGN_OR_RETURN(webfinger::LookupResult found,
                      webfinger::Lookup(services.fetcher(), handle, services.lookup_scheme()));
  return found.actor_id;
}

std::string Describe(server::Services& services, const std::string& uri) {
  auto actor = services.federation().FindRemoteActor(uri);
  if (!actor.ok()) return uri;
  return "@" + actor->username + "@" + actor->host + "  " + uri;
}

int ListFollows(GlobalOptions& global, const Options& o, bool followers, store::FollowState state) {
  return WithAccount(global, o.account, [&](server::Services& s, const store::Account& account) {
    store::PageRequest page;
    page.limit = o.limit;
    auto rows = followers ? s.federation().ListFollowers(account.id, state, page)
                          : s.federation().ListFollowing(account.id, state, page);
    if (!rows.ok()) return Fail(rows.error());
    auto total = followers ? s.federation().CountFollowers(account.id, state)
                           : s.federation().CountFollowing(account.id, state);
    std::printf("%lld %s\n", static_cast<long long>(total.ok() ? *total : 0),
                state == store::FollowState::kPending
                    ? (followers ? "pending follow requests" : "pending follows")
                    : (followers ? "followers" : "following"));
    for (const auto& f : *rows) {
      std::printf("  %s  (since %s)\n",
                  Describe(s, followers ? f.follower_uri : f.followed_uri).c_str(),
                  FormatIso8601(f.created_at).c_str());
    }
    return 0;
  });
}

template <typename Action>
int FollowAction(GlobalOptions& global, const Options& o, const char* done, Action action) {
  return WithAccount(global, o.account, [&](server::Services& s, const store::Account& account) {
    auto target = ResolveTarget(s, o.target);
    if (!target.ok()) return Fail(target.error());
    Status status = action(s, account, *target);
    if (!status.ok()) return Fail(status.error());
    std::printf("%s %s\n", done, target->c_str());
    return 0;
  });
}

int Notifications(GlobalOptions& global, const Options& o) {
  return WithAccount(global, o.account, [&](server::Services& s, const store::Account& account) {
    store::PageRequest page;
    page.limit = o.limit;
    auto rows = s.federation().ListNotifications(account.id, page);
    if (!rows.ok()) return Fail(rows.error());
    if (rows->empty()) std::printf("No notifications.\n");
    for (const auto& n : *rows) {
      std::printf("%s  %-15s %s%s%s\n", FormatIso8601(n.created_at).c_str(),
                  std::string(store::NotificationTypeName(n.type)).c_str(),
                  Describe(s, n.actor_uri).c_str(), n.object_uri.empty() ? "" : "  → ",
                  n.object_uri.c_str());
    }
    return 0;
  });
}

int Timeline(GlobalOptions& global, const Options& o) {
  return WithAccount(global, o.account, [&](server::Services& s, const store::Account& account) {
    store::PageRequest page;
    page.limit = o.limit;
    auto rows = s.federation().ListTimeline(account.id, page);
    if (!rows.ok()) return Fail(rows.error());
    if (rows->empty()) std::printf("Nothing received yet.\n");
    for (const auto& post : *rows) {
      std::printf("%s  %s\n  %s\n", FormatIso8601(post.published_at).c_str(),
                  Describe(s, post.attributed_to).c_str(), post.uri.c_str());
      if (!post.summary.empty()) {
        std::printf("  CW: %s\n", activitypub::content::HtmlToPlainText(post.summary).c_str());
      }
      std::printf("  %s\n\n", activitypub::content::HtmlToPlainText(post.content_html).c_str());
    }
    return 0;
  });
}

CLI::App* WithAccountArg(CLI::App* cmd, Options& o) {
  cmd->add_option("account", o.account, "Local account (username)")->required();
  return cmd;
}

}  // namespace

void AddFollowCommands(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto* follows = app.add_subcommand("follows", "Follow requests waiting for the owner");
  follows->require_subcommand(1);
  auto pending = std::make_shared<Options>();
  WithAccountArg(follows->add_subcommand("pending", "List follow requests awaiting approval"),
                 *pending)
      ->callback([&global, pending, exit_code] {
        *exit_code = ListFollows(global, *pending, true, store::FollowState::kPending);
      });
  auto approve = std::make_shared<Options>();
  auto* approve_cmd = WithAccountArg(
      follows->add_subcommand("approve", "Accept a follow request (sends Accept)"), *approve);
  approve_cmd->add_option("follower", approve->target, "@user@host or actor URL")->required();
  approve_cmd->callback([&global, approve, exit_code] {
    *exit_code = FollowAction(global, *approve, "Approved",
                              [](server::Services& s, const store::Account& a,
                                 const std::string& t) { return s.follows().Approve(a, t); });
  });
  auto reject = std::make_shared<Options>();
  auto* reject_cmd =
      WithAccountArg(follows->add_subcommand(
                         "reject", "Refuse a follow request, or remove a follower (sends Reject)"),
                     *reject);
  reject_cmd->add_option("follower", reject->target, "@user@host or actor URL")->required();
  reject_cmd->callback([&global, reject, exit_code] {
    *exit_code = FollowAction(global, *reject, "Rejected",
                              [](server::Services& s, const store::Account& a,
                                 const std::string& t) { return s.follows().Reject(a, t); });
  });

  auto follow = std::make_shared<Options>();
  auto* follow_cmd = WithAccountArg(
      app.add_subcommand("follow", "Follow a remote account (sends Follow)"), *follow);
  follow_cmd->add_option("target", follow->target, "@user@host or actor URL")->required();
  follow_cmd->callback([&global, follow, exit_code] {
    *exit_code = FollowAction(
        global, *follow, "Follow sent to",
        [](server::Services& s, const store::Account& a, const std::string& t) -> Status {
          auto r = s.follows().FollowRemote(a, t);
          if (!r.ok()) return r.take_error();
          return OkStatus();
        });
  });
  auto unfollow = std::make_shared<Options>();
  auto* unfollow_cmd = WithAccountArg(
      app.add_subcommand("unfollow", "Stop following a remote account (sends Undo)"), *unfollow);
  unfollow_cmd->add_option("target", unfollow->target, "@user@host or actor URL")->required();
  unfollow_cmd->callback([&global, unfollow, exit_code] {
    *exit_code = FollowAction(global, *unfollow, "Unfollowed",
                              [](server::Services& s, const store::Account& a,
                                 const std::string& t) { return s.follows().Unfollow(a, t); });
  });

  auto followers = std::make_shared<Options>();
  auto* followers_cmd =
      WithAccountArg(app.add_subcommand("followers", "List an account's followers"), *followers);
  followers_cmd->add_option("--limit", followers->limit, "Rows to show")->capture_default_str();
  followers_cmd->callback([&global, followers, exit_code] {
    *exit_code = ListFollows(global, *followers, true, store::FollowState::kAccepted);
  });
  auto following = std::make_shared<Options>();
  auto* following_cmd =
      WithAccountArg(app.add_subcommand("following", "List who an account follows"), *following);
  following_cmd->add_option("--limit", following->limit, "Rows to show")->capture_default_str();
  following_cmd->callback([&global, following, exit_code] {
    *exit_code = ListFollows(global, *following, false, store::FollowState::kAccepted);
  });
  auto notes = std::make_shared<Options>();
  auto* notes_cmd =
      WithAccountArg(app.add_subcommand("notifications",
                                        "What happened to an account (follows, mentions, likes…)"),
                     *notes);
  notes_cmd->add_option("--limit", notes->limit, "Rows to show")->capture_default_str();
  notes_cmd->callback([&global, notes, exit_code] { *exit_code = Notifications(global, *notes); });
  auto timeline = std::make_shared<Options>();
  auto* timeline_cmd = WithAccountArg(
      app.add_subcommand("timeline", "Posts an account received from the accounts it follows"),
      *timeline);
  timeline_cmd->add_option("--limit", timeline->limit, "Rows to show")->capture_default_str();
  timeline_cmd->callback(
      [&global, timeline, exit_code] { *exit_code = Timeline(global, *timeline); });
}

}  // namespace cornerstore::cli
