// Several accounts of one server dealing with each other through the Mastodon client API:
// following (an open account and a locked one), approving and rejecting, unfollowing, what a
// follower then sees (home timeline, followers-only posts), and the notifications likes, boosts
// and mentions between them give. Also `cornerstore account update` telling remote followers.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

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
  json::Value Json() const {
    auto parsed = json::Parse(body);
    REQUIRE_MESSAGE(parsed.ok(), body);
    return std::move(parsed).value();
  }
};

ApiResponse Api(int port, const std::string& method, const std::string& path,
                const std::string& token, const std::string& body = "") {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(20, 0);
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  httplib::Result result = method == "GET" ? client.Get(path, headers)
                                           : client.Post(path, headers, body, "application/json");
  const std::string what = method + " " + path + " failed";
  REQUIRE_MESSAGE(static_cast<bool>(result), what);
  return ApiResponse{result->status, result->body};
}

std::string CreateToken(const CornerstoreProcess& s, const std::string& user) {
  CommandResult made = s.Cli({"token", "create", user, "--scopes", "read write follow"});
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  std::string token = made.out;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  REQUIRE_FALSE(token.empty());
  return token;
}

std::string IdOf(int port, const std::string& token, const std::string& acct) {
  ApiResponse r = Api(port, "GET", "/api/v1/accounts/lookup?acct=" + acct, token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  const json::Value account = r.Json();
  const std::string* id = account.FindString("id");
  REQUIRE(id != nullptr);
  return *id;
}

std::string PostStatus(int port, const std::string& token, const std::string& text,
                       const std::string& visibility) {
  json::Value body;
  body.Set("status", text);
  body.Set("visibility", visibility);
  ApiResponse r = Api(port, "POST", "/api/v1/statuses", token, json::Serialize(body));
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return *r.Json().FindString("id");
}

// "type:account id" of each notification, newest first.
std::vector<std::string> Notifications(int port, const std::string& token) {
  ApiResponse r = Api(port, "GET", "/api/v1/notifications", token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  std::vector<std::string> out;
  json::Value list = r.Json();
  REQUIRE(list.is_array());
  for (const json::Value& n : list.AsArray()) {
    const json::Value* account = n.FindObject("account");
    out.push_back(*n.FindString("type") + ":" +
                  (account ? *account->FindString("id") : std::string("?")));
  }
  return out;
}

size_t Count(const std::vector<std::string>& items, const std::string& item) {
  size_t n = 0;
  for (const std::string& i : items) n += i == item ? 1 : 0;
  return n;
}

bool HomeHas(int port, const std::string& token, const std::string& status_id) {
  ApiResponse r = Api(port, "GET", "/api/v1/timelines/home", token);
  REQUIRE_MESSAGE(r.status == 200, r.body);
  const json::Value list = r.Json();
  for (const json::Value& s : list.AsArray()) {
    if (*s.FindString("id") == status_id) return true;
  }
  return false;
}

bool Relationship(const ApiResponse& r, const char* field) {
  REQUIRE_MESSAGE(r.status == 200, r.body);
  return r.Json().FindBool(field).value_or(false);
}

}  // namespace

TEST_CASE("local accounts: follow, approve, reject, unfollow and what followers see") {
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "alice"}).exit_code == 0);
  REQUIRE(s.Cli({"account", "create", "bob", "--manual-approval", "true"}).exit_code == 0);
  REQUIRE(s.Cli({"account", "create", "carol"}).exit_code == 0);
  REQUIRE(s.Cli({"account", "create", "dave"}).exit_code == 0);
  s.Start();
  const int port = s.port();
  const std::string alice = CreateToken(s, "alice");
  const std::string bob = CreateToken(s, "bob");
  const std::string carol = CreateToken(s, "carol");
  const std::string dave = CreateToken(s, "dave");
  const std::string alice_id = IdOf(port, carol, "alice");
  const std::string bob_id = IdOf(port, carol, "bob");
  const std::string carol_id = IdOf(port, carol, "carol");
  const std::string dave_id = IdOf(port, carol, "dave");

  // An open account: the follow holds at once and its owner hears of it.
  ApiResponse followed = Api(port, "POST", "/api/v1/accounts/" + alice_id + "/follow", carol);
  CHECK(Relationship(followed, "following"));
  CHECK_FALSE(Relationship(followed, "requested"));
  CHECK(Count(Notifications(port, alice), "follow:" + carol_id) == 1);
  // Following again changes nothing and notifies nothing.
  CHECK(Relationship(Api(port, "POST", "/api/v1/accounts/" + alice_id + "/follow", carol),
                     "following"));
  CHECK(Count(Notifications(port, alice), "follow:" + carol_id) == 1);
  // Oneself stays refused.
  CHECK(Api(port, "POST", "/api/v1/accounts/" + carol_id + "/follow", carol).status == 403);

  // The follower sees the followed account's posts, followers-only ones included.
  const std::string shared = PostStatus(port, alice, "For my followers", "private");
  CHECK(HomeHas(port, carol, shared));
  CHECK(Api(port, "GET", "/api/v1/statuses/" + shared, carol).status == 200);
  CHECK(Api(port, "GET", "/api/v1/statuses/" + shared, dave).status == 404);
  CHECK_FALSE(HomeHas(port, dave, shared));

  // A locked account: a request, then approval.
  ApiResponse requested = Api(port, "POST", "/api/v1/accounts/" + bob_id + "/follow", carol);
  CHECK(Relationship(requested, "requested"));
  CHECK_FALSE(Relationship(requested, "following"));
  CHECK(Count(Notifications(port, bob), "follow_request:" + carol_id) == 1);
  ApiResponse requests = Api(port, "GET", "/api/v1/follow_requests", bob);
  REQUIRE_MESSAGE(requests.status == 200, requests.body);
  REQUIRE(requests.Json().AsArray().size() == 1);
  CHECK(*requests.Json().AsArray()[0].FindString("id") == carol_id);
  const std::string hidden = PostStatus(port, bob, "Only approved followers", "private");
  CHECK(Api(port, "GET", "/api/v1/statuses/" + hidden, carol).status == 404);
  CHECK(Relationship(Api(port, "POST", "/api/v1/follow_requests/" + carol_id + "/authorize", bob),
                     "followed_by"));
  ApiResponse rel = Api(port, "GET", "/api/v1/accounts/relationships?id[]=" + bob_id, carol);
  REQUIRE(rel.Json().AsArray().size() == 1);
  CHECK(rel.Json().AsArray()[0].FindBool("following") == true);
  CHECK(Api(port, "GET", "/api/v1/statuses/" + hidden, carol).status == 200);
  const std::string later = PostStatus(port, bob, "Now you see it", "private");
  CHECK(HomeHas(port, carol, later));

  // A rejected request leaves no follow.
  CHECK(
      Relationship(Api(port, "POST", "/api/v1/accounts/" + bob_id + "/follow", dave), "requested"));
  CHECK_FALSE(Relationship(Api(port, "POST", "/api/v1/follow_requests/" + dave_id + "/reject", bob),
                           "followed_by"));
  ApiResponse after = Api(port, "GET", "/api/v1/accounts/relationships?id[]=" + bob_id, dave);
  REQUIRE(after.Json().AsArray().size() == 1);
  CHECK(after.Json().AsArray()[0].FindBool("following") == false);
  CHECK(after.Json().AsArray()[0].FindBool("requested") == false);
  CHECK(Api(port, "GET", "/api/v1/follow_requests", bob).Json().AsArray().empty());

  // Unfollowing ends it: later followers-only posts are not shown.
  ApiResponse unfollowed = Api(port, "POST", "/api/v1/accounts/" + alice_id + "/unfollow", carol);
  CHECK_FALSE(Relationship(unfollowed, "following"));
  const std::string after_unfollow = PostStatus(port, alice, "Followers only, again", "private");
  CHECK(Api(port, "GET", "/api/v1/statuses/" + after_unfollow, carol).status == 404);
  CHECK_FALSE(HomeHas(port, carol, after_unfollow));
}

TEST_CASE("local accounts: likes, boosts and mentions notify the local author") {
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "alice"}).exit_code == 0);
  REQUIRE(s.Cli({"account", "create", "carol"}).exit_code == 0);
  s.Start();
  const int port = s.port();
  const std::string alice = CreateToken(s, "alice");
  const std::string carol = CreateToken(s, "carol");
  const std::string carol_id = IdOf(port, carol, "carol");

  const std::string post = PostStatus(port, alice, "Fresh bread at 8", "public");
  const std::string base = "/api/v1/statuses/" + post;
  REQUIRE(Api(port, "POST", base + "/favourite", carol).status == 200);
  REQUIRE(Api(port, "POST", base + "/reblog", carol).status == 200);
  // Repeats are no new reactions, so no new notifications.
  REQUIRE(Api(port, "POST", base + "/favourite", carol).status == 200);
  REQUIRE(Api(port, "POST", base + "/reblog", carol).status == 200);
  std::vector<std::string> seen = Notifications(port, alice);
  CHECK(Count(seen, "favourite:" + carol_id) == 1);
  CHECK(Count(seen, "reblog:" + carol_id) == 1);
  // The author's own reactions notify nobody.
  REQUIRE(Api(port, "POST", base + "/favourite", alice).status == 200);
  CHECK(Notifications(port, alice).size() == 2);

  PostStatus(port, carol, "@alice see you at 8", "public");
  CHECK(Count(Notifications(port, alice), "mention:" + carol_id) == 1);
}

TEST_CASE("cli: account update sends Update{actor} to remote followers") {
  FakeRemote remote;
  const FakeActor& zoe = remote.AddActor("zoe");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";

  json::Value follow;
  follow.Set("@context", "https://www.w3.org/ns/activitystreams");
  follow.Set("id", remote.NewId("follows"));
  follow.Set("type", "Follow");
  follow.Set("actor", zoe.id);
  follow.Set("object", shop);
  REQUIRE(remote.Send(zoe, s.port(), follow, {.path = "/users/shop/inbox"}).status == 202);
  remote.WaitFor([&](const ReceivedRequest& r) {
    const std::string* type = r.activity.FindString("type");
    return type && *type == "Accept";
  });

  CommandResult updated =
      s.Cli({"account", "update", "shop", "--display-name", "Corner Shop & Bakery"});
  REQUIRE_MESSAGE(updated.exit_code == 0, updated.err);
  CHECK(updated.out.find("Corner Shop & Bakery") != std::string::npos);
  ReceivedRequest update = remote.WaitFor([&](const ReceivedRequest& r) {
    const std::string* type = r.activity.FindString("type");
    const json::Value* object = r.activity.FindObject("object");
    return type && *type == "Update" && object && object->FindString("name") &&
           *object->FindString("name") == "Corner Shop & Bakery";
  });
  CHECK_MESSAGE(update.signature_valid, update.signature_error);
  CHECK(update.signer == shop);

  // A refused profile is not saved and nothing more is sent.
  CommandResult refused = s.Cli({"account", "update", "shop", "--type", "robot"});
  CHECK(refused.exit_code != 0);
}
