// Case 1: thousands of idle connections and dozens of slow-drip clients must not starve the
// request workers. cpp-httplib alone ties a pool thread to every connection from accept to
// close; the server's ConnectionGate parks connections until a whole request head has arrived,
// so /health keeps answering within a second.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/fault/fault_support.h"
#include "tests/support/cornerstore_process.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore::testing;
using namespace cornerstore::testing::fault;

namespace {

using Steady = std::chrono::steady_clock;

constexpr int kDripClients = 64;
constexpr auto kDripInterval = std::chrono::milliseconds(300);
constexpr int64_t kHealthBoundMillis = 1000;
// Descriptors the test itself needs besides the flood (server pipes, clients, SQLite).
constexpr int kSpareFds = 256;

// Starts a non-blocking connect to 127.0.0.1:port; -1 on failure.
int Connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Whether the server has closed `fd` (EOF or reset readable).
bool ClosedByPeer(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  char c;
  return ::recv(fd, &c, 1, MSG_DONTWAIT) <= 0;
}

}  // namespace

TEST_CASE("idle and slow-drip connections do not starve /health") {
  const int idle_wanted = Scale(5000, 10000);
  const int limit = RaiseFileLimit(idle_wanted + kDripClients + kSpareFds * 2);
  const int idle_count = std::min(idle_wanted, limit - kDripClients - kSpareFds * 2);
  REQUIRE_MESSAGE(idle_count >= 1000, "RLIMIT_NOFILE too low for the test: " << limit);
  if (idle_count < idle_wanted) MESSAGE("descriptor limit ", limit, ": ", idle_count, " idle");

  // http_threads = 16 (CornerstoreProcess): far fewer workers than connections.
  CornerstoreProcess s("[log]\naccess_log = false\n");
  s.Start();
  const int64_t rss_before = RssKib(s.pid());

  std::vector<int> idle;
  idle.reserve(static_cast<size_t>(idle_count));
  for (int i = 0; i < idle_count; ++i) {
    int fd = Connect(s.port());
    if (fd >= 0) idle.push_back(fd);
    // The listen backlog is 1,024: let the accept loop keep up.
    if (i % 500 == 499) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(idle.size() == static_cast<size_t>(idle_count));

  // Drip clients: a valid request, one byte every 300 ms.
  const std::string request = "GET /health HTTP/1.1\r\nHost: shop.test\r\nUser-Agent: drip\r\n\r\n";
  std::vector<int> drip;
  for (int i = 0; i < kDripClients; ++i) drip.push_back(Connect(s.port()));
  std::atomic<bool> dripping{true};
  std::atomic<int> drip_closed_at_ms{-1};
  const auto drip_start = Steady::now();
  std::thread dripper([&] {
    size_t pos = 0;
    while (dripping.load() && pos < request.size()) {
      int open = 0;
      for (int fd : drip) {
        if (::send(fd, &request[pos], 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) ++open;
      }
      if (open == 0 && drip_closed_at_ms.load() < 0) {
        drip_closed_at_ms = static_cast<int>(MillisSince(drip_start));
      }
      ++pos;
      std::this_thread::sleep_for(kDripInterval);
    }
  });

  // Probe /health on fresh connections while the flood holds. The descriptors are counted
  // first: the long form's 20 probes outlast the 5 s idle timeout that closes the idle ones.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const int server_fds = OpenFds(s.pid());
  const int probes = Scale(8, 20);
  int64_t worst = 0;
  for (int i = 0; i < probes; ++i) {
    auto start = Steady::now();
    TestResponse r = Get(s.port(), "/health");
    const int64_t ms = MillisSince(start);
    worst = std::max(worst, ms);
    CHECK_MESSAGE(r.status == 200, "probe " << i << " status " << r.status);
    CHECK_MESSAGE(ms < kHealthBoundMillis, "probe " << i << " took " << ms << " ms");
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  const int64_t rss_flood = RssKib(s.pid());
  MESSAGE(idle.size(), " idle + ", kDripClients, " drip connections: worst /health ", worst,
          " ms over ", probes, " probes; server holds ", server_fds, " descriptors, RSS ",
          rss_before / 1024, " -> ", rss_flood / 1024, " MiB");
  CHECK(server_fds >= static_cast<int>(idle.size()));  // they really were all accepted

  // The gate closes drip clients at their head deadline (read_timeout_seconds = 5) and idle
  // connections after 5 s without a request.
  std::this_thread::sleep_for(std::chrono::seconds(6));
  int drip_open = 0;
  for (int fd : drip) drip_open += ClosedByPeer(fd) ? 0 : 1;
  size_t idle_open = 0;
  for (int fd : idle) idle_open += ClosedByPeer(fd) ? 0 : 1;
  MESSAGE("after 6.5 s: ", drip_open, " drip and ", idle_open, " idle connections still open");
  CHECK(drip_open == 0);
  CHECK(idle_open == 0);
  dripping = false;
  dripper.join();
  for (int fd : drip) ::close(fd);
  for (int fd : idle) ::close(fd);
  CHECK(Get(s.port(), "/health").status == 200);
}

TEST_CASE("keep-alive and pipelined requests still work through the gate") {
  CornerstoreProcess s("[log]\naccess_log = false\n");
  s.Start();
  // Two pipelined requests in one write, then a third after a pause longer than the linger.
  const std::string two =
      "GET /health HTTP/1.1\r\nHost: shop.test\r\n\r\nGET /health HTTP/1.1\r\nHost: shop.test\r\n"
      "Connection: close\r\n\r\n";
  std::string out = RawRequest(s.port(), two, 5000);
  size_t first = out.find("HTTP/1.1 200");
  REQUIRE(first != std::string::npos);
  CHECK(out.find("HTTP/1.1 200", first + 1) != std::string::npos);

  int fd = Connect(s.port());
  pollfd p{fd, POLLOUT, 0};
  REQUIRE(::poll(&p, 1, 2000) == 1);
  auto ask = [&](bool close) {
    std::string req = "GET /health HTTP/1.1\r\nHost: shop.test\r\n";
    req += close ? "Connection: close\r\n\r\n" : "\r\n";
    REQUIRE(::send(fd, req.data(), req.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(req.size()));
    std::string got;
    char buf[4096];
    auto deadline = Steady::now() + std::chrono::seconds(5);
    while (got.find("\r\n\r\n") == std::string::npos && Steady::now() < deadline) {
      pollfd r{fd, POLLIN, 0};
      if (::poll(&r, 1, 100) == 1) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        got.append(buf, static_cast<size_t>(n));
      }
    }
    return got;
  };
  CHECK(ask(false).find("HTTP/1.1 200") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // parked in the gate meanwhile
  CHECK(ask(false).find("HTTP/1.1 200") != std::string::npos);
  CHECK(ask(true).find("HTTP/1.1 200") != std::string::npos);
  ::close(fd);
}
