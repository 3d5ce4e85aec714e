#include "tests/support/http_test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>
#include <chrono>
#include <stdexcept>

namespace cornerstore::testing {
namespace {

TestResponse Convert(const httplib::Result& res) {
  TestResponse r;
  if (!res) return r;
  r.status = res->status;
  for (const auto& [k, v] : res->headers) r.headers.Add(k, v);
  r.body = res->body;
  return r;
}

httplib::Headers ToHeaders(const std::vector<std::pair<std::string, std::string>>& headers) {
  httplib::Headers h;
  for (const auto& [k, v] : headers) h.emplace(k, v);
  return h;
}

httplib::Client MakeClient(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(30, 0);
  client.set_url_encode(false);
  return client;
}

}  // namespace

json::Value TestResponse::Json() const {
  auto parsed = json::Parse(body);
  if (!parsed.ok()) throw std::runtime_error("response is not JSON: " + body.substr(0, 200));
  return *parsed;
}

TestResponse Get(int port, const std::string& target,
                 const std::vector<std::pair<std::string, std::string>>& headers) {
  auto client = MakeClient(port);
  return Convert(client.Get(target, ToHeaders(headers)));
}

TestResponse Post(int port, const std::string& target, const std::string& body,
                  const std::string& content_type,
                  const std::vector<std::pair<std::string, std::string>>& headers) {
  auto client = MakeClient(port);
  return Convert(client.Post(target, ToHeaders(headers), body, content_type));
}

TestResponse Send(int port, const std::string& method, const std::string& target,
                  const std::string& body, const std::string& content_type) {
  auto client = MakeClient(port);
  httplib::Request req;
  req.method = method;
  req.path = target;
  req.body = body;
  if (!content_type.empty()) req.set_header("Content-Type", content_type);
  return Convert(client.send(req));
}

std::string RawRequest(int port, const std::string& raw, int timeout_ms) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd >= 0) ::close(fd);
    return "";
  }
  size_t sent = 0;
  while (sent < raw.size()) {
    ssize_t n = ::send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early (e.g. after refusing a body)
    sent += static_cast<size_t>(n);
  }
  std::string response;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[8192];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    response.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return response;
}

int RawStatus(const std::string& response) {
  if (response.size() < 12 || response.compare(0, 5, "HTTP/") != 0) return 0;
  size_t sp = response.find(' ');
  if (sp == std::string::npos) return 0;
  return std::atoi(response.c_str() + sp + 1);
}

}  // namespace cornerstore::testing
