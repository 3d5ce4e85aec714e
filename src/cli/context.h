// What every CLI command needs: the loaded configuration, the open store and a clock.
//
// Built once per command invocation from the global options; owns the store. Not shared
// between threads except through the Store, which is thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "config/config.h"
#include "src/common/clock.h"
#include "src/common/result.h"
#include "store/sqlite_store.h"

namespace cornerstore::cli {

// Options every command accepts.
struct GlobalOptions {
  std::string config_path;  // --config, or $CORNERSTORE_CONFIG, or ./cornerstore.toml if present
  std::string listen;       // --listen ADDRESS[:PORT] (serve/demo)
};

class Context {
 public:
  // Loads and validates the configuration (printing nothing). Errors are one clear line.
  static Result<std::unique_ptr<Context>> Load(const GlobalOptions& options);

  const config::Config& config() const { return config_; }
  const Clock& clock() const { return clock_; }
  // Opens the data directory (0700) and the database (0600) on first use; migrations run.
  Result<store::SqliteStore*> Store();

 private:
  config::Config config_;
  SystemClock clock_;
  std::unique_ptr<store::SqliteStore> store_;
};

// Prints an error line "cornerstore: <message>" to stderr and returns the exit code to use.
int Fail(const Error& error);
int Fail(const std::string& message);

}  // namespace cornerstore::cli
