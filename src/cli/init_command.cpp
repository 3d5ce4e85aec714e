// `cornerstore init`: writes a commented configuration file and creates the database.
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>

#include "config/loader.h"
#include "src/cli/commands.h"
#include "src/cli/context.h"

namespace cornerstore::cli {
namespace {

struct InitOptions {
  std::string path = "cornerstore.toml";
  std::string domain;
  std::string base_url;
  std::string data_dir;
  bool force = false;
};

int Init(GlobalOptions& global, const InitOptions& options) {
  struct stat st;
  if (::stat(options.path.c_str(), &st) == 0 && !options.force) {
    return Fail(options.path + " already exists (use --force to overwrite)");
  }
  // Start from defaults plus environment, then the values given here.
  config::LoadOptions load;
  load.environment = config::CurrentEnvironment();
  if (!options.domain.empty()) load.flag_overrides["instance.domain"] = options.domain;
  if (!options.base_url.empty()) load.flag_overrides["instance.base_url"] = options.base_url;
  if (!options.data_dir.empty()) load.flag_overrides["storage.data_dir"] = options.data_dir;
  auto config = config::LoadConfig(load);
  if (!config.ok()) return Fail(config.error());

  std::ofstream out(options.path, std::ios::trunc);
  out << config::ExampleConfigToml(*config);
  out.close();
  if (!out) return Fail("cannot write " + options.path);

  global.config_path = options.path;
  auto context = Context::Load(global);
  if (!context.ok()) return Fail(context.error());
  auto store = (*context)->Store();
  if (!store.ok()) return Fail(store.error());
  std::printf("Wrote %s\nDatabase ready at %s\nNext: cornerstore --config %s account create NAME\n",
              options.path.c_str(), (*context)->config().storage.database_path.c_str(),
              options.path.c_str());
  return 0;
}

}  // namespace

void AddInitCommand(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto options = std::make_shared<InitOptions>();
  auto* init = app.add_subcommand("init", "Write a commented config file and create the database");
  init->add_option("-o,--output", options->path, "Where to write the config file")
      ->capture_default_str();
  init->add_option("--domain", options->domain, "Handle domain (accounts are @name@DOMAIN)");
  init->add_option("--base-url", options->base_url,
                   "Public base URL of the server, e.g. https://social.shop.example");
  init->add_option("--data-dir", options->data_dir, "Data directory");
  init->add_flag("--force", options->force, "Overwrite an existing config file");
  init->callback([&global, options, exit_code] { *exit_code = Init(global, *options); });
}

}  // namespace cornerstore::cli
