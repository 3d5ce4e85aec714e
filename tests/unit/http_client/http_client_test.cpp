// The outbound client against real loopback servers: signing, byte-exact paths, the SSRF guard
// on every redirect hop, size and time limits (PROTOCOL.md §4, §8).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <doctest/doctest.h>
#include <httplib.h>
#include <atomic>
#include <chrono>
#include <thread>

#include "src/common/clock.h"
#include "src/server/http_client.h"
#include "src/server/scheme_memory.h"

using namespace cornerstore;
using namespace cornerstore::server;

namespace {

// A loopback server for one test, stopped when it goes out of scope.
class LoopServer {
 public:
  LoopServer() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    REQUIRE(port_ > 0);
  }
  ~LoopServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  httplib::Server& server() { return server_; }
  void Start() {
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  int port() const { return port_; }
  std::string Url(const std::string& path) const {
    return "http://remote.test:" + std::to_string(port_) + path;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

// Records what it was asked to sign and marks the request so the server can see it.
class RecordingSigner : public RequestSigner {
 public:
  Status Sign(const SigningIdentity& signer, SignatureScheme scheme, const std::string&,
              HttpRequest* request) override {
    std::lock_guard<std::mutex> lock(mu);
    targets.push_back(request->target);
    actors.push_back(signer.actor_id);
    identities.push_back(signer);
    request->headers.Set(scheme == SignatureScheme::kCavage ? "Signature" : "Signature-Input",
                         "test");
    if (scheme == SignatureScheme::kRfc9421) request->headers.Set("Signature", "test");
    return OkStatus();
  }
  std::mutex mu;
  std::vector<std::string> targets;
  std::vector<std::string> actors;
  std::vector<SigningIdentity> identities;
};

struct Client {
  SystemClock clock;
  RecordingSigner signer;
  InMemorySchemeMemory schemes;
  std::atomic<int> connects{0};
  std::unique_ptr<HttpClient> client;

  explicit Client(bool guard_on = true, FetchLimits limits = {}) {
    HttpClientOptions options;
    options.base_url = "https://shop.example";
    options.allow_private_addresses = !guard_on;
    options.limits = limits;
    client = std::make_unique<HttpClient>(options, &signer, &clock, &schemes);
    client->SetAllowPlainHttpForTesting(true);
    // "remote.test" is a public name that happens to live on loopback for this test.
    client->SetResolverForTesting(
        [](const std::string& host) -> std::optional<HttpClient::ResolvedForTesting> {
          if (host != "remote.test") return std::nullopt;
          HttpClient::ResolvedForTesting r;
          r.addresses = {*ParseIpAddress("127.0.0.1")};
          r.treat_as_public = true;
          return r;
        });
    client->SetConnectGateForTesting([this](const IpAddress& address, int) {
      ++connects;
      return address == *ParseIpAddress("127.0.0.1");  // never anywhere else
    });
  }
  Result<FetchResponse> Get(const std::string& url, bool sign = false) {
    OutboundRequest r;
    r.url = url;
    r.sign = sign;
    return client->Fetch(r);
  }
};

}  // namespace

TEST_CASE("http client: GET, User-Agent, signing what goes on the wire") {
  LoopServer s;
  std::string seen_target, seen_ua, seen_sig;
  s.server().Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    seen_target = req.target;
    seen_ua = req.get_header_value("User-Agent");
    seen_sig = req.get_header_value("Signature");
    res.set_content("{\"ok\":true}", "application/activity+json");
  });
  s.Start();
  Client c;
  const std::string path = "/a+b,c;d'e/%2F%C3%A9?x=1+2&y=%20";
  auto r = c.Get(s.Url(path), /*sign=*/true);
  REQUIRE_MESSAGE(r.ok(), r.error().ToLogString());
  CHECK(r->status == 200);
  CHECK(r->body == "{\"ok\":true}");
  CHECK(seen_target == path);  // byte-identical on the wire
  REQUIRE(c.signer.targets.size() == 1);
  CHECK(c.signer.targets[0] == path);  // and the signature covered exactly that
  CHECK(seen_sig == "test");
  CHECK(seen_ua.starts_with("cornerstore/"));
  CHECK(seen_ua.find("(+https://shop.example)") != std::string::npos);
}

TEST_CASE("http client: a request carrying its signing key hands it to the signer") {
  LoopServer s;
  std::string seen_sig;
  s.server().Post(".*", [&](const httplib::Request& req, httplib::Response& res) {
    seen_sig = req.get_header_value("Signature");
    res.status = 202;
  });
  s.Start();
  Client c;
  OutboundRequest r;
  r.method = "POST";
  r.url = s.Url("/inbox");
  r.body = R"({"type":"Delete"})";
  r.signer_actor_id = "https://shop.example/users/gone";
  r.signer_key_id = "https://shop.example/users/gone#main-key";
  r.signer_private_key_pem = "-----BEGIN PRIVATE KEY-----\nX\n-----END PRIVATE KEY-----\n";
  auto sent = c.client->Fetch(r);
  REQUIRE_MESSAGE(sent.ok(), sent.error().ToLogString());
  CHECK(sent->status == 202);
  CHECK(seen_sig == "test");
  REQUIRE(c.signer.identities.size() == 1);
  CHECK(c.signer.identities[0].actor_id == r.signer_actor_id);
  CHECK(c.signer.identities[0].key_id == r.signer_key_id);
  CHECK(c.signer.identities[0].private_key_pem == r.signer_private_key_pem);
  CHECK(c.signer.identities[0].carries_key());

  // An ordinary request names only its actor.
  OutboundRequest plain = r;
  plain.signer_key_id.clear();
  plain.signer_private_key_pem.clear();
  REQUIRE(c.client->Fetch(plain).ok());
  REQUIRE(c.signer.identities.size() == 2);
  CHECK(c.signer.identities[1].actor_id == r.signer_actor_id);
  CHECK_FALSE(c.signer.identities[1].carries_key());
}

TEST_CASE("http client: a host that refuses cavage gets RFC 9421 once, and it is remembered") {
  LoopServer s;
  std::atomic<int> cavage{0}, rfc{0};
  s.server().Post("/inbox", [&](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_header("Signature-Input")) {
      ++cavage;
      res.status = 401;
      return;
    }
    ++rfc;
    res.status = 202;
  });
  s.Start();
  Client c;
  OutboundRequest post;
  post.method = "POST";
  post.url = s.Url("/inbox");
  post.body = "{}";
  auto first = c.client->Fetch(post);
  REQUIRE(first.ok());
  CHECK(first->status == 202);
  CHECK(cavage == 1);
  CHECK(rfc == 1);
  auto second = c.client->Fetch(post);
  REQUIRE(second.ok());
  CHECK(second->status == 202);
  CHECK(cavage == 1);  // RFC 9421 went first this time
  CHECK(rfc == 2);
}

TEST_CASE("http client: redirects to forbidden addresses are refused before connecting") {
  LoopServer s;
  s.server().Get("/to/(.*)", [](const httplib::Request& req, httplib::Response& res) {
    res.status = 302;
    res.set_header("Location", "http://" + req.matches[1].str() + "/secret");
  });
  s.Start();
  for (const std::string target :
       {"127.0.0.1", "169.254.169.254", "[::ffff:127.0.0.1]", "0.0.0.0", "2130706433", "0177.0.0.1",
        "0x7f.1", "10.0.0.1", "[::1]", "192.168.1.1", "100.64.0.1"}) {
    CAPTURE(target);
    Client c;
    auto r = c.Get(s.Url("/to/" + target));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kForbidden);
    CHECK(c.connects == 1);  // only the first hop connected
  }
  // With the unsafe switch on, loopback is allowed (tests and local development).
  Client open(/*guard_on=*/false);
  const std::string local = "127.0.0.1:" + std::to_string(s.port());
  auto direct = open.Get("http://" + local + "/to/" + local);
  REQUIRE(direct.ok());
  CHECK(direct->final_url == "http://" + local + "/secret");
}

TEST_CASE("http client: redirect loops, too many hops and scheme changes are refused") {
  LoopServer s;
  s.server().Get("/loop", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 301;
    res.set_header("Location", "/loop");
  });
  s.server().Get(R"(/r(\d))", [&](const httplib::Request& req, httplib::Response& res) {
    int n = std::stoi(req.matches[1].str());
    res.status = 302;
    res.set_header("Location", n >= 5 ? "/done" : "/r" + std::to_string(n + 1));
  });
  s.server().Get("/done", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("done", "text/plain");
  });
  s.server().Get("/downgrade", [&](const httplib::Request&, httplib::Response& res) {
    res.status = 302;
    res.set_header("Location", "https://remote.test:" + std::to_string(s.port()) + "/done");
  });
  s.Start();
  Client c;
  auto loop = c.Get(s.Url("/loop"));
  REQUIRE_FALSE(loop.ok());
  CHECK(loop.error().code == ErrorCode::kForbidden);
  auto chain = c.Get(s.Url("/r1"));  // r1→r2→r3→r4→r5→done: 5 redirects
  REQUIRE_FALSE(chain.ok());
  CHECK(chain.error().code == ErrorCode::kForbidden);
  auto three = c.Get(s.Url("/r3"));  // r3→r4→r5→done: 3 redirects is fine
  REQUIRE(three.ok());
  CHECK(three->body == "done");
  CHECK(three->final_url == s.Url("/done"));
  auto scheme = c.Get(s.Url("/downgrade"));
  REQUIRE_FALSE(scheme.ok());
  CHECK(scheme.error().code == ErrorCode::kForbidden);
}

TEST_CASE("http client: oversized, endless and compressed-bomb responses are cut at the limit") {
  LoopServer s;
  s.server().Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(2 << 20, 'x'), "application/json");
  });
  s.server().Get("/endless", [](const httplib::Request&, httplib::Response& res) {
    // octet-stream: httplib's server would otherwise gzip the stream itself.
    res.set_chunked_content_provider("application/octet-stream",
                                     [](size_t, httplib::DataSink& sink) {
                                       std::string chunk(64 * 1024, 'y');
                                       return sink.write(chunk.data(), chunk.size());
                                     });
  });
  std::string bomb;
  {
    std::string zeros(16 << 20, '\0');
    uLongf len = compressBound(zeros.size());
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    bomb.resize(len + 64);
    zs.next_in = reinterpret_cast<Bytef*>(zeros.data());
    zs.avail_in = static_cast<uInt>(zeros.size());
    zs.next_out = reinterpret_cast<Bytef*>(bomb.data());
    zs.avail_out = static_cast<uInt>(bomb.size());
    deflate(&zs, Z_FINISH);
    bomb.resize(zs.total_out);
    deflateEnd(&zs);
  }
  s.server().Get("/bomb", [&bomb](const httplib::Request&, httplib::Response& res) {
    res.set_header("Content-Encoding", "gzip");
    res.set_content(bomb, "application/octet-stream");
  });
  s.server().Get("/gzip", [](const httplib::Request&, httplib::Response& res) {
    std::string plain = "{\"hello\":\"world\"}";
    std::string out(256, '\0');
    z_stream zs{};
    deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    zs.next_in = reinterpret_cast<Bytef*>(plain.data());
    zs.avail_in = static_cast<uInt>(plain.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    res.set_header("Content-Encoding", "gzip");
    res.set_content(out, "application/octet-stream");
  });
  s.Start();
  CHECK(bomb.size() < (1 << 20));
  Client c;
  auto big = c.Get(s.Url("/big"));
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().code == ErrorCode::kTooLarge);
  auto start = std::chrono::steady_clock::now();
  auto endless = c.Get(s.Url("/endless"));
  REQUIRE_FALSE(endless.ok());
  CHECK(endless.error().code == ErrorCode::kTooLarge);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
  auto boom = c.Get(s.Url("/bomb"));
  REQUIRE_FALSE(boom.ok());
  CHECK(boom.error().code == ErrorCode::kTooLarge);
  auto gz = c.Get(s.Url("/gzip"));
  REQUIRE(gz.ok());
  CHECK(gz->body == "{\"hello\":\"world\"}");
}

TEST_CASE("http client: a silent server times out on time; a closed port is unavailable") {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  REQUIRE(::listen(fd, 8) == 0);  // accepts (kernel backlog), never answers
  const int port = ntohs(addr.sin_port);
  FetchLimits limits;
  limits.read_timeout_ms = 300;
  limits.total_timeout_ms = 2000;
  Client c(true, limits);
  auto start = std::chrono::steady_clock::now();
  auto r = c.Get("http://remote.test:" + std::to_string(port) + "/");
  auto took = std::chrono::steady_clock::now() - start;
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kTimeout);
  CHECK(took < std::chrono::seconds(3));
  ::close(fd);
  auto refused = c.Get("http://remote.test:" + std::to_string(port) + "/");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kUnavailable);
}

TEST_CASE("http client: plain http and bad URLs are refused with the guard on") {
  SystemClock clock;
  HttpClientOptions options;
  options.base_url = "https://shop.example";
  HttpClient client(options, nullptr, &clock, nullptr);
  OutboundRequest r;
  r.url = "http://example.com/";
  auto plain = client.Fetch(r);
  REQUIRE_FALSE(plain.ok());
  CHECK(plain.error().code == ErrorCode::kForbidden);
  r.url = "not a url";
  CHECK_FALSE(client.Fetch(r).ok());
  r.url = "https://127.0.0.1/";
  auto loop = client.Fetch(r);
  REQUIRE_FALSE(loop.ok());
  CHECK(loop.error().code == ErrorCode::kForbidden);
}
