#include "tests/fault/bad_remote.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace cornerstore::testing::fault {
namespace {

// How often a connection thread looks at the stop flag while it waits.
constexpr int kPollMs = 100;
constexpr size_t kMaxHeadBytes = 64 * 1024;

// Waits for `fd` to become readable; false when stopping or on error/timeout of `ms`.
bool WaitReadable(int fd, int ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, ms) > 0;
}

bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

const char* MisbehaviourName(Misbehaviour mode) {
  switch (mode) {
    case Misbehaviour::kHang:
      return "hang";
    case Misbehaviour::kReset:
      return "reset";
    case Misbehaviour::kTrickle:
      return "trickle";
    case Misbehaviour::kHuge:
      return "10 MiB";
    case Misbehaviour::kRedirectLoop:
      return "redirect loop";
  }
  return "?";
}

BadRemote::BadRemote(Misbehaviour mode) : mode_(mode) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 128) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("BadRemote: cannot listen");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
}

BadRemote::~BadRemote() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  ::close(listen_fd_);
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    threads.swap(connections_);
  }
  for (std::thread& t : threads) t.join();
}

void BadRemote::AcceptLoop() {
  while (!stopping_) {
    if (!WaitReadable(listen_fd_, kPollMs)) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard<std::mutex> lock(mu_);
    open_fds_.push_back(fd);
    connections_.emplace_back([this, fd] { Serve(fd); });
  }
}

void BadRemote::Serve(int fd) {
  // One request head (and body, by Content-Length): enough for GETs and signed POSTs.
  std::string in;
  size_t head_end = std::string::npos;
  char buf[8192];
  while (!stopping_ && head_end == std::string::npos && in.size() < kMaxHeadBytes) {
    if (!WaitReadable(fd, kPollMs)) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<size_t>(n));
    head_end = in.find("\r\n\r\n");
  }
  if (head_end != std::string::npos) {
    ++requests_;
    const std::string path =
        in.substr(in.find(' ') + 1, in.find(' ', in.find(' ') + 1) - in.find(' ') - 1);
    if (path.rfind("/loop/", 0) == 0) ++redirected_;
    switch (mode_) {
      case Misbehaviour::kHang:
        while (!stopping_) {
          if (WaitReadable(fd, kPollMs) && ::recv(fd, buf, sizeof buf, 0) <= 0) break;
        }
        break;
      case Misbehaviour::kReset: {
        linger abort_on_close{1, 0};  // close() sends RST instead of FIN
        ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
        break;
      }
      case Misbehaviour::kTrickle: {
        const std::string answer =
            "HTTP/1.1 200 OK\r\nContent-Type: application/activity+json\r\nContent-Length: "
            "100\r\n\r\n{\"id\":";
        for (size_t i = 0; i < answer.size() && !stopping_; ++i) {
          if (!SendAll(fd, &answer[i], 1)) break;
          for (int waited = 0; waited < kTrickleIntervalMs && !stopping_; waited += kPollMs) {
            ::usleep(kPollMs * 1000);
          }
        }
        break;
      }
      case Misbehaviour::kHuge: {
        const std::string head =
            "HTTP/1.1 200 OK\r\nContent-Type: application/activity+json\r\n"
            "Content-Length: " +
            std::to_string(kHugeBytes) + "\r\n\r\n";
        const std::string chunk(64 * 1024, ' ');
        if (SendAll(fd, head.data(), head.size())) {
          for (size_t sent = 0; sent < kHugeBytes && !stopping_; sent += chunk.size()) {
            if (!SendAll(fd, chunk.data(), chunk.size())) break;
          }
        }
        break;
      }
      case Misbehaviour::kRedirectLoop: {
        const std::string answer = "HTTP/1.1 302 Found\r\nLocation: " + base_url() + "/loop/" +
                                   std::to_string(requests_.load()) +
                                   "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        SendAll(fd, answer.data(), answer.size());
        break;
      }
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (auto it = open_fds_.begin(); it != open_fds_.end(); ++it) {
    if (*it == fd) {
      open_fds_.erase(it);
      break;
    }
  }
  ::close(fd);
}

}  // namespace cornerstore::testing::fault
