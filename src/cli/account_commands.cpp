// `cornerstore account create|list|show|update|delete`.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>
#include <string>

#include "activitypub/accounts.h"
#include "activitypub/publish/account_deletion.h"
#include "activitypub/publish/profile_update.h"
#include "activitypub/uris.h"
#include "src/cli/commands.h"
#include "src/cli/context.h"
#include "src/common/clock.h"
#include "store/sqlite_federation_store.h"

namespace cornerstore::cli {
namespace {

struct AccountOptions {
  std::string name;
  std::string display_name;
  std::string bio;
  std::string type = "person";
  std::vector<std::string> fields;
  bool clear_fields = false;
  std::optional<bool> manual_approval;
  std::optional<bool> hide_collections;
  std::optional<bool> discoverable;
  std::string avatar;
  std::string header;
  bool yes = false;
  // Which of the optional strings were given (update changes only those).
  bool has_display_name = false, has_bio = false, has_type = false, has_avatar = false,
       has_header = false;
};

Result<std::vector<store::ProfileField>> ParseFields(const std::vector<std::string>& texts) {
  std::vector<store::ProfileField> fields;
  for (const auto& text : texts) {
    CS_ASSIGN_OR_RETURN(auto field, activitypub::ParseProfileField(text));
    fields.push_back(std::move(field));
  }
  return fields;
}

void PrintAccount(const store::Account& a, const activitypub::Uris& uris) {
  std::printf("%s\n", a.username.c_str());
  std::printf("  handle:        @%s\n", uris.Acct(a.username).c_str());
  std::printf("  actor:         %s\n", uris.Actor(a.username).c_str());
  std::printf("  profile:       %s\n", uris.ProfilePage(a.username).c_str());
  std::printf("  type:          %s\n", std::string(store::ActorTypeName(a.type)).c_str());
  std::printf("  display name:  %s\n", a.display_name.c_str());
  std::printf("  bio:           %s\n", a.summary.c_str());
  for (const auto& f : a.fields)
    std::printf("  field:         %s = %s\n", f.name.c_str(), f.value.c_str());
  std::printf("  manual approval of followers: %s\n", a.manually_approves_followers ? "yes" : "no");
  std::printf("  hide collections:            %s\n", a.hide_collections ? "yes" : "no");
  if (!a.avatar_url.empty()) std::printf("  avatar:        %s\n", a.avatar_url.c_str());
  if (!a.header_url.empty()) std::printf("  header:        %s\n", a.header_url.c_str());
  std::printf("  created:       %s\n", FormatIso8601(a.created_at).c_str());
}

// Runs `body` with a loaded context and open store, mapping errors to an exit code.
template <typename Body>
int WithStore(GlobalOptions& global, Body body) {
  auto context = Context::Load(global);
  if (!context.ok()) return Fail(context.error());
  auto store = (*context)->Store();
  if (!store.ok()) return Fail(store.error());
  const auto& cfg = (*context)->config();
  activitypub::Uris uris(cfg.instance.base_url, cfg.instance.domain);
  return body(**store, uris);
}

int Create(GlobalOptions& global, const AccountOptions& o) {
  return WithStore(global, [&](store::Store& store, const activitypub::Uris& uris) {
    auto type = store::ParseActorType(o.type);
    if (!type) return Fail("--type must be organization, person or service");
    auto fields = ParseFields(o.fields);
    if (!fields.ok()) return Fail(fields.error());
    activitypub::NewAccount request{o.name, o.display_name, o.bio,
                                    *type,  *fields,        o.manual_approval.value_or(false)};
    auto created = activitypub::CreateLocalAccount(store, request);
    if (!created.ok()) return Fail(created.error());
    PrintAccount(*created, uris);
    return 0;
  });
}

int List(GlobalOptions& global) {
  return WithStore(global, [&](store::Store& store, const activitypub::Uris& uris) {
    auto accounts = store.ListAccounts();
    if (!accounts.ok()) return Fail(accounts.error());
    if (accounts->empty())
      std::printf("No accounts yet. Create one: cornerstore account create NAME\n");
    for (const auto& a : *accounts) {
      std::printf("%-20s @%-40s %s\n", a.username.c_str(), uris.Acct(a.username).c_str(),
                  std::string(store::ActorTypeName(a.type)).c_str());
    }
    return 0;
  });
}

int Show(GlobalOptions& global, const AccountOptions& o) {
  return WithStore(global, [&](store::Store& store, const activitypub::Uris& uris) {
    auto account = store.FindAccountByUsername(o.name);
    if (!account.ok()) return Fail("no account named " + o.name);
    PrintAccount(*account, uris);
    return 0;
  });
}

// Saves the profile and queues Update{actor} for the followers, as the client API and the
// dashboard do; the running server's delivery workers send it (the queue lives in the database
// both share).
int Update(GlobalOptions& global, const AccountOptions& o) {
  auto context = Context::Load(global);
  if (!context.ok()) return Fail(context.error());
  auto store = (*context)->Store();
  if (!store.ok()) return Fail(store.error());
  const auto& cfg = (*context)->config();
  activitypub::Uris uris(cfg.instance.base_url, cfg.instance.domain);
  auto found = (*store)->FindAccountByUsername(o.name);
  if (!found.ok()) return Fail("no account named " + o.name);
  store::Account account = *found;
  if (o.has_display_name) account.display_name = o.display_name;
  if (o.has_bio) account.summary = o.bio;
  if (o.has_type) {
    auto type = store::ParseActorType(o.type);
    if (!type) return Fail("--type must be organization, person or service");
    account.type = *type;
  }
  if (o.clear_fields) account.fields.clear();
  if (!o.fields.empty()) {
    auto fields = ParseFields(o.fields);
    if (!fields.ok()) return Fail(fields.error());
    account.fields = *fields;
  }
  if (o.manual_approval) account.manually_approves_followers = *o.manual_approval;
  if (o.hide_collections) account.hide_collections = *o.hide_collections;
  if (o.discoverable) account.discoverable = *o.discoverable;
  if (o.has_avatar) account.avatar_url = o.avatar;
  if (o.has_header) account.header_url = o.header;
  store::SqliteFederationStore federation((*store)->database());
  auto saved = activitypub::UpdateProfileAndFederate(**store, federation, account, uris,
                                                     (*context)->clock());
  if (!saved.ok()) return Fail(saved.error());
  PrintAccount(*saved, uris);
  return 0;
}

std::string Plural(int64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Deletes the account and queues its Delete for every server that knows it; the running
// server's delivery workers send it (the queue lives in the database both share).
int Delete(GlobalOptions& global, const AccountOptions& o) {
  auto context = Context::Load(global);
  if (!context.ok()) return Fail(context.error());
  auto store = (*context)->Store();
  if (!store.ok()) return Fail(store.error());
  const auto& cfg = (*context)->config();
  activitypub::Uris uris(cfg.instance.base_url, cfg.instance.domain);
  auto account = (*store)->FindAccountByUsername(o.name);
  if (!account.ok()) {
    auto deleted = (*store)->IsAccountDeleted(o.name);
    if (deleted.ok() && *deleted) return Fail(o.name + " was already deleted");
    return Fail("no account named " + o.name);
  }
  if (!o.yes) {
    return Fail("deleting " + o.name +
                " removes it and everything it owns, tells every server that knows it, and the "
                "name can never be used again; add --yes");
  }
  store::SqliteFederationStore federation((*store)->database());
  auto report =
      activitypub::DeleteAccountAndFederate(federation, *account, uris, (*context)->clock());
  if (!report.ok()) return Fail(report.error());
  std::printf("Deleted %s\n", o.name.c_str());
  std::printf("Delete queued for %s on %s.\n", Plural(report->inboxes, "inbox", "inboxes").c_str(),
              Plural(report->servers, "server", "servers").c_str());
  return 0;
}

void AddProfileOptions(CLI::App* cmd, AccountOptions& o) {
  cmd->add_option("--display-name", o.display_name, "Name shown on the profile")
      ->each([&o](const std::string&) { o.has_display_name = true; });
  cmd->add_option("--bio", o.bio, "Profile text (plain text; blank lines make paragraphs)")
      ->each([&o](const std::string&) { o.has_bio = true; });
  cmd->add_option("--type", o.type, "organization | person | service")
      ->each([&o](const std::string&) { o.has_type = true; });
  cmd->add_option("--field", o.fields,
                  "Profile field \"Name=Value\" (repeat; replaces all fields)");
  cmd->add_option("--manual-approval", o.manual_approval,
                  "Approve each follower by hand (true|false)");
}

}  // namespace

void AddAccountCommands(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto* account = app.add_subcommand("account", "Manage local accounts");
  account->require_subcommand(1);

  auto create_opts = std::make_shared<AccountOptions>();
  auto* create = account->add_subcommand("create", "Create an account with a fresh RSA-2048 key");
  create->add_option("name", create_opts->name, "Username (a-z, 0-9, _)")->required();
  AddProfileOptions(create, *create_opts);
  create->callback(
      [&global, create_opts, exit_code] { *exit_code = Create(global, *create_opts); });

  auto* list = account->add_subcommand("list", "List accounts");
  list->callback([&global, exit_code] { *exit_code = List(global); });

  auto show_opts = std::make_shared<AccountOptions>();
  auto* show = account->add_subcommand("show", "Show one account");
  show->add_option("name", show_opts->name, "Username")->required();
  show->callback([&global, show_opts, exit_code] { *exit_code = Show(global, *show_opts); });

  auto update_opts = std::make_shared<AccountOptions>();
  auto* update = account->add_subcommand("update", "Change an account's profile and settings");
  update->add_option("name", update_opts->name, "Username")->required();
  AddProfileOptions(update, *update_opts);
  update->add_flag("--clear-fields", update_opts->clear_fields, "Remove all profile fields");
  update->add_option("--hide-collections", update_opts->hide_collections,
                     "Show only totals of followers/following (true|false)");
  update->add_option("--discoverable", update_opts->discoverable,
                     "Allow directories and search to list the account (true|false)");
  update->add_option("--avatar", update_opts->avatar, "Avatar image URL")
      ->each([o = update_opts.get()](const std::string&) { o->has_avatar = true; });
  update->add_option("--header", update_opts->header, "Header image URL")
      ->each([o = update_opts.get()](const std::string&) { o->has_header = true; });
  update->callback(
      [&global, update_opts, exit_code] { *exit_code = Update(global, *update_opts); });

  auto delete_opts = std::make_shared<AccountOptions>();
  auto* del = account->add_subcommand(
      "delete", "Delete an account and everything it owns, and tell the servers that know it");
  del->add_option("name", delete_opts->name, "Username")->required();
  del->add_flag("--yes", delete_opts->yes, "Confirm");
  del->callback([&global, delete_opts, exit_code] { *exit_code = Delete(global, *delete_opts); });
}

}  // namespace cornerstore::cli
