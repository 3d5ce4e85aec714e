// Composition root: everything happens in the CLI's commands.
#include <malloc.h>

#include <csignal>
#include <cstdlib>
#include <thread>

#include "src/cli/cli.h"

namespace {

// glibc gives each thread that allocates its own arena, up to 8 per CPU, and every arena keeps
// a few hundred KiB of freed memory: a server with ~70 threads holding little memory each spent
// ≈2 MiB of its idle RSS on them (docs/PERFORMANCE.md, memory). One arena per CPU keeps most of
// that saving: no more threads than CPUs allocate at the same moment. A single arena was
// measured too: its lock then serialized every allocation too big for the per-thread tcache,
// and an outbox page (20 posts, a 21 KB body) cost 0.93 ms of CPU, 135 futex calls and 15
// context switches, against 0.42 ms, 26 and 3 with two arenas on two CPUs.
int MallocArenas() {
  const unsigned cpus = std::thread::hardware_concurrency();
  return cpus == 0 ? 2 : static_cast<int>(cpus);
}

}  // namespace

int main(int argc, char** argv) {
  // glibc's own setting, when the operator gives one, wins (MALLOC_ARENA_MAX=8 for a big box).
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, MallocArenas());
  // A peer closing its socket mid-write must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  return cornerstore::cli::Run(argc, argv);
}
