#include "config/loader.h"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <map>
#include <sstream>
#include <string>

#include "tests/support/support.h"

using namespace cornerstore;
using namespace cornerstore::config;
using cornerstore::testing::ReadFile;
using cornerstore::testing::TempDir;
using cornerstore::testing::WriteFile;

namespace {

constexpr const char* kExamplePath = CS_TEST_VECTORS_DIR "/../../config/cornerstore.example.toml";

// The error message of a failed load, for test output ("" when it succeeded).
std::string Why(const Result<Config>& r) { return r.ok() ? "" : r.error().message; }

// The error line of a load that must fail; checks it is one kInvalidInput line.
std::string LoadError(const LoadOptions& opts) {
  auto r = LoadConfig(opts);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kInvalidInput);
  CHECK(r.error().message.rfind("config: ", 0) == 0);
  CHECK(r.error().message.find('\n') == std::string::npos);
  return r.error().message;
}

std::string FlagError(const std::string& key, const std::string& value) {
  return LoadError({.flag_overrides = {{key, value}}});
}

Config LoadFlag(const std::string& key, const std::string& value) {
  auto r = LoadConfig({.flag_overrides = {{key, value}}});
  REQUIRE_MESSAGE(r.ok(), Why(r));
  return *r;
}

// A file in a temporary directory holding `toml`.
struct ConfigFile {
  TempDir dir;
  std::string path = dir.path() + "/cornerstore.toml";
  explicit ConfigFile(const std::string& toml) { WriteFile(path, toml); }
};

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("config: defaults load and derive database_path and base_host") {
  auto r = LoadConfig({});
  REQUIRE(r.ok());
  Config expected;
  expected.storage.database_path = "./data/cornerstore.db";
  expected.base_host = "localhost";
  CHECK(*r == expected);
}

TEST_CASE("config: values from the file") {
  ConfigFile file(R"(
[server]
listen_address = "0.0.0.0"
port = 9000

[instance]
domain = "Shop.Example"
base_url = "https://social.shop.example/"
name = "Corner \"Shop\""
open_registrations = true

[storage]
data_dir = "/var/lib/cornerstore"

[workers]
inbox_queue_capacity = 500

[log]
level = "debug"
)");
  auto r = LoadConfig({.file_path = file.path});
  REQUIRE_MESSAGE(r.ok(), Why(r));
  CHECK(r->server.listen_address == "0.0.0.0");
  CHECK(r->server.port == 9000);
  CHECK(r->server.http_threads == 32);  // untouched keys keep their defaults
  CHECK(r->instance.domain == "shop.example");
  CHECK(r->instance.base_url == "https://social.shop.example");
  CHECK(r->base_host == "social.shop.example");
  CHECK(r->instance.name == "Corner \"Shop\"");
  CHECK(r->instance.open_registrations);
  CHECK(r->storage.database_path == "/var/lib/cornerstore/cornerstore.db");
  CHECK(r->workers.inbox_queue_capacity == 500);
  CHECK(r->log.level == "debug");
}

TEST_CASE("config: an empty file means defaults") {
  ConfigFile file("# nothing here\n");
  auto r = LoadConfig({.file_path = file.path});
  REQUIRE(r.ok());
  CHECK(*r == *LoadConfig({}));
}

TEST_CASE("config: environment beats file, flags beat environment") {
  ConfigFile file(
      "[server]\nport = 9000\nlisten_address = \"10.0.0.1\"\n"
      "[instance]\ndomain = \"file.example\"\n");
  LoadOptions opts{.file_path = file.path,
                   .environment = {{"CORNERSTORE_SERVER_PORT", "9100"},
                                   {"CORNERSTORE_INSTANCE_DOMAIN", "env.example"},
                                   {"PATH", "/usr/bin"}}};
  auto r = LoadConfig(opts);
  REQUIRE_MESSAGE(r.ok(), Why(r));
  CHECK(r->server.port == 9100);
  CHECK(r->instance.domain == "env.example");
  CHECK(r->server.listen_address == "10.0.0.1");

  opts.flag_overrides = {{"server.port", "9200"}, {"server.listen_address", "::1"}};
  r = LoadConfig(opts);
  REQUIRE_MESSAGE(r.ok(), Why(r));
  CHECK(r->server.port == 9200);
  CHECK(r->server.listen_address == "::1");
  CHECK(r->instance.domain == "env.example");
}

TEST_CASE("config: every key of the example can be set from its environment variable") {
  std::istringstream in(ExampleConfigToml(Config{}));
  std::string line, section;
  int keys = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[') {
      section = line.substr(1, line.size() - 2);
      continue;
    }
    std::string key = line.substr(0, line.find(" = "));
    std::string value = line.substr(line.find(" = ") + 3);
    if (value.front() == '"') value = value.substr(1, value.size() - 2);
    if (key == "database_path") value = "/tmp/x.db";
    std::string var = "CORNERSTORE_" + section + "_" + key;
    for (char& c : var) c = static_cast<char>(toupper(c));
    CAPTURE(var);
    auto r = LoadConfig({.environment = {{var, value}}});
    CHECK_MESSAGE(r.ok(), Why(r));
    CHECK(Contains(DescribeEnvironmentVariables(), var));
    ++keys;
  }
  CHECK(keys >= 25);
}

TEST_CASE("config: integers are checked against their range") {
  CHECK(FlagError("server.port", "0") ==
        "config: server.port = 0 (command line): must be an integer from 1 to 65535");
  CHECK(Contains(FlagError("server.port", "65536"), "server.port = 65536"));
  CHECK(Contains(FlagError("server.port", "80x"), "server.port = \"80x\""));
  CHECK(Contains(FlagError("server.port", ""), "server.port"));
  CHECK(Contains(FlagError("server.port", "99999999999999999999"), "server.port"));
  CHECK(Contains(FlagError("server.http_threads", "0"), "server.http_threads"));
  CHECK(Contains(FlagError("server.http_threads", "100000"), "from 1 to 4096"));
  CHECK(Contains(FlagError("server.read_timeout_seconds", "0"), "server.read_timeout_seconds"));
  CHECK(Contains(FlagError("server.write_timeout_seconds", "3600"), "write_timeout_seconds"));
  CHECK(Contains(FlagError("server.keep_alive_max_count", "-1"), "keep_alive_max_count"));
  CHECK(Contains(FlagError("server.listen_backlog", "0"), "server.listen_backlog"));
  CHECK(Contains(FlagError("workers.inbox_workers", "0"), "workers.inbox_workers"));
  CHECK(Contains(FlagError("workers.delivery_workers", "1000"), "workers.delivery_workers"));
  CHECK(Contains(FlagError("workers.inbox_queue_capacity", "0"), "inbox_queue_capacity"));
  CHECK(Contains(FlagError("limits.max_request_body_bytes", "0"), "max_request_body_bytes"));
  CHECK(Contains(FlagError("limits.max_fetch_body_bytes", "-5"), "max_fetch_body_bytes"));
  CHECK(Contains(FlagError("limits.max_fetch_body_bytes", "1000000000000"), "from 1 to"));
  CHECK(Contains(FlagError("limits.max_json_depth", "0"), "limits.max_json_depth"));
  CHECK(LoadFlag("server.port", "65535").server.port == 65535);
  CHECK(LoadFlag("limits.max_request_body_bytes", "67108864").limits.max_request_body_bytes ==
        64u << 20);
}

TEST_CASE("config: booleans are true or false") {
  CHECK(FlagError("log.access_log", "yes") ==
        "config: log.access_log = \"yes\" (command line): must be true or false");
  CHECK(LoadFlag("unsafe.allow_private_addresses", "true").unsafe.allow_private_addresses);
  CHECK_FALSE(LoadFlag("log.access_log", "false").log.access_log);
}

TEST_CASE("config: base_url") {
  CHECK(FlagError("instance.base_url", "ftp://x") ==
        "config: instance.base_url = \"ftp://x\" (command line): must be an absolute http(s) URL "
        "without a path, e.g. https://social.shop.example");
  for (std::string bad :
       {"https://social.example/path", "https://social.example/?q=1", "https://social.example?",
        "https://social.example/#top", "https://user@social.example", "social.example", "https://",
        "https://social.example//", "https://social example", ""}) {
    CAPTURE(bad);
    CHECK(Contains(FlagError("instance.base_url", bad), "instance.base_url"));
  }
  Config c = LoadFlag("instance.base_url", "https://social.shop.example/");
  CHECK(c.instance.base_url == "https://social.shop.example");
  CHECK(c.base_host == "social.shop.example");
  c = LoadFlag("instance.base_url", "HTTPS://Social.Example:443");
  CHECK(c.instance.base_url == "https://social.example");
  CHECK(c.base_host == "social.example");
  c = LoadFlag("instance.base_url", "http://localhost:3000/");
  CHECK(c.instance.base_url == "http://localhost:3000");
  CHECK(c.base_host == "localhost");
  c = LoadFlag("instance.base_url", "http://[::1]:8080");
  CHECK(c.instance.base_url == "http://[::1]:8080");
  CHECK(c.base_host == "::1");
}

TEST_CASE("config: domain is a lower-case host name") {
  CHECK(LoadFlag("instance.domain", "Shop.EXAMPLE").instance.domain == "shop.example");
  CHECK(LoadFlag("instance.domain", "xn--bcher-kva.example").instance.domain ==
        "xn--bcher-kva.example");
  for (std::string bad : {"https://shop.example", "shop.example:8080", "shop.example/", "",
                          "-shop.example", "shop-.example", "shop..example", "shop.example.",
                          "shop_1.example", "@shop.example", "bücher.example"}) {
    CAPTURE(bad);
    std::string error = FlagError("instance.domain", bad);
    CHECK(Contains(error, "instance.domain"));
    CHECK(Contains(error, "host name"));
  }
  CHECK(Contains(FlagError("instance.domain", std::string(64, 'a') + ".example"), "host name"));
}

TEST_CASE("config: string keys") {
  CHECK(Contains(FlagError("storage.data_dir", ""), "storage.data_dir = \"\""));
  CHECK(Contains(FlagError("log.level", "verbose"), "must be one of debug, info, warn, error"));
  CHECK(LoadFlag("log.level", "WARN").log.level == "warn");
  CHECK(Contains(FlagError("server.listen_address", "not an address"), "server.listen_address"));
  CHECK(Contains(FlagError("server.listen_address", ""), "server.listen_address"));
  CHECK(LoadFlag("server.listen_address", "::").server.listen_address == "::");
  CHECK(LoadFlag("server.listen_address", "0.0.0.0").server.listen_address == "0.0.0.0");
  CHECK(LoadFlag("server.listen_address", "LocalHost").server.listen_address == "localhost");
  CHECK(Contains(FlagError("instance.name", ""), "instance.name"));
  CHECK(Contains(FlagError("instance.name", "two\nlines"), "instance.name = \"two\\nlines\""));
  CHECK(Contains(FlagError("instance.description", std::string(10'001, 'x')), "..."));
  CHECK(LoadFlag("instance.description", "two\nlines").instance.description == "two\nlines");
  CHECK(Contains(FlagError("instance.admin_contact", "admin"), "instance.admin_contact"));
  CHECK(Contains(FlagError("instance.admin_contact", "a@b@c"), "instance.admin_contact"));
  CHECK(LoadFlag("instance.admin_contact", "admin@shop.example").instance.admin_contact ==
        "admin@shop.example");
  CHECK(Contains(FlagError("instance.name", "bad \xff utf-8"), "must be valid UTF-8"));
}

TEST_CASE("config: error lines quote values safely and stay short") {
  std::string error =
      FlagError("instance.domain", "evil\r\nconfig: forged line " + std::string(200, 'x'));
  CHECK(Contains(error, "\\r\\n"));
  CHECK(error.size() < 300);
}

TEST_CASE("config: database_path follows data_dir unless set") {
  CHECK(LoadFlag("storage.data_dir", "/srv/cs/").storage.database_path == "/srv/cs/cornerstore.db");
  auto r = LoadConfig({.flag_overrides = {{"storage.data_dir", "/srv/cs"},
                                          {"storage.database_path", "/fast/cs.db"}}});
  REQUIRE(r.ok());
  CHECK(r->storage.database_path == "/fast/cs.db");
}

TEST_CASE("config: wrong types in the file name the key and its line") {
  ConfigFile file("[server]\nlisten_address = \"127.0.0.1\"\nport = \"8080\"\n");
  CHECK(LoadError({.file_path = file.path}) == "config: server.port = \"8080\" (" + file.path +
                                                   ":3:8): must be an integer from 1 to 65535");

  ConfigFile floats("[server]\nport = 80.5\n");
  CHECK(Contains(LoadError({.file_path = floats.path}), "server.port = 80.5 ("));
  ConfigFile string_as_number("[instance]\ndomain = 42\n");
  CHECK(Contains(LoadError({.file_path = string_as_number.path}),
                 "instance.domain = 42 (" + string_as_number.path + ":2:10): must be a string"));
  ConfigFile bool_as_string("[log]\naccess_log = \"true\"\n");
  CHECK(Contains(LoadError({.file_path = bool_as_string.path}), "must be true or false"));
  ConfigFile table("[server]\nport = { value = 1 }\n");
  CHECK(Contains(LoadError({.file_path = table.path}), "server.port = a table"));
  ConfigFile out_of_range("[server]\nport = 70000\n");
  CHECK(Contains(LoadError({.file_path = out_of_range.path}), ":2:8): must be an integer"));
}

TEST_CASE("config: the first problem in file order is reported") {
  ConfigFile file("[workers]\ninbox_workers = 0\n[server]\nport = 0\n");
  CHECK(Contains(LoadError({.file_path = file.path}), "workers.inbox_workers"));
}

TEST_CASE("config: unknown keys in the file are errors") {
  ConfigFile typo("[server]\nprot = 8080\n");
  CHECK(LoadError({.file_path = typo.path}) ==
        "config: unknown key server.prot (" + typo.path + ":2:1); did you mean server.port?");
  ConfigFile wrong_section("[server]\ndomain = \"shop.example\"\n");
  CHECK(Contains(
      LoadError({.file_path = wrong_section.path}),
      "unknown key server.domain (" + wrong_section.path + ":2:1); did you mean instance.domain?"));
  ConfigFile top_level("port = 8080\n");
  CHECK(Contains(LoadError({.file_path = top_level.path}),
                 "unknown key port (" + top_level.path + ":1:1); did you mean server.port?"));
  ConfigFile section("[sever]\nport = 8080\n");
  CHECK(Contains(LoadError({.file_path = section.path}),
                 "unknown section [sever] (" + section.path + ":1:2); did you mean [server]?"));
  ConfigFile nested("[server.tls]\ncert = \"x\"\n");
  CHECK(Contains(LoadError({.file_path = nested.path}), "unknown key server.tls"));
  ConfigFile not_table("server = 8080\n");
  CHECK(Contains(LoadError({.file_path = not_table.path}),
                 "server (" + not_table.path + ":1:1): must be a table"));
  ConfigFile unrelated("[server]\nzzzzzzzz = 1\n");
  CHECK(LoadError({.file_path = unrelated.path}).ends_with(":2:1)"));
}

TEST_CASE("config: unknown CORNERSTORE_ environment variables are errors") {
  CHECK(LoadError({.environment = {{"CORNERSTORE_INSTANCE_DOMIAN", "x.example"}}}) ==
        "config: unknown environment variable CORNERSTORE_INSTANCE_DOMIAN; did you mean "
        "CORNERSTORE_INSTANCE_DOMAIN?");
  CHECK(Contains(LoadError({.environment = {{"CORNERSTORE_SERVER_DOMAIN", "x.example"}}}),
                 "did you mean CORNERSTORE_INSTANCE_DOMAIN?"));
  CHECK(Contains(LoadError({.environment = {{"CORNERSTORE_WHATEVER", "1"}}}),
                 "unknown environment variable CORNERSTORE_WHATEVER"));
  CHECK(Contains(LoadError({.environment = {{"CORNERSTORE_SERVER_PORT", "http"}}}),
                 "server.port = \"http\" (CORNERSTORE_SERVER_PORT): must be an integer"));
  // Variables of other tools and of the command line itself are not configuration keys.
  CHECK(LoadConfig({.environment = {{"CORNERSTORE_CONFIG", "/etc/cornerstore.toml"},
                                    {"CORNERSTORE_BINARY", "/usr/bin/cornerstore"},
                                    {"CORNERSTOREX", "1"},
                                    {"HOME", "/root"}}})
            .ok());
}

TEST_CASE("config: unknown flag keys are errors") {
  CHECK(Contains(FlagError("server.prot", "1"), "unknown key server.prot (command line)"));
  CHECK(Contains(FlagError("port", "1"), "unknown key port"));
}

TEST_CASE("config: a TOML syntax error gives file, line and column") {
  ConfigFile file("[server]\nport = = 3\n");
  std::string error = LoadError({.file_path = file.path});
  CHECK(error.rfind("config: " + file.path + ":2:", 0) == 0);
  CHECK(error.size() > ("config: " + file.path + ":2:8: ").size());

  ConfigFile duplicate("[server]\nport = 1\nport = 2\n");
  CHECK(Contains(LoadError({.file_path = duplicate.path}), duplicate.path + ":3:"));
}

TEST_CASE("config: unreadable or oversized files") {
  TempDir dir;
  CHECK(Contains(LoadError({.file_path = dir.path() + "/missing.toml"}),
                 "cannot read " + dir.path() + "/missing.toml: No such file or directory"));
  CHECK(Contains(LoadError({.file_path = dir.path()}), "cannot read"));
  std::string big = dir.path() + "/big.toml";
  WriteFile(big, std::string(2 << 20, '#'));
  CHECK(Contains(LoadError({.file_path = big}), "larger than"));
}

TEST_CASE("config: the committed example is the generated one") {
  std::string generated = ExampleConfigToml(Config{});
  std::string committed = ReadFile(kExamplePath);
  if (committed != generated) {
    WriteFile("cornerstore.example.toml.generated", generated);
    FAIL(
        "config/cornerstore.example.toml is stale: copy cornerstore.example.toml.generated "
        "(written to the test's working directory) over it");
  }
}

TEST_CASE("config: the example file loads as the defaults") {
  auto from_example = LoadConfig({.file_path = kExamplePath});
  REQUIRE_MESSAGE(from_example.ok(), Why(from_example));
  CHECK(*from_example == *LoadConfig({}));
}

TEST_CASE("config: the example of any loaded config loads back as it") {
  LoadOptions opts{.flag_overrides = {
                       {"instance.name", "Quotes \" and \\ backslashes \u00e9"},
                       {"instance.description", "line one\nline two\twith tab"},
                       {"instance.domain", "shop.example"},
                       {"instance.base_url", "https://social.shop.example"},
                       {"storage.data_dir", "/srv/cornerstore"},
                       {"server.port", "443"},
                       {"log.access_log", "false"},
                   }};
  auto original = LoadConfig(opts);
  REQUIRE(original.ok());
  std::string text = ExampleConfigToml(*original);
  CHECK(Contains(text, "database_path = \"\""));  // still follows data_dir
  ConfigFile file(text);
  auto loaded = LoadConfig({.file_path = file.path});
  REQUIRE_MESSAGE(loaded.ok(), Why(loaded));
  CHECK(*loaded == *original);
}

TEST_CASE("config: generated text stays within 100 columns and documents every key") {
  for (const std::string& text : {ExampleConfigToml(Config{}), DescribeEnvironmentVariables()}) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
      CAPTURE(line);
      CHECK(line.size() <= 100);
    }
  }
  std::string env = DescribeEnvironmentVariables();
  CHECK(Contains(env, "CORNERSTORE_SERVER_PORT  (integer from 1 to 65535; default 8080)"));
  CHECK(
      Contains(env, "CORNERSTORE_INSTANCE_BASE_URL  (string; default \"http://localhost:8080\")"));
}

TEST_CASE("config: CurrentEnvironment captures only CORNERSTORE_ variables") {
  ::setenv("CORNERSTORE_LOADER_TEST_PROBE", "a=b", 1);
  auto env = CurrentEnvironment();
  ::unsetenv("CORNERSTORE_LOADER_TEST_PROBE");
  CHECK(env["CORNERSTORE_LOADER_TEST_PROBE"] == "a=b");
  for (const auto& [name, value] : env) CHECK(name.rfind("CORNERSTORE_", 0) == 0);
}
