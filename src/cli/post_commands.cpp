// Publishing from the command line: `post` (and `post edit|delete|pin|unpin`), `boost` /
// `unboost`, `like` / `unlike`, and `deliveries` (where a post went).
//
// Every command goes through PublishService, the same path the client API uses. They change
// state and enqueue messages; the running server's delivery workers send them (the queue lives
// in the database both share).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "activitypub/delivery/reach.h"
#include "src/cli/commands.h"
#include "src/cli/context.h"
#include "src/common/clock.h"
#include "src/server/services.h"

namespace cornerstore::cli {
namespace {

struct Options {
  std::string account;
  std::string text;
  std::string visibility = "public";
  std::string content_warning;
  std::string reply_to;
  bool pin = false;
  std::string post;  // numeric id or status URL
  std::string url;   // a post anywhere (boost, like)
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

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

int Post(GlobalOptions& global, const Options& o) {
  auto visibility = store::ParseVisibility(o.visibility);
  if (!visibility) return Fail("--visibility must be public, unlisted, followers or direct");
  return WithAccount(global, o.account, [&](server::Services& s, const store::Account& account) {
    activitypub::PostRequest request;
    request.text = o.text;
    request.visibility = *visibility;
    request.content_warning = o.content_warning;
    request.in_reply_to = o.reply_to;
    request.pin = o.pin;
    auto posted = s.publish().Post(account, request);
    if (!posted.ok()) return Fail(posted.error());
    auto report = s.federation().ReportDeliveries(posted->id);
    std::printf(
        "Posted %s (id %lld, %s)%s\n", posted->uri.c_str(), static_cast<long long>(posted->id),
        std::string(store::VisibilityName(posted->visibility)).c_str(), o.pin ? ", pinned" : "");
    if (report.ok()) {
      std::printf("Queued for %s on %s%s.\n", Plural(report->total, "inbox", "inboxes").c_str(),
                  Plural(report->hosts_total, "server", "servers").c_str(),
                  o.pin ? " (Create and Add counted separately)" : "");
    }
    return 0;
  });
}

// Runs `action` on the post `o.post` of `o.account` and prints `done` with the post.
template <typename Action>
int PostAction(GlobalOptions& global, const Options& o, const char* done, Action action) {
  return WithAccount(global, o.account, [&](server::Services& s, const store::Account& account) {
    Status status = action(s, account);
    if (!status.ok()) return Fail(status.error());
    std::printf("%s %s\n", done, o.post.empty() ? o.url.c_str() : o.post.c_str());
    return 0;
  });
}

int Deliveries(GlobalOptions& global, const Options& o) {
  return WithAccount(global, o.account, [&](server::Services& s, const store::Account& account) {
    store::StoredObject post;
    if (o.post.empty()) {
      store::PageRequest page;
      page.limit = 1;
      auto latest = s.federation().ListAccountObjects(account.id, {}, page);
      if (!latest.ok()) return Fail(latest.error());
      if (latest->empty()) {
        std::printf("%s has not posted yet.\n", account.username.c_str());
        return 0;
      }
      post = latest->front();
    } else {
      // Deleted posts too: the reach of their Delete is worth watching.
      char* end = nullptr;
      const long long id = std::strtoll(o.post.c_str(), &end, 10);
      const bool numeric = !o.post.empty() && *end == '\0' && id > 0;
      auto found = numeric ? s.federation().FindObjectById(id) : s.federation().FindObject(o.post);
      if (!found.ok() || found->account_id != account.id) {
        return Fail("no post " + o.post + " of " + account.username);
      }
      post = *found;
    }
    auto report = s.federation().ReportDeliveries(post.id);
    if (!report.ok()) return Fail(report.error());
    std::printf("%s (id %lld)\n%s", post.uri.c_str(), static_cast<long long>(post.id),
                activitypub::delivery::DescribeReach(*report, s.clock().NowUnix()).c_str());
    return 0;
  });
}

CLI::App* WithAccountArg(CLI::App* cmd, Options& o) {
  cmd->add_option("account", o.account, "Local account (username)")->required();
  return cmd;
}

CLI::App* WithPostArg(CLI::App* cmd, Options& o) {
  WithAccountArg(cmd, o);
  cmd->add_option("id", o.post, "The post: its id (as `post` printed it) or its URL")->required();
  return cmd;
}

CLI::App* WithUrlArg(CLI::App* cmd, Options& o) {
  WithAccountArg(cmd, o);
  cmd->add_option("url", o.url, "URL of the post (ours or on another server)")->required();
  return cmd;
}

}  // namespace

void AddPostCommands(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto post = std::make_shared<Options>();
  auto* post_cmd = app.add_subcommand(
      "post",
      "Publish a post to followers and mentioned accounts (or: post edit|delete|pin|unpin)");
  post_cmd->add_option("account", post->account, "Local account (username)");
  post_cmd->add_option("text", post->text,
                       "The text: blank lines make paragraphs; @user@host mentions, #tags");
  post_cmd->add_option("--visibility", post->visibility, "public, unlisted, followers or direct")
      ->capture_default_str();
  post_cmd->add_option("--cw", post->content_warning, "Content warning shown before the text");
  post_cmd->add_option("--reply-to", post->reply_to, "URL of the post this answers");
  post_cmd->add_flag("--pin", post->pin, "Also pin it to the profile");
  post_cmd->callback([post_cmd, &global, post, exit_code] {
    if (!post_cmd->get_subcommands().empty()) return;  // edit, delete, pin or unpin ran
    if (post->account.empty() || post->text.empty()) {
      *exit_code = Fail("usage: post ACCOUNT TEXT [--visibility V] [--cw TEXT] [--reply-to URL]");
      return;
    }
    *exit_code = Post(global, *post);
  });

  auto edit = std::make_shared<Options>();
  auto* edit_cmd =
      WithPostArg(post_cmd->add_subcommand("edit", "Change a post's text (sends Update)"), *edit);
  edit_cmd->add_option("text", edit->text, "The new text")->required();
  edit_cmd->add_option("--cw", edit->content_warning, "Content warning (none if omitted)");
  edit_cmd->callback([&global, edit, exit_code] {
    *exit_code =
        PostAction(global, *edit, "Edited", [&](server::Services& s, const store::Account& a) {
          return s.publish().Edit(a, edit->post, edit->text, edit->content_warning);
        });
  });
  auto del = std::make_shared<Options>();
  WithPostArg(post_cmd->add_subcommand("delete", "Delete a post (sends Delete)"), *del)
      ->callback([&global, del, exit_code] {
        *exit_code =
            PostAction(global, *del, "Deleted", [&](server::Services& s, const store::Account& a) {
              return s.publish().Delete(a, del->post);
            });
      });
  auto pin = std::make_shared<Options>();
  WithPostArg(post_cmd->add_subcommand("pin", "Pin a post to the profile (sends Add)"), *pin)
      ->callback([&global, pin, exit_code] {
        *exit_code =
            PostAction(global, *pin, "Pinned", [&](server::Services& s, const store::Account& a) {
              return s.publish().Pin(a, pin->post);
            });
      });
  auto unpin = std::make_shared<Options>();
  WithPostArg(post_cmd->add_subcommand("unpin", "Unpin a post (sends Remove)"), *unpin)
      ->callback([&global, unpin, exit_code] {
        *exit_code = PostAction(global, *unpin, "Unpinned",
                                [&](server::Services& s, const store::Account& a) {
                                  return s.publish().Unpin(a, unpin->post);
                                });
      });

  auto boost = std::make_shared<Options>();
  WithUrlArg(app.add_subcommand("boost", "Boost a post (sends Announce)"), *boost)
      ->callback([&global, boost, exit_code] {
        *exit_code = PostAction(global, *boost, "Boosted",
                                [&](server::Services& s, const store::Account& a) -> Status {
                                  auto r = s.publish().Boost(a, boost->url);
                                  if (!r.ok()) return r.take_error();
                                  return OkStatus();
                                });
      });
  auto unboost = std::make_shared<Options>();
  WithUrlArg(app.add_subcommand("unboost", "Undo a boost (sends Undo)"), *unboost)
      ->callback([&global, unboost, exit_code] {
        *exit_code = PostAction(global, *unboost, "Unboosted",
                                [&](server::Services& s, const store::Account& a) {
                                  return s.publish().Unboost(a, unboost->url);
                                });
      });
  auto like = std::make_shared<Options>();
  WithUrlArg(app.add_subcommand("like", "Like a post (sends Like)"), *like)
      ->callback([&global, like, exit_code] {
        *exit_code = PostAction(global, *like, "Liked",
                                [&](server::Services& s, const store::Account& a) -> Status {
                                  auto r = s.publish().Like(a, like->url);
                                  if (!r.ok()) return r.take_error();
                                  return OkStatus();
                                });
      });
  auto unlike = std::make_shared<Options>();
  WithUrlArg(app.add_subcommand("unlike", "Undo a like (sends Undo)"), *unlike)
      ->callback([&global, unlike, exit_code] {
        *exit_code = PostAction(global, *unlike, "Unliked",
                                [&](server::Services& s, const store::Account& a) {
                                  return s.publish().Unlike(a, unlike->url);
                                });
      });

  auto deliveries = std::make_shared<Options>();
  auto* deliveries_cmd = WithAccountArg(
      app.add_subcommand("deliveries", "Where a post went: inboxes reached, retrying, given up"),
      *deliveries);
  deliveries_cmd->add_option("--post", deliveries->post,
                             "The post (id or URL); default: the latest");
  deliveries_cmd->callback(
      [&global, deliveries, exit_code] { *exit_code = Deliveries(global, *deliveries); });
}

}  // namespace cornerstore::cli
