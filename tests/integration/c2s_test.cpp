// The ActivityPub client-to-server outbox end to end: a token from `cornerstore token create`,
// each activity type posted to POST /users/shop/outbox, and the fake remote instance receiving
// the matching signed activity with ids the server minted and no bto/bcc; then the refusals,
// which store and send nothing.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <thread>

#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

constexpr const char* kUnsafe = "[unsafe]\nallow_private_addresses = true\n";
constexpr const char* kPublic = "https://www.w3.org/ns/activitystreams#Public";
constexpr const char* kActivityJson = "application/activity+json";
constexpr const char* kLdJson =
    "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
// Deliveries are asynchronous; the server polls its queue every 2 s.
constexpr std::chrono::seconds kDeliveryWait{30};

std::string MakeToken(const CornerstoreProcess& s, const std::string& account,
                      const std::string& scopes) {
  auto made = s.Cli({"token", "create", account, "--scopes", scopes});
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  std::string token = made.out;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  REQUIRE_FALSE(token.empty());
  return token;
}

TestResponse PostOutbox(const CornerstoreProcess& s, const std::string& account,
                        const std::string& token, const std::string& body,
                        const std::string& content_type = kActivityJson) {
  std::vector<std::pair<std::string, std::string>> headers;
  if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
  return Post(s.port(), "/users/" + account + "/outbox", body, content_type, headers);
}

std::string JsonString(const json::Value& v) { return json::Serialize(v); }

bool HasBlindAddressing(const json::Value& value) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.AsObject()) {
      if (key == "bto" || key == "bcc" || HasBlindAddressing(member)) return true;
    }
  } else if (value.is_array()) {
    for (const json::Value& v : value.AsArray()) {
      if (HasBlindAddressing(v)) return true;
    }
  }
  return false;
}

// The activity with id `id` as the remote received it, signed by shop.
ReceivedRequest WaitForActivity(const FakeRemote& remote, const std::string& id,
                                const std::string& shop) {
  ReceivedRequest r = remote.WaitFor(
      [&](const ReceivedRequest& req) {
        const std::string* got = req.activity.FindString("id");
        return got && *got == id;
      },
      kDeliveryWait);
  CHECK_MESSAGE(r.signature_valid, r.signature_error);
  CHECK(r.signer == shop);
  CHECK(*r.activity.FindString("actor") == shop);
  CHECK_FALSE(HasBlindAddressing(r.activity));
  return r;
}

// `created` answered 201 with Location = the body's id, under shop's actor or posts.
std::string Created(const TestResponse& created, const std::string& shop) {
  REQUIRE_MESSAGE(created.status == 201, created.body);
  auto location = created.headers.Get("Location");
  REQUIRE(location.has_value());
  CHECK(location->starts_with(shop));
  CHECK(*created.Json().FindString("id") == *location);
  return std::string(*location);
}

int64_t OutboxTotal(const CornerstoreProcess& s) {
  auto outbox = Get(s.port(), "/users/shop/outbox", {{"Accept", kActivityJson}});
  REQUIRE(outbox.status == 200);
  return *outbox.Json().FindInt("totalItems");
}

// `from` follows @shop and the Accept arrives.
void FollowShop(FakeRemote& remote, const FakeActor& from, const CornerstoreProcess& s) {
  json::Value follow;
  follow.Set("@context", "https://www.w3.org/ns/activitystreams");
  follow.Set("id", remote.NewId("follows"));
  follow.Set("type", "Follow");
  follow.Set("actor", from.id);
  follow.Set("object", s.base_url() + "/users/shop");
  REQUIRE(remote.Send(from, s.port(), follow).status == 202);
  const std::string follow_id = *follow.FindString("id");
  remote.WaitFor(
      [&](const ReceivedRequest& r) {
        const std::string* type = r.activity.FindString("type");
        const json::Value* object = r.activity.Find("object");
        return type && *type == "Accept" && object && object->FindString("id") &&
               *object->FindString("id") == follow_id;
      },
      kDeliveryWait);
}

}  // namespace

TEST_CASE("c2s outbox: each activity type federates with server ids") {
  FakeRemote remote;
  const FakeActor& alice = remote.AddActor("alice");
  const FakeActor& bob = remote.AddActor("bob", /*shared_inbox=*/false);
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";
  const std::string token = MakeToken(s, "shop", "read write follow");
  FollowShop(remote, alice, s);

  // A remote post to like and boost.
  const std::string alice_note = alice.id + "/statuses/1";
  json::Value note;
  note.Set("@context", "https://www.w3.org/ns/activitystreams");
  note.Set("id", alice_note);
  note.Set("type", "Note");
  note.Set("attributedTo", alice.id);
  note.Set("content", "<p>Hello shop</p>");
  note.Set("published", "2026-11-28T10:00:00Z");
  json::Value to = json::Value::MakeArray();
  to.Push(kPublic);
  note.Set("to", to);
  remote.ServeDocument("/users/alice/statuses/1", note);

  // A bare Note: wrapped in Create, the client's id ignored, bcc used and not sent.
  auto bare = PostOutbox(s, "shop", token,
                         R"({"type":"Note","id":"https://evil.example/1",
      "content":"<p>Fresh bread</p>","to":[")" +
                             std::string(kPublic) + R"("],"cc":[")" + shop +
                             R"(/followers"],"bcc":[")" + bob.id + "\"]}",
                         kLdJson);
  const std::string create_id = Created(bare, shop);
  const std::string post_url = *bare.Json().FindString("object");
  CHECK(create_id == post_url + "/activity");
  ReceivedRequest create = WaitForActivity(remote, create_id, shop);
  CHECK(*create.activity.FindString("type") == "Create");
  CHECK(*create.activity.FindObject("object")->FindString("id") == post_url);
  CHECK(JsonString(create.activity).find("evil.example") == std::string::npos);
  // bob, blind-copied, receives it in his personal inbox, and nobody is told of him.
  CHECK(JsonString(create.activity).find(bob.id) == std::string::npos);
  remote.WaitFor(
      [&](const ReceivedRequest& r) {
        const std::string* id = r.activity.FindString("id");
        return r.path == "/users/bob/inbox" && id && *id == create_id;
      },
      kDeliveryWait);

  // A Create of a Note.
  auto created = PostOutbox(s, "shop", token,
                            R"({"type":"Create","id":"https://evil.example/2",
      "object":{"type":"Note","content":"Second loaf","to":[")" +
                                std::string(kPublic) + "\"]}}");
  const std::string second_id = Created(created, shop);
  const std::string second_url = *created.Json().FindString("object");
  WaitForActivity(remote, second_id, shop);

  // Update of the first post.
  auto updated = PostOutbox(s, "shop", token,
                            R"({"type":"Update","object":{"type":"Note","id":")" + post_url +
                                R"(","content":"Fresh rye"}})");
  const std::string update_id = Created(updated, shop);
  ReceivedRequest update = WaitForActivity(remote, update_id, shop);
  CHECK(*update.activity.FindString("type") == "Update");
  CHECK(update.activity.FindObject("object")->FindString("content")->find("Fresh rye") !=
        std::string::npos);

  // Add and Remove on featured.
  const std::string featured = shop + "/collections/featured";
  auto added =
      PostOutbox(s, "shop", token,
                 R"({"type":"Add","object":")" + post_url + R"(","target":")" + featured + "\"}");
  ReceivedRequest add = WaitForActivity(remote, Created(added, shop), shop);
  CHECK(*add.activity.FindString("type") == "Add");
  CHECK(*add.activity.FindString("target") == featured);
  auto removed = PostOutbox(
      s, "shop", token,
      R"({"type":"Remove","object":")" + post_url + R"(","target":")" + featured + "\"}");
  CHECK(*WaitForActivity(remote, Created(removed, shop), shop).activity.FindString("type") ==
        "Remove");

  // Like and Announce of alice's post.
  auto liked = PostOutbox(s, "shop", token, R"({"type":"Like","object":")" + alice_note + "\"}");
  ReceivedRequest like = WaitForActivity(remote, Created(liked, shop), shop);
  CHECK(*like.activity.FindString("type") == "Like");
  CHECK(*like.activity.FindString("object") == alice_note);
  auto boosted =
      PostOutbox(s, "shop", token, R"({"type":"Announce","object":")" + alice_note + "\"}");
  CHECK(*WaitForActivity(remote, Created(boosted, shop), shop).activity.FindString("type") ==
        "Announce");

  // Follow bob, then Undo it.
  auto followed = PostOutbox(s, "shop", token, R"({"type":"Follow","object":")" + bob.id + "\"}");
  const std::string follow_id = Created(followed, shop);
  ReceivedRequest follow = WaitForActivity(remote, follow_id, shop);
  CHECK(follow.path == "/users/bob/inbox");
  CHECK(*follow.activity.FindString("object") == bob.id);
  auto unfollowed =
      PostOutbox(s, "shop", token, R"({"type":"Undo","object":")" + follow_id + "\"}");
  ReceivedRequest undo = WaitForActivity(remote, Created(unfollowed, shop), shop);
  CHECK(*undo.activity.FindString("type") == "Undo");
  CHECK(*undo.activity.FindObject("object")->FindString("id") == follow_id);

  // Block bob.
  auto blocked = PostOutbox(s, "shop", token, R"({"type":"Block","object":")" + bob.id + "\"}");
  ReceivedRequest block = WaitForActivity(remote, Created(blocked, shop), shop);
  CHECK(*block.activity.FindString("type") == "Block");
  CHECK(block.path == "/users/bob/inbox");

  // Delete the second post.
  auto deleted =
      PostOutbox(s, "shop", token, R"({"type":"Delete","object":")" + second_url + "\"}");
  ReceivedRequest del = WaitForActivity(remote, Created(deleted, shop), shop);
  CHECK(*del.activity.FindString("type") == "Delete");

  // The owner reads its inbox (an OrderedCollection of what it received).
  auto inbox = Get(s.port(), "/users/shop/inbox", {{"Authorization", "Bearer " + token}});
  REQUIRE_MESSAGE(inbox.status == 200, inbox.body);
  CHECK(*inbox.Json().FindString("type") == "OrderedCollection");
  CHECK(Get(s.port(), "/users/shop/inbox").status == 401);
}

TEST_CASE("c2s outbox refusals store and send nothing") {
  FakeRemote remote;
  const FakeActor& alice = remote.AddActor("alice");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  REQUIRE(s.Cli({"account", "create", "other"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";
  FollowShop(remote, alice, s);
  const std::string writer = MakeToken(s, "shop", "read write follow");
  const std::string reader = MakeToken(s, "shop", "read");
  const std::string other = MakeToken(s, "other", "read write");
  const std::string note =
      R"({"type":"Note","content":"Refused","to":[")" + std::string(kPublic) + "\"]}";
  const int64_t before = OutboxTotal(s);
  const size_t received = remote.Received().size();

  auto anonymous = PostOutbox(s, "shop", "", note);
  CHECK(anonymous.status == 401);
  CHECK(anonymous.headers.Get("WWW-Authenticate").value_or("").starts_with("Bearer"));
  CHECK(anonymous.Json().FindString("error") != nullptr);
  CHECK(PostOutbox(s, "shop", "not-a-token", note).status == 401);
  auto read_only = PostOutbox(s, "shop", reader, note);
  CHECK(read_only.status == 403);
  CHECK(read_only.Json().FindString("error") != nullptr);
  CHECK(PostOutbox(s, "shop", other, note).status == 403);
  // Speaking as shop from other's outbox with shop's token, and as other from shop's outbox.
  CHECK(PostOutbox(s, "other", writer, note).status == 403);
  CHECK(PostOutbox(s, "shop", writer,
                   R"({"type":"Create","actor":")" + s.base_url() +
                       R"(/users/other","object":{"type":"Note","content":"x"}})")
            .status == 403);
  CHECK(PostOutbox(s, "shop", writer, R"({"type":"Note",)").status == 400);
  auto unknown = PostOutbox(s, "shop", writer, R"({"type":"Move","object":")" + alice.id + "\"}");
  CHECK(unknown.status == 422);
  CHECK(unknown.Json().FindString("error") != nullptr);
  CHECK(PostOutbox(s, "shop", writer, note, "text/plain").status == 415);
  CHECK(Get(s.port(), "/users/shop/inbox", {{"Authorization", "Bearer " + other}}).status == 403);

  // Nothing stored, nothing sent (the server delivers within its 2 s poll).
  std::this_thread::sleep_for(std::chrono::seconds(3));
  CHECK(OutboxTotal(s) == before);
  CHECK(remote.Received().size() == received);
}
