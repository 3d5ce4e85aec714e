// Small HTTP helpers for integration tests: a GET/POST returning our HttpResponse-like struct,
// and raw socket requests for inputs a well-behaved client library will not send.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "src/common/http_message.h"
#include "src/common/json.h"

namespace cornerstore::testing {

struct TestResponse {
  int status = 0;  // 0: no response (connection failed)
  HttpHeaders headers;
  std::string body;

  // The body parsed as JSON (fails the test via exception if it is not JSON).
  json::Value Json() const;
};

TestResponse Get(int port, const std::string& target,
                 const std::vector<std::pair<std::string, std::string>>& headers = {});
TestResponse Post(int port, const std::string& target, const std::string& body,
                  const std::string& content_type,
                  const std::vector<std::pair<std::string, std::string>>& headers = {});
TestResponse Send(int port, const std::string& method, const std::string& target,
                  const std::string& body = "", const std::string& content_type = "");

// Writes `raw` bytes to 127.0.0.1:port and reads until the peer closes or `timeout_ms` passes.
std::string RawRequest(int port, const std::string& raw, int timeout_ms = 5000);
// Status code of a raw HTTP/1.1 response ("HTTP/1.1 413 …" → 413), 0 if none.
int RawStatus(const std::string& response);

}  // namespace cornerstore::testing
