// HttpServer: our HTTP front door over cpp-httplib, tuned and hardened once for every route.
//
// What it adds to httplib (see ARCHITECTURE.md, "Library traps"): TCP_NODELAY, long keep-alive,
// a sized thread pool, a real listen backlog; request bodies refused before any handler when
// chunked, compressed or over the size limit; an exception handler that answers a generic JSON
// 500 and logs the detail; JSON 404/405 bodies; one access-log line per request.
//
// Routes are registered before Start() and are pure functions of our HttpRequest. Thread safety:
// Route() before Start() only; Stop() from any thread (e.g. a signal watcher).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "config/config.h"
#include "src/common/http_message.h"
#include "src/common/result.h"

namespace cornerstore::server {

// Captured groups of the route's regular expression (index 0 is the first group).
using PathParams = std::vector<std::string>;
using RouteHandler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;

struct HttpServerOptions {
  std::string listen_address = "127.0.0.1";
  int port = 8080;  // 0: any free port (see port())
  int threads = 64;
  int read_timeout_seconds = 5;
  int write_timeout_seconds = 10;
  int keep_alive_max_count = 1000;
  int listen_backlog = 1024;
  size_t max_body_bytes = 1 << 20;
  bool access_log = true;
  std::string scheme = "https";  // recorded on each HttpRequest (our public scheme)

  static HttpServerOptions FromConfig(const config::Config& config);
};

class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // `pattern` is a regular expression matched against the whole decoded path.
  void Route(const std::string& method, const std::string& pattern, RouteHandler handler);

  // Binds the listening socket; kUnavailable with a clear message if the port is taken.
  Status Bind();
  int port() const { return port_; }
  // Serves until Stop(); in-flight requests finish first.
  void Run();
  void Stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  HttpServerOptions options_;
  int port_ = 0;
};

}  // namespace cornerstore::server
