#include "src/server/connection_gate.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "src/common/log.h"

namespace cornerstore::server {
namespace {

using Steady = std::chrono::steady_clock;

// File descriptors kept free for the database, outbound requests and logs when the connection
// cap is derived from RLIMIT_NOFILE.
constexpr size_t kReservedFds = 512;
// Lowest cap however small the descriptor limit is.
constexpr size_t kMinConnections = 64;
// Cap when the descriptor limit is infinite.
constexpr size_t kUnlimitedCap = 65536;
// A request head larger than this is handed to the parser as is (it answers 400/414/431).
constexpr size_t kMaxHeadBytes = 64 * 1024;
// Bytes read per recv() call.
constexpr size_t kReadChunk = 16 * 1024;
// After answering, a worker waits this long for the next request on the same connection before
// parking it: keep-alive clients usually send at once, and the hop through the gate costs more.
constexpr int kLingerMillis = 2;
// How often the gate sweeps deadlines.
constexpr int kSweepMillis = 100;
constexpr int kMaxEvents = 256;

int MillisUntil(Steady::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Steady::now());
  return static_cast<int>(std::max<int64_t>(0, left.count()));
}

struct Connection {
  int fd = -1;
  std::string buffer;  // bytes read but not yet consumed by the parser
  size_t consumed = 0;
  int served = 0;
  bool eof = false;             // the peer shut down its side (it may still await our answer)
  Steady::time_point deadline;  // while parked: idle or head deadline
  std::string remote_ip, local_ip;
  int remote_port = 0, local_port = 0;

  std::string_view pending() const { return std::string_view(buffer).substr(consumed); }
  void Compact() {
    if (consumed == 0) return;
    buffer.erase(0, consumed);
    consumed = 0;
  }
  bool HeadComplete() const {
    std::string_view p = pending();
    return p.find("\r\n\r\n") != std::string_view::npos ||
           p.find("\n\n") != std::string_view::npos || p.size() >= kMaxHeadBytes;
  }
  // Reads what is available without blocking; false on a socket error.
  bool ReadAvailable() {
    char chunk[kReadChunk];
    while (pending().size() < kMaxHeadBytes) {
      ssize_t n = ::recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n > 0) {
        buffer.append(chunk, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      if (n < 0 && errno == EINTR) continue;
      if (n == 0) {
        eof = true;
        return true;
      }
      return false;
    }
    return true;
  }
  // Worth handing to a worker: a whole head, or nothing more will come.
  bool Ready() const { return HeadComplete() || eof; }
  ~Connection() {
    if (fd >= 0) {
      ::shutdown(fd, SHUT_RDWR);
      ::close(fd);
    }
  }
};

void Address(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
    port = ntohs(a->sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
    port = ntohs(a->sin6_port);
  }
  ip = text;
}

// httplib's view of one request on a connection: buffered bytes first, then the socket, every
// wait bounded by the per-read timeout and the request's overall deadline.
class GateStream : public httplib::Stream {
 public:
  GateStream(Connection& c, const ConnectionGateOptions& o)
      : c_(c),
        read_timeout_ms_(o.read_timeout_seconds * 1000),
        write_timeout_ms_(o.write_timeout_seconds * 1000),
        deadline_(Steady::now() + std::chrono::seconds(o.read_timeout_seconds)) {}

  bool saw_close() const { return saw_close_; }

  bool is_readable() const override {
    if (!c_.pending().empty()) return true;
    pollfd p{c_.fd, POLLIN, 0};
    return ::poll(&p, 1, 0) > 0;
  }
  bool is_writable() const override {
    pollfd p{c_.fd, POLLOUT, 0};
    return ::poll(&p, 1, write_timeout_ms_) > 0 && (p.revents & POLLOUT);
  }

  ssize_t read(char* ptr, size_t size) override {
    if (c_.pending().empty()) {
      c_.buffer.clear();
      c_.consumed = 0;
      pollfd p{c_.fd, POLLIN, 0};
      int wait = std::min(read_timeout_ms_, MillisUntil(deadline_));
      int ready = 0;
      do {
        ready = ::poll(&p, 1, wait);
      } while (ready < 0 && errno == EINTR);
      if (ready <= 0) return -1;  // timeout or error: the parser gives up on this request
      char chunk[kReadChunk];
      ssize_t n = ::recv(c_.fd, chunk, sizeof chunk, 0);
      if (n <= 0) return n;
      c_.buffer.assign(chunk, static_cast<size_t>(n));
    }
    size_t n = std::min(size, c_.pending().size());
    std::memcpy(ptr, c_.buffer.data() + c_.consumed, n);
    c_.consumed += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!head_written_) {
      // httplib writes the status line and headers in one call: note a Connection: close
      // (ours or the client's) so the connection is not reused after a refused body.
      head_written_ = true;
      std::string_view head(ptr, size);
      head = head.substr(0, head.find("\r\n\r\n"));
      if (head.find("\r\nConnection: close") != std::string_view::npos) saw_close_ = true;
    }
    size_t sent = 0;
    while (sent < size) {
      pollfd p{c_.fd, POLLOUT, 0};
      int ready = ::poll(&p, 1, write_timeout_ms_);
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) return -1;
      ssize_t n = ::send(c_.fd, ptr + sent, size - sent, MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) return -1;
      sent += static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.remote_ip;
    port = c_.remote_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.local_ip;
    port = c_.local_port;
  }
  socket_t socket() const override { return c_.fd; }

 private:
  Connection& c_;
  int read_timeout_ms_;
  int write_timeout_ms_;
  Steady::time_point deadline_;
  bool head_written_ = false;
  bool saw_close_ = false;
};

size_t ConnectionCap(size_t configured) {
  if (configured > 0) return configured;
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return kMinConnections;
  // Debian's soft limit is 1,024 while the hard limit is far higher: every connection costs a
  // descriptor, so take what the operator allows.
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
    ::getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur == RLIM_INFINITY) return kUnlimitedCap;
  size_t fds = static_cast<size_t>(limit.rlim_cur);
  return fds > kReservedFds + kMinConnections ? fds - kReservedFds : kMinConnections;
}

}  // namespace

class ConnectionGate::Impl {
 public:
  Impl(ConnectionGateOptions o, ServeFn serve)
      : options(o), serve_fn(std::move(serve)), cap(ConnectionCap(o.max_connections)) {
    epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_fd;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, wake_fd, &ev);
    // Our threads must never take SIGTERM/SIGINT: the serve command waits for them on its own
    // watcher thread, and a signal landing here would kill the process before a clean stop.
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &saved);
    pool = std::make_unique<httplib::ThreadPool>(static_cast<size_t>(std::max(1, o.workers)));
    waiter = std::thread([this] { WaitLoop(); });
    pthread_sigmask(SIG_SETMASK, &saved, nullptr);
  }

  ~Impl() {
    Stop();
    ::close(epoll_fd);
    ::close(wake_fd);
  }

  void Admit(int fd) {
    auto c = std::make_shared<Connection>();
    c->fd = fd;
    if (stopping.load()) return;  // ~Connection closes it
    if (open.fetch_add(1) >= cap) {
      open.fetch_sub(1);
      log::Warn("http.connection_refused",
                {{"reason", "connection cap reached"}, {"cap", std::to_string(cap)}});
      return;
    }
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      Address(addr, c->remote_ip, c->remote_port);
    }
    len = sizeof addr;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      Address(addr, c->local_ip, c->local_port);
    }
    Park(std::move(c));
  }

  void Stop() {
    {
      std::lock_guard lock(mu);
      if (stopping.exchange(true)) return;
    }
    uint64_t one = 1;
    [[maybe_unused]] ssize_t w = ::write(wake_fd, &one, sizeof one);
    if (waiter.joinable()) waiter.join();
    {
      std::lock_guard lock(mu);
      open.fetch_sub(parked.size());
      parked.clear();  // closes them
    }
    pool->shutdown();  // in-flight requests finish; their connections close
  }

  ConnectionGateOptions options;
  ServeFn serve_fn;
  const size_t cap;

 private:
  // Hands `c` to the epoll thread until it has a whole request head (or times out).
  void Park(std::shared_ptr<Connection> c) {
    c->Compact();
    c->deadline =
        Steady::now() + std::chrono::seconds(c->pending().empty() ? options.idle_timeout_seconds
                                                                  : options.head_timeout_seconds);
    std::lock_guard lock(mu);
    if (stopping.load()) {
      open.fetch_sub(1);
      return;
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.fd = c->fd;
    if (::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c->fd, &ev) != 0) {
      open.fetch_sub(1);
      return;
    }
    parked.emplace(c->fd, std::move(c));
  }

  void Dispatch(std::shared_ptr<Connection> c) {
    waiting.fetch_add(1);
    pool->enqueue([this, c = std::move(c)]() mutable {
      waiting.fetch_sub(1);
      Serve(std::move(c));
    });
  }

  void Serve(std::shared_ptr<Connection> c) {
    while (true) {
      const bool close_connection = stopping.load() || ++c->served >= options.keep_alive_max_count;
      bool keep = false;
      {
        GateStream stream(*c, options);
        keep = serve_fn(stream, close_connection) && !stream.saw_close();
      }
      if (!keep || close_connection) break;
      if (waiting.load() > 0) {
        // Other connections wait for a worker: take turns rather than keep serving this busy one
        // (with fewer workers than busy connections, the rest would starve: p99 of 250 ms).
        if (c->HeadComplete()) {
          Dispatch(std::move(c));
        } else {
          Park(std::move(c));
        }
        return;
      }
      if (c->HeadComplete()) continue;  // pipelined
      pollfd p{c->fd, POLLIN, 0};
      if (::poll(&p, 1, kLingerMillis) > 0) {
        if (!c->ReadAvailable()) break;
        if (c->HeadComplete()) continue;
        if (c->eof) break;
      }
      Park(std::move(c));
      return;
    }
    open.fetch_sub(1);  // ~Connection closes the socket
  }

  void WaitLoop() {
    std::vector<epoll_event> events(kMaxEvents);
    auto next_sweep = Steady::now();
    while (!stopping.load()) {
      int n = ::epoll_wait(epoll_fd, events.data(), kMaxEvents, kSweepMillis);
      std::vector<std::shared_ptr<Connection>> ready;
      {
        std::lock_guard lock(mu);
        for (int i = 0; i < n; ++i) {
          int fd = events[static_cast<size_t>(i)].data.fd;
          if (fd == wake_fd) continue;
          auto it = parked.find(fd);
          if (it == parked.end()) continue;
          Connection& c = *it->second;
          const bool was_empty = c.pending().empty();
          const bool alive = c.ReadAvailable() && (c.HeadComplete() || !c.eof);
          if (alive && !c.Ready()) {
            if (was_empty && !c.pending().empty()) {
              c.deadline = Steady::now() + std::chrono::seconds(options.head_timeout_seconds);
            }
            continue;
          }
          ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, fd, nullptr);
          if (alive) ready.push_back(std::move(it->second));
          if (!alive) open.fetch_sub(1);
          parked.erase(it);
        }
        if (Steady::now() >= next_sweep) {
          next_sweep = Steady::now() + std::chrono::milliseconds(kSweepMillis);
          const auto now = Steady::now();
          for (auto it = parked.begin(); it != parked.end();) {
            if (it->second->deadline <= now) {
              ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, it->first, nullptr);
              open.fetch_sub(1);
              it = parked.erase(it);
            } else {
              ++it;
            }
          }
        }
      }
      for (auto& c : ready) Dispatch(std::move(c));
    }
  }

  int epoll_fd = -1;
  int wake_fd = -1;
  std::unique_ptr<httplib::ThreadPool> pool;
  std::thread waiter;
  std::atomic<bool> stopping{false};
  std::atomic<size_t> open{0};  // parked + in service
  std::atomic<int> waiting{0};  // dispatched, not yet picked up by a worker

  std::mutex mu;  // guards parked and the epoll registrations
  std::unordered_map<int, std::shared_ptr<Connection>> parked;
};

ConnectionGate::ConnectionGate(ConnectionGateOptions options, ServeFn serve)
    : impl_(std::make_unique<Impl>(options, std::move(serve))) {}

ConnectionGate::~ConnectionGate() = default;

void ConnectionGate::Admit(int fd) { impl_->Admit(fd); }

void ConnectionGate::Stop() { impl_->Stop(); }

size_t ConnectionGate::max_connections() const { return impl_->cap; }

}  // namespace cornerstore::server
