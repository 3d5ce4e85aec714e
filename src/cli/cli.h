// The `cornerstore` command line: serve, demo, init and the admin commands.
#pragma once

namespace cornerstore::cli {

// Parses argv and runs the chosen command; returns the process exit code.
int Run(int argc, char** argv);

}  // namespace cornerstore::cli
