// The Mastodon client API's reading side against the real binary and a fake remote server that
// signs what it sends: home, public and hashtag timelines fed by a followed actor's Create,
// notifications for follows, mentions, likes and boosts, a locked account's follow request
// authorized with a signed Accept, search resolving through the fake's WebFinger, and markers
// that survive a restart.
#include <doctest/doctest.h>
#include <httplib.h>

#include <chrono>
#include <functional>
#include <thread>

#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

constexpr const char* kUnsafe = "[unsafe]\nallow_private_addresses = true\n";
constexpr const char* kPublic = "https://www.w3.org/ns/activitystreams#Public";

struct Answer {
  int status = 0;
  std::string body;
  json::Value Json() const {
    auto parsed = json::Parse(body);
    REQUIRE_MESSAGE(parsed.ok(), body);
    return std::move(parsed).value();
  }
};

Answer Api(int port, const std::string& method, const std::string& path, const std::string& token,
           const std::string& body = "") {
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(20, 0);
  httplib::Headers headers{{"Authorization", "Bearer " + token}};
  httplib::Result result = method == "GET" ? client.Get(path, headers)
                                           : client.Post(path, headers, body, "application/json");
  const std::string what = method + " " + path + " failed";
  REQUIRE_MESSAGE(static_cast<bool>(result), what);
  return Answer{result->status, result->body};
}

std::string CreateToken(const CornerstoreProcess& s, const std::string& account) {
  CommandResult made = s.Cli({"token", "create", account, "--scopes", "read write follow"});
  REQUIRE_MESSAGE(made.exit_code == 0, made.err);
  std::string token = made.out;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  return token;
}

// Polls `path` until `done` holds for its JSON (the inbox is processed asynchronously).
json::Value WaitForJson(int port, const std::string& path, const std::string& token,
                        const std::function<bool(const json::Value&)>& done) {
  json::Value last;
  for (int i = 0; i < 300; ++i) {
    Answer a = Api(port, "GET", path, token);
    if (a.status == 200) {
      last = a.Json();
      if (done(last)) return last;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return last;
}

json::Value Activity(FakeRemote& remote, const FakeActor& from, const std::string& type,
                     json::Value object) {
  json::Value a;
  a.Set("@context", "https://www.w3.org/ns/activitystreams");
  a.Set("id", remote.NewId(type));
  a.Set("type", type);
  a.Set("actor", from.id);
  a.Set("object", std::move(object));
  return a;
}

// A public Note by `from` with a #bread tag, mentioning `mention` when given.
json::Value Note(FakeRemote& remote, const FakeActor& from, const std::string& text,
                 const std::string& mention = "") {
  json::Value note;
  note.Set("id", remote.NewId("notes"));
  note.Set("type", "Note");
  note.Set("attributedTo", from.id);
  note.Set("content", "<p>" + text + " #bread</p>");
  note.Set("published", "2026-11-28T10:00:00Z");
  json::Value to = json::Value::MakeArray();
  to.Push(kPublic);
  note.Set("to", to);
  json::Value cc = json::Value::MakeArray();
  cc.Push(from.id + "/followers");
  json::Value tags = json::Value::MakeArray();
  json::Value hashtag;
  hashtag.Set("type", "Hashtag");
  hashtag.Set("name", "#bread");
  hashtag.Set("href", "http://" + remote.host() + "/tags/bread");
  tags.Push(hashtag);
  if (!mention.empty()) {
    cc.Push(mention);
    json::Value m;
    m.Set("type", "Mention");
    m.Set("href", mention);
    m.Set("name", "@shop");
    tags.Push(m);
  }
  note.Set("cc", cc);
  note.Set("tag", tags);
  return note;
}

bool HasType(const ReceivedRequest& r, const std::string& type) {
  const std::string* t = r.activity.FindString("type");
  return t != nullptr && *t == type;
}

bool HasNotification(const json::Value& list, const std::string& type) {
  for (const json::Value& n : list.AsArray()) {
    if (*n.FindString("type") == type) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("mastodon timelines: a followed actor's posts, reactions and requests reach the apps") {
  FakeRemote remote;
  const FakeActor& alice = remote.AddActor("alice");
  const FakeActor& bob = remote.AddActor("bob");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  REQUIRE(s.Cli({"account", "create", "cafe", "--manual-approval", "true"}).exit_code == 0);
  s.Start();
  const std::string shop_token = CreateToken(s, "shop");
  const std::string cafe_token = CreateToken(s, "cafe");
  const std::string shop = s.base_url() + "/users/shop";
  const int port = s.port();

  // Search resolves alice through the fake's WebFinger; shop follows her and she accepts.
  Answer found =
      Api(port, "GET", "/api/v2/search?type=accounts&resolve=true&q=@alice@" + remote.host(),
          shop_token);
  REQUIRE_MESSAGE(found.status == 200, found.body);
  REQUIRE(found.Json().FindArray("accounts")->size() == 1);
  const std::string alice_id = *(*found.Json().FindArray("accounts"))[0].FindString("id");
  REQUIRE(Api(port, "POST", "/api/v1/accounts/" + alice_id + "/follow", shop_token).status == 200);
  ReceivedRequest follow = remote.WaitFor([](const ReceivedRequest& r) {
    return r.path == "/users/alice/inbox" && HasType(r, "Follow");
  });
  REQUIRE(remote.Send(alice, port, Activity(remote, alice, "Accept", follow.activity)).status ==
          202);
  WaitForJson(port, "/api/v1/accounts/relationships?id[]=" + alice_id, shop_token,
              [](const json::Value& v) {
                return v.size() == 1 && v.AsArray()[0].FindBool("following").value_or(false);
              });

  // Alice follows shop too (an open account: notified "follow").
  REQUIRE(remote.Send(alice, port, Activity(remote, alice, "Follow", json::Value(shop))).status ==
          202);

  // Her public post reaches shop's home timeline, the public and the hashtag timelines.
  json::Value note = Note(remote, alice, "Fresh loaves");
  const std::string note_uri = *note.FindString("id");
  REQUIRE(remote.Send(alice, port, Activity(remote, alice, "Create", note)).status == 202);
  auto has_note = [&](const json::Value& list) {
    for (const json::Value& status : list.AsArray()) {
      if (*status.FindString("uri") == note_uri) return true;
    }
    return false;
  };
  CHECK(has_note(WaitForJson(port, "/api/v1/timelines/home", shop_token, has_note)));
  CHECK(has_note(Api(port, "GET", "/api/v1/timelines/public?remote=true", shop_token).Json()));
  CHECK_FALSE(has_note(Api(port, "GET", "/api/v1/timelines/public?local=true", shop_token).Json()));
  CHECK(has_note(Api(port, "GET", "/api/v1/timelines/tag/bread", shop_token).Json()));

  // A mention, a like and a boost of shop's post become notifications.
  Answer posted = Api(port, "POST", "/api/v1/statuses", shop_token, R"({"status":"Rye today"})");
  REQUIRE_MESSAGE(posted.status == 200, posted.body);
  const std::string post_uri = *posted.Json().FindString("uri");
  REQUIRE(remote
              .Send(alice, port,
                    Activity(remote, alice, "Create", Note(remote, alice, "@shop hi", shop)))
              .status == 202);
  REQUIRE(remote.Send(alice, port, Activity(remote, alice, "Like", json::Value(post_uri))).status ==
          202);
  json::Value boost = Activity(remote, alice, "Announce", json::Value(post_uri));
  json::Value to = json::Value::MakeArray();
  to.Push(kPublic);
  boost.Set("to", to);
  REQUIRE(remote.Send(alice, port, boost).status == 202);
  json::Value notifications =
      WaitForJson(port, "/api/v1/notifications", shop_token, [](const json::Value& list) {
        return HasNotification(list, "follow") && HasNotification(list, "mention") &&
               HasNotification(list, "favourite") && HasNotification(list, "reblog");
      });
  for (const char* type : {"follow", "mention", "favourite", "reblog"}) {
    CHECK_MESSAGE(HasNotification(notifications, type), type);
  }
  json::Value likes =
      Api(port, "GET", "/api/v1/notifications?types[]=favourite", shop_token).Json();
  REQUIRE(likes.size() == 1);
  CHECK(*likes.AsArray()[0].FindObject("status")->FindString("uri") == post_uri);
  CHECK(*likes.AsArray()[0].FindObject("account")->FindString("id") == alice_id);

  // Bob asks to follow the locked cafe: a follow request, authorized with a signed Accept.
  json::Value request = Activity(remote, bob, "Follow", json::Value(s.base_url() + "/users/cafe"));
  REQUIRE(remote.Send(bob, port, request).status == 202);
  json::Value requests = WaitForJson(port, "/api/v1/follow_requests", cafe_token,
                                     [](const json::Value& list) { return list.size() == 1; });
  REQUIRE(requests.size() == 1);
  CHECK(HasNotification(Api(port, "GET", "/api/v1/notifications", cafe_token).Json(),
                        "follow_request"));
  const std::string bob_id = *requests.AsArray()[0].FindString("id");
  Answer authorized =
      Api(port, "POST", "/api/v1/follow_requests/" + bob_id + "/authorize", cafe_token);
  REQUIRE_MESSAGE(authorized.status == 200, authorized.body);
  CHECK(authorized.Json().FindBool("followed_by").value_or(false));
  ReceivedRequest accept = remote.WaitFor([&](const ReceivedRequest& r) {
    return r.path == "/users/bob/inbox" && HasType(r, "Accept");
  });
  CHECK_MESSAGE(accept.signature_valid, accept.signature_error);
  CHECK(accept.signer == s.base_url() + "/users/cafe");

  // Markers are kept in the database: a restart finds them.
  Answer saved = Api(port, "POST", "/api/v1/markers", shop_token,
                     R"({"home":{"last_read_id":"42"},"notifications":{"last_read_id":"7"}})");
  REQUIRE_MESSAGE(saved.status == 200, saved.body);
  s.Stop();
  s.Start();
  json::Value markers =
      Api(s.port(), "GET", "/api/v1/markers?timeline[]=home&timeline[]=notifications", shop_token)
          .Json();
  CHECK(*markers.FindObject("home")->FindString("last_read_id") == "42");
  CHECK(*markers.FindObject("notifications")->FindString("last_read_id") == "7");
}
