// Composition root: everything happens in the CLI's commands.
#include <csignal>

#include "src/cli/cli.h"

int main(int argc, char** argv) {
  // A peer closing its socket mid-write must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  return cornerstore::cli::Run(argc, argv);
}
