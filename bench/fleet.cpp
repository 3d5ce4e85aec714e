// cornerstore_bench_fleet: the fake receiving fleet of bench/fanout.sh.
//
//   cornerstore_bench_fleet seed --db PATH --base-url URL --account NAME --followers N
//                                --hosts H --port P
//     Stores N remote actors following ACCOUNT (accepted), on H hosts: host h is the loopback
//     address 127.0.0.0 + h + 2, port P ("127.0.0.2:P", …; Linux routes all of 127.0.0.0/8 to the
//     loopback interface), each actor with a personal inbox and its host's shared inbox. Rows go
//     in through the store's connection in one transaction (as bench/seed.cpp does).
//
//   cornerstore_bench_fleet serve --port P --hosts H --actor-json FILE [--timeout S]
//     Listens on every host's address and port from one epoll thread, reads each POST, verifies
//     its HTTP signature with the public key of the actor in FILE (the sender's actor document:
//     the real verifier, Digest and Date window included) and answers 202, or 401 when it fails.
//     Prints "ready" once listening; exits when every host has received a verified POST (or after
//     S seconds, status 1), printing: hosts=… verified=… rejected=… first_ms=… last_ms=…
//     (wall-clock Unix milliseconds of the first and last verified delivery).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <strings.h>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "activitypub/keys.h"
#include "activitypub/signatures/verifier.h"
#include "src/common/clock.h"
#include "src/common/http_message.h"
#include "src/common/json.h"
#include "store/sqlite/transaction.h"
#include "store/sqlite_store.h"

namespace cornerstore::bench {
namespace {

// Largest request the fleet reads (an activity is a few KiB).
constexpr size_t kMaxRequestBytes = 1 << 20;
constexpr size_t kReadChunk = 64 * 1024;
constexpr int kListenBacklog = 512;
// The first host is 127.0.0.2: 127.0.0.1 stays the server's.
constexpr uint32_t kFirstHostOffset = 2;

constexpr const char* kInsertActor =
    "INSERT INTO remote_actors (uri, actor_type, username, host, display_name, url, inbox, "
    "shared_inbox, outbox, followers_uri, following_uri, public_key_id, raw_json, fetched_at, "
    "created_at, updated_at) "
    "VALUES (?1, 'Person', ?2, ?3, ?2, ?1, ?4, ?5, ?6, ?7, ?8, ?9, '{}', ?10, ?10, ?10)";
constexpr const char* kInsertFollower =
    "INSERT INTO follows (follower_uri, followed_uri, followed_account_id, state, "
    "follow_activity_uri, created_at, updated_at) VALUES (?1, ?2, ?3, 'accepted', ?4, ?5, ?5)";

using Flags = std::map<std::string, std::string>;

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "cornerstore_bench_fleet: %s\n", why.c_str());
  std::exit(1);
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 2; i < argc; i += 2) {
    std::string flag = argv[i];
    if (flag.rfind("--", 0) != 0 || i + 1 >= argc) Die("flags are --name value pairs: " + flag);
    flags[flag.substr(2)] = argv[i + 1];
  }
  return flags;
}

std::string Need(const Flags& flags, const std::string& name) {
  auto it = flags.find(name);
  if (it == flags.end()) Die("--" + name + " is required");
  return it->second;
}

int64_t Count(const Flags& flags, const std::string& name, int64_t fallback) {
  auto it = flags.find(name);
  if (it == flags.end()) return fallback;
  char* end = nullptr;
  long long v = std::strtoll(it->second.c_str(), &end, 10);
  if (*end != '\0' || v < 1) Die("--" + name + " needs a positive count");
  return v;
}

uint32_t HostAddress(int64_t h) {
  return (127u << 24) + kFirstHostOffset + static_cast<uint32_t>(h);
}

std::string HostName(int64_t h, int port) {
  in_addr a{};
  a.s_addr = htonl(HostAddress(h));
  char text[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &a, text, sizeof text);
  return std::string(text) + ":" + std::to_string(port);
}

// ---- seed -------------------------------------------------------------------------------------

void Check(const char* what, const Status& status) {
  if (!status.ok()) Die(std::string(what) + ": " + status.error().ToLogString());
}

int Seed(const Flags& flags) {
  const std::string base_url = Need(flags, "base-url");
  const std::string account_name = Need(flags, "account");
  const int64_t followers = Count(flags, "followers", 10000);
  const int64_t hosts = Count(flags, "hosts", 1000);
  const int port = static_cast<int>(Count(flags, "port", 0));
  SystemClock clock;
  auto opened = store::SqliteStore::Open(Need(flags, "db"), &clock);
  if (!opened.ok()) Die("open: " + opened.error().ToLogString());
  store::SqliteStore& store = **opened;
  auto account = store.FindAccountByUsername(account_name);
  if (!account.ok()) Die("find account: " + account.error().ToLogString());
  const std::string followed = base_url + "/users/" + account_name;
  const int64_t now = clock.NowUnix();

  auto writer = store.database().AcquireWriter();
  store::sqlite::Connection& db = writer.db();
  auto tx = store::sqlite::Transaction::BeginImmediate(db);
  if (!tx.ok()) Die("begin: " + tx.error().ToLogString());
  for (int64_t n = 0; n < followers; ++n) {
    const std::string host = HostName(n % hosts, port);
    const std::string uri = "http://" + host + "/users/u" + std::to_string(n);
    {
      auto stmt = db.Prepare(kInsertActor);
      if (!stmt.ok()) Die("prepare: " + stmt.error().ToLogString());
      stmt->BindText(1, uri);
      stmt->BindText(2, "u" + std::to_string(n));
      stmt->BindText(3, host);
      stmt->BindText(4, uri + "/inbox");
      stmt->BindText(5, "http://" + host + "/inbox");
      stmt->BindText(6, uri + "/outbox");
      stmt->BindText(7, uri + "/followers");
      stmt->BindText(8, uri + "/following");
      stmt->BindText(9, uri + "#main-key");
      stmt->BindInt(10, now);
      Check("actor", stmt->Run());
    }
    auto stmt = db.Prepare(kInsertFollower);
    if (!stmt.ok()) Die("prepare: " + stmt.error().ToLogString());
    stmt->BindText(1, uri);
    stmt->BindText(2, followed);
    stmt->BindInt(3, account->id);
    stmt->BindText(4, uri + "#follows/" + std::to_string(n));
    stmt->BindInt(5, now);
    Check("follower", stmt->Run());
  }
  Check("commit", tx->Commit());
  std::printf("seeded %lld followers on %lld loopback hosts (%s … %s)\n",
              static_cast<long long>(followers), static_cast<long long>(hosts),
              HostName(0, port).c_str(), HostName(hosts - 1, port).c_str());
  return 0;
}

// ---- serve ------------------------------------------------------------------------------------

struct Conn {
  int fd = -1;
  int64_t host = -1;
  std::string in;
};

// Parses one complete request at the start of `in`; returns its length (0: incomplete).
size_t ParseRequest(const std::string& in, HttpRequest* request) {
  size_t head_end = in.find("\r\n\r\n");
  if (head_end == std::string::npos) return 0;
  size_t line_end = in.find("\r\n");
  std::istringstream line(in.substr(0, line_end));
  line >> request->method >> request->target;
  request->headers.entries.clear();
  size_t content_length = 0;
  for (size_t at = line_end + 2; at < head_end;) {
    size_t eol = in.find("\r\n", at);
    size_t colon = in.find(':', at);
    if (colon != std::string::npos && colon < eol) {
      std::string name = in.substr(at, colon - at);
      size_t value_at = in.find_first_not_of(' ', colon + 1);
      std::string value = in.substr(value_at, eol - value_at);
      if (strcasecmp(name.c_str(), "content-length") == 0) {
        content_length = std::strtoull(value.c_str(), nullptr, 10);
      }
      request->headers.Add(std::move(name), std::move(value));
    }
    at = eol + 2;
  }
  const size_t total = head_end + 4 + content_length;
  if (in.size() < total) return 0;
  request->body = in.substr(head_end + 4, content_length);
  request->scheme = "http";
  return total;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int Serve(const Flags& flags) {
  const int port = static_cast<int>(Count(flags, "port", 0));
  const int64_t hosts = Count(flags, "hosts", 1000);
  const int64_t timeout_s = Count(flags, "timeout", 300);
  std::ifstream in(Need(flags, "actor-json"));
  std::stringstream text;
  text << in.rdbuf();
  auto actor = json::Parse(text.str());
  if (!actor.ok()) Die("actor document: " + actor.error().ToLogString());
  const json::Value* public_key = actor->Find("publicKey");
  const std::string* pem = public_key ? public_key->FindString("publicKeyPem") : nullptr;
  const std::string* owner = actor->FindString("id");
  if (pem == nullptr || owner == nullptr) Die("the actor document has no publicKey");
  auto key = activitypub::PublicKeyFromPem(*pem);
  if (!key.ok()) Die("public key: " + key.error().ToLogString());
  EVP_PKEY* raw_key = key->get();
  const std::string owner_id = *owner;
  activitypub::FunctionKeyResolver resolver(
      [&](const std::string&, bool) -> Result<activitypub::ResolvedKey> {
        return activitypub::ResolvedKey{activitypub::SharePkey(raw_key), owner_id, false};
      });
  const activitypub::VerificationPolicy policy;
  SystemClock clock;

  const int epoll = epoll_create1(EPOLL_CLOEXEC);
  std::unordered_map<int, int64_t> listeners;  // fd → host
  for (int64_t h = 0; h < hosts; ++h) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(HostAddress(h));
    if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(fd, kListenBacklog) != 0) {
      Die("cannot listen on " + HostName(h, port) + ": " + std::strerror(errno));
    }
    listeners[fd] = h;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = fd;
    epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev);
  }
  std::printf("ready\n");
  std::fflush(stdout);

  std::unordered_map<int, Conn> conns;
  std::vector<int64_t> verified_by_host(static_cast<size_t>(hosts), 0);
  int64_t hosts_done = 0, verified = 0, rejected = 0, first_ms = 0, last_ms = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  std::vector<epoll_event> events(1024);
  char buffer[kReadChunk];
  auto drop = [&](int fd) {
    epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nullptr);
    close(fd);
    conns.erase(fd);
  };
  while (hosts_done < hosts && std::chrono::steady_clock::now() < deadline) {
    int n = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), 1000);
    for (int e = 0; e < n; ++e) {
      const int fd = events[e].data.fd;
      if (auto l = listeners.find(fd); l != listeners.end()) {
        for (int client;
             (client = accept4(fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0;) {
          conns[client] = Conn{client, l->second, {}};
          epoll_event ev{};
          ev.events = EPOLLIN;
          ev.data.fd = client;
          epoll_ctl(epoll, EPOLL_CTL_ADD, client, &ev);
        }
        continue;
      }
      Conn& c = conns[fd];
      bool closed = false;
      for (;;) {
        ssize_t got = recv(fd, buffer, sizeof buffer, 0);
        if (got > 0) {
          c.in.append(buffer, static_cast<size_t>(got));
          continue;
        }
        if (got == 0 || errno != EAGAIN) closed = true;
        break;
      }
      HttpRequest request;
      for (size_t used; (used = ParseRequest(c.in, &request)) > 0;) {
        c.in.erase(0, used);
        auto checked = activitypub::VerifyRequest(request, resolver, policy, clock);
        const char* answer = "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n";
        if (checked.ok()) {
          ++verified;
          last_ms = NowMs();
          if (first_ms == 0) first_ms = last_ms;
          if (verified_by_host[static_cast<size_t>(c.host)]++ == 0) ++hosts_done;
        } else {
          ++rejected;
          std::fprintf(stderr, "rejected on %s: %s\n", HostName(c.host, port).c_str(),
                       checked.error().ToLogString().c_str());
          answer = "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n";
        }
        if (send(fd, answer, std::strlen(answer), MSG_NOSIGNAL) < 0) closed = true;
      }
      if (c.in.size() > kMaxRequestBytes) closed = true;
      if (closed) drop(fd);
    }
  }
  std::printf("hosts=%lld hosts_done=%lld verified=%lld rejected=%lld first_ms=%lld last_ms=%lld\n",
              static_cast<long long>(hosts), static_cast<long long>(hosts_done),
              static_cast<long long>(verified), static_cast<long long>(rejected),
              static_cast<long long>(first_ms), static_cast<long long>(last_ms));
  return hosts_done == hosts ? 0 : 1;
}

}  // namespace
}  // namespace cornerstore::bench

int main(int argc, char** argv) {
  using namespace cornerstore::bench;
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "seed") return Seed(ParseFlags(argc, argv));
  if (command == "serve") return Serve(ParseFlags(argc, argv));
  std::fprintf(stderr,
               "usage: cornerstore_bench_fleet seed|serve --flag value ...\n"
               "(see the comment at the top of bench/fleet.cpp)\n");
  return 2;
}
