// The HTTP front door against the real binary: JSON error bodies, body limits and refused
// encodings, health, and that the server keeps serving after bad input.
#include <doctest/doctest.h>

#include <memory>

#include "tests/support/cornerstore_process.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

// One server shared by the tests of this file; stopped when the test binary exits (a static
// object, so its destructor runs), never left running behind it.
CornerstoreProcess& Server() {
  static const std::unique_ptr<CornerstoreProcess> server = [] {
    auto s = std::make_unique<CornerstoreProcess>("[unsafe]\ntest_routes = true\n");
    s->Start();
    return s;
  }();
  return *server;
}

}  // namespace

TEST_CASE("health answers with the database state") {
  auto r = Get(Server().port(), "/health");
  REQUIRE(r.status == 200);
  CHECK(*r.Json().FindString("status") == "ok");
  CHECK(*r.Json().FindString("database") == "ok");
}

TEST_CASE("unknown paths get a JSON 404, known paths with another method a JSON 405") {
  auto& s = Server();
  auto missing = Get(s.port(), "/no/such/thing");
  CHECK(missing.status == 404);
  CHECK(missing.headers.Get("Content-Type")->starts_with("application/json"));
  CHECK(*missing.Json().FindString("error") == "not found");
  auto wrong = Send(s.port(), "DELETE", "/.well-known/webfinger");
  CHECK(wrong.status == 405);
  CHECK(wrong.headers.Get("Allow") == "GET");
  CHECK(*wrong.Json().FindString("error") == "method not allowed");
  auto post = Post(s.port(), "/.well-known/nodeinfo", "{}", "application/json");
  CHECK(post.status == 405);
}

TEST_CASE("a path segment longer than its route allows is a JSON 404, one at the limit routes") {
  auto& s = Server();
  const std::string accept = "application/activity+json";
  // Usernames and status ids are at most 64 characters: routing checks the bound on the capture.
  auto too_long = Get(s.port(), "/users/" + std::string(65, 'a') + "/outbox", {{"Accept", accept}});
  CHECK(too_long.status == 404);
  CHECK(*too_long.Json().FindString("error") == "not found");
  auto at_limit = Get(s.port(), "/users/" + std::string(64, 'a') + "/outbox", {{"Accept", accept}});
  CHECK(at_limit.status == 404);
  CHECK(*at_limit.Json().FindString("error") == "no such account");
  auto status = Get(s.port(), "/users/shop/statuses/" + std::string(65, '1'), {{"Accept", accept}});
  CHECK(status.status == 404);
  CHECK(*status.Json().FindString("error") == "not found");
  CHECK(Get(s.port(), "/dashboard/posts/" + std::string(19, '1')).status == 404);
  // A route matched exactly (alternation in it) with a segment over its bound: 404, not 405.
  auto action = Post(s.port(), "/dashboard/posts/" + std::string(19, '1') + "/delete", "",
                     "application/x-www-form-urlencoded");
  CHECK(action.status == 404);
  CHECK(*action.Json().FindString("error") == "not found");
  CHECK(Get(s.port(), "/health").status == 200);
}

TEST_CASE("a 2 MiB body is refused with 413 before any handler") {
  auto& s = Server();
  // The server answers from the headers and closes without reading the body, so the client
  // sends the headers and the first part of the 2 MiB body, then reads the answer.
  std::string head =
      "POST /_test/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/activity+json\r\n"
      "Content-Length: " +
      std::to_string(2 << 20) + "\r\nConnection: close\r\n\r\n";
  std::string response = RawRequest(s.port(), head + std::string(16 << 10, 'x'));
  CHECK(RawStatus(response) == 413);
  CHECK(response.find("\"error\"") != std::string::npos);
  CHECK(response.find("\"bytes\"") == std::string::npos);  // the echo handler never ran
  // Just under the limit reaches the handler.
  auto ok =
      Post(s.port(), "/_test/echo", std::string((1 << 20) - 10, 'x'), "application/activity+json");
  CHECK(ok.status == 200);
  CHECK(*ok.Json().FindInt("bytes") == (1 << 20) - 10);
}

TEST_CASE("chunked and compressed request bodies are refused without reaching a handler") {
  auto& s = Server();
  std::string chunked =
      "POST /_test/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/activity+json\r\n"
      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
  std::string response = RawRequest(s.port(), chunked);
  CHECK(RawStatus(response) == 411);
  CHECK(response.find("\"error\"") != std::string::npos);
  CHECK(response.find("\"bytes\"") == std::string::npos);  // the echo handler never ran

  std::string gzip_body =
      "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x4b\xcb\xcf\x07\x00\x21\x65\x73\x8c\x03\x00\x00"
      "\x00";
  std::string gzip =
      "POST /_test/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/activity+json\r\n"
      "Content-Encoding: gzip\r\nContent-Length: " +
      std::to_string(gzip_body.size()) + "\r\nConnection: close\r\n\r\n" + gzip_body;
  response = RawRequest(s.port(), gzip);
  CHECK(RawStatus(response) == 415);
  CHECK(response.find("\"bytes\"") == std::string::npos);

  // Still serving.
  CHECK(Get(s.port(), "/health").status == 200);
}

TEST_CASE("a handler exception is a generic JSON 500 with no detail leaked") {
  auto& s = Server();
  auto r = Get(s.port(), "/_test/throw");
  CHECK(r.status == 500);
  CHECK(*r.Json().FindString("error") == "internal server error");
  CHECK(r.body.find("secret") == std::string::npos);
  for (const auto& [name, value] : r.headers.entries) {
    CAPTURE(name);
    CHECK(value.find("secret") == std::string::npos);
    CHECK_FALSE(EqualsIgnoreCase(name, "EXCEPTION_WHAT"));
  }
  CHECK(s.log().find("secret detail") != std::string::npos);  // but the log has it
  CHECK(Get(s.port(), "/health").status == 200);
}

TEST_CASE("malformed request lines and headers do not take the server down") {
  auto& s = Server();
  for (const std::string& raw :
       {std::string("GARBAGE\r\n\r\n"),
        std::string("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n"),
        std::string("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: "
                    "99999999999999999999\r\nConnection: close\r\n\r\n"),
        std::string("GET /") + std::string(100000, 'a') +
            " HTTP/1.1\r\nConnection: close\r\n\r\n"}) {
    RawRequest(s.port(), raw, 2000);
  }
  CHECK(Get(s.port(), "/health").status == 200);
}

TEST_CASE("SIGTERM stops the server cleanly") {
  CornerstoreProcess s;
  s.Start();
  CHECK(Get(s.port(), "/health").status == 200);
  CHECK(s.Stop() == 0);
  CHECK(s.log().find("server.stopped") != std::string::npos);
}
