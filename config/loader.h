// Configuration loader: builds a validated Config from defaults, a TOML file, CORNERSTORE_*
// environment variables and command-line flags, in that order (later sources win).
//
// The file mirrors the struct: sections [server] [instance] [storage] [workers] [limits] [log]
// [unsafe], keys named like the members (instance.base_url). Every key can also be set by
// CORNERSTORE_<SECTION>_<KEY> (CORNERSTORE_INSTANCE_BASE_URL). Unknown keys and unknown
// CORNERSTORE_* variables are errors, so a typo never goes unnoticed.
//
// Every function here is pure apart from reading the named file (and CurrentEnvironment reading
// the process environment); all are safe to call from any thread. LoadConfig returns a Config the
// caller owns; errors are Error{kInvalidInput, one line naming the key and the fix}.
#pragma once

#include <map>
#include <string>

#include "config/config.h"
#include "src/common/result.h"

namespace cornerstore::config {

struct LoadOptions {
  // TOML file to read; empty means no file (defaults, environment and flags only).
  std::string file_path{};
  // Environment variables by name. Only CORNERSTORE_* names are looked at; tests pass their own
  // map, the binary passes CurrentEnvironment().
  std::map<std::string, std::string> environment{};
  // Values from command-line flags by dotted key ("server.port" → "8080"), written as they
  // would be in an environment variable; they override everything else.
  std::map<std::string, std::string> flag_overrides{};
};

// Loads and validates; the first problem found is returned as one line, e.g.
//   config: server.port = 0 (cornerstore.toml:3:8): must be an integer from 1 to 65535
Result<Config> LoadConfig(const LoadOptions& opts);

// The CORNERSTORE_* variables of this process's environment.
std::map<std::string, std::string> CurrentEnvironment();

// A complete TOML file for `c`: every key with its help text and value. LoadConfig of this text
// yields `c` again (a database_path equal to the derived default is written as ""), so
// `cornerstore init` writes it. config/cornerstore.example.toml is ExampleConfigToml(Config{}).
std::string ExampleConfigToml(const Config& c);

// Every CORNERSTORE_* variable with its type, default and help text (for --help and docs).
std::string DescribeEnvironmentVariables();

}  // namespace cornerstore::config
