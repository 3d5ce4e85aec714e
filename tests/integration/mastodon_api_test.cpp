// The Mastodon client API against the real binary: a token from `cornerstore token create`,
// then what a phone app does — verify credentials, post (form and JSON, with an
// Idempotency-Key), favourite and boost, find and follow an account on the fake remote instance,
// and the refusals (no token, wrong scope, media).
#include <doctest/doctest.h>
#include <httplib.h>

#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

constexpr const char* kUnsafe = "[unsafe]\nallow_private_addresses = true\n";

struct ApiResponse {
  int status = 0;
  std::string body;
  std::string link;
  json::Value Json() const {
    auto parsed = json::Parse(body);
    REQUIRE_MESSAGE(parsed.ok(), body);
    return std::move(parsed).value();
  }
};

ApiResponse Api(int port, const std::string& method, const std::string& path,
                const std::string& token = "", const std::string& body = "",
                const std::string& type = "application/json", const std::string& idempotency = "") {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(20, 0);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  if (!idempotency.empty()) headers.emplace("Idempotency-Key", idempotency);
  httplib::Result result = [&] {
    if (method == "GET") return client.Get(path, headers);
    if (method == "POST") return client.Post(path, headers, body, type);
    if (method == "PATCH") return client.Patch(path, headers, body, type);
    if (method == "PUT") return client.Put(path, headers, body, type);
    return client.Delete(path, headers, body, type);
  }();
  const std::string what = method + " " + path + " failed";
  REQUIRE_MESSAGE(static_cast<bool>(result), what);
  return ApiResponse{result->status, result->body, result->get_header_value("Link")};
}

std::string CreateToken(const CornerstoreProcess& s, const std::string& scopes) {
  CommandResult made = s.Cli({"token", "create", "shop", "--scopes", scopes});
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  std::string token = made.out;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  REQUIRE_FALSE(token.empty());
  return token;
}

std::string ErrorOf(const ApiResponse& r) {
  json::Value body = r.Json();
  const std::string* error = body.FindString("error");
  return error == nullptr ? "" : *error;
}

}  // namespace

TEST_CASE("mastodon api: a token from the CLI posts, reacts and follows like an app") {
  FakeRemote remote;
  const FakeActor& alice = remote.AddActor("alice");
  CornerstoreProcess s(kUnsafe);
  s.Start();
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  const std::string token = CreateToken(s, "read write follow");
  const std::string reader = CreateToken(s, "read");

  ApiResponse me = Api(s.port(), "GET", "/api/v1/accounts/verify_credentials", token);
  REQUIRE_MESSAGE(me.status == 200, me.body);
  CHECK(*me.Json().FindString("acct") == "shop");
  CHECK(me.Json().FindObject("source") != nullptr);

  ApiResponse anonymous = Api(s.port(), "GET", "/api/v1/accounts/verify_credentials");
  CHECK(anonymous.status == 401);
  CHECK(ErrorOf(anonymous) == "The access token is invalid");
  ApiResponse read_only = Api(s.port(), "POST", "/api/v1/statuses", reader, R"({"status":"nope"})");
  CHECK(read_only.status == 403);
  CHECK(ErrorOf(read_only) == "This action is outside the authorized scopes");

  CHECK(Api(s.port(), "GET", "/api/v1/instance").status == 200);
  CHECK(Api(s.port(), "GET", "/api/v2/instance").status == 200);

  // Posting, form-encoded, retried with the same Idempotency-Key: one post.
  ApiResponse posted =
      Api(s.port(), "POST", "/api/v1/statuses", token, "status=Fresh+bread+today&visibility=public",
          "application/x-www-form-urlencoded", "retry-1");
  REQUIRE_MESSAGE(posted.status == 200, posted.body);
  const std::string id = *posted.Json().FindString("id");
  ApiResponse retried =
      Api(s.port(), "POST", "/api/v1/statuses", token, "status=Fresh+bread+today&visibility=public",
          "application/x-www-form-urlencoded", "retry-1");
  CHECK(*retried.Json().FindString("id") == id);

  ApiResponse statuses =
      Api(s.port(), "GET", "/api/v1/accounts/" + *me.Json().FindString("id") + "/statuses");
  CHECK(statuses.Json().size() == 1);
  CHECK(statuses.link.find("rel=\"next\"") != std::string::npos);

  ApiResponse liked = Api(s.port(), "POST", "/api/v1/statuses/" + id + "/favourite", token);
  CHECK(*liked.Json().FindBool("favourited"));
  ApiResponse boosted = Api(s.port(), "POST", "/api/v1/statuses/" + id + "/reblog", token);
  CHECK(*boosted.Json().FindObject("reblog")->FindString("id") == id);

  ApiResponse media = Api(s.port(), "POST", "/api/v2/media", token, "x", "image/png");
  CHECK(media.status == 422);
  CHECK(ErrorOf(media) == "Media uploads are not supported yet");

  // Find alice through WebFinger and follow her: the fake instance receives a signed Follow.
  ApiResponse found =
      Api(s.port(), "GET", "/api/v1/accounts/search?resolve=true&q=@alice@" + remote.host(), token);
  REQUIRE_MESSAGE(found.status == 200, found.body);
  REQUIRE(found.Json().size() == 1);
  const std::string alice_id = *found.Json().AsArray()[0].FindString("id");
  ApiResponse followed = Api(s.port(), "POST", "/api/v1/accounts/" + alice_id + "/follow", token);
  REQUIRE_MESSAGE(followed.status == 200, followed.body);
  CHECK(*followed.Json().FindBool("requested"));
  ReceivedRequest follow = remote.WaitFor([&](const ReceivedRequest& r) {
    const std::string* type = r.activity.FindString("type");
    return r.path == "/users/alice/inbox" && type != nullptr && *type == "Follow";
  });
  CHECK(follow.signature_valid);
  CHECK(*follow.activity.FindString("object") == alice.id);

  ApiResponse deleted = Api(s.port(), "DELETE", "/api/v1/statuses/" + id, token);
  CHECK(deleted.status == 200);
  CHECK(*deleted.Json().FindString("text") == "Fresh bread today");
  CHECK(Api(s.port(), "GET", "/api/v1/statuses/" + id, token).status == 404);
}
