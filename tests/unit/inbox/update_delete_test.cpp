// Update and Delete: edits and tombstones only by the author, profile updates only by the actor
// itself, actor deletion.
#include <doctest/doctest.h>

#include <string>

#include "tests/unit/inbox/inbox_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

namespace {

const std::string kAlicePublic = "https://mastodon.example/users/alice/statuses/111222333444555777";

// The shop follows Alice and has her public post.
void WithAlicesPost(InboxHarness& h) {
  h.AddOurFollow(kAlice, store::FollowState::kAccepted);
  h.DeliverFixture(h.Alice(), "mastodon_create_public.json");
  REQUIRE(h.FindObject(kAlicePublic));
}

}  // namespace

TEST_CASE("Update(Note): the author's edit is applied once; older edits are ignored") {
  InboxHarness h;
  WithAlicesPost(h);
  h.DeliverFixture(h.Alice(), "mastodon_update_note.json");
  auto note = h.FindObject(kAlicePublic);
  REQUIRE(note);
  CHECK(note->content_html == "<p>Fresh loaves are out. Edit: rye too!</p>");
  int64_t edited = 0;
  REQUIRE(ParseIso8601("2026-11-28T12:00:00Z", &edited));
  CHECK(note->edited_at == edited);
  CHECK_FALSE(note->sensitive);

  // Replayed: ignored.
  const std::string before = h.Footprint();
  CHECK(h.ProcessDirect(kAlice, FixtureText("mastodon_update_note.json")).ok());
  CHECK(h.FindObject(kAlicePublic)->content_html == note->content_html);

  // An older edit arriving late: ignored.
  json::Value stale = Fixture("mastodon_update_note.json");
  stale.Set("id", kAlicePublic + "#updates/older");
  stale.Find("object")->Set("updated", "2026-11-28T11:30:00Z");
  stale.Find("object")->Set("content", "<p>older</p>");
  h.Deliver(h.Alice(), json::Serialize(stale));
  CHECK(h.FindObject(kAlicePublic)->content_html == note->content_html);
  CHECK(h.Footprint() == before);
  CHECK(h.CountInbox("failed") == 0);
}

TEST_CASE("Update(Note): of someone else's object is refused") {
  InboxHarness h;
  WithAlicesPost(h);
  h.Mallory();
  json::Value update = Fixture("mastodon_update_note.json");
  update.Set("id", "https://mastodon.example/users/mallory#updates/1");
  update.Set("actor", "https://mastodon.example/users/mallory");
  SUBCASE("claiming to be the author") {
    update.Find("object")->Set("attributedTo", "https://mastodon.example/users/mallory");
    h.Deliver(h.Mallory(), json::Serialize(update));
    CHECK(h.LastFailure().find("Update of someone else's object") != std::string::npos);
  }
  SUBCASE("leaving the author as is") {
    h.Deliver(h.Mallory(), json::Serialize(update));
    CHECK(h.LastFailure().find("attributed to someone else") != std::string::npos);
  }
  SUBCASE("from another host") {
    update.Set("id", "https://gts.example/users/bob#updates/1");
    update.Set("actor", kBob);
    update.Find("object")->Set("attributedTo", kBob);
    h.Deliver(h.Bob(), json::Serialize(update));
    CHECK(h.LastFailure().find("not on the actor's host") != std::string::npos);
  }
  CHECK(h.FindObject(kAlicePublic)->content_html == "<p>Fresh loaves are out.</p>");
  CHECK(h.FindObject(kAlicePublic)->edited_at == 0);
}

TEST_CASE("Update(Person): the profile and key are cached at once, sanitized") {
  InboxHarness h;
  TestActor& alice = h.Alice();
  h.DeliverFixture(alice, "mastodon_follow.json");  // caches Alice
  REQUIRE(h.federation->FindRemoteActor(kAlice)->display_name == "Alice");

  json::Value profile = alice.doc;
  profile.Set("name", "Alice the Baker");
  profile.Set("summary", "<p>New bio<script>x()</script></p>");
  profile.Find("publicKey")->Set("publicKeyPem", PooledKey(8).public_pem);
  json::Value update = Fixture("mastodon_update_person.json");
  update.Set("object", profile);
  h.clock.Advance(60);
  h.Deliver(alice, json::Serialize(update));

  auto cached = h.federation->FindRemoteActor(kAlice);
  REQUIRE(cached.ok());
  CHECK(cached->display_name == "Alice the Baker");
  CHECK(cached->summary_html == "<p>New bio</p>");
  CHECK(cached->public_key_pem == PooledKey(8).public_pem);
  CHECK(cached->fetched_at == h.clock.NowUnix());
  CHECK(cached->raw_json.find("<script") == std::string::npos);
  CHECK(cached->raw_json.find("onerror") == std::string::npos);  // field values sanitized too
  auto key = h.federation->FindKey(std::string(kAlice) + "#main-key");
  REQUIRE(key.ok());
  REQUIRE(key->has_value());
  CHECK((*key)->public_key_pem == PooledKey(8).public_pem);
}

TEST_CASE("Update(Person): of another actor is refused") {
  InboxHarness h;
  h.DeliverFixture(h.Alice(), "mastodon_follow.json");
  json::Value profile = h.Alice().doc;
  profile.Set("name", "Hacked");
  json::Value update = Fixture("mastodon_update_person.json");
  update.Set("id", "https://mastodon.example/users/mallory#updates/1");
  update.Set("actor", "https://mastodon.example/users/mallory");
  update.Set("object", profile);
  h.Deliver(h.Mallory(), json::Serialize(update));
  CHECK(h.LastFailure().find("Update of another actor") != std::string::npos);
  CHECK(h.federation->FindRemoteActor(kAlice)->display_name == "Alice");
}

TEST_CASE("Delete(Note): the author's delete leaves a tombstone; a replay is harmless") {
  InboxHarness h;
  WithAlicesPost(h);
  h.DeliverFixture(h.Alice(), "mastodon_delete_note.json");
  auto note = h.FindObject(kAlicePublic);
  REQUIRE(note);
  CHECK(note->deleted_at == h.clock.NowUnix());
  CHECK(note->content_html.empty());
  CHECK(h.ProcessDirect(kAlice, FixtureText("mastodon_delete_note.json")).ok());
  CHECK(h.CountInbox("failed") == 0);
  // A late Create of the same id stays deleted.
  h.clock.Advance(10);
  json::Value create = Fixture("mastodon_create_public.json");
  create.Set("id", kAlicePublic + "/activity2");
  h.Deliver(h.Alice(), json::Serialize(create));
  CHECK(h.FindObject(kAlicePublic)->deleted_at != 0);
}

TEST_CASE("Delete(Note): of someone else's object is refused") {
  InboxHarness h;
  WithAlicesPost(h);
  json::Value del = Fixture("mastodon_delete_note.json");
  SUBCASE("same host, another actor") {
    del.Set("id", "https://mastodon.example/users/mallory#delete/1");
    del.Set("actor", "https://mastodon.example/users/mallory");
    h.Deliver(h.Mallory(), json::Serialize(del));
    CHECK(h.LastFailure().find("Delete of someone else's object") != std::string::npos);
  }
  SUBCASE("another host") {
    del.Set("id", "https://gts.example/users/bob#delete/1");
    del.Set("actor", kBob);
    h.Deliver(h.Bob(), json::Serialize(del));
    CHECK(h.LastFailure().find("not on the actor's host") != std::string::npos);
  }
  SUBCASE("one of our posts") {
    h.AddLocalPost();
    del.Set("object", kShopPost);
    h.Deliver(h.Alice(), json::Serialize(del));
    CHECK(h.CountInbox("failed") == 1);
    CHECK(h.FindObject(kShopPost)->deleted_at == 0);
  }
  CHECK(h.FindObject(kAlicePublic)->deleted_at == 0);
}

TEST_CASE("Delete(actor): everything we know of the actor goes") {
  InboxHarness h;
  WithAlicesPost(h);
  h.DeliverFixture(h.Alice(), "mastodon_follow.json");
  REQUIRE(h.FindFollow(kAlice, kShop));
  h.DeliverFixture(h.Alice(), "mastodon_delete_actor.json");
  CHECK(h.CountInbox("failed") == 0);
  CHECK_FALSE(h.FindFollow(kAlice, kShop));
  CHECK_FALSE(h.FindFollow(kShop, kAlice));
  CHECK(h.federation->FindRemoteActor(kAlice).error().code == ErrorCode::kNotFound);
  auto note = h.FindObject(kAlicePublic);
  CHECK((!note || note->deleted_at != 0));
}

TEST_CASE("Delete(actor): only the actor itself") {
  InboxHarness h;
  h.DeliverFixture(h.Alice(), "mastodon_follow.json");
  json::Value del = Fixture("mastodon_delete_actor.json");
  del.Set("id", "https://mastodon.example/users/mallory#delete");
  del.Set("actor", "https://mastodon.example/users/mallory");
  h.Deliver(h.Mallory(), json::Serialize(del));
  CHECK(h.CountInbox("failed") == 1);
  CHECK(h.federation->FindRemoteActor(kAlice).ok());
  CHECK(h.FindFollow(kAlice, kShop));
}
