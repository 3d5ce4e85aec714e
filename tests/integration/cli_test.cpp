// The admin command line of the real binary: init, account commands, configuration errors.
#include <sys/stat.h>

#include <algorithm>

#include <doctest/doctest.h>

#include "tests/support/cornerstore_process.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

unsigned ModeOf(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("init writes a commented config and a private database") {
  TempDir dir;
  const std::string config = dir.path() + "/cornerstore.toml";
  auto r = RunCornerstore({"init", "--output", config, "--domain", "shop.example", "--base-url",
                           "https://social.shop.example", "--data-dir", dir.path() + "/data"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  std::string text = ReadFile(config);
  CHECK(text.find("domain = \"shop.example\"") != std::string::npos);
  CHECK(text.find("base_url = \"https://social.shop.example\"") != std::string::npos);
  CHECK(text.find("# ") != std::string::npos);  // commented
  CHECK(ModeOf(dir.path() + "/data") == 0700);
  CHECK(ModeOf(dir.path() + "/data/cornerstore.db") == 0600);
  // A second init refuses to overwrite.
  auto again = RunCornerstore({"init", "--output", config});
  CHECK(again.exit_code != 0);
  CHECK(again.err.find("already exists") != std::string::npos);
}

TEST_CASE("account create, list, show, update, delete") {
  CornerstoreProcess s;
  auto created = s.Cli({"account", "create", "bakery", "--display-name", "The Bakery", "--type",
                        "organization", "--field", "Website=https://bakery.example", "--field",
                        "Hours=Mon–Sat 8–18"});
  REQUIRE_MESSAGE(created.exit_code == 0, created.err);
  CHECK(created.out.find("@bakery@shop.test") != std::string::npos);
  CHECK(created.out.find("Organization") != std::string::npos);

  auto dup = s.Cli({"account", "create", "BAKERY"});
  CHECK(dup.exit_code != 0);
  auto bad = s.Cli({"account", "create", "no spaces"});
  CHECK(bad.exit_code != 0);
  CHECK(bad.err.find("username") != std::string::npos);
  auto bad_field = s.Cli({"account", "create", "x", "--field", "novalue"});
  CHECK(bad_field.exit_code != 0);
  CHECK(bad_field.err.find("Name=Value") != std::string::npos);
  auto bad_type = s.Cli({"account", "create", "y", "--type", "robot"});
  CHECK(bad_type.exit_code != 0);

  auto list = s.Cli({"account", "list"});
  CHECK(list.out.find("bakery") != std::string::npos);

  auto update = s.Cli({"account", "update", "bakery", "--bio", "Sourdough daily",
                       "--manual-approval", "true", "--field", "Phone=+1 555 0100"});
  REQUIRE_MESSAGE(update.exit_code == 0, update.err);
  auto show = s.Cli({"account", "show", "bakery"});
  CHECK(show.out.find("Sourdough daily") != std::string::npos);
  CHECK(show.out.find("Phone = +1 555 0100") != std::string::npos);
  CHECK(show.out.find("Website") == std::string::npos);  // --field replaces all fields
  CHECK(show.out.find("manual approval of followers: yes") != std::string::npos);

  // The running server sees the change.
  s.Start();
  auto actor = Get(s.port(), "/users/bakery", {{"Accept", "application/activity+json"}}).Json();
  CHECK(actor.FindBool("manuallyApprovesFollowers") == true);

  auto refuse = s.Cli({"account", "delete", "bakery"});
  CHECK(refuse.exit_code != 0);
  CHECK(s.Cli({"account", "delete", "bakery", "--yes"}).exit_code == 0);
  // Gone, not unknown: the name was used (account_deletion_test.cpp has the rest).
  CHECK(Get(s.port(), "/users/bakery", {{"Accept", "application/activity+json"}}).status == 410);
  CHECK(s.Cli({"account", "show", "bakery"}).exit_code != 0);
}

TEST_CASE("configuration errors stop start-up with one line naming the key") {
  TempDir dir;
  const std::string config = dir.path() + "/bad.toml";
  WriteFile(config, "[server]\nport = 0\n");
  auto r = RunCornerstore({"--config", config, "serve"});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("server.port") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);

  WriteFile(config, "[instance]\nbase_url = \"ftp://x\"\n");
  r = RunCornerstore({"--config", config, "serve"});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("instance.base_url") != std::string::npos);

  WriteFile(config, "[server]\nprot = 80\n");
  r = RunCornerstore({"--config", config, "serve"});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("prot") != std::string::npos);

  r = RunCornerstore({"--config", dir.path() + "/missing.toml", "serve"});
  CHECK(r.exit_code != 0);

  WriteFile(config, "[storage]\ndata_dir = \"" + dir.path() + "/d\"\n");
  r = RunCornerstore({"--config", config, "account", "list"}, {{"CORNERSTORE_SERVER_PORT", "abc"}});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("CORNERSTORE_SERVER_PORT") != std::string::npos);
}

TEST_CASE("a taken port is a clear error, not a second server sharing it") {
  CornerstoreProcess a;
  a.Start();
  TempDir dir;
  const std::string config = dir.path() + "/c.toml";
  WriteFile(config, "[server]\nport = " + std::to_string(a.port()) + "\n[storage]\ndata_dir = \"" +
                        dir.path() + "/d\"\n");
  auto r = RunCornerstore({"--config", config, "serve"});
  CHECK(r.exit_code != 0);
  CHECK(r.err.find("cannot listen") != std::string::npos);
  CHECK(Get(a.port(), "/health").status == 200);
}
