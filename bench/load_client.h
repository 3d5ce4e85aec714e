// LoadClient: fires prepared HTTP/1.1 requests at one loopback port over N keep-alive
// connections from a single epoll thread, one request in flight per connection, and counts the
// answers by status. Used by the benchmark tools (bench/inbox_load.cpp): the requests are built
// (and signed) beforehand, so the load generator spends its CPU on sockets only.
//
// Answers are read by Content-Length (or to the end of a chunked body); a connection the server
// closes is reopened and its request sent again.
//
// Thread safety: none; one LoadClient per thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cornerstore::bench {

struct LoadResult {
  double seconds = 0;    // first byte sent to last answer read
  int64_t answered = 0;  // requests with a complete answer
  std::map<int, int64_t> by_status;
  int64_t reconnects = 0;
  std::string error;  // non-empty when the run was abandoned (e.g. cannot connect)
};

// Sends every request in `requests` (raw bytes: request line, headers, body) to 127.0.0.1:port
// over `connections` connections, each request once, and waits for all answers.
LoadResult FireRequests(int port, const std::vector<std::string>& requests, int connections);

}  // namespace cornerstore::bench
