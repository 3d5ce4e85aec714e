// The outbound client, continued: TLS under the guard (the checked address is dialled while SNI,
// certificate checks and Host keep the name), the exact headers on the wire, scheme negotiation
// details, and hostile servers (endless headers, drip feeds, stalled handshakes, bad encodings).
// Every server listens on 127.0.0.1 only, and the connect gate refuses any other address.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <doctest/doctest.h>
#include <httplib.h>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <thread>

#include "cornerstore/version.h"
#include "src/common/clock.h"
#include "src/server/http_client.h"
#include "src/server/scheme_memory.h"
#include "tests/support/support.h"

using namespace cornerstore;
using namespace cornerstore::server;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

namespace {

// A TLS write to a peer that hung up raises SIGPIPE; the binary ignores it in main.
const bool kSigpipeIgnored = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

constexpr int64_t kFixedNow = 1764342000;  // Fri, 28 Nov 2025 15:00:00 GMT

class FixedClock final : public Clock {
 public:
  int64_t NowUnix() const override { return kFixedNow; }
};

// Self-signed certificate for "remote.test" only, written as PEM files into a temporary dir.
struct TestCertificate {
  testing::TempDir dir;
  std::string cert_path = dir.path() + "/cert.pem";
  std::string key_path = dir.path() + "/key.pem";

  TestCertificate() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    REQUIRE(key != nullptr);
    X509* x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_set_pubkey(x, key);
    X509_NAME* name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("remote.test"), -1, -1, 0);
    X509_set_issuer_name(x, name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
    for (auto [nid, value] : {std::pair{NID_subject_alt_name, "DNS:remote.test"},
                              std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
      X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
      REQUIRE(ext != nullptr);
      X509_add_ext(x, ext, -1);
      X509_EXTENSION_free(ext);
    }
    REQUIRE(X509_sign(x, key, EVP_sha256()) > 0);
    FILE* f = std::fopen(cert_path.c_str(), "w");
    PEM_write_X509(f, x);
    std::fclose(f);
    f = std::fopen(key_path.c_str(), "w");
    PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    X509_free(x);
    EVP_PKEY_free(key);
  }
};

// An httplib server (plain or TLS) on 127.0.0.1, stopped when it goes out of scope.
class Server {
 public:
  Server() : server_(std::make_unique<httplib::Server>()) { Bind(); }
  explicit Server(const TestCertificate& cert)
      : server_(
            std::make_unique<httplib::SSLServer>(cert.cert_path.c_str(), cert.key_path.c_str())) {
    Bind();
  }
  ~Server() {
    server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  httplib::Server& operator*() { return *server_; }
  httplib::Server* operator->() { return server_.get(); }
  void Start() {
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    while (!server_->is_running()) std::this_thread::sleep_for(milliseconds(5));
  }
  int port() const { return port_; }

 private:
  void Bind() {
    port_ = server_->bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
  }
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// A raw listening socket on 127.0.0.1; `serve`, if given, handles one accepted connection.
class RawServer {
 public:
  explicit RawServer(std::function<void(int)> serve = nullptr) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    REQUIRE(::listen(fd_, 8) == 0);
    if (serve) {
      thread_ = std::thread([this, serve] {
        int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        serve(c);
        ::close(c);
      });
    }
  }
  ~RawServer() {
    ::shutdown(fd_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

// Reads the request head, so the client sees its request accepted before the answer starts.
void ReadRequestHead(int fd) {
  std::string head;
  char c;
  while (head.find("\r\n\r\n") == std::string::npos && ::recv(fd, &c, 1, 0) == 1) head += c;
}

// Marks the request with its scheme so servers can answer per scheme.
class SchemeSigner final : public RequestSigner {
 public:
  Status Sign(const SigningIdentity&, SignatureScheme scheme, const std::string& url,
              HttpRequest* request) override {
    std::lock_guard<std::mutex> lock(mu);
    ++calls;
    urls.push_back(url);
    request->headers.Set("X-Test-Scheme",
                         scheme == SignatureScheme::kCavage ? "cavage" : "rfc9421");
    request->headers.Set("Signature", "sig");
    return OkStatus();
  }
  std::mutex mu;
  int calls = 0;
  std::vector<std::string> urls;
};

const IpAddress kLoopback = *ParseIpAddress("127.0.0.1");

struct Harness {
  FixedClock clock;
  SchemeSigner signer;
  InMemorySchemeMemory schemes;
  std::atomic<int> connects{0};
  std::unique_ptr<HttpClient> client;

  // Guard on, https only; "remote.test" and "other.test" are public names living on loopback,
  // "split.test" has a private address among public ones.
  explicit Harness(FetchLimits limits = {}, bool allow_private = false) {
    HttpClientOptions options;
    options.base_url = "https://shop.example";
    options.allow_private_addresses = allow_private;
    options.limits = limits;
    client = std::make_unique<HttpClient>(options, &signer, &clock, &schemes);
    client->SetResolverForTesting(
        [](const std::string& host) -> std::optional<HttpClient::ResolvedForTesting> {
          HttpClient::ResolvedForTesting r;
          if (host == "remote.test" || host == "other.test") {
            r.addresses = {kLoopback};
            r.treat_as_public = true;
          } else if (host == "split.test") {
            r.addresses = {*ParseIpAddress("8.8.8.8"), *ParseIpAddress("10.0.0.1")};
          } else if (host == "sneaky.test") {
            r.addresses = {kLoopback};
          } else {
            return std::nullopt;
          }
          return r;
        });
    client->SetConnectGateForTesting([this](const IpAddress& address, int) {
      ++connects;
      return address == kLoopback;  // never anywhere else
    });
  }
  Result<FetchResponse> Fetch(const std::string& url, bool sign = false,
                              const std::string& method = "GET", const std::string& body = "") {
    OutboundRequest r;
    r.method = method;
    r.url = url;
    r.sign = sign;
    r.body = body;
    return client->Fetch(r);
  }
};

std::string Gzip(const std::string& plain) {
  std::string out(compressBound(plain.size()) + 64, '\0');
  z_stream zs{};
  deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string Https(int port, const std::string& path, const std::string& host = "remote.test") {
  return "https://" + host + ":" + std::to_string(port) + path;
}

}  // namespace

TEST_CASE("http client tls: dials the checked address, verifies the certificate by name") {
  TestCertificate cert;
  Server s(cert);
  std::string host, sni_path;
  s->Get("/ok", [&](const httplib::Request& req, httplib::Response& res) {
    host = req.get_header_value("Host");
    res.set_content("{\"tls\":true}", "application/activity+json");
  });
  s.Start();
  Harness h;
  h.client->SetCaFileForTesting(cert.cert_path);
  auto r = h.Fetch(Https(s.port(), "/ok"));
  REQUIRE_MESSAGE(r.ok(), r.error().ToLogString());
  CHECK(r->status == 200);
  CHECK(r->body == "{\"tls\":true}");
  CHECK(host == "remote.test:" + std::to_string(s.port()));
  CHECK(h.connects == 1);

  // Same address, another name: the certificate does not cover it, so the name was checked.
  auto wrong = h.Fetch(Https(s.port(), "/ok", "other.test"));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == ErrorCode::kUnavailable);

  // Without the test CA the system store does not know the certificate.
  Harness untrusted;
  auto unknown = untrusted.Fetch(Https(s.port(), "/ok"));
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::kUnavailable);
}

TEST_CASE("http client tls: redirects to non-public literals are refused before connecting") {
  TestCertificate cert;
  Server s(cert);
  s->Get("/to", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 302;
    res.set_header("Location", req.get_param_value("u"));
  });
  s.Start();
  const std::string port = std::to_string(s.port());
  for (const std::string& target : std::vector<std::string>{
           "https://127.0.0.1:" + port + "/ok", "https://169.254.169.254/latest/meta-data/",
           "https://[::ffff:127.0.0.1]:" + port + "/ok", "https://0.0.0.0:" + port + "/ok",
           "https://2130706433:" + port + "/ok", "https://0177.0.0.1:" + port + "/ok",
           "https://0x7f.1:" + port + "/ok", "https://127.1:" + port + "/ok",
           "https://[::1]:" + port + "/ok", "https://[fe80::1]/", "https://[64:ff9b::7f00:1]/",
           "https://[2002:7f00:1::]/", "https://100.64.0.1/", "https://192.0.2.1/",
           "https://sneaky.test:" + port + "/ok", "https://split.test/"}) {
    CAPTURE(target);
    Harness h;
    h.client->SetCaFileForTesting(cert.cert_path);
    auto r = h.Fetch(Https(s.port(), "/to?u=" + httplib::detail::encode_query_param(target)));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kForbidden);
    CHECK(r.error().message == "address not allowed");
    CHECK(h.connects == 1);  // the first hop only
  }
}

TEST_CASE("http client tls: no downgrade to plain http, and plain http refused outright") {
  TestCertificate cert;
  Server plain;
  std::atomic<int> plain_hits{0};
  plain->Get("/ok", [&](const httplib::Request&, httplib::Response& res) {
    ++plain_hits;
    res.set_content("plain", "text/plain");
  });
  plain.Start();
  Server s(cert);
  s->Get("/down", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 301;
    res.set_header("Location", "http://remote.test:" + std::to_string(plain.port()) + "/ok");
  });
  s.Start();
  for (bool allow_private : {false, true}) {
    CAPTURE(allow_private);
    Harness h({}, allow_private);
    h.client->SetCaFileForTesting(cert.cert_path);
    auto r = h.Fetch(Https(s.port(), "/down"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kForbidden);
    CHECK(r.error().message == "redirect changes scheme");
    CHECK(h.connects == 1);
  }
  Harness h;
  auto direct = h.Fetch("http://remote.test:" + std::to_string(plain.port()) + "/ok");
  REQUIRE_FALSE(direct.ok());
  CHECK(direct.error().code == ErrorCode::kForbidden);
  CHECK(h.connects == 0);
  CHECK(plain_hits == 0);
}

TEST_CASE("http client: names are judged by every address they resolve to") {
  Harness h;
  for (const char* url : {"https://split.test/", "https://sneaky.test/", "https://localhost/",
                          "https://127.0.0.1/", "https://[::1]/", "https://2130706433/"}) {
    CAPTURE(url);
    auto r = h.Fetch(url);
    REQUIRE_FALSE(r.ok());
    if (std::string(url) == "https://localhost/") {
      CHECK(r.error().code == ErrorCode::kUnavailable);  // unknown to the test resolver
    } else {
      CHECK(r.error().code == ErrorCode::kForbidden);
    }
  }
  CHECK(h.connects == 0);
  auto bad = h.Fetch("https://foo.1/");  // ends in a number but is no address
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::kInvalidInput);
}

TEST_CASE("http client: the headers on the wire") {
  Server s;
  httplib::Headers seen;
  std::string seen_body;
  s->Get("/doc", [&](const httplib::Request& req, httplib::Response& res) {
    seen = req.headers;
    res.set_content("{}", "application/activity+json");
  });
  s->Post("/inbox", [&](const httplib::Request& req, httplib::Response& res) {
    seen = req.headers;
    seen_body = req.body;
    res.status = 202;
  });
  s.Start();
  Harness h({}, /*allow_private=*/true);
  const std::string base = "http://127.0.0.1:" + std::to_string(s.port());

  auto get = h.Fetch(base + "/doc");
  REQUIRE(get.ok());
  auto header = [&](const char* name) {
    auto it = seen.find(name);
    return it == seen.end() ? std::string("<none>") : it->second;
  };
  CHECK(header("Host") == "127.0.0.1:" + std::to_string(s.port()));
  CHECK(header("Date") == FormatHttpDate(kFixedNow));
  CHECK(header("Accept") == HttpClient::kDefaultAccept);
  CHECK(header("Accept-Encoding") == "gzip");
  CHECK(header("User-Agent") ==
        std::string("cornerstore/") + kVersion + " (+https://shop.example)");
  CHECK(header("User-Agent") == h.client->user_agent());
  CHECK(header("Signature") == "<none>");  // sign=false

  auto post = h.Fetch(base + "/inbox", /*sign=*/true, "POST", "{\"type\":\"Follow\"}");
  REQUIRE(post.ok());
  CHECK(post->status == 202);
  CHECK(seen_body == "{\"type\":\"Follow\"}");
  CHECK(header("Content-Type") == HttpClient::kDefaultContentType);
  CHECK(header("Signature") == "sig");
  CHECK(header("X-Test-Scheme") == "cavage");
  REQUIRE(h.signer.urls.size() == 1);
  CHECK(h.signer.urls[0] == base + "/inbox");

  // The caller chooses Accept and Content-Type, never Host, Date, User-Agent or framing.
  OutboundRequest custom;
  custom.method = "POST";
  custom.url = base + "/inbox";
  custom.body = "x";
  custom.sign = false;
  custom.headers.Add("Accept", "application/jrd+json");
  custom.headers.Add("Content-Type", "text/plain");
  custom.headers.Add("Host", "evil.example");
  custom.headers.Add("User-Agent", "spoof");
  custom.headers.Add("Content-Length", "1000");
  auto c = h.client->Fetch(custom);
  REQUIRE(c.ok());
  CHECK(header("Accept") == "application/jrd+json");
  CHECK(header("Content-Type") == "text/plain");
  CHECK(header("Host") == "127.0.0.1:" + std::to_string(s.port()));
  CHECK(header("User-Agent") == h.client->user_agent());
  CHECK(seen.count("User-Agent") == 1);

  // Header injection is refused before anything is sent.
  const int before = h.connects;
  OutboundRequest evil;
  evil.url = base + "/doc";
  evil.headers.Add("X-Note", "a\r\nX-Injected: 1");
  auto injected = h.client->Fetch(evil);
  REQUIRE_FALSE(injected.ok());
  CHECK(injected.error().code == ErrorCode::kInvalidInput);
  evil.headers = {};
  evil.method = "GE T";
  CHECK(h.client->Fetch(evil).error().code == ErrorCode::kInvalidInput);
  CHECK(h.connects == before);
}

TEST_CASE("http client: signature scheme negotiation") {
  Server s;
  std::mutex mu;
  std::vector<std::string> seen;  // "path scheme"
  auto record = [&](const httplib::Request& req) {
    std::lock_guard<std::mutex> lock(mu);
    std::string scheme = req.get_header_value("X-Test-Scheme");
    seen.push_back(req.path + " " + (scheme.empty() ? "unsigned" : scheme));
    return scheme;
  };
  // 400 to cavage (no challenge), 202 to RFC 9421.
  s->Post("/picky", [&](const httplib::Request& req, httplib::Response& res) {
    res.status = record(req) == "rfc9421" ? 202 : 400;
  });
  // 401 with an Accept-Signature challenge to everything.
  s->Post("/closed", [&](const httplib::Request& req, httplib::Response& res) {
    record(req);
    res.status = 401;
    res.set_header("Accept-Signature", "sig1=(\"@method\" \"@target-uri\")");
  });
  // Takes cavage only.
  s->Post("/classic", [&](const httplib::Request& req, httplib::Response& res) {
    res.status = record(req) == "cavage" ? 202 : 401;
  });
  s->Post("/redirect", [&](const httplib::Request& req, httplib::Response& res) {
    record(req);
    res.status = 302;
    res.set_header("Location", "/classic");
  });
  s.Start();
  const std::string base = "http://127.0.0.1:" + std::to_string(s.port());
  const std::string authority = "127.0.0.1:" + std::to_string(s.port());
  auto take = [&] {
    std::lock_guard<std::mutex> lock(mu);
    return std::exchange(seen, {});
  };
  using V = std::vector<std::string>;

  Harness h({}, /*allow_private=*/true);
  auto picky = h.Fetch(base + "/picky", true, "POST", "{}");
  REQUIRE(picky.ok());
  CHECK(picky->status == 202);
  CHECK(take() == V{"/picky cavage", "/picky rfc9421"});
  CHECK(h.schemes.Get(authority) == SignatureScheme::kRfc9421);
  REQUIRE(h.Fetch(base + "/picky", true, "POST", "{}").ok());
  CHECK(take() == V{"/picky rfc9421"});  // remembered: RFC 9421 goes first

  // A remembered RFC 9421 host that now wants cavage gets it once, and the memory follows.
  auto classic = h.Fetch(base + "/classic", true, "POST", "{}");
  REQUIRE(classic.ok());
  CHECK(classic->status == 202);
  CHECK(take() == V{"/classic rfc9421", "/classic cavage"});
  CHECK(h.schemes.Get(authority) == SignatureScheme::kCavage);

  // A challenge on a 401 asks for RFC 9421: after an RFC 9421 attempt there is nothing to retry.
  h.schemes.Put(authority, SignatureScheme::kRfc9421);
  auto closed = h.Fetch(base + "/closed", true, "POST", "{}");
  REQUIRE(closed.ok());
  CHECK(closed->status == 401);
  CHECK(take() == V{"/closed rfc9421"});
  CHECK(h.schemes.Get(authority) == SignatureScheme::kRfc9421);

  // Unsigned requests are never retried; a null signer means unsigned.
  REQUIRE(h.Fetch(base + "/closed", false, "POST", "{}").ok());
  CHECK(take() == V{"/closed unsigned"});
  HttpClientOptions options;
  options.allow_private_addresses = true;
  FixedClock clock;
  HttpClient unsigned_client(options, nullptr, &clock, nullptr);
  OutboundRequest post;
  post.method = "POST";
  post.url = base + "/closed";
  auto r = unsigned_client.Fetch(post);
  REQUIRE(r.ok());
  CHECK(r->status == 401);
  CHECK(take() == V{"/closed unsigned"});

  // Only GET follows redirects: a POST gets the 302 back.
  auto redirected = h.Fetch(base + "/redirect", true, "POST", "{}");
  REQUIRE(redirected.ok());
  CHECK(redirected->status == 302);
  CHECK(take() == V{"/redirect rfc9421"});  // one attempt, no redirect followed
}

TEST_CASE("http client: relative redirects resolve against the current URL") {
  Server s;
  s->Get("/a/b", [](const httplib::Request&, httplib::Response& res) {
    res.status = 303;
    res.set_header("Location", "c?x=1#frag");
  });
  s->Get("/a/c", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("c:" + req.get_param_value("x"), "text/plain");
  });
  s.Start();
  Harness h({}, /*allow_private=*/true);
  const std::string base = "http://127.0.0.1:" + std::to_string(s.port());
  auto r = h.Fetch(base + "/a/b");
  REQUIRE(r.ok());
  CHECK(r->body == "c:1");
  CHECK(r->final_url == base + "/a/c?x=1");
}

TEST_CASE("http client: endless headers are cut with bounded memory") {
  RawServer raw([](int fd) {
    ReadRequestHead(fd);
    std::string status = "HTTP/1.1 200 OK\r\n";
    ::send(fd, status.data(), status.size(), MSG_NOSIGNAL);
    std::string line = "X-Filler: " + std::string(200, 'f') + "\r\n";
    for (int i = 0; i < 1'000'000; ++i) {
      if (::send(fd, line.data(), line.size(), MSG_NOSIGNAL) <= 0) break;
    }
  });
  Harness h({}, /*allow_private=*/true);
  auto start = steady_clock::now();
  auto r = h.Fetch("http://127.0.0.1:" + std::to_string(raw.port()) + "/");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kTooLarge);
  CHECK(steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("http client: the whole-request deadline holds against a drip feed") {
  Server s;
  s->Get("/drip", [](const httplib::Request&, httplib::Response& res) {
    res.set_chunked_content_provider("application/octet-stream",
                                     [](size_t, httplib::DataSink& sink) {
                                       std::this_thread::sleep_for(milliseconds(50));
                                       return sink.write("x", 1);
                                     });
  });
  s.Start();
  FetchLimits limits;
  limits.read_timeout_ms = 300;
  limits.total_timeout_ms = 800;
  Harness h(limits, /*allow_private=*/true);
  auto start = steady_clock::now();
  auto r = h.Fetch("http://127.0.0.1:" + std::to_string(s.port()) + "/drip");
  auto took = steady_clock::now() - start;
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kTimeout);
  CHECK(took >= milliseconds(700));
  CHECK(took < std::chrono::seconds(4));
}

TEST_CASE("http client: a TLS handshake that never completes ends at the deadline") {
  RawServer silent;  // the kernel accepts; nobody ever answers the ClientHello
  FetchLimits limits;
  limits.read_timeout_ms = 5'000;
  limits.total_timeout_ms = 600;
  Harness h(limits, /*allow_private=*/true);
  auto start = steady_clock::now();
  auto r = h.Fetch("https://127.0.0.1:" + std::to_string(silent.port()) + "/");
  auto took = steady_clock::now() - start;
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kTimeout);
  CHECK(took < std::chrono::seconds(4));
}

TEST_CASE("http client: a TLS handshake fed one byte at a time ends at the deadline") {
  // Each byte arrives well within every per-step timeout; only the request deadline can stop it.
  std::atomic<bool> stop{false};
  RawServer drip([&stop](int fd) {
    char hello[4096];
    if (::recv(fd, hello, sizeof hello, 0) <= 0) return;
    const char record[] = {0x16, 0x03, 0x03, 0x40, 0x00};  // a 16 KiB handshake record follows
    ::send(fd, record, sizeof record, MSG_NOSIGNAL);
    for (int i = 0; i < 100 && !stop; ++i) {
      std::this_thread::sleep_for(milliseconds(100));
      if (::send(fd, "\x02", 1, MSG_NOSIGNAL) <= 0) return;
    }
  });
  FetchLimits limits;
  limits.read_timeout_ms = 2'000;
  limits.total_timeout_ms = 700;
  Harness h(limits, /*allow_private=*/true);
  auto start = steady_clock::now();
  auto r = h.Fetch("https://127.0.0.1:" + std::to_string(drip.port()) + "/");
  auto took = steady_clock::now() - start;
  stop = true;
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kTimeout);
  CHECK(took >= milliseconds(600));
  CHECK(took < std::chrono::seconds(4));
}

TEST_CASE("http client: encodings other than gzip, and broken gzip, are errors") {
  Server s;
  const std::string doc = "{\"name\":\"" + std::string(5000, 'n') + "\"}";
  const std::string gz = Gzip(doc);
  s->Get("/br", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "br");
    res.set_content("\x0b\x02\x80hello\x03", "application/octet-stream");
  });
  s->Get("/cut", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(gz.substr(0, gz.size() / 2), "application/octet-stream");
  });
  s->Get("/junk", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(gz + "trailing", "application/octet-stream");
  });
  s->Get("/good", [&](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(gz, "application/octet-stream");
  });
  s.Start();
  Harness h({}, /*allow_private=*/true);
  const std::string base = "http://127.0.0.1:" + std::to_string(s.port());
  auto br = h.Fetch(base + "/br");
  REQUIRE_FALSE(br.ok());
  CHECK(br.error().code == ErrorCode::kUnsupportedType);
  for (const char* path : {"/cut", "/junk"}) {
    CAPTURE(path);
    auto r = h.Fetch(base + path);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kInvalidInput);
  }
  auto good = h.Fetch(base + "/good");
  REQUIRE(good.ok());
  CHECK(good->body == doc);
  CHECK_FALSE(good->headers.Has("Content-Encoding"));

  // The limit applies to the decoded size: 5 KB of text is too much for a 1 KB limit.
  FetchLimits small;
  small.max_response_bytes = 1024;
  OutboundRequest get;
  get.url = base + "/good";
  get.sign = false;
  auto limited = h.client->Fetch(get, small);
  REQUIRE_FALSE(limited.ok());
  CHECK(limited.error().code == ErrorCode::kTooLarge);
}
