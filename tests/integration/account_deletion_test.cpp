// Deleting an account end to end: the real binary tells the servers of its followers with a
// Delete signed by the deleted actor's own key, its actor URL and WebFinger answer 410 Gone, and
// the name cannot be taken again.
#include <doctest/doctest.h>

#include "activitypub/keys.h"
#include "activitypub/signatures/verifier.h"
#include "src/common/clock.h"
#include "src/common/http_message.h"
#include "src/common/url.h"
#include "tests/support/cornerstore_process.h"
#include "tests/support/fake_remote.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

constexpr const char* kUnsafe = "[unsafe]\nallow_private_addresses = true\n";
constexpr const char* kPublic = "https://www.w3.org/ns/activitystreams#Public";
const std::vector<std::pair<std::string, std::string>> kAcceptAs = {
    {"Accept", "application/activity+json"}};

// `from` follows `target` and the Accept comes back.
void FollowAndWaitForAccept(FakeRemote& remote, const FakeActor& from, const CornerstoreProcess& s,
                            const std::string& target) {
  json::Value follow;
  follow.Set("@context", "https://www.w3.org/ns/activitystreams");
  const std::string id = remote.NewId("follows");
  follow.Set("id", id);
  follow.Set("type", "Follow");
  follow.Set("actor", from.id);
  follow.Set("object", target);
  auto sent = remote.Send(from, s.port(), follow, {.path = "/users/shop/inbox"});
  REQUIRE_MESSAGE(sent.status == 202, sent.body);
  remote.WaitFor([&](const ReceivedRequest& r) {
    const std::string* type = r.activity.FindString("type");
    const json::Value* object = r.activity.Find("object");
    if (!type || *type != "Accept" || !object) return false;
    if (object->is_string()) return object->AsString() == id;
    const std::string* object_id = object->FindString("id");
    return object_id && *object_id == id;
  });
}

bool IsDeleteOf(const ReceivedRequest& r, const std::string& actor) {
  const std::string* type = r.activity.FindString("type");
  const std::string* object = r.activity.FindString("object");
  return type && *type == "Delete" && object && *object == actor;
}

// Verifies the captured request's signature against `public_pem` alone (owner `owner`): the
// deleted actor's document is gone, so the key recorded before the deletion is the only source.
Result<activitypub::VerifiedSignature> VerifyWithKey(const ReceivedRequest& r,
                                                     const std::string& public_pem,
                                                     const std::string& owner) {
  HttpRequest request;
  request.method = r.method;
  request.target = r.path;
  request.scheme = "http";
  request.body = r.body;
  request.headers = r.headers;
  activitypub::FunctionKeyResolver keys(
      [&](const std::string&, bool) -> Result<activitypub::ResolvedKey> {
        CS_ASSIGN_OR_RETURN(activitypub::PkeyPtr key, activitypub::PublicKeyFromPem(public_pem));
        return activitypub::ResolvedKey{std::move(key), owner, false};
      });
  SystemClock clock;
  return activitypub::VerifyRequest(request, keys, {}, clock);
}

}  // namespace

TEST_CASE("account delete: Delete{actor} reaches every follower's server; the actor is gone") {
  FakeRemote mastodon;  // alice: shared inbox
  FakeRemote gts;       // bob: personal inbox only
  const FakeActor& alice = mastodon.AddActor("alice");
  const FakeActor& bob = gts.AddActor("bob", /*shared_inbox=*/false);
  CornerstoreProcess s(kUnsafe);
  REQUIRE(s.Cli({"account", "create", "shop"}).exit_code == 0);
  s.Start();
  const std::string shop = s.base_url() + "/users/shop";
  FollowAndWaitForAccept(mastodon, alice, s, shop);
  FollowAndWaitForAccept(gts, bob, s, shop);

  // The key peers hold, as they fetched it before the account went.
  auto actor = Get(s.port(), "/users/shop", kAcceptAs);
  REQUIRE(actor.status == 200);
  const json::Value actor_doc = actor.Json();
  const json::Value* public_key = actor_doc.FindObject("publicKey");
  REQUIRE(public_key != nullptr);
  const std::string public_pem = *public_key->FindString("publicKeyPem");

  auto refused = s.Cli({"account", "delete", "shop"});
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("--yes") != std::string::npos);
  auto deleted = s.Cli({"account", "delete", "shop", "--yes"});
  REQUIRE_MESSAGE(deleted.exit_code == 0, deleted.err);
  CHECK(deleted.out.find("Deleted shop") != std::string::npos);
  CHECK_MESSAGE(deleted.out.find("Delete queued for 2 inboxes on 2 servers.") != std::string::npos,
                deleted.out);

  // The delivery workers poll the queue the CLI wrote to.
  auto at_alice = mastodon.WaitFor([&](const ReceivedRequest& r) { return IsDeleteOf(r, shop); },
                                   std::chrono::seconds(30));
  auto at_bob = gts.WaitFor([&](const ReceivedRequest& r) { return IsDeleteOf(r, shop); },
                            std::chrono::seconds(30));
  CHECK(at_alice.path == "/inbox");  // the shared inbox
  CHECK(at_bob.path == "/users/bob/inbox");
  for (const ReceivedRequest* r : {&at_alice, &at_bob}) {
    CHECK(*r->activity.FindString("id") == shop + "#delete");
    CHECK(*r->activity.FindString("actor") == shop);
    const json::Value* to = r->activity.Find("to");
    REQUIRE(to != nullptr);
    REQUIRE(to->is_array());
    REQUIRE(to->AsArray().size() == 1);
    CHECK(to->AsArray()[0].AsString() == kPublic);
    auto verified = VerifyWithKey(*r, public_pem, shop);
    REQUIRE_MESSAGE(verified.ok(), verified.error().ToLogString());
    CHECK(verified->key_id == shop + "#main-key");
    CHECK(verified->owner_id == shop);
    // And not by any other key: the check above means something.
    CHECK_FALSE(VerifyWithKey(*r, alice.public_pem, shop).ok());
  }

  // The actor URL answers 410 with a Tombstone; a browser gets a 410 page.
  auto gone = Get(s.port(), "/users/shop", kAcceptAs);
  CHECK(gone.status == 410);
  CHECK(gone.headers.Get("Content-Type").value_or("").starts_with("application/activity+json"));
  json::Value tombstone = gone.Json();
  CHECK(*tombstone.FindString("id") == shop);
  CHECK(*tombstone.FindString("type") == "Tombstone");
  CHECK(Get(s.port(), "/users/shop", {{"Accept", "text/html"}}).status == 410);
  CHECK(Get(s.port(), "/users/nobody", kAcceptAs).status == 404);  // never existed

  // WebFinger tells "deleted" (410) from "never existed" (404), as Mastodon does.
  auto finger = [&](const std::string& resource) {
    return Get(s.port(), "/.well-known/webfinger?resource=" + PercentEncode(resource)).status;
  };
  CHECK(finger("acct:shop@shop.test") == 410);
  CHECK(finger(shop) == 410);
  CHECK(finger("acct:nobody@shop.test") == 404);

  // The name is never reused; deleting again says what happened.
  auto reborn = s.Cli({"account", "create", "shop"});
  CHECK(reborn.exit_code != 0);
  CHECK_MESSAGE(reborn.err.find("deleted account") != std::string::npos, reborn.err);
  auto again = s.Cli({"account", "delete", "shop", "--yes"});
  CHECK(again.exit_code != 0);
  CHECK(again.err.find("already deleted") != std::string::npos);
}
