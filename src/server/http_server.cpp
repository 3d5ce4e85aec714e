#include "src/server/http_server.h"

#include <sys/socket.h>

#include <httplib.h>
#include <chrono>
#include <regex>

#include "src/common/http_response.h"
#include "src/common/log.h"

namespace cornerstore::server {
namespace {

// cpp-httplib keeps its listening socket protected; we need it for a real backlog (Debian's
// build listens with a backlog of 5, which drops connections under any burst).
class TunedServer : public httplib::Server {
 public:
  int listening_socket() const { return static_cast<int>(svr_sock_.load()); }
};

void CopyResponse(const HttpResponse& from, httplib::Response& to) {
  to.status = from.status;
  std::string content_type = "text/plain";
  for (const auto& [name, value] : from.headers.entries) {
    if (EqualsIgnoreCase(name, "Content-Type")) {
      content_type = value;
    } else {
      to.set_header(name, value);
    }
  }
  to.set_content(from.body, content_type);
}

void SetJsonError(httplib::Response& res, int status, std::string_view message) {
  CopyResponse(ErrorResponse(status, message), res);
}

thread_local std::chrono::steady_clock::time_point t_request_start;

}  // namespace

HttpServerOptions HttpServerOptions::FromConfig(const config::Config& config) {
  HttpServerOptions o;
  o.listen_address = config.server.listen_address;
  o.port = config.server.port;
  o.threads = config.server.http_threads;
  o.read_timeout_seconds = config.server.read_timeout_seconds;
  o.write_timeout_seconds = config.server.write_timeout_seconds;
  o.keep_alive_max_count = config.server.keep_alive_max_count;
  o.listen_backlog = config.server.listen_backlog;
  o.max_body_bytes = config.limits.max_request_body_bytes;
  o.access_log = config.log.access_log;
  o.scheme = config.instance.base_url.starts_with("https:") ? "https" : "http";
  return o;
}

class HttpServer::Impl {
 public:
  TunedServer server;
  // Patterns of every route, to tell 405 (path known, method not) from 404.
  std::vector<std::pair<std::string, std::regex>> routes;
};

HttpServer::HttpServer(HttpServerOptions options)
    : impl_(std::make_unique<Impl>()), options_(std::move(options)) {
  auto& s = impl_->server;
  const int threads = options_.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  s.set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which lets a second server bind the same port and
  // silently take half the traffic: keep only SO_REUSEADDR (fast restarts).
  s.set_socket_options([](int sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  s.set_keep_alive_max_count(static_cast<size_t>(options_.keep_alive_max_count));
  s.set_read_timeout(options_.read_timeout_seconds, 0);
  s.set_write_timeout(options_.write_timeout_seconds, 0);
  s.set_payload_max_length(options_.max_body_bytes);

  const size_t max_body = options_.max_body_bytes;
  s.set_pre_routing_handler([max_body](const httplib::Request& req, httplib::Response& res) {
    t_request_start = std::chrono::steady_clock::now();
    // httplib only checks Content-Length against the payload limit and inflates compressed
    // bodies before we see them: refuse both shapes here, before any body is read.
    if (req.has_header("Transfer-Encoding")) {
      SetJsonError(res, 411, "chunked request bodies are not accepted; send Content-Length");
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_header("Content-Encoding")) {
      SetJsonError(res, 415, "compressed request bodies are not accepted");
      res.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.has_header("Content-Length")) {
      const std::string& text = req.get_header_value("Content-Length");
      size_t length = 0;
      bool valid = !text.empty() && text.size() <= 19;
      for (char c : text) {
        if (c < '0' || c > '9') valid = false;
      }
      if (valid) length = std::stoull(text);
      if (!valid) {
        SetJsonError(res, 400, "invalid Content-Length");
        res.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Handled;
      }
      if (length > max_body) {
        SetJsonError(res, 413, "request body too large");
        res.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  s.set_exception_handler(
      [](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        log::Error("http.handler_exception",
                   {{"method", req.method}, {"path", req.path}, {"what", what}});
        res.headers.clear();
        SetJsonError(res, 500, "internal server error");
      });

  s.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler already wrote an error body
    if (res.status == 404) {
      std::string allow;
      for (const auto& [method, re] : impl_->routes) {
        if (std::regex_match(req.path, re) && allow.find(method) == std::string::npos) {
          allow += allow.empty() ? method : ", " + method;
        }
      }
      if (!allow.empty()) {
        res.status = 405;
        res.set_header("Allow", allow);
        SetJsonError(res, 405, "method not allowed");
        return;
      }
      SetJsonError(res, 404, "not found");
      return;
    }
    if (res.status == 413) {
      SetJsonError(res, 413, "request body too large");
      return;
    }
    SetJsonError(res, res.status, res.status >= 500 ? "internal server error" : "bad request");
  });

  if (options_.access_log) {
    s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - t_request_start)
                        .count();
      log::Info("http.request", {{"method", req.method},
                                 {"path", req.path},
                                 {"status", std::to_string(res.status)},
                                 {"bytes", std::to_string(res.body.size())},
                                 {"ms", std::to_string(micros / 1000.0)},
                                 {"remote", req.remote_addr}});
    });
  }
}

HttpServer::~HttpServer() = default;

void HttpServer::Route(const std::string& method, const std::string& pattern,
                       RouteHandler handler) {
  impl_->routes.emplace_back(method, std::regex(pattern));
  const std::string scheme = options_.scheme;
  auto adapter = [handler = std::move(handler), scheme](const httplib::Request& req,
                                                        httplib::Response& res) {
    HttpRequest request;
    request.method = req.method;
    request.target = req.target;
    request.body = req.body;
    request.remote_addr = req.remote_addr;
    request.scheme = scheme;
    request.headers.entries.reserve(req.headers.size());
    for (const auto& [name, value] : req.headers) {
      // httplib adds these for its own bookkeeping; they were not on the wire.
      if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
          name == "LOCAL_PORT") {
        continue;
      }
      request.headers.Add(name, value);
    }
    PathParams params;
    for (size_t i = 1; i < req.matches.size(); ++i) params.push_back(req.matches[i].str());
    CopyResponse(handler(request, params), res);
  };
  auto& s = impl_->server;
  if (method == "GET") {
    s.Get(pattern, adapter);
  } else if (method == "POST") {
    s.Post(pattern, adapter);
  } else if (method == "PUT") {
    s.Put(pattern, adapter);
  } else if (method == "PATCH") {
    s.Patch(pattern, adapter);
  } else if (method == "DELETE") {
    s.Delete(pattern, adapter);
  } else if (method == "OPTIONS") {
    s.Options(pattern, adapter);
  }
}

Status HttpServer::Bind() {
  auto& s = impl_->server;
  if (options_.port == 0) {
    int port = s.bind_to_any_port(options_.listen_address);
    if (port <= 0) {
      return MakeError(ErrorCode::kUnavailable,
                       "cannot listen on " + options_.listen_address + " (any port)");
    }
    port_ = port;
  } else {
    if (!s.bind_to_port(options_.listen_address, options_.port)) {
      return MakeError(ErrorCode::kUnavailable,
                       "cannot listen on " + options_.listen_address + ":" +
                           std::to_string(options_.port) +
                           " (address in use or not available; set [server] port or "
                           "CORNERSTORE_SERVER_PORT)");
    }
    port_ = options_.port;
  }
  // Raise the backlog Debian's build fixes at 5.
  ::listen(s.listening_socket(), options_.listen_backlog);
  return OkStatus();
}

void HttpServer::Run() { impl_->server.listen_after_bind(); }

void HttpServer::Stop() { impl_->server.stop(); }

}  // namespace cornerstore::server
