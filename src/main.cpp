// Composition root: everything happens in the CLI's commands.
#include <malloc.h>

#include <csignal>
#include <cstdlib>

#include "src/cli/cli.h"

namespace {

// glibc gives each thread that allocates its own arena, up to 8 per CPU, and every arena keeps
// a few hundred KiB of freed memory: a server with ~70 threads holding little memory each spent
// ≈2 MiB of its idle RSS on them (docs/PERFORMANCE.md, memory). One arena shares that; the
// per-thread tcache still serves most small allocations without taking the arena lock.
constexpr int kMallocArenas = 1;

}  // namespace

int main(int argc, char** argv) {
  // glibc's own setting, when the operator gives one, wins (MALLOC_ARENA_MAX=8 for a big box).
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, kMallocArenas);
  // A peer closing its socket mid-write must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  return cornerstore::cli::Run(argc, argv);
}
