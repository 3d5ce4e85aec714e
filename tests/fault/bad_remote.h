// BadRemote: a raw-socket HTTP server on 127.0.0.1 that misbehaves the way broken or hostile
// fediverse servers do, for every request on any path: it hangs, resets the connection,
// trickles its answer a byte at a time, answers 10 MiB, or redirects in a loop.
//
// Thread safety: the accessors may be called from any thread while the server runs.
// Destruction closes every connection and joins the threads.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace cornerstore::testing::fault {

enum class Misbehaviour {
  kHang,          // reads the request, never answers
  kReset,         // reads the request, closes with a TCP reset
  kTrickle,       // a valid-looking answer, one byte every kTrickleInterval, never finished
  kHuge,          // 200 with a 10 MiB JSON-typed body
  kRedirectLoop,  // 302 to /loop/N+1, forever
};

const char* MisbehaviourName(Misbehaviour mode);

class BadRemote {
 public:
  // Below the fetcher's 10 s read timeout: only the 30 s total deadline stops a trickle.
  static constexpr int kTrickleIntervalMs = 2000;
  static constexpr size_t kHugeBytes = 10u << 20;

  explicit BadRemote(Misbehaviour mode);
  ~BadRemote();
  BadRemote(const BadRemote&) = delete;
  BadRemote& operator=(const BadRemote&) = delete;

  Misbehaviour mode() const { return mode_; }
  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

  // Requests received: all of them, and those that followed one of our redirects.
  int requests() const { return requests_; }
  int redirected_requests() const { return redirected_; }

 private:
  void AcceptLoop();
  void Serve(int fd);

  const Misbehaviour mode_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> requests_{0};
  std::atomic<int> redirected_{0};
  std::thread acceptor_;
  std::mutex mu_;  // guards the two vectors below
  std::vector<std::thread> connections_;
  std::vector<int> open_fds_;
};

}  // namespace cornerstore::testing::fault
