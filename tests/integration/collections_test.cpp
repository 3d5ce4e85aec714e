// What peers can read besides the actor, against the real binary: outbox, followers, following,
// featured, and authorized-fetch mode (PROTOCOL.md §3, §7).
#include <doctest/doctest.h>

#include <thread>

#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

constexpr const char* kUnsafe = "[unsafe]\nallow_private_addresses = true\ntest_routes = true\n";
const std::vector<std::pair<std::string, std::string>> kAs = {
    {"Accept", "application/activity+json"}};

}  // namespace

TEST_CASE("collections: outbox, followers, following, featured carry totals and first pages") {
  FakeRemote remote;
  const FakeActor& alice = remote.AddActor("alice");
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";
  json::Value follow;
  follow.Set("id", remote.NewId("follows"));
  follow.Set("type", "Follow");
  follow.Set("actor", alice.id);
  follow.Set("object", shop);
  REQUIRE(remote.Send(alice, s.port(), follow).status == 202);
  for (int i = 0; i < 300 && s.Cli({"followers", "shop"}).out.find(alice.id) == std::string::npos;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }

  auto followers = Get(s.port(), "/users/shop/followers", kAs);
  REQUIRE(followers.status == 200);
  CHECK(followers.headers.Get("Content-Type") == "application/activity+json; charset=utf-8");
  auto doc = followers.Json();
  CHECK(*doc.FindString("id") == shop + "/followers");
  CHECK(*doc.FindString("type") == "OrderedCollection");
  CHECK(doc.FindInt("totalItems") == 1);
  REQUIRE(doc.FindString("first") != nullptr);
  std::string first = *doc.FindString("first");
  auto page = Get(s.port(), first.substr(s.base_url().size()), kAs).Json();
  CHECK(*page.FindString("type") == "OrderedCollectionPage");
  REQUIRE(page.FindArray("orderedItems") != nullptr);
  CHECK((*page.FindArray("orderedItems"))[0].AsString() == alice.id);

  auto following = Get(s.port(), "/users/shop/following", kAs).Json();
  CHECK(following.FindInt("totalItems") == 0);
  auto outbox = Get(s.port(), "/users/shop/outbox", kAs).Json();
  CHECK(*outbox.FindString("type") == "OrderedCollection");
  CHECK(outbox.FindInt("totalItems") == 0);
  CHECK(outbox.FindString("first") != nullptr);
  auto featured = Get(s.port(), "/users/shop/collections/featured", kAs).Json();
  CHECK(*featured.FindString("type") == "OrderedCollection");
  CHECK(featured.FindInt("totalItems") == 0);
  CHECK(featured.FindArray("orderedItems") != nullptr);
  CHECK(Get(s.port(), "/users/shop/collections/tags", kAs).status == 200);
  CHECK(Get(s.port(), "/users/nobody/outbox", kAs).status == 404);
  CHECK(Get(s.port(), "/users/shop/statuses/12345", kAs).status == 404);

  // Hidden collections keep their totals only.
  REQUIRE(s.Cli({"account", "update", "shop", "--hide-collections", "true"}).exit_code == 0);
  auto hidden = Get(s.port(), "/users/shop/followers", kAs).Json();
  CHECK(hidden.FindInt("totalItems") == 1);
  CHECK(hidden.Find("first") == nullptr);
}

TEST_CASE("authorized fetch: collections need a signature, the actor does not") {
  CornerstoreProcess a(std::string(kUnsafe) + "\n"), b(kUnsafe);
  {
    std::string config = ReadFile(a.config_path());
    config.replace(config.find("[instance]\n"), 11, "[instance]\nauthorized_fetch = true\n");
    WriteFile(a.config_path(), config);
  }
  REQUIRE(a.Cli({"account", "create", "shop"}).exit_code == 0);
  a.Start();
  b.Start();
  auto unsigned_outbox = Get(a.port(), "/users/shop/outbox", kAs);
  CHECK(unsigned_outbox.status == 401);
  CHECK(unsigned_outbox.Json().FindString("error") != nullptr);
  CHECK(Get(a.port(), "/users/shop", kAs).status == 200);
  CHECK(Get(a.port(), "/actor", kAs).status == 200);
  auto signed_outbox = b.Cli({"fetch", a.base_url() + "/users/shop/outbox"});
  CHECK_MESSAGE(signed_outbox.exit_code == 0, signed_outbox.err);
  CHECK(signed_outbox.out.find("OrderedCollection") != std::string::npos);
}
