// `cornerstore account password NAME` and `cornerstore token create|list|revoke`: the login
// password of an account, and bearer tokens for scripts and integrations (src/auth).
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "src/auth/login_throttle.h"
#include "src/auth/oauth_service.h"
#include "src/auth/password.h"
#include "src/cli/commands.h"
#include "src/cli/context.h"
#include "store/sqlite_auth_store.h"

namespace cornerstore::cli {
namespace {

constexpr const char* kDefaultTokenScopes = "read write follow";

struct AuthOptions {
  std::string name;
  bool password_stdin = false;
  std::string scopes = kDefaultTokenScopes;
  std::string label;
  int64_t token_id = 0;
};

// The parts of src/auth a command needs, over the context's database.
struct AuthParts {
  store::SqliteStore* store = nullptr;
  std::unique_ptr<store::SqliteAuthStore> auth_store;
  std::unique_ptr<auth::LoginThrottle> throttle;
  std::unique_ptr<auth::OAuthService> oauth;
};

template <typename Body>
int WithAuth(GlobalOptions& global, Body body) {
  auto context = Context::Load(global);
  if (!context.ok()) return Fail(context.error());
  auto store = (*context)->Store();
  if (!store.ok()) return Fail(store.error());
  AuthParts parts;
  parts.store = *store;
  parts.auth_store = std::make_unique<store::SqliteAuthStore>((*store)->database());
  parts.throttle = std::make_unique<auth::LoginThrottle>((*context)->clock());
  parts.oauth = std::make_unique<auth::OAuthService>(*parts.auth_store, **store,
                                                     (*context)->clock(), *parts.throttle);
  return body(parts);
}

// One line of standard input without its line ending; nullopt at end of input.
std::optional<std::string> ReadLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Prompts on stderr and reads a line with the terminal's echo off.
std::optional<std::string> ReadHidden(const char* prompt) {
  std::fputs(prompt, stderr);
  std::fflush(stderr);
  termios saved{};
  const bool tty = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  auto line = ReadLine();
  if (tty) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  std::fputs("\n", stderr);
  return line;
}

Result<std::string> ReadNewPassword(bool from_stdin) {
  if (from_stdin || !isatty(STDIN_FILENO)) {
    auto line = ReadLine();
    if (!line) return MakeError(ErrorCode::kInvalidInput, "no password on standard input");
    return *line;
  }
  auto first = ReadHidden("New password: ");
  if (!first) return MakeError(ErrorCode::kInvalidInput, "no password given");
  CS_RETURN_IF_ERROR(auth::CheckPasswordPolicy(*first));
  auto again = ReadHidden("Repeat the password: ");
  if (!again || *again != *first) {
    return MakeError(ErrorCode::kInvalidInput, "the passwords do not match");
  }
  return *first;
}

Result<store::Account> FindAccount(AuthParts& parts, const std::string& name) {
  auto account = parts.store->FindAccountByUsername(name);
  if (!account.ok() && account.error().code == ErrorCode::kNotFound) {
    return MakeError(ErrorCode::kNotFound, "no account named " + name);
  }
  return account;
}

int SetPassword(GlobalOptions& global, const AuthOptions& o) {
  return WithAuth(global, [&](AuthParts& parts) {
    auto account = FindAccount(parts, o.name);
    if (!account.ok()) return Fail(account.error());
    auto password = ReadNewPassword(o.password_stdin);
    if (!password.ok()) return Fail(password.error());
    Status set = parts.oauth->SetPassword(account->id, *password);
    if (!set.ok()) return Fail(set.error());
    std::printf("password set for %s\n", account->username.c_str());
    return 0;
  });
}

int CreateToken(GlobalOptions& global, const AuthOptions& o) {
  return WithAuth(global, [&](AuthParts& parts) {
    auto account = FindAccount(parts, o.name);
    if (!account.ok()) return Fail(account.error());
    auto token =
        parts.oauth->CreatePersonalToken(account->id, auth::ParseScopes(o.scopes), o.label);
    if (!token.ok()) return Fail(token.error());
    // The token alone on stdout, so scripts can capture it; it is never shown again.
    std::printf("%s\n", token->access_token.c_str());
    std::fprintf(stderr, "token %lld for %s (%s): store it now, it is not shown again\n",
                 static_cast<long long>(token->token_id), account->username.c_str(),
                 auth::JoinScopes(token->scopes).c_str());
    return 0;
  });
}

std::string TimeOrNever(int64_t at) { return at == 0 ? "never" : FormatIso8601(at); }

int ListTokens(GlobalOptions& global, const AuthOptions& o, const Clock& clock) {
  return WithAuth(global, [&](AuthParts& parts) {
    auto account = FindAccount(parts, o.name);
    if (!account.ok()) return Fail(account.error());
    auto tokens = parts.auth_store->ListTokens(account->id);
    if (!tokens.ok()) return Fail(tokens.error());
    std::printf("%-6s %-8s %-24s %-20s %-20s %s\n", "ID", "STATE", "LABEL", "CREATED", "LAST USED",
                "SCOPES");
    for (const auto& t : *tokens) {
      std::string label = t.label;
      if (label.empty() && t.app_id != 0) {
        auto app = parts.auth_store->FindAppById(t.app_id);
        label = app.ok() ? "app: " + app->name : "app";
      }
      const char* state = t.revoked_at != 0                                      ? "revoked"
                          : t.expires_at != 0 && clock.NowUnix() >= t.expires_at ? "expired"
                                                                                 : "active";
      std::printf("%-6lld %-8s %-24s %-20s %-20s %s\n", static_cast<long long>(t.id), state,
                  label.c_str(), FormatIso8601(t.created_at).c_str(),
                  TimeOrNever(t.last_used_at).c_str(), t.scopes.c_str());
    }
    return 0;
  });
}

int RevokeToken(GlobalOptions& global, const AuthOptions& o, const Clock& clock) {
  return WithAuth(global, [&](AuthParts& parts) {
    Status revoked = parts.auth_store->RevokeToken(o.token_id, clock.NowUnix());
    if (!revoked.ok()) {
      if (revoked.error().code == ErrorCode::kNotFound) {
        return Fail("no token with id " + std::to_string(o.token_id));
      }
      return Fail(revoked.error());
    }
    std::printf("token %lld revoked\n", static_cast<long long>(o.token_id));
    return 0;
  });
}

}  // namespace

void AddAuthCommands(CLI::App& app, GlobalOptions& global, int* exit_code) {
  static const SystemClock clock;
  // `account password` joins the account group (AddAccountCommands runs first).
  CLI::App* account = app.get_subcommand("account");
  auto password_opts = std::make_shared<AuthOptions>();
  auto* password = account->add_subcommand(
      "password", "Set the password the account logs in with (read from standard input)");
  password->add_option("name", password_opts->name, "Username")->required();
  password->add_flag("--password-stdin", password_opts->password_stdin,
                     "Read the password from the first line of standard input, without prompt");
  password->callback(
      [&global, password_opts, exit_code] { *exit_code = SetPassword(global, *password_opts); });

  auto* token =
      app.add_subcommand("token", "Manage API access tokens for scripts and integrations");
  token->require_subcommand(1);

  auto create_opts = std::make_shared<AuthOptions>();
  auto* create = token->add_subcommand("create", "Create a token and print it (once)");
  create->add_option("name", create_opts->name, "Username")->required();
  create->add_option(
      "--scopes", create_opts->scopes,
      std::string("Space-separated scopes (default: \"") + kDefaultTokenScopes + "\")");
  create->add_option("--name", create_opts->label, "A label to recognise the token by");
  create->callback(
      [&global, create_opts, exit_code] { *exit_code = CreateToken(global, *create_opts); });

  auto list_opts = std::make_shared<AuthOptions>();
  auto* list = token->add_subcommand("list", "List an account's tokens (never the tokens)");
  list->add_option("name", list_opts->name, "Username")->required();
  list->callback(
      [&global, list_opts, exit_code] { *exit_code = ListTokens(global, *list_opts, clock); });

  auto revoke_opts = std::make_shared<AuthOptions>();
  auto* revoke = token->add_subcommand("revoke", "Revoke a token by id (see token list)");
  revoke->add_option("id", revoke_opts->token_id, "Token id")->required();
  revoke->callback(
      [&global, revoke_opts, exit_code] { *exit_code = RevokeToken(global, *revoke_opts, clock); });
}

}  // namespace cornerstore::cli
