#include "tests/support/cornerstore_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace cornerstore::testing {
namespace {

// How long a fresh server may take to answer /health (ASan builds start slowly).
constexpr auto kStartTimeout = std::chrono::seconds(30);
constexpr auto kStopGrace = std::chrono::seconds(10);

std::vector<std::string> Environment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    std::string name = entry.substr(0, entry.find('='));
    if (extra.count(name)) continue;
    env.push_back(entry);
  }
  for (const auto& [k, v] : extra) env.push_back(k + "=" + v);
  return env;
}

// fork+exec with stdout/stderr redirected to files; returns the child pid.
pid_t Spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& out_path, const std::string& err_path,
            const std::string& in_path = "/dev/null") {
  std::vector<std::string> argv_s = {CornerstoreBinary()};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<std::string> env_s = Environment(env);
  std::vector<char*> argv, envp;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (out >= 0) dup2(out, 1);
    if (err >= 0) dup2(err, 2);
    int devnull = open(in_path.c_str(), O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return -WTERMSIG(status);
  return -1;
}

}  // namespace

std::string CornerstoreBinary() {
  const char* path = std::getenv("CS_TEST_BINARY");
  if (!path || !*path) throw std::runtime_error("CS_TEST_BINARY is not set (run through ctest)");
  return path;
}

CommandResult RunCornerstore(const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env,
                             const std::optional<std::string>& input) {
  TempDir tmp;
  std::string out = tmp.path() + "/out", err = tmp.path() + "/err", in = "/dev/null";
  if (input) {
    in = tmp.path() + "/in";
    WriteFile(in, *input);
  }
  pid_t pid = Spawn(args, env, out, err, in);
  CommandResult r;
  r.exit_code = WaitExit(pid);
  r.out = ReadFile(out);
  r.err = ReadFile(err);
  return r;
}

CornerstoreProcess::CornerstoreProcess(std::string extra_toml) {
  port_ = FreePort();
  data_dir_ = dir_.path() + "/data";
  config_path_ = dir_.path() + "/cornerstore.toml";
  log_path_ = dir_.path() + "/server.log";
  std::string toml = "[server]\nlisten_address = \"127.0.0.1\"\nport = " + std::to_string(port_) +
                     "\nhttp_threads = 16\n\n[instance]\ndomain = \"shop.test\"\nbase_url = \"" +
                     base_url() + "\"\n\n[storage]\ndata_dir = \"" + data_dir_ + "\"\n\n" +
                     extra_toml;
  WriteFile(config_path_, toml);
}

CornerstoreProcess::~CornerstoreProcess() {
  if (pid_ > 0) Stop();
}

void CornerstoreProcess::Start() {
  pid_ = Spawn({"--config", config_path_, "serve"}, {}, dir_.path() + "/server.out", log_path_);
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(0, 200'000);
  auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("cornerstore exited during start-up:\n" + log());
    }
    auto res = client.Get("/health");
    if (res && res->status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Kill();
  throw std::runtime_error("cornerstore did not answer /health in time:\n" + log());
}

int CornerstoreProcess::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + kStopGrace;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      return WIFSIGNALED(status) ? -WTERMSIG(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill();
  return -SIGKILL;
}

void CornerstoreProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  WaitExit(pid_);
  pid_ = -1;
}

CommandResult CornerstoreProcess::Cli(const std::vector<std::string>& args) const {
  std::vector<std::string> full = {"--config", config_path_};
  full.insert(full.end(), args.begin(), args.end());
  return RunCornerstore(full);
}

CommandResult CornerstoreProcess::CliWithInput(const std::vector<std::string>& args,
                                               const std::string& input) const {
  std::vector<std::string> full = {"--config", config_path_};
  full.insert(full.end(), args.begin(), args.end());
  return RunCornerstore(full, {}, input);
}

std::string CornerstoreProcess::log() const { return ReadFile(log_path_); }

}  // namespace cornerstore::testing
