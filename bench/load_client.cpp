#include "bench/load_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <strings.h>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

namespace cornerstore::bench {
namespace {

// Bytes read from a socket per call.
constexpr size_t kReadChunk = 64 * 1024;
// Gives up when no answer at all arrives for this long (a hung server).
constexpr int kStallTimeoutMs = 30000;
// A request that keeps losing its connection is not retried forever.
constexpr int64_t kMaxReconnects = 10000;

struct Conn {
  int fd = -1;
  int64_t request = -1;  // index of the request in flight, -1 when idle
  size_t sent = 0;       // bytes of it written so far
  std::string in;        // bytes of the answer read so far
};

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0 && errno != EINPROGRESS) {
    close(fd);
    return -1;
  }
  return fd;
}

// The length of one complete answer at the start of `in` (0 when incomplete) and its status.
size_t CompleteAnswer(const std::string& in, int* status) {
  size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) return 0;
  const size_t body_start = head_end + 4;
  if (in.size() < 12) return 0;
  *status = std::atoi(in.c_str() + 9);  // "HTTP/1.1 202"
  size_t content_length = 0;
  bool chunked = false;
  size_t line = in.find("\r\n") + 2;
  while (line < head_end) {
    size_t eol = in.find("\r\n", line);
    std::string_view header(in.data() + line, eol - line);
    if (header.size() > 15 && strncasecmp(header.data(), "content-length:", 15) == 0) {
      content_length = std::strtoull(header.data() + 15, nullptr, 10);
    } else if (header.size() > 18 && strncasecmp(header.data(), "transfer-encoding:", 18) == 0) {
      chunked = true;
    }
    line = eol + 2;
  }
  if (chunked) {
    size_t end = in.find("0\r\n\r\n", body_start);
    return end == std::string::npos ? 0 : end + 5;
  }
  return in.size() >= body_start + content_length ? body_start + content_length : 0;
}

}  // namespace

LoadResult FireRequests(int port, const std::vector<std::string>& requests, int connections) {
  LoadResult result;
  if (requests.empty()) return result;
  const int epoll = epoll_create1(EPOLL_CLOEXEC);
  std::vector<Conn> conns(static_cast<size_t>(connections));
  size_t next = 0;
  int64_t outstanding = static_cast<int64_t>(requests.size());
  std::vector<int64_t> retry;  // requests whose connection dropped

  auto take_request = [&]() -> int64_t {
    if (!retry.empty()) {
      int64_t r = retry.back();
      retry.pop_back();
      return r;
    }
    return next < requests.size() ? static_cast<int64_t>(next++) : -1;
  };
  auto open = [&](size_t i) -> bool {
    Conn& c = conns[i];
    c.fd = Connect(port);
    if (c.fd < 0) return false;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT;
    ev.data.u64 = i;
    epoll_ctl(epoll, EPOLL_CTL_ADD, c.fd, &ev);
    return true;
  };
  auto arm = [&](size_t i, bool want_write) {
    epoll_event ev{};
    ev.events = EPOLLIN | (want_write ? EPOLLOUT : 0u);
    ev.data.u64 = i;
    epoll_ctl(epoll, EPOLL_CTL_MOD, conns[i].fd, &ev);
  };
  auto reopen = [&](size_t i) {
    Conn& c = conns[i];
    epoll_ctl(epoll, EPOLL_CTL_DEL, c.fd, nullptr);
    close(c.fd);
    if (c.request >= 0) retry.push_back(c.request);
    c.request = -1;
    c.sent = 0;
    c.in.clear();
    ++result.reconnects;
    if (!open(i)) result.error = "cannot reconnect";
  };

  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < conns.size(); ++i) {
    if (!open(i)) {
      result.error = "cannot connect to 127.0.0.1:" + std::to_string(port);
      close(epoll);
      return result;
    }
    conns[i].request = take_request();
  }

  std::vector<epoll_event> events(conns.size());
  char buffer[kReadChunk];
  while (outstanding > 0 && result.error.empty()) {
    int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), kStallTimeoutMs);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      result.error = "no answer for " + std::to_string(kStallTimeoutMs / 1000) + " s";
      break;
    }
    for (int e = 0; e < n; ++e) {
      const size_t i = events[e].data.u64;
      Conn& c = conns[i];
      bool broken = (events[e].events & (EPOLLERR | EPOLLHUP)) != 0 && c.request >= 0 &&
                    (events[e].events & EPOLLIN) == 0;
      if (!broken && c.request >= 0 && c.sent < requests[c.request].size()) {
        const std::string& r = requests[c.request];
        ssize_t w = send(c.fd, r.data() + c.sent, r.size() - c.sent, MSG_NOSIGNAL);
        if (w > 0) c.sent += static_cast<size_t>(w);
        if (w < 0 && errno != EAGAIN) broken = true;
        if (!broken) arm(i, c.sent < r.size());
      }
      if (!broken && (events[e].events & EPOLLIN)) {
        for (;;) {
          ssize_t got = recv(c.fd, buffer, sizeof buffer, 0);
          if (got > 0) {
            c.in.append(buffer, static_cast<size_t>(got));
            continue;
          }
          if (got == 0 || errno != EAGAIN) broken = true;
          break;
        }
        int status = 0;
        size_t used = 0;
        while (c.request >= 0 && (used = CompleteAnswer(c.in, &status)) > 0) {
          c.in.erase(0, used);
          ++result.by_status[status];
          ++result.answered;
          --outstanding;
          c.request = take_request();
          c.sent = 0;
          if (c.request >= 0) {
            broken = false;  // a close after the answer only matters with more to send
            arm(i, true);
          }
        }
      }
      if (broken && c.request >= 0) {
        if (result.reconnects >= kMaxReconnects) {
          result.error = "too many dropped connections";
          break;
        }
        reopen(i);
      } else if (broken) {
        epoll_ctl(epoll, EPOLL_CTL_DEL, c.fd, nullptr);
        close(c.fd);
        c.fd = -1;
      }
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (Conn& c : conns) {
    if (c.fd >= 0) close(c.fd);
  }
  close(epoll);
  return result;
}

}  // namespace cornerstore::bench
