// Federation end to end: the real binary and a fake remote server on loopback exchange signed
// activities — follows, approvals, posts, replays and forgeries (PROTOCOL.md §4–6).
#include <doctest/doctest.h>

#include <filesystem>
#include <thread>

#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

constexpr const char* kUnsafe = "[unsafe]\nallow_private_addresses = true\ntest_routes = true\n";

json::Value FollowActivity(FakeRemote& remote, const FakeActor& from, const std::string& target) {
  json::Value follow;
  follow.Set("@context", "https://www.w3.org/ns/activitystreams");
  follow.Set("id", remote.NewId("follows"));
  follow.Set("type", "Follow");
  follow.Set("actor", from.id);
  follow.Set("object", target);
  return follow;
}

json::Value MentionNote(FakeRemote& remote, const FakeActor& from, const std::string& target,
                        const std::string& text) {
  json::Value note;
  note.Set("id", remote.NewId("notes"));
  note.Set("type", "Note");
  note.Set("attributedTo", from.id);
  note.Set("content", "<p><span class=\"h-card\"><a href=\"" + target +
                          "\" class=\"u-url mention\">@<span>shop</span></a></span> " + text +
                          "<script>alert(1)</script></p>");
  note.Set("published", "2026-11-28T10:00:00Z");
  json::Value to = json::Value::MakeArray();
  to.Push(target);
  note.Set("to", std::move(to));
  json::Value tag;
  tag.Set("type", "Mention");
  tag.Set("href", target);
  tag.Set("name", "@shop");
  json::Value tags = json::Value::MakeArray();
  tags.Push(std::move(tag));
  note.Set("tag", std::move(tags));
  json::Value create;
  create.Set("@context", "https://www.w3.org/ns/activitystreams");
  create.Set("id", note.FindString("id")->substr(0) + "/activity");
  create.Set("type", "Create");
  create.Set("actor", from.id);
  create.Set("to", *note.Find("to"));
  create.Set("object", std::move(note));
  return create;
}

bool IsAcceptOf(const ReceivedRequest& r, const std::string& follow_id) {
  const std::string* type = r.activity.FindString("type");
  if (!type || *type != "Accept") return false;
  const json::Value* object = r.activity.Find("object");
  if (!object) return false;
  if (object->is_string()) return object->AsString() == follow_id;
  const std::string* id = object->FindString("id");
  return id && *id == follow_id;
}

// Waits until `pred` holds for CLI output, polling (the inbox is processed asynchronously).
std::string WaitForCli(const CornerstoreProcess& s, const std::vector<std::string>& args,
                       const std::string& needle) {
  std::string out;
  // Up to 30 s: the inbox is processed asynchronously and CI runs suites side by side.
  for (int i = 0; i < 300; ++i) {
    out = s.Cli(args).out;
    if (out.find(needle) != std::string::npos) return out;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return out;
}

}  // namespace

TEST_CASE("a remote Follow is accepted with a signed Accept to the follower's inbox") {
  FakeRemote remote;
  const FakeActor& alice = remote.AddActor("alice");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop", "--type", "organization"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";
  json::Value follow = FollowActivity(remote, alice, shop);
  auto r = remote.Send(alice, s.port(), follow, {.path = "/users/shop/inbox"});
  REQUIRE_MESSAGE(r.status == 202, r.body);
  const std::string follow_id = *follow.FindString("id");
  auto accept =
      remote.WaitFor([&](const ReceivedRequest& req) { return IsAcceptOf(req, follow_id); });
  CHECK(accept.path == "/users/alice/inbox");  // personal inbox, not the shared one
  CHECK_MESSAGE(accept.signature_valid, accept.signature_error);
  CHECK(accept.signer == shop);
  CHECK(*accept.activity.FindString("actor") == shop);
  CHECK(WaitForCli(s, {"followers", "shop"}, alice.id).find(alice.id) != std::string::npos);

  // The operator's verify command agrees, on the captured request and on a tampered copy.
  TempDir dir;
  std::string raw = accept.method + " " + accept.path + " HTTP/1.1\r\n";
  for (const auto& [k, v] : accept.headers.entries) raw += k + ": " + v + "\r\n";
  WriteFile(dir.path() + "/accept.http", raw + "\r\n" + accept.body);
  auto verified = s.Cli({"verify", dir.path() + "/accept.http", "--scheme", "http"});
  CHECK_MESSAGE(verified.exit_code == 0, (verified.out + verified.err));
  CHECK(verified.out.find("owner:     " + shop) != std::string::npos);
  WriteFile(dir.path() + "/tampered.http", raw + "\r\n" + accept.body + " ");
  auto tampered = s.Cli({"verify", dir.path() + "/tampered.http", "--scheme", "http"});
  CHECK(tampered.exit_code != 0);
  CHECK(tampered.out.find("NOT VERIFIED") != std::string::npos);

  // A replay changes nothing; a repeated Follow (peers lose state) is accepted again.
  auto replay = remote.Send(alice, s.port(), follow, {.path = "/users/shop/inbox"});
  CHECK(replay.status == 202);
  CHECK(s.Cli({"followers", "shop"}).out.find("1 followers") != std::string::npos);
}

TEST_CASE("manual approval: pending until the owner approves, then Accept") {
  FakeRemote remote;
  const FakeActor& bob = remote.AddActor("bob");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop", "--manual-approval", "true"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";
  json::Value follow = FollowActivity(remote, bob, shop);
  REQUIRE(remote.Send(bob, s.port(), follow).status == 202);
  CHECK(WaitForCli(s, {"follows", "pending", "shop"}, bob.id).find(bob.id) != std::string::npos);
  CHECK(s.Cli({"followers", "shop"}).out.find(bob.id) == std::string::npos);
  auto approved = s.Cli({"follows", "approve", "shop", bob.id});
  REQUIRE_MESSAGE(approved.exit_code == 0, approved.err);
  auto accept = remote.WaitFor(
      [&](const ReceivedRequest& req) { return IsAcceptOf(req, *follow.FindString("id")); });
  CHECK(accept.signature_valid);
  CHECK(s.Cli({"followers", "shop"}).out.find(bob.id) != std::string::npos);
}

TEST_CASE("a mention arrives sanitized, notifies, and replays change nothing") {
  FakeRemote remote;
  const FakeActor& carol = remote.AddActor("carol");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";
  json::Value create = MentionNote(remote, carol, shop, "is the bakery open?");
  REQUIRE(remote.Send(carol, s.port(), create).status == 202);
  std::string notes = WaitForCli(s, {"notifications", "shop"}, "mention");
  CHECK(notes.find("mention") != std::string::npos);
  CHECK(notes.find(carol.id) != std::string::npos);
  REQUIRE(remote.Send(carol, s.port(), create).status == 202);  // replay
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::string again = s.Cli({"notifications", "shop"}).out;
  CHECK(std::count(again.begin(), again.end(), '\n') ==
        std::count(notes.begin(), notes.end(), '\n'));
  std::string timeline = WaitForCli(s, {"timeline", "shop"}, "bakery");
  CHECK(timeline.find("is the bakery open?") != std::string::npos);
  CHECK(timeline.find("alert(1)") == std::string::npos);  // the script was dropped
}

TEST_CASE("forged and malformed deliveries are refused and store nothing") {
  FakeRemote remote;
  const FakeActor& mallory = remote.AddActor("mallory");
  const FakeActor& victim = remote.AddActor("victim");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";

  auto expect = [&](int status, const TestResponse& r) {
    CHECK_MESSAGE(r.status == status, r.body);
    if (r.status >= 400) CHECK(r.Json().FindString("error") != nullptr);
  };
  // Unsigned.
  expect(401,
         remote.Send(mallory, s.port(), FollowActivity(remote, mallory, shop), {.sign = false}));
  // Signed by mallory, claiming to be victim.
  expect(401, remote.Send(mallory, s.port(), FollowActivity(remote, victim, shop)));
  // Signed with victim's key id but mallory's key.
  expect(401, remote.Send(mallory, s.port(), FollowActivity(remote, mallory, shop),
                          {.key_id_override = victim.key_id}));
  // Date outside the window.
  expect(401, remote.Send(mallory, s.port(), FollowActivity(remote, mallory, shop),
                          {.date_offset_seconds = -2 * 3600}));
  // Digest that does not match the body.
  expect(401, remote.Send(mallory, s.port(), FollowActivity(remote, mallory, shop),
                          {.corrupt_digest = true}));
  // Wrong content type.
  expect(415, remote.Send(mallory, s.port(), FollowActivity(remote, mallory, shop),
                          {.content_type = "text/plain"}));
  // Duplicate keys, deep nesting, and a huge array: raw bodies.
  auto raw = [&](const std::string& body) {
    return Post(s.port(), "/inbox", body, "application/activity+json");
  };
  expect(400, raw(R"({"type":"Follow","type":"Like"})"));
  expect(400, raw(std::string(100, '[') + std::string(100, ']')));
  std::string huge = "[";
  for (int i = 0; i < 1'000'000; ++i) huge += "0,";
  huge += "0]";
  CHECK(RawStatus(RawRequest(s.port(),
                             "POST /inbox HTTP/1.1\r\nHost: x\r\nContent-Type: "
                             "application/activity+json\r\nContent-Length: " +
                                 std::to_string(huge.size()) + "\r\nConnection: close\r\n\r\n" +
                                 huge.substr(0, 4096))) == 413);
  // An activity whose id claims our own origin.
  json::Value local_id = FollowActivity(remote, mallory, shop);
  local_id.Set("id", s.base_url() + "/users/shop#forged");
  CHECK(remote.Send(mallory, s.port(), local_id).status >= 400);

  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(s.Cli({"followers", "shop"}).out.find("0 followers") != std::string::npos);
  CHECK(s.Cli({"follows", "pending", "shop"}).out.find("0 pending") != std::string::npos);
  CHECK(Get(s.port(), "/health").status == 200);
}

TEST_CASE("Undo of another actor's Follow changes nothing; the follower's own Undo ends it") {
  FakeRemote remote;
  const FakeActor& alice = remote.AddActor("alice");
  const FakeActor& eve = remote.AddActor("eve");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";
  json::Value follow = FollowActivity(remote, alice, shop);
  REQUIRE(remote.Send(alice, s.port(), follow).status == 202);
  WaitForCli(s, {"followers", "shop"}, alice.id);
  json::Value undo;
  undo.Set("id", remote.NewId("undos"));
  undo.Set("type", "Undo");
  undo.Set("actor", eve.id);
  undo.Set("object", follow);
  remote.Send(eve, s.port(), undo);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(s.Cli({"followers", "shop"}).out.find(alice.id) != std::string::npos);
  undo.Set("id", remote.NewId("undos"));
  undo.Set("actor", alice.id);
  REQUIRE(remote.Send(alice, s.port(), undo).status == 202);
  CHECK(WaitForCli(s, {"followers", "shop"}, "0 followers").find("0 followers") !=
        std::string::npos);
}

namespace {

const std::string kHoldInbox = std::string(kUnsafe) + "hold_inbox_processing = true\n";

// Creates @shop, starts `s` (configured with kHoldInbox) and has `follower` follow it; returns the
// Follow, answered 202 and held unprocessed.
json::Value StartAndSendFollow(CornerstoreProcess& s, FakeRemote& remote,
                               const FakeActor& follower) {
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  json::Value follow = FollowActivity(remote, follower, s.base_url() + "/users/shop");
  REQUIRE(remote.Send(follower, s.port(), follow).status == 202);
  return follow;
}

// Restarts `s` (stopped or killed while holding inbox processing) with processing on, and checks
// that the accepted `follow` is processed exactly once: one signed Accept, one follower.
void RestartProcessingAndExpectOneAccept(CornerstoreProcess& s, FakeRemote& remote,
                                         const json::Value& follow) {
  std::string config = ReadFile(s.config_path());
  config.replace(config.find("hold_inbox_processing = true"), 28, "hold_inbox_processing = false");
  WriteFile(s.config_path(), config);
  s.Start();
  auto accept = remote.WaitFor(
      [&](const ReceivedRequest& req) { return IsAcceptOf(req, *follow.FindString("id")); });
  CHECK(accept.signature_valid);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  int accepts = 0;
  for (const auto& r : remote.Received()) accepts += IsAcceptOf(r, *follow.FindString("id"));
  CHECK(accepts == 1);
  CHECK(s.Cli({"followers", "shop"}).out.find("1 followers") != std::string::npos);
}

}  // namespace

TEST_CASE("an activity accepted with 202 survives kill -9 and is processed once after restart") {
  FakeRemote remote;
  const FakeActor& dave = remote.AddActor("dave");
  CornerstoreProcess s(kHoldInbox);
  json::Value follow = StartAndSendFollow(s, remote, dave);
  s.Kill();
  RestartProcessingAndExpectOneAccept(s, remote, follow);
}

TEST_CASE(
    "an accepted activity waits in the inbox spool; a graceful stop moves it to the database") {
  FakeRemote remote;
  const FakeActor& dave = remote.AddActor("dave");
  CornerstoreProcess s(kHoldInbox);
  json::Value follow = StartAndSendFollow(s, remote, dave);
  const std::string spool = s.data_dir() + "/cornerstore.db-inbox";  // the name README gives
  CHECK(std::filesystem::file_size(spool) > 0);                // answered before any database write
  REQUIRE(remote.Send(dave, s.port(), follow).status == 202);  // a replay: accepted, not kept
  CHECK(s.Stop() == 0);
  CHECK(std::filesystem::file_size(spool) == 0);  // moved into the database on the way out
  CHECK(s.log().find("inbox.spool_flush_failed") == std::string::npos);
  RestartProcessingAndExpectOneAccept(s, remote, follow);
}

TEST_CASE("following a remote account by handle: Follow sent, Accept recorded") {
  FakeRemote remote;
  const FakeActor& erin = remote.AddActor("erin");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  auto sent = s.Cli({"follow", "shop", "@erin@" + remote.host()});
  REQUIRE_MESSAGE(sent.exit_code == 0, sent.err);
  auto follow = remote.WaitFor([](const ReceivedRequest& r) {
    const std::string* type = r.activity.FindString("type");
    return type && *type == "Follow";
  });
  CHECK(follow.signature_valid);
  CHECK(follow.path == "/users/erin/inbox");
  CHECK(s.Cli({"following", "shop"}).out.find("0 following") != std::string::npos);  // pending
  json::Value accept;
  accept.Set("id", remote.NewId("accepts"));
  accept.Set("type", "Accept");
  accept.Set("actor", erin.id);
  accept.Set("object", follow.activity);
  REQUIRE(remote.Send(erin, s.port(), accept).status == 202);
  CHECK(WaitForCli(s, {"following", "shop"}, erin.id).find(erin.id) != std::string::npos);
}

TEST_CASE("signed GETs between two Cornerstore servers verify both ways") {
  CornerstoreProcess a(kUnsafe), b(kUnsafe);
  REQUIRE(a.Cli({"account", "create", "ann"}).exit_code == 0);
  REQUIRE(b.Cli({"account", "create", "ben"}).exit_code == 0);
  a.Start();
  b.Start();
  auto ab = a.Cli({"fetch", b.base_url() + "/_test/whoami"});
  REQUIRE_MESSAGE(ab.exit_code == 0, ab.err);
  CHECK(ab.out.find(a.base_url() + "/actor") != std::string::npos);
  auto ba = b.Cli({"fetch", "--as", "ben", a.base_url() + "/_test/whoami"});
  REQUIRE_MESSAGE(ba.exit_code == 0, ba.err);
  CHECK(ba.out.find(b.base_url() + "/users/ben") != std::string::npos);
  auto actor = a.Cli({"fetch", b.base_url() + "/users/ben"});
  CHECK(actor.out.find("\"preferredUsername\": \"ben\"") != std::string::npos);
}

TEST_CASE("a peer that accepts only RFC 9421 gets a second attempt, and the choice is kept") {
  FakeRemote remote;
  remote.RequireRfc9421(true);
  const FakeActor& fay = remote.AddActor("fay");
  const FakeActor& gus = remote.AddActor("gus");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";
  json::Value f1 = FollowActivity(remote, fay, shop);
  REQUIRE(remote.Send(fay, s.port(), f1, {.rfc9421 = true}).status == 202);
  remote.WaitFor([&](const ReceivedRequest& r) {
    return IsAcceptOf(r, *f1.FindString("id")) && r.headers.Has("Signature-Input");
  });
  json::Value f2 = FollowActivity(remote, gus, shop);
  REQUIRE(remote.Send(gus, s.port(), f2, {.rfc9421 = true}).status == 202);
  remote.WaitFor([&](const ReceivedRequest& r) { return IsAcceptOf(r, *f2.FindString("id")); });
  int cavage_for_second = 0;
  for (const auto& r : remote.Received()) {
    if (IsAcceptOf(r, *f2.FindString("id")) && !r.headers.Has("Signature-Input"))
      ++cavage_for_second;
  }
  CHECK(cavage_for_second == 0);  // remembered: RFC 9421 first
}
