#include "src/server/http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstring>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "cornerstore/version.h"
#include "src/common/log.h"

namespace cornerstore::server {
namespace {

using SteadyClock = std::chrono::steady_clock;
using Deadline = SteadyClock::time_point;

// Status line plus headers; real servers send a few KiB, and httplib keeps them all in memory.
constexpr size_t kMaxResponseHeaderBytes = 64 * 1024;
// Raw body bytes allowed per decoded byte of the limit: chunk framing and gzip overhead of a real
// body stay far below this, while a stream of empty chunks or deflate blocks is cut.
constexpr size_t kWireBytesPerBodyByte = 2;
// Addresses of one host tried in turn when connecting fails; more only prolongs a dead host.
constexpr size_t kMaxAddressesTried = 3;
// Socket read buffer; httplib reads headers one byte at a time through the stream.
constexpr size_t kReadBufferBytes = 16 * 1024;
// Output step of the inflater; the limit is checked after each step.
constexpr size_t kInflateChunkBytes = 16 * 1024;

int64_t MillisUntil(Deadline deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
  return std::max<int64_t>(0, left.count());
}

bool IsRedirectStatus(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

bool IsSuccessStatus(int status) { return status >= 200 && status < 300; }

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != '\0';
}

bool IsValidHeaderName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), IsTokenChar);
}

bool IsValidHeaderValue(std::string_view value) {
  for (unsigned char c : value) {
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

bool IsValidMethod(std::string_view method) {
  if (method.empty() || method.size() > 16) return false;
  return std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Headers the client owns: framing, connection management and what it stamps itself.
bool IsManagedHeader(std::string_view name) {
  static constexpr std::string_view kManaged[] = {
      "host",           "date", "user-agent", "content-length",   "transfer-encoding", "connection",
      "keep-alive",     "te",   "upgrade",    "proxy-connection", "trailer",           "expect",
      "accept-encoding"};
  for (std::string_view m : kManaged) {
    if (EqualsIgnoreCase(name, m)) return true;
  }
  return false;
}

// Signature headers a caller might carry over; the signer writes fresh ones.
bool IsSignatureHeader(std::string_view name) {
  return EqualsIgnoreCase(name, "signature") || EqualsIgnoreCase(name, "signature-input") ||
         EqualsIgnoreCase(name, "digest") || EqualsIgnoreCase(name, "content-digest") ||
         EqualsIgnoreCase(name, "authorization");
}

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

SignatureScheme OtherScheme(SignatureScheme s) {
  return s == SignatureScheme::kCavage ? SignatureScheme::kRfc9421 : SignatureScheme::kCavage;
}

const char* SchemeName(SignatureScheme s) {
  return s == SignatureScheme::kCavage ? "cavage" : "rfc9421";
}

FetchLimits Tighten(const FetchLimits& ceiling, const FetchLimits& requested) {
  auto pick = [](int c, int r) { return r > 0 ? std::min(c, r) : c; };
  FetchLimits out;
  out.connect_timeout_ms = pick(ceiling.connect_timeout_ms, requested.connect_timeout_ms);
  out.read_timeout_ms = pick(ceiling.read_timeout_ms, requested.read_timeout_ms);
  out.total_timeout_ms = pick(ceiling.total_timeout_ms, requested.total_timeout_ms);
  out.max_response_bytes = requested.max_response_bytes > 0
                               ? std::min(ceiling.max_response_bytes, requested.max_response_bytes)
                               : ceiling.max_response_bytes;
  out.max_redirects = std::max(0, std::min(ceiling.max_redirects, requested.max_redirects));
  return out;
}

// Resolves a Location header against the URL that answered with it.
std::optional<Url> ResolveLocation(const Url& base, std::string_view location) {
  std::string loc = Trim(location);
  if (loc.empty()) return std::nullopt;
  // Servers sometimes send raw UTF-8; encode it the way browsers do.
  std::string encoded;
  for (unsigned char c : loc) {
    if (c >= 0x80) {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    } else {
      encoded += static_cast<char>(c);
    }
  }
  size_t colon = encoded.find(':');
  size_t delim = encoded.find_first_of("/?#");
  bool has_scheme = colon != std::string::npos && colon > 0 &&
                    (delim == std::string::npos || colon < delim) &&
                    std::isalpha(static_cast<unsigned char>(encoded[0]));
  std::string absolute;
  if (has_scheme) {
    absolute = encoded;
  } else if (encoded.rfind("//", 0) == 0) {
    absolute = base.scheme + ":" + encoded;
  } else if (encoded[0] == '/') {
    absolute = base.Origin() + encoded;
  } else if (encoded[0] == '?') {
    absolute = base.Origin() + base.path + encoded;
  } else if (encoded[0] == '#') {
    absolute = base.Origin() + base.Target();
  } else {
    absolute = base.Origin() + base.path.substr(0, base.path.rfind('/') + 1) + encoded;
  }
  auto url = ParseUrl(absolute);
  if (url) url->fragment.clear();
  return url;
}

// Why an attempt stopped, as seen by our own hooks (httplib's error codes cannot tell).
enum class Failure {
  kNone,
  kPeerRefused,          // connected somewhere other than the checked address
  kTooLarge,             // a byte budget ran out
  kDeadline,             // the whole-request deadline passed
  kReadTimeout,          // the peer was silent for longer than the read timeout
  kBadEncoding,          // malformed gzip body
  kUnsupportedEncoding,  // a Content-Encoding we did not ask for
};

// Inflates one gzip member as it arrives, never producing more than `limit` bytes, so a
// gzip bomb stops at the limit instead of filling memory.
class BoundedInflater {
 public:
  BoundedInflater() { valid_ = inflateInit2(&zs_, 16 + MAX_WBITS) == Z_OK; }
  ~BoundedInflater() {
    if (valid_) inflateEnd(&zs_);
  }
  BoundedInflater(const BoundedInflater&) = delete;
  BoundedInflater& operator=(const BoundedInflater&) = delete;

  bool valid() const { return valid_; }

  // Appends decoded bytes to `out`; false on malformed input, on bytes after the end of the
  // member, or when `out` would pass `limit` (then *too_large is set).
  bool Feed(const char* data, size_t n, size_t limit, std::string* out, bool* too_large) {
    if (n == 0) return true;
    started_ = true;
    if (ended_) return false;
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
    zs_.avail_in = static_cast<uInt>(n);
    std::array<char, kInflateChunkBytes> chunk;
    do {
      zs_.next_out = reinterpret_cast<Bytef*>(chunk.data());
      zs_.avail_out = static_cast<uInt>(chunk.size());
      int ret = inflate(&zs_, Z_NO_FLUSH);
      if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) return false;
      size_t produced = chunk.size() - zs_.avail_out;
      if (out->size() + produced > limit) {
        *too_large = true;
        return false;
      }
      out->append(chunk.data(), produced);
      if (ret == Z_STREAM_END) ended_ = true;
      if (ret == Z_BUF_ERROR) break;  // needs more input
    } while (!ended_ && (zs_.avail_in > 0 || zs_.avail_out == 0));
    return !(ended_ && zs_.avail_in > 0);
  }

  // After the last byte: a started member must have reached its trailer (zlib has then checked
  // its CRC and length), so a truncated body is an error, not a short document.
  bool Finish() const { return !started_ || ended_; }

 private:
  z_stream zs_{};
  bool valid_ = false;
  bool started_ = false;
  bool ended_ = false;
};

// State of one connection attempt, shared by the socket hook, the stream and the body
// receivers. Used by the requesting thread only, except `deadline_fired` (the watchdog's).
struct AttemptState {
  IpAddress expected_peer;
  int expected_port = 0;
  Deadline deadline;
  int read_timeout_ms = 0;
  size_t max_body = 0;
  bool follow_redirects = false;

  // Bytes handed to httplib, and how many it may have: headers first, then the body budget.
  size_t wire_read = 0;
  size_t wire_limit = kMaxResponseHeaderBytes;
  bool headers_done = false;

  std::string body;
  std::optional<BoundedInflater> inflater;
  std::optional<std::string> redirect_location;

  Failure failure = Failure::kNone;
  std::string failure_detail;
  std::atomic<bool> deadline_fired{false};

  // Watchdog registration of a duplicate of the socket (ours to close, so never reused early).
  int watched_fd = -1;
  uint64_t watch_ticket = 0;

  void Fail(Failure f, std::string detail) {
    if (failure != Failure::kNone) return;
    failure = f;
    failure_detail = std::move(detail);
  }

  bool OnHeaders(const httplib::Response& response) {
    headers_done = true;
    wire_limit = wire_read + kWireBytesPerBodyByte * max_body;
    if (follow_redirects && IsRedirectStatus(response.status) && response.has_header("Location")) {
      redirect_location = response.get_header_value("Location");
      return false;  // the body of a redirect is of no use
    }
    std::string encoding = ToLower(Trim(response.get_header_value("Content-Encoding")));
    if (encoding == "gzip" || encoding == "x-gzip") {
      inflater.emplace();
      if (!inflater->valid()) {
        Fail(Failure::kBadEncoding, "cannot initialise the inflater");
        return false;
      }
    } else if (!encoding.empty() && encoding != "identity") {
      Fail(Failure::kUnsupportedEncoding, "Content-Encoding " + encoding);
      return false;
    } else if (response.has_header("Content-Length")) {
      std::string length = response.get_header_value("Content-Length");
      char* end = nullptr;
      errno = 0;
      unsigned long long declared = std::strtoull(length.c_str(), &end, 10);
      if (errno == 0 && end != length.c_str() && declared > max_body) {
        Fail(Failure::kTooLarge, "Content-Length " + length + " over " + std::to_string(max_body));
        return false;
      }
    }
    return true;
  }

  bool OnBody(const char* data, size_t n) {
    if (SteadyClock::now() >= deadline) {
      Fail(Failure::kDeadline, "deadline passed while reading the body");
      return false;
    }
    if (inflater) {
      bool too_large = false;
      if (!inflater->Feed(data, n, max_body, &body, &too_large)) {
        if (too_large) {
          Fail(Failure::kTooLarge, "decoded body over " + std::to_string(max_body) + " bytes");
        } else {
          Fail(Failure::kBadEncoding, "gzip stream does not inflate");
        }
        return false;
      }
      return true;
    }
    if (body.size() + n > max_body) {
      Fail(Failure::kTooLarge, "body over " + std::to_string(max_body) + " bytes");
      return false;
    }
    body.append(data, n);
    return true;
  }
};

// The HTTP exchange's only path to the socket: a read buffer, the read timeout and deadline on
// every wait, and the byte budgets of AttemptState. Works on a plain socket or over TLS.
class GuardedStream final : public httplib::Stream {
 public:
  GuardedStream(int fd, SSL* ssl, AttemptState* state) : fd_(fd), ssl_(ssl), state_(state) {}

  bool is_readable() const override {
    return pos_ < len_ || (ssl_ != nullptr && SSL_pending(ssl_) > 0) || WaitFor(POLLIN);
  }
  bool is_writable() const override { return WaitFor(POLLOUT); }

  ssize_t read(char* ptr, size_t size) override {
    if (pos_ == len_) {
      ssize_t n = Fill();
      if (n == 0 && state_->deadline_fired.load()) {
        state_->Fail(Failure::kDeadline, "deadline passed");
        return -1;
      }
      if (n <= 0) return n;
      pos_ = 0;
      len_ = static_cast<size_t>(n);
    }
    size_t n = std::min(size, len_ - pos_);
    if (state_->wire_read + n > state_->wire_limit) {
      state_->Fail(Failure::kTooLarge,
                   state_->headers_done ? "raw body over its budget"
                                        : "response headers over " +
                                              std::to_string(kMaxResponseHeaderBytes) + " bytes");
      return -1;
    }
    std::memcpy(ptr, buf_.data() + pos_, n);
    pos_ += n;
    state_->wire_read += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (size == 0) return 0;
    for (;;) {
      if (!CheckDeadline()) return -1;
      if (ssl_ != nullptr) {
        ERR_clear_error();
        int r = SSL_write(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
        if (r > 0) return r;
        int err = SSL_get_error(ssl_, r);
        if (err == SSL_ERROR_WANT_WRITE) {
          if (!WaitFor(POLLOUT)) return -1;
          continue;
        }
        if (err == SSL_ERROR_WANT_READ) {
          if (!WaitFor(POLLIN)) return -1;
          continue;
        }
        return -1;
      }
      ssize_t r = ::send(fd_, ptr, size, MSG_NOSIGNAL);
      if (r >= 0) return r;
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        if (!WaitFor(POLLOUT)) return -1;
        continue;
      }
      return -1;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    Describe(&getpeername, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    Describe(&getsockname, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  bool CheckDeadline() const {
    if (SteadyClock::now() < state_->deadline && !state_->deadline_fired.load()) return true;
    state_->Fail(Failure::kDeadline, "deadline passed");
    return false;
  }

  // Waits for `events`, at most the read timeout and never past the deadline.
  bool WaitFor(short events) const {
    for (;;) {
      if (!CheckDeadline()) return false;
      int64_t wait = std::min<int64_t>(state_->read_timeout_ms, MillisUntil(state_->deadline));
      pollfd p{fd_, events, 0};
      int r = ::poll(&p, 1, static_cast<int>(wait));
      if (r > 0) return true;
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return false;
      if (!CheckDeadline()) return false;
      state_->Fail(Failure::kReadTimeout,
                   "no data for " + std::to_string(state_->read_timeout_ms) + " ms");
      return false;
    }
  }

  // Reads into the buffer: bytes read, 0 at end of stream, -1 on error or timeout.
  ssize_t Fill() {
    for (;;) {
      if (!CheckDeadline()) return -1;
      if (ssl_ != nullptr) {
        ERR_clear_error();
        int r = SSL_read(ssl_, buf_.data(), static_cast<int>(buf_.size()));
        if (r > 0) return r;
        int err = SSL_get_error(ssl_, r);
        if (err == SSL_ERROR_WANT_READ) {
          if (!WaitFor(POLLIN)) return -1;
          continue;
        }
        if (err == SSL_ERROR_WANT_WRITE) {
          if (!WaitFor(POLLOUT)) return -1;
          continue;
        }
        if (err == SSL_ERROR_ZERO_RETURN) return 0;
        // Many servers close without close_notify; httplib still checks the framing.
        if (err == SSL_ERROR_SSL &&
            ERR_GET_REASON(ERR_peek_error()) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
          ERR_clear_error();
          return 0;
        }
        return -1;
      }
      ssize_t r = ::recv(fd_, buf_.data(), buf_.size(), 0);
      if (r >= 0) return r;
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        if (!WaitFor(POLLIN)) return -1;
        continue;
      }
      return -1;
    }
  }

  void Describe(int (*get)(int, sockaddr*, socklen_t*), std::string& ip, int& port) const {
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    if (get(fd_, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return;
    auto address = IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&ss));
    if (!address) return;
    ip = address->ToString();
    port = ss.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port)
                                   : ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  }

  const int fd_;
  SSL* const ssl_;
  AttemptState* const state_;
  std::array<char, kReadBufferBytes> buf_;
  size_t pos_ = 0;
  size_t len_ = 0;
};

// Runs httplib's exchange on our stream, after making sure the socket is connected to the
// address that was checked (httplib was given only that numeric address; this re-verifies it).
bool RunGuarded(int fd, SSL* ssl, AttemptState* state,
                const std::function<bool(httplib::Stream&)>& callback) {
  sockaddr_storage peer{};
  socklen_t len = sizeof peer;
  if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &len) != 0) {
    state->Fail(Failure::kPeerRefused, std::string("getpeername: ") + std::strerror(errno));
    return false;
  }
  auto address = IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&peer));
  int port = peer.ss_family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&peer)->sin_port)
                                       : ntohs(reinterpret_cast<sockaddr_in6*>(&peer)->sin6_port);
  if (!address || *address != state->expected_peer || port != state->expected_port) {
    state->Fail(Failure::kPeerRefused,
                "connected to " + (address ? address->ToString() : std::string("?")) + ":" +
                    std::to_string(port) + ", checked " + state->expected_peer.ToString() + ":" +
                    std::to_string(state->expected_port));
    return false;
  }
  int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) return false;
  GuardedStream stream(fd, ssl, state);
  return callback(stream);
}

class GuardedPlainClient final : public httplib::ClientImpl {
 public:
  GuardedPlainClient(const std::string& host, int port, AttemptState* state)
      : httplib::ClientImpl(host, port), state_(state) {}

 protected:
  bool process_socket(const Socket& socket,
                      std::function<bool(httplib::Stream&)> callback) override {
    return RunGuarded(socket.sock, nullptr, state_, callback);
  }

 private:
  AttemptState* const state_;
};

class GuardedTlsClient final : public httplib::SSLClient {
 public:
  GuardedTlsClient(const std::string& host, int port, AttemptState* state)
      : httplib::SSLClient(host, port), state_(state) {}

 private:
  bool process_socket(const Socket& socket,
                      std::function<bool(httplib::Stream&)> callback) override {
    return RunGuarded(socket.sock, socket.ssl, state_, callback);
  }

  AttemptState* const state_;
};

std::string BuildUserAgent(const std::string& base_url) {
  std::string ua = std::string(kSoftwareName) + "/" + kVersion;
  if (!base_url.empty()) ua += " (+" + base_url + ")";
  return ua;
}

}  // namespace

// Shuts sockets down when their request's deadline passes, so that phases httplib runs on its
// own (connect, TLS handshake) cannot outlive the whole-request timeout. One thread per client.
class HttpClient::DeadlineWatchdog {
 public:
  DeadlineWatchdog() : thread_([this] { Run(); }) {}

  ~DeadlineWatchdog() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  // `fd` must stay open until Disarm; `fired` is set just before the shutdown.
  uint64_t Arm(Deadline deadline, int fd, std::atomic<bool>* fired) {
    std::lock_guard<std::mutex> lock(mu_);
    uint64_t ticket = ++next_ticket_;
    entries_.emplace(ticket, Entry{deadline, fd, fired});
    cv_.notify_all();
    return ticket;
  }

  // After this returns the watchdog no longer touches the entry's fd or flag.
  void Disarm(uint64_t ticket) {
    std::lock_guard<std::mutex> lock(mu_);
    entries_.erase(ticket);
  }

 private:
  struct Entry {
    Deadline deadline;
    int fd;
    std::atomic<bool>* fired;
  };

  void Run() {
    // A helper thread takes no signals: the process decides where they go (serve blocks
    // SIGTERM everywhere and waits for it in one thread, possibly after this one started).
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, nullptr);
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      Deadline now = SteadyClock::now();
      std::optional<Deadline> next;
      for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->second.deadline <= now) {
          it->second.fired->store(true);
          ::shutdown(it->second.fd, SHUT_RDWR);
          it = entries_.erase(it);
        } else {
          if (!next || it->second.deadline < *next) next = it->second.deadline;
          ++it;
        }
      }
      if (next) {
        cv_.wait_until(lock, *next);
      } else {
        cv_.wait(lock);
      }
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;              // guarded by mu_
  uint64_t next_ticket_ = 0;           // guarded by mu_
  std::map<uint64_t, Entry> entries_;  // guarded by mu_
  std::thread thread_;                 // last: starts after the members above exist
};

struct HttpClient::Hop {
  int status = 0;
  HttpHeaders headers;
  std::string body;
  std::optional<std::string> redirect_location;  // set when a GET is to follow it
};

struct HttpClient::Resolved {
  std::vector<IpAddress> addresses;
};

HttpClient::HttpClient(HttpClientOptions options, RequestSigner* signer, const Clock* clock,
                       SchemeMemory* schemes)
    : options_(std::move(options)),
      signer_(signer),
      clock_(clock),
      schemes_(schemes),
      user_agent_(BuildUserAgent(options_.base_url)),
      watchdog_(std::make_unique<DeadlineWatchdog>()) {}

HttpClient::~HttpClient() = default;

void HttpClient::SetResolverForTesting(ResolverForTesting resolver) {
  resolver_for_testing_ = std::move(resolver);
}

void HttpClient::SetConnectGateForTesting(ConnectGateForTesting gate) {
  connect_gate_for_testing_ = std::move(gate);
}

void HttpClient::SetCaFileForTesting(std::string path) { ca_file_for_testing_ = std::move(path); }

Result<FetchResponse> HttpClient::Send(const OutboundRequest& request,
                                       const FetchLimits& requested) {
  const FetchLimits limits = Tighten(options_.limits, requested);
  const Deadline deadline = SteadyClock::now() + std::chrono::milliseconds(limits.total_timeout_ms);

  if (!IsValidMethod(request.method)) {
    return MakeError(ErrorCode::kInvalidInput, "invalid method", request.method);
  }
  for (const auto& [name, value] : request.headers.entries) {
    if (!IsValidHeaderName(name) || !IsValidHeaderValue(value)) {
      return MakeError(ErrorCode::kInvalidInput, "invalid header", name);
    }
  }
  auto parsed = ParseUrl(request.url);
  if (!parsed) return MakeError(ErrorCode::kInvalidInput, "invalid URL", request.url);
  Url url = std::move(*parsed);
  url.fragment.clear();

  const bool follow = request.method == "GET";
  std::set<std::string> visited{url.ToString(false)};
  for (int redirects = 0;; ++redirects) {
    CS_ASSIGN_OR_RETURN(Hop hop, FetchHop(request, url, limits, deadline));
    if (!follow || !hop.redirect_location) {
      FetchResponse out;
      out.status = hop.status;
      out.headers = std::move(hop.headers);
      out.body = std::move(hop.body);
      out.final_url = url.ToString(false);
      return out;
    }
    std::string from = url.ToString(false);
    if (redirects >= limits.max_redirects) {
      return MakeError(ErrorCode::kForbidden, "too many redirects",
                       from + " after " + std::to_string(redirects));
    }
    auto next = ResolveLocation(url, *hop.redirect_location);
    if (!next) {
      return MakeError(ErrorCode::kInvalidInput, "invalid redirect",
                       from + " -> " + *hop.redirect_location);
    }
    if (next->scheme != url.scheme) {
      return MakeError(ErrorCode::kForbidden, "redirect changes scheme",
                       from + " -> " + next->ToString(false));
    }
    if (!visited.insert(next->ToString(false)).second) {
      return MakeError(ErrorCode::kForbidden, "redirect loop",
                       from + " -> " + next->ToString(false));
    }
    url = std::move(*next);
  }
}

Result<HttpClient::Resolved> HttpClient::Resolve(const Url& url) const {
  const bool guard = !options_.allow_private_addresses;
  auto judge = [&](const std::vector<IpAddress>& addresses) -> Status {
    if (!guard) return OkStatus();
    for (const IpAddress& a : addresses) {
      AddressRange range = ClassifyAddress(a);
      if (range != AddressRange::kPublic) {
        return MakeError(
            ErrorCode::kForbidden, "address not allowed",
            url.host + " is " + a.ToString() + " (" + std::string(AddressRangeName(range)) + ")");
      }
    }
    return OkStatus();
  };

  Resolved resolved;
  if (url.host_is_ipv6) {
    auto a = ParseIpAddress(url.host);
    if (!a || a->is_v4()) return MakeError(ErrorCode::kInvalidInput, "invalid host", url.host);
    resolved.addresses.push_back(*a);
    CS_RETURN_IF_ERROR(judge(resolved.addresses));
    return resolved;
  }
  IpAddress v4;
  switch (ParseIpv4Host(url.host, &v4)) {
    case Ipv4HostForm::kCanonical:
      resolved.addresses.push_back(v4);
      CS_RETURN_IF_ERROR(judge(resolved.addresses));
      return resolved;
    case Ipv4HostForm::kNonCanonical:
      if (guard) {
        return MakeError(ErrorCode::kForbidden, "address not allowed",
                         "non-canonical IPv4 literal " + url.host + " (" + v4.ToString() + ")");
      }
      resolved.addresses.push_back(v4);
      return resolved;
    case Ipv4HostForm::kInvalid:
      return MakeError(ErrorCode::kInvalidInput, "invalid host", url.host);
    case Ipv4HostForm::kNotIpv4:
      break;
  }

  bool trusted = false;
  if (resolver_for_testing_) {
    auto answer = resolver_for_testing_(url.host);
    if (!answer) return MakeError(ErrorCode::kUnavailable, "cannot resolve host", url.host);
    resolved.addresses = answer->addresses;
    trusted = answer->treat_as_public;
  } else {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    addrinfo* result = nullptr;
    int rc = ::getaddrinfo(url.host.c_str(), nullptr, &hints, &result);
    if (rc != 0) {
      return MakeError(ErrorCode::kUnavailable, "cannot resolve host",
                       url.host + ": " + gai_strerror(rc));
    }
    for (addrinfo* ai = result; ai != nullptr; ai = ai->ai_next) {
      auto a = IpAddress::FromSockaddr(ai->ai_addr);
      if (a && std::find(resolved.addresses.begin(), resolved.addresses.end(), *a) ==
                   resolved.addresses.end()) {
        resolved.addresses.push_back(*a);
      }
    }
    ::freeaddrinfo(result);
  }
  if (resolved.addresses.empty()) {
    return MakeError(ErrorCode::kUnavailable, "cannot resolve host", url.host + ": no address");
  }
  if (!trusted) CS_RETURN_IF_ERROR(judge(resolved.addresses));
  return resolved;
}

Result<HttpClient::Hop> HttpClient::FetchHop(const OutboundRequest& request, const Url& url,
                                             const FetchLimits& limits, Deadline deadline) const {
  if (url.scheme != "https" && !options_.allow_private_addresses &&
      !allow_plain_http_for_testing_) {
    return MakeError(ErrorCode::kForbidden, "plain http not allowed", url.ToString(false));
  }
  CS_ASSIGN_OR_RETURN(Resolved resolved, Resolve(url));

  if (!request.sign || signer_ == nullptr) {
    return SendToAddresses(request, url, resolved, std::nullopt, limits, deadline);
  }
  const std::string host = url.Authority();
  const std::optional<SignatureScheme> remembered =
      schemes_ != nullptr ? schemes_->Get(host) : std::nullopt;
  const SignatureScheme first = remembered.value_or(SignatureScheme::kCavage);
  // Computed here, not after the sends: GCC 12 at -O3 misreads the optional as uninitialized.
  const bool first_is_new = !remembered.has_value() || *remembered != first;
  CS_ASSIGN_OR_RETURN(Hop hop, SendToAddresses(request, url, resolved, first, limits, deadline));
  if (hop.status == 400 || hop.status == 401) {
    // An Accept-Signature challenge asks for RFC 9421 HTTP Message Signatures.
    const SignatureScheme second =
        hop.headers.Has("Accept-Signature") ? SignatureScheme::kRfc9421 : OtherScheme(first);
    if (second == first) return hop;
    log::Debug(
        "http_signature_retry",
        {{"host", host}, {"status", std::to_string(hop.status)}, {"scheme", SchemeName(second)}});
    CS_ASSIGN_OR_RETURN(Hop retry,
                        SendToAddresses(request, url, resolved, second, limits, deadline));
    if (IsSuccessStatus(retry.status) && schemes_ != nullptr) schemes_->Put(host, second);
    return retry;
  }
  if (IsSuccessStatus(hop.status) && schemes_ != nullptr && first_is_new) {
    schemes_->Put(host, first);
  }
  return hop;
}

Result<HttpClient::Hop> HttpClient::SendToAddresses(const OutboundRequest& request, const Url& url,
                                                    const Resolved& resolved,
                                                    std::optional<SignatureScheme> scheme,
                                                    const FetchLimits& limits,
                                                    Deadline deadline) const {
  std::optional<Error> last_error;
  size_t tries = std::min(resolved.addresses.size(), kMaxAddressesTried);
  for (size_t i = 0; i < tries; ++i) {
    bool connect_failed = false;
    Result<Hop> hop =
        SendOnce(request, url, resolved.addresses[i], scheme, limits, deadline, &connect_failed);
    if (hop.ok() || !connect_failed) return hop;
    last_error = hop.take_error();
    if (SteadyClock::now() >= deadline) break;
  }
  return std::move(*last_error);
}

Result<HttpClient::Hop> HttpClient::SendOnce(const OutboundRequest& request, const Url& url,
                                             const IpAddress& address,
                                             std::optional<SignatureScheme> scheme,
                                             const FetchLimits& limits, Deadline deadline,
                                             bool* connect_failed) const {
  *connect_failed = false;
  const std::string where = url.ToString(false) + " at " + address.ToString();
  if (SteadyClock::now() >= deadline) {
    return MakeError(ErrorCode::kTimeout, "request timed out", where + ": deadline passed");
  }

  // The request exactly as it will go on the wire, so the signature covers what is sent.
  HttpRequest wire;
  wire.method = request.method;
  wire.target = url.Target();
  wire.scheme = url.scheme;
  wire.body = request.body;
  for (const auto& [name, value] : request.headers.entries) {
    if (IsManagedHeader(name) || (scheme && IsSignatureHeader(name))) continue;
    wire.headers.Add(name, value);
  }
  wire.headers.Set("Host", url.Authority());
  wire.headers.Set("Date", FormatHttpDate(clock_->NowUnix()));
  wire.headers.Set("User-Agent", user_agent_);
  wire.headers.Set("Accept-Encoding", "gzip");
  if (!wire.headers.Has("Accept")) wire.headers.Set("Accept", kDefaultAccept);
  if (!wire.body.empty() && !wire.headers.Has("Content-Type")) {
    wire.headers.Set("Content-Type", kDefaultContentType);
  }
  if (scheme) {
    SigningIdentity identity{request.signer_actor_id, request.signer_key_id,
                             request.signer_private_key_pem};
    CS_RETURN_IF_ERROR(signer_->Sign(identity, *scheme, url.ToString(false), &wire));
    if (wire.target != url.Target() || wire.method != request.method || wire.body != request.body) {
      return MakeError(ErrorCode::kInternal, "signer changed the request", where);
    }
  }
  for (const auto& [name, value] : wire.headers.entries) {
    if (!IsValidHeaderName(name) || !IsValidHeaderValue(value)) {
      return MakeError(ErrorCode::kInternal, "invalid signed header", name);
    }
  }

  if (connect_gate_for_testing_ && !connect_gate_for_testing_(address, url.port)) {
    *connect_failed = true;
    return MakeError(ErrorCode::kUnavailable, "could not connect", where + ": test gate");
  }

  AttemptState state;
  state.expected_peer = address;
  state.expected_port = url.port;
  state.deadline = deadline;
  state.read_timeout_ms = limits.read_timeout_ms;
  state.max_body = limits.max_response_bytes;
  state.follow_redirects = request.method == "GET";

  std::unique_ptr<httplib::ClientImpl> client;
  if (url.scheme == "https") {
    auto tls = std::make_unique<GuardedTlsClient>(url.host, url.port, &state);
    SSL_CTX_set_min_proto_version(tls->ssl_context(), TLS1_2_VERSION);
    tls->enable_server_certificate_verification(true);
    if (!ca_file_for_testing_.empty()) tls->set_ca_cert_path(ca_file_for_testing_);
    client = std::move(tls);
  } else {
    client = std::make_unique<GuardedPlainClient>(url.host, url.port, &state);
  }
  // Connect to the checked address only: httplib looks the host up in this map and hands the
  // numeric address to getaddrinfo (AI_NUMERICHOST), so no second DNS answer is ever used,
  // while SNI, certificate verification and Host keep the name.
  client->set_hostname_addr_map({{url.host, address.ToString()}});
  const int64_t remaining = MillisUntil(deadline);
  const int64_t connect_ms = std::min<int64_t>(limits.connect_timeout_ms, remaining);
  const int64_t io_ms = std::min<int64_t>(limits.read_timeout_ms, remaining);
  client->set_connection_timeout(connect_ms / 1000, (connect_ms % 1000) * 1000);
  client->set_read_timeout(io_ms / 1000, (io_ms % 1000) * 1000);
  client->set_write_timeout(io_ms / 1000, (io_ms % 1000) * 1000);
  client->set_keep_alive(false);
  client->set_follow_location(false);
  client->set_url_encode(false);  // the path on the wire must be the signed path, byte for byte
  client->set_decompress(false);  // gzip is inflated by BoundedInflater, within the limit
  client->set_compress(false);
  client->set_tcp_nodelay(true);
  DeadlineWatchdog* watchdog = watchdog_.get();
  client->set_socket_options([&state, watchdog](socket_t sock) {
    if (state.watched_fd >= 0) {
      watchdog->Disarm(state.watch_ticket);
      ::close(state.watched_fd);
    }
    state.watched_fd = ::fcntl(sock, F_DUPFD_CLOEXEC, 0);
    if (state.watched_fd >= 0) {
      state.watch_ticket = watchdog->Arm(state.deadline, state.watched_fd, &state.deadline_fired);
    }
  });

  httplib::Request hreq;
  hreq.method = wire.method;
  hreq.path = wire.target;
  for (const auto& [name, value] : wire.headers.entries) hreq.headers.emplace(name, value);
  hreq.body = wire.body;
  hreq.response_handler = [&state](const httplib::Response& r) { return state.OnHeaders(r); };
  hreq.content_receiver = [&state](const char* data, size_t n, uint64_t, uint64_t) {
    return state.OnBody(data, n);
  };
  httplib::Response hres;
  httplib::Error herr = httplib::Error::Success;
  const auto started = SteadyClock::now();
  const bool sent = client->send(hreq, hres, herr);
  client.reset();
  if (state.watched_fd >= 0) {
    watchdog->Disarm(state.watch_ticket);
    ::close(state.watched_fd);
  }
  if (state.deadline_fired.load()) {
    state.failure = Failure::kNone;
    state.Fail(Failure::kDeadline, "deadline passed");
  }
  log::Debug("http_fetch",
             {{"method", wire.method},
              {"url", url.ToString(false)},
              {"address", address.ToString()},
              {"status", std::to_string(hres.status)},
              {"error", httplib::to_string(herr)},
              {"ms", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        SteadyClock::now() - started)
                                        .count())}});

  const bool redirect = state.redirect_location.has_value() && state.failure == Failure::kNone;
  if (sent && state.failure == Failure::kNone && state.inflater && !state.inflater->Finish()) {
    state.Fail(Failure::kBadEncoding, "gzip stream truncated or corrupt");
  }
  if ((!sent && !redirect) || state.failure != Failure::kNone) {
    const std::string detail = where + ": " + state.failure_detail;
    switch (state.failure) {
      case Failure::kPeerRefused:
        return MakeError(ErrorCode::kForbidden, "address not allowed", detail);
      case Failure::kTooLarge:
        return MakeError(ErrorCode::kTooLarge, "response too large", detail);
      case Failure::kDeadline:
        return MakeError(ErrorCode::kTimeout, "request timed out",
                         detail + " (" + std::to_string(limits.total_timeout_ms) + " ms)");
      case Failure::kReadTimeout:
        return MakeError(ErrorCode::kTimeout, "request timed out", detail);
      case Failure::kBadEncoding:
        return MakeError(ErrorCode::kInvalidInput, "malformed compressed response", detail);
      case Failure::kUnsupportedEncoding:
        return MakeError(ErrorCode::kUnsupportedType, "unsupported content encoding", detail);
      case Failure::kNone:
        break;
    }
    const std::string why = where + ": " + httplib::to_string(herr);
    switch (herr) {
      case httplib::Error::Connection:
        *connect_failed = true;
        return MakeError(ErrorCode::kUnavailable, "could not connect", why);
      case httplib::Error::ConnectionTimeout:
        *connect_failed = true;
        return MakeError(ErrorCode::kTimeout, "connect timed out", why);
      case httplib::Error::SSLConnection:
        return MakeError(ErrorCode::kUnavailable, "TLS handshake failed", why);
      case httplib::Error::SSLServerVerification:
        return MakeError(ErrorCode::kUnavailable, "TLS certificate not valid for the host", why);
      case httplib::Error::SSLLoadingCerts:
        return MakeError(ErrorCode::kInternal, "cannot load CA certificates", why);
      default:
        return MakeError(ErrorCode::kUnavailable, "connection failed", why);
    }
  }

  Hop hop;
  hop.status = hres.status;
  for (const auto& [name, value] : hres.headers) {
    // The body handed back is decoded: its encoding and length headers no longer describe it.
    if (state.inflater &&
        (EqualsIgnoreCase(name, "Content-Encoding") || EqualsIgnoreCase(name, "Content-Length"))) {
      continue;
    }
    hop.headers.Add(name, value);
  }
  hop.body = std::move(state.body);
  hop.redirect_location = std::move(state.redirect_location);
  return hop;
}

}  // namespace cornerstore::server
