#include "src/server/http_server.h"

#include <sys/socket.h>

#include <httplib.h>
#include <chrono>
#include <optional>
#include <regex>
#include <utility>
#include <vector>

#include "src/common/http_response.h"
#include "src/common/log.h"
#include "src/server/connection_gate.h"
#include "src/server/route_pattern.h"

namespace cornerstore::server {
namespace {

// cpp-httplib keeps its listening socket protected; we need it for a real backlog (Debian's
// build listens with a backlog of 5, which drops connections under any burst).
//
// It also serves each accepted socket on one pool thread from accept to close, so idle and
// slow-drip connections starve the pool: every socket goes to our ConnectionGate instead, which
// calls back into httplib's request parser only once a request head has arrived.
class TunedServer : public httplib::Server {
 public:
  int listening_socket() const { return static_cast<int>(svr_sock_.load()); }
  void set_gate(ConnectionGate* gate) { gate_ = gate; }
  // One request on a connection the gate owns; false when the connection must close.
  bool ServeOne(httplib::Stream& stream, bool close_connection) {
    bool connection_closed = false;
    return process_request(stream, close_connection, connection_closed, nullptr) &&
           !connection_closed;
  }

 private:
  bool process_and_close_socket(socket_t sock) override {
    gate_->Admit(sock);
    return true;
  }

  ConnectionGate* gate_ = nullptr;
};

// Runs httplib's per-connection task on the accept thread: it only hands the socket to the gate.
class InlineTaskQueue : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

// Seconds a connection may stay open without beginning a request (httplib's own default).
constexpr int kKeepAliveIdleSeconds = 5;

// httplib parses a multipart/form-data body itself (into req.files) and leaves req.body empty.
// Our handlers take the body as it came (src/api/multipart.h is the one parser they use), so
// the parts are written back in multipart form with the request's own boundary, which no part
// can contain: each was delimited by it.
std::string MultipartBody(const httplib::Request& req) {
  const std::string content_type = req.get_header_value("Content-Type");
  const size_t at = content_type.find("boundary=");
  if (at == std::string::npos) return {};
  std::string boundary = content_type.substr(at + 9);
  boundary = boundary.substr(0, boundary.find(';'));
  if (boundary.size() >= 2 && boundary.front() == '"' && boundary.back() == '"') {
    boundary = boundary.substr(1, boundary.size() - 2);
  }
  std::string body;
  for (const auto& [name, part] : req.files) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"";
    if (!part.filename.empty()) body += "; filename=\"" + part.filename + "\"";
    body += "\r\n";
    if (!part.content_type.empty()) body += "Content-Type: " + part.content_type + "\r\n";
    body += "\r\n" + part.content + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  return body;
}

// The body is moved, not copied (httplib's set_content copies): an outbox page is 20 KB.
void MoveResponse(HttpResponse from, httplib::Response& to) {
  to.status = from.status;
  bool typed = false;
  for (const auto& [name, value] : from.headers.entries) {
    if (EqualsIgnoreCase(name, "Content-Type")) {
      if (typed) continue;
      typed = true;
      to.set_header("Content-Type", value);
    } else {
      to.set_header(name, value);
    }
  }
  if (!typed) to.set_header("Content-Type", "text/plain");
  to.body = std::move(from.body);
}

void SetJsonError(httplib::Response& res, int status, std::string_view message) {
  MoveResponse(ErrorResponse(status, message), res);
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
  std::unique_ptr<ConnectionGate> gate;
  // Patterns of every route, to tell 405 (path known, method not) from 404.
  std::vector<std::pair<std::string, std::regex>> routes;
};

HttpServer::HttpServer(HttpServerOptions options)
    : impl_(std::make_unique<Impl>()), options_(std::move(options)) {
  auto& s = impl_->server;
  ConnectionGateOptions gate_options;
  gate_options.workers = options_.threads;
  gate_options.idle_timeout_seconds = kKeepAliveIdleSeconds;
  gate_options.head_timeout_seconds = options_.read_timeout_seconds;
  gate_options.read_timeout_seconds = options_.read_timeout_seconds;
  gate_options.write_timeout_seconds = options_.write_timeout_seconds;
  gate_options.keep_alive_max_count = options_.keep_alive_max_count;
  impl_->gate = std::make_unique<ConnectionGate>(
      gate_options, [server = &s](httplib::Stream& stream, bool close_connection) {
        return server->ServeOne(stream, close_connection);
      });
  s.set_gate(impl_->gate.get());
  s.new_task_queue = [] { return new InlineTaskQueue; };
  s.set_keep_alive_timeout(kKeepAliveIdleSeconds);  // advertised in the Keep-Alive header
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
        // A route of this very method that matches only relaxed did not route the request
        // because a segment is out of bounds: that path is unknown, not the method.
        if (method == req.method) continue;
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
  // Relaxed patterns (route_pattern.h) cost less memory and match faster. The 405 table needs
  // no exact bounds; httplib routes on the relaxed form where checking the captures' lengths
  // makes it exact, and on the exact pattern otherwise.
  std::optional<RelaxedRoute> relaxed = RelaxWithGroupLengths(pattern);
  const std::string loose = relaxed.has_value() ? relaxed->pattern : RelaxRepetitionBounds(pattern);
  impl_->routes.emplace_back(method, std::regex(loose));
  const std::string matched = relaxed.has_value() ? loose : pattern;
  std::vector<GroupLength> lengths;
  if (relaxed.has_value()) lengths = std::move(relaxed->groups);
  const std::string scheme = options_.scheme;
  auto adapter = [handler = std::move(handler), scheme, lengths = std::move(lengths)](
                     const httplib::Request& req, httplib::Response& res) {
    if (!CapturesFit(lengths, req.matches)) {
      SetJsonError(res, 404, "not found");
      return;
    }
    HttpRequest request;
    request.method = req.method;
    request.target = req.target;
    request.body = req.is_multipart_form_data() ? MultipartBody(req) : req.body;
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
    MoveResponse(handler(request, params), res);
  };
  auto& s = impl_->server;
  if (method == "GET") {
    s.Get(matched, adapter);
  } else if (method == "POST") {
    s.Post(matched, adapter);
  } else if (method == "PUT") {
    s.Put(matched, adapter);
  } else if (method == "PATCH") {
    s.Patch(matched, adapter);
  } else if (method == "DELETE") {
    s.Delete(matched, adapter);
  } else if (method == "OPTIONS") {
    s.Options(matched, adapter);
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

void HttpServer::Stop() {
  impl_->server.stop();
  impl_->gate->Stop();
}

}  // namespace cornerstore::server
