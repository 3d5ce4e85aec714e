// Publishing end to end, beyond followers: a deletion reaches the remote actors who boosted the
// post, and a post mentioning a local account notifies it without any delivery.
#include <doctest/doctest.h>

#include <algorithm>
#include <thread>

#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

constexpr const char* kUnsafe = "[unsafe]\nallow_private_addresses = true\ntest_routes = true\n";
constexpr const char* kPublic = "https://www.w3.org/ns/activitystreams#Public";

// The URL and id `post` printed: "Posted <url> (id <n>, …".
struct Posted {
  std::string url;
  std::string id;
};

Posted ParsePosted(const std::string& out) {
  Posted p;
  const std::string prefix = "Posted ";
  const size_t start = out.find(prefix);
  REQUIRE_MESSAGE(start != std::string::npos, out);
  const size_t url_end = out.find(' ', start + prefix.size());
  p.url = out.substr(start + prefix.size(), url_end - start - prefix.size());
  const size_t id_start = out.find("(id ", url_end);
  REQUIRE_MESSAGE(id_start != std::string::npos, out);
  const size_t id_end = out.find_first_of(",)", id_start);
  p.id = out.substr(id_start + 4, id_end - id_start - 4);
  return p;
}

// Polls a CLI command until its output holds `needle` (the inbox works asynchronously).
std::string WaitForCli(const CornerstoreProcess& s, const std::vector<std::string>& args,
                       const std::string& needle) {
  std::string out;
  for (int i = 0; i < 300; ++i) {  // up to 30 s, as federation_test.cpp
    out = s.Cli(args).out;
    if (out.find(needle) != std::string::npos) return out;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return out;
}

bool IsOfType(const ReceivedRequest& r, const std::string& type, const std::string& object_id) {
  const std::string* t = r.activity.FindString("type");
  if (!t || *t != type) return false;
  const json::Value* object = r.activity.Find("object");
  if (!object) return false;
  if (object->is_string()) return object->AsString() == object_id;
  const std::string* id = object->FindString("id");
  return id && *id == object_id;
}

}  // namespace

TEST_CASE("a deleted post's Delete reaches a remote booster that does not follow") {
  FakeRemote remote;
  // bob has only a personal inbox, so what reaches it was meant for bob alone.
  const FakeActor& bob = remote.AddActor("bob", /*shared_inbox=*/false);
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";

  auto posted = s.Cli({"post", "shop", "Croissants are back"});
  REQUIRE_MESSAGE(posted.exit_code == 0, posted.err);
  const Posted post = ParsePosted(posted.out);

  json::Value announce;
  announce.Set("@context", "https://www.w3.org/ns/activitystreams");
  announce.Set("id", remote.NewId("announces"));
  announce.Set("type", "Announce");
  announce.Set("actor", bob.id);
  announce.Set("published", "2026-11-28T10:00:00Z");
  json::Value to = json::Value::MakeArray();
  to.Push(kPublic);
  announce.Set("to", std::move(to));
  json::Value cc = json::Value::MakeArray();
  cc.Push(shop);
  announce.Set("cc", std::move(cc));
  announce.Set("object", post.url);
  auto sent = remote.Send(bob, s.port(), announce);
  REQUIRE_MESSAGE(sent.status == 202, sent.body);
  // The boost is recorded (shop is told of it) before the post goes.
  REQUIRE(WaitForCli(s, {"notifications", "shop"}, "reblog").find("reblog") != std::string::npos);

  auto deleted = s.Cli({"post", "delete", "shop", post.id});
  REQUIRE_MESSAGE(deleted.exit_code == 0, deleted.err);
  auto del =
      remote.WaitFor([&](const ReceivedRequest& r) { return IsOfType(r, "Delete", post.url); },
                     std::chrono::seconds(30));
  CHECK(del.path == "/users/bob/inbox");
  CHECK_MESSAGE(del.signature_valid, del.signature_error);
  CHECK(del.signer == shop);
  CHECK(*del.activity.FindString("actor") == shop);
  CHECK(
      Get(s.port(), post.url.substr(s.base_url().size()), {{"Accept", "application/activity+json"}})
          .status == 410);
}

TEST_CASE("a post mentioning a local account notifies it and keeps the mention") {
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  REQUIRE(s.Cli({"account", "create", "cafe"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";
  const std::string cafe = s.base_url() + "/users/cafe";

  // The instance's domain is shop.test (cornerstore_process.cpp): a local handle, no WebFinger.
  auto posted = s.Cli({"post", "shop", "hi @cafe@shop.test, coffee at ten?"});
  REQUIRE_MESSAGE(posted.exit_code == 0, posted.err);
  CHECK(posted.out.find("Queued for 0 inboxes") != std::string::npos);  // nothing to deliver
  const Posted post = ParsePosted(posted.out);

  auto notes = s.Cli({"notifications", "cafe"});
  REQUIRE(notes.exit_code == 0);
  CHECK(notes.out.find("mention") != std::string::npos);
  CHECK(notes.out.find(shop) != std::string::npos);
  CHECK(notes.out.find(post.url) != std::string::npos);
  CHECK(std::count(notes.out.begin(), notes.out.end(), '\n') == 1);
  CHECK(s.Cli({"notifications", "shop"}).out.find("No notifications.") != std::string::npos);
  CHECK(s.Cli({"timeline", "cafe"}).out.find("coffee at ten?") != std::string::npos);

  // The Note peers fetch still carries the Mention and addresses cafe.
  const std::string path = post.url.substr(s.base_url().size());
  auto note = Get(s.port(), path, {{"Accept", "application/activity+json"}});
  REQUIRE(note.status == 200);
  json::Value doc = note.Json();
  bool tagged = false;
  for (const json::Value& tag : doc.Find("tag")->AsArray()) {
    const std::string* href = tag.FindString("href");
    if (*tag.FindString("type") == "Mention" && href && *href == cafe) tagged = true;
  }
  CHECK(tagged);
  bool addressed = false;
  for (const json::Value& a : doc.Find("cc")->AsArray()) addressed |= a.AsString() == cafe;
  CHECK(addressed);
}
