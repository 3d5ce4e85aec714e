#include "src/cli/context.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "config/loader.h"
#include "src/common/log.h"
#include "store/private_files.h"
#include "store/sqlite_store.h"

namespace cornerstore::cli {
namespace {

constexpr const char* kDefaultConfigFile = "cornerstore.toml";

std::string ResolveConfigPath(const GlobalOptions& options) {
  if (!options.config_path.empty()) return options.config_path;
  if (const char* env = std::getenv("CORNERSTORE_CONFIG"); env && *env) return env;
  if (::access(kDefaultConfigFile, F_OK) == 0) return kDefaultConfigFile;
  return "";
}

}  // namespace

Result<std::unique_ptr<Context>> Context::Load(const GlobalOptions& options) {
  config::LoadOptions load;
  load.file_path = ResolveConfigPath(options);
  load.environment = config::CurrentEnvironment();
  if (!options.listen.empty()) {
    std::string listen = options.listen;
    size_t colon = listen.rfind(':');
    if (colon != std::string::npos && listen.find(']') == std::string::npos) {
      std::string port = listen.substr(colon + 1);
      load.flag_overrides["server.port"] = port;
      listen = listen.substr(0, colon);
    }
    if (!listen.empty()) load.flag_overrides["server.listen_address"] = listen;
  }
  CS_ASSIGN_OR_RETURN(config::Config config, config::LoadConfig(load));
  log::Level level = log::Level::kInfo;
  log::ParseLevel(config.log.level, &level);
  log::SetLevel(level);
  auto context = std::unique_ptr<Context>(new Context());
  context->config_ = std::move(config);
  return context;
}

Result<store::SqliteStore*> Context::Store() {
  if (!store_) {
    CS_RETURN_IF_ERROR(store::EnsurePrivateDirectory(config_.storage.data_dir));
    CS_ASSIGN_OR_RETURN(auto opened,
                        store::SqliteStore::Open(config_.storage.database_path, &clock_));
    store_ = std::move(opened);
  }
  return store_.get();
}

int Fail(const Error& error) { return Fail(error.ToLogString()); }

int Fail(const std::string& message) {
  std::fprintf(stderr, "cornerstore: %s\n", message.c_str());
  return 1;
}

}  // namespace cornerstore::cli
