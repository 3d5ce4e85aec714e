// Registration of the CLI's command groups (one file each). Each callback stores the exit code
// of the command it ran in `*exit_code`.
#pragma once

namespace CLI {
class App;
}

namespace cornerstore::cli {

struct GlobalOptions;

void AddServeCommands(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddInitCommand(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddAccountCommands(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddPeerCommands(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddFollowCommands(CLI::App& app, GlobalOptions& global, int* exit_code);
void AddPostCommands(CLI::App& app, GlobalOptions& global, int* exit_code);
// `account password` and `token …`; adds to the account group, so it runs after
// AddAccountCommands.
void AddAuthCommands(CLI::App& app, GlobalOptions& global, int* exit_code);

}  // namespace cornerstore::cli
