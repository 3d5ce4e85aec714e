// The activities the inbox sends, and their delivery rows.
#include <doctest/doctest.h>

#include <string>

#include "activitypub/outgoing/delivery_jobs.h"
#include "activitypub/outgoing/follow_activities.h"
#include "tests/unit/inbox/inbox_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

TEST_CASE("outgoing: ids are minted under the actor and stable per Follow") {
  CHECK(StableToken("x").size() == 16);
  CHECK(StableToken("x") == StableToken("x"));
  CHECK(StableToken("x") != StableToken("y"));
  CHECK(AcceptFollowId(kShop, "https://a.example/f/1") ==
        std::string(kShop) + "#accepts/follows/" + StableToken("https://a.example/f/1"));
  CHECK(RejectFollowId(kShop, "f").starts_with(std::string(kShop) + "#rejects/follows/"));
  CHECK(FollowId(kShop, "abc") == std::string(kShop) + "#follows/abc");
  CHECK(UndoId(std::string(kShop) + "#follows/abc") == std::string(kShop) + "#follows/abc/undo");
}

TEST_CASE("outgoing: Accept, Reject, Follow and Undo shapes") {
  FollowRef follow{"https://a.example/f/1", "https://a.example/users/a", kShop};
  json::Value accept =
      AcceptFollowToJson("https://shop.example/users/shop#accepts/follows/1", kShop, follow);
  CHECK(
      json::Serialize(accept) ==
      R"({"@context":"https://www.w3.org/ns/activitystreams","id":"https://shop.example/users/shop#accepts/follows/1","type":"Accept","actor":"https://shop.example/users/shop","object":{"id":"https://a.example/f/1","type":"Follow","actor":"https://a.example/users/a","object":"https://shop.example/users/shop"},"to":["https://a.example/users/a"]})");
  json::Value reject = RejectFollowToJson("https://shop.example/r/1", kShop, follow);
  CHECK(*reject.FindString("type") == "Reject");

  json::Value f = FollowToJson("https://shop.example/users/shop#follows/1", kShop, kAlice);
  CHECK(*f.FindString("object") == kAlice);
  json::Value undo = UndoToJson(UndoId(*f.FindString("id")), kShop, f);
  CHECK(*undo.FindString("type") == "Undo");
  CHECK(undo.FindObject("object")->Find("@context") == nullptr);
  CHECK(*undo.FindObject("object")->FindString("id") == *f.FindString("id"));
  CHECK(undo.FindArray("to")->size() == 1);
}

TEST_CASE("outgoing: delivery rows, one per distinct remote inbox") {
  Uris uris(kBase, "shop.example");
  store::Account shop;
  shop.id = 7;
  shop.username = "shop";
  json::Value f = FollowToJson("https://shop.example/users/shop#follows/1", kShop, kAlice);
  auto jobs = DeliveryJobsFor(
      f, shop, uris,
      {"https://mastodon.example/users/alice/inbox", "https://mastodon.example/users/alice/inbox",
       "https://shop.example/inbox", "not a url", "https://gts.example/inbox"},
      1000, 42);
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0].inbox_url == "https://mastodon.example/users/alice/inbox");
  CHECK(jobs[0].host == "mastodon.example");
  CHECK(jobs[0].activity_uri == "https://shop.example/users/shop#follows/1");
  CHECK(jobs[0].activity_json == json::Serialize(f));
  CHECK(jobs[0].signer_account_id == 7);
  CHECK(jobs[0].signer_key_id == "https://shop.example/users/shop#main-key");
  CHECK(jobs[0].next_attempt_at == 1000);
  CHECK(jobs[0].object_id == 42);
  CHECK(jobs[1].host == "gts.example");
}
