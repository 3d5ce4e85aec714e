// ConnectionGate: keeps idle and slow connections away from the request workers.
//
// cpp-httplib serves each connection on one pool thread from accept to close, so a few thousand
// idle keep-alive connections, or a few dozen clients dripping a header one byte at a time, hold
// every worker and starve everyone else (/health included). The gate sits between httplib's
// accept loop and its request parser: a single epoll thread parks every connection that has no
// complete request head yet (new, idle keep-alive, or half-sent), reads what arrives without
// blocking, closes connections that stay idle or drip past their deadline, and hands a
// connection to a worker only once a whole request head is buffered. Workers then parse and
// answer through a Stream over the buffered bytes and the socket, with per-read and per-request
// deadlines for the body, and give the connection back to the gate when it goes quiet.
//
// Ownership: the gate owns every socket handed to Admit() and closes it. Thread safety: Admit()
// and Stop() may be called from any thread; Stop() waits for in-flight requests to finish.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <thread>

namespace httplib {
class Stream;
}

namespace cornerstore::server {

struct ConnectionGateOptions {
  int workers = 64;                 // threads that parse and answer requests
  int idle_timeout_seconds = 5;     // no request begun: close (new and keep-alive connections)
  int head_timeout_seconds = 5;     // a request head begun must be complete by then
  int read_timeout_seconds = 5;     // body: per read, and in total per request
  int write_timeout_seconds = 10;   // per write
  int keep_alive_max_count = 1000;  // requests per connection
  size_t max_connections = 0;       // parked + in service; 0: derived from RLIMIT_NOFILE
};

class ConnectionGate {
 public:
  // Serves one request on `stream` (close_connection: answer with Connection: close); returns
  // whether the connection may carry another request.
  using ServeFn = std::function<bool(httplib::Stream& stream, bool close_connection)>;

  ConnectionGate(ConnectionGateOptions options, ServeFn serve);
  ~ConnectionGate();
  ConnectionGate(const ConnectionGate&) = delete;
  ConnectionGate& operator=(const ConnectionGate&) = delete;

  // Takes ownership of an accepted socket. Never blocks; closes it at once when over capacity.
  void Admit(int fd);
  // Closes parked connections, lets in-flight requests finish, joins the threads. Idempotent.
  void Stop();

  size_t max_connections() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cornerstore::server
