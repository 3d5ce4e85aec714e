// CornerstoreProcess: the real `cornerstore` binary as a child process, for integration tests.
//
// Each instance gets its own data directory and a free port on 127.0.0.1, runs
// `cornerstore --config <tmp>/cornerstore.toml serve`, and waits for /health. The child's
// stderr goes to <tmp>/server.log (printed on failure). Destroying the object stops the child
// with SIGTERM (SIGKILL after a grace period). Not thread-safe; one owner per process.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/support.h"

namespace cornerstore::testing {

// Path of the binary under test ($CS_TEST_BINARY, set by CTest).
std::string CornerstoreBinary();

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs the binary with `args` to completion (env: the parent's plus `env`; stdin: `input`, or
// /dev/null when none).
CommandResult RunCornerstore(const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env = {},
                             const std::optional<std::string>& input = std::nullopt);

class CornerstoreProcess {
 public:
  // `extra_toml` is appended to the generated config (e.g. "[unsafe]\nallow_private_addresses =
  // true\n").
  explicit CornerstoreProcess(std::string extra_toml = "");
  ~CornerstoreProcess();
  CornerstoreProcess(const CornerstoreProcess&) = delete;
  CornerstoreProcess& operator=(const CornerstoreProcess&) = delete;

  // Starts the server and waits until /health answers 200 (throws on failure or timeout).
  void Start();
  // SIGTERM and wait; returns the exit status (as from waitpid's WEXITSTATUS, or -signal).
  int Stop();
  // SIGKILL and reap: a crash.
  void Kill();
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }  // -1 when not running

  // Runs an admin command against this instance's config (e.g. {"account","create","shop"}).
  CommandResult Cli(const std::vector<std::string>& args) const;
  // The same, with `input` on standard input (e.g. a password).
  CommandResult CliWithInput(const std::vector<std::string>& args, const std::string& input) const;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& config_path() const { return config_path_; }
  const std::string& data_dir() const { return data_dir_; }
  std::string log() const;

 private:
  TempDir dir_;
  int port_ = 0;
  std::string config_path_;
  std::string data_dir_;
  std::string log_path_;
  pid_t pid_ = -1;
};

}  // namespace cornerstore::testing
