#include "src/cli/cli.h"

#include <cornerstore/version.h>
#include <CLI/CLI.hpp>

#include "src/cli/commands.h"
#include "src/cli/context.h"

namespace cornerstore::cli {

int Run(int argc, char** argv) {
  CLI::App app{"Cornerstore: a small fediverse server for a business's own accounts."};
  app.name("cornerstore");
  app.set_version_flag("--version", std::string(kSoftwareName) + " " + kVersion);
  app.require_subcommand(1);
  app.fallthrough();
  GlobalOptions global;
  app.add_option("-c,--config", global.config_path,
                 "Configuration file (default: $CORNERSTORE_CONFIG, else ./cornerstore.toml if "
                 "it exists, else built-in defaults)");
  int exit_code = 0;
  AddServeCommands(app, global, &exit_code);
  AddInitCommand(app, global, &exit_code);
  AddAccountCommands(app, global, &exit_code);
  AddPeerCommands(app, global, &exit_code);
  AddFollowCommands(app, global, &exit_code);
  AddPostCommands(app, global, &exit_code);
  AddAuthCommands(app, global, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return exit_code;
}

}  // namespace cornerstore::cli
