// The vocabulary parsers on real payload shapes: "IRI or object", "one or many", the spellings
// of Public, bounds, and refusals.
#include <doctest/doctest.h>

#include <string>

#include "activitypub/vocabulary/from_json.h"
#include "tests/unit/inbox/inbox_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

namespace {

Activity MustActivity(const std::string& text) {
  auto parsed = json::Parse(text);
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().ToLogString());
  auto activity = ActivityFromJson(*parsed);
  REQUIRE_MESSAGE(activity.ok(), activity.error().ToLogString());
  return std::move(activity).value();
}

Error ActivityError(const std::string& text) {
  auto parsed = json::Parse(text);
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().ToLogString());
  auto activity = ActivityFromJson(*parsed);
  REQUIRE_FALSE(activity.ok());
  return activity.error();
}

}  // namespace

TEST_CASE("vocabulary: Mastodon Create reply reads into typed fields") {
  Activity a = MustActivity(FixtureText("mastodon_create_reply.json"));
  CHECK(a.type == "Create");
  CHECK(a.actor == kAlice);
  CHECK(a.addressing.IsPublic());
  REQUIRE(a.object.object != nullptr);
  const ApObject& note = *a.object.object;
  CHECK(a.object.id == note.id);
  CHECK(note.type == "Note");
  CHECK(note.attributed_to == kAlice);
  CHECK(note.in_reply_to == kShopPost);
  CHECK(note.language == "");  // `content` given: the map is not consulted
  CHECK(note.content.find("sourdough") != std::string::npos);
  CHECK(note.url == "https://mastodon.example/@alice/111222333444555666");
  CHECK(note.published > 0);
  REQUIRE(note.tags.size() == 2);
  CHECK(note.tags[0].type == TagType::kMention);
  CHECK(note.tags[0].href == kShop);
  CHECK(note.tags[1].type == TagType::kHashtag);
  CHECK(note.tags[1].name == "#Bread");
  REQUIRE(note.attachments.size() == 1);
  CHECK(note.attachments[0].media_type == "image/jpeg");
  CHECK(note.attachments[0].name == "A round loaf");
  CHECK(note.attachments[0].blurhash == "UBL_:rOpGG-;~qRjWBay00xu-;Rj");
  CHECK(note.attachments[0].focal_y == doctest::Approx(0.25));
  CHECK(note.attachments[0].width == 1200);
  CHECK(note.addressing.cc.size() == 2);
}

TEST_CASE("vocabulary: GoToSocial's single tag object and string `to` are one-or-many") {
  Activity a = MustActivity(FixtureText("gotosocial_create_followers_only.json"));
  REQUIRE(a.object.object != nullptr);
  REQUIRE(a.object.object->tags.size() == 1);
  CHECK(a.object.object->tags[0].type == TagType::kMention);
  CHECK_FALSE(a.addressing.IsPublic());

  Activity accept = MustActivity(FixtureText("gotosocial_accept_follow.json"));
  REQUIRE(accept.addressing.to.size() == 1);
  CHECK(accept.addressing.to[0] == kShop);
  REQUIRE(accept.object.activity != nullptr);
  CHECK(accept.object.activity->type == "Follow");
  CHECK(accept.object.activity->actor == kShop);
  CHECK(accept.object.activity->object.id == kBob);
}

TEST_CASE("vocabulary: Misskey reactions, quotes and contentMap") {
  Activity like = MustActivity(FixtureText("misskey_like_reaction.json"));
  CHECK(like.type == "Like");
  CHECK(like.content == "🍞");
  CHECK(like.object.id == kShopPost);
  CHECK(like.object.type.empty());  // a bare IRI

  Activity create = MustActivity(FixtureText("misskey_create_note.json"));
  REQUIRE(create.object.object != nullptr);
  CHECK(create.object.object->tags.size() == 3);
  CHECK(create.object.object->tags[2].type == TagType::kEmoji);
  CHECK(create.object.object->tags[2].icon_url == "https://misskey.example/files/blobcat.png");

  Activity with_map = MustActivity(R"({"type":"Create","actor":"https://a.example/u",
    "object":{"type":"Note","id":"https://a.example/n","contentMap":{"de":"<p>Brot</p>"}}})");
  CHECK(with_map.object.object->content == "<p>Brot</p>");
  CHECK(with_map.object.object->language == "de");
}

TEST_CASE("vocabulary: the three spellings of Public are one") {
  Activity a = MustActivity(R"({"type":"Create","actor":"https://a.example/u",
    "to":"as:Public","cc":["Public","https://www.w3.org/ns/activitystreams#Public"],
    "object":{"type":"Note","id":"https://a.example/n","to":["as:Public"]}})");
  REQUIRE(a.addressing.to.size() == 1);
  CHECK(a.addressing.to[0] == kPublicCollection);
  CHECK(a.addressing.cc[0] == kPublicCollection);
  CHECK(a.addressing.cc[1] == kPublicCollection);
  CHECK(a.addressing.All().size() == 1);
  CHECK(a.object.object->addressing.IsPublic());
}

TEST_CASE("vocabulary: embedded actors, activities and objects are told apart") {
  Activity undo = MustActivity(FixtureText("mastodon_undo_announce.json"));
  REQUIRE(undo.object.activity != nullptr);
  CHECK(undo.object.activity->type == "Announce");
  CHECK(undo.object.activity->object.id == kShopPost);

  json::Value update = Fixture("mastodon_update_person.json");
  update.Set("object", Fixture("actor_mastodon_alice.json"));
  auto parsed = ActivityFromJson(update);
  REQUIRE(parsed.ok());
  REQUIRE(parsed->object.actor != nullptr);
  CHECK(parsed->object.actor->preferred_username == "alice");
  CHECK(parsed->object.actor->shared_inbox == "https://mastodon.example/inbox");
  CHECK(parsed->object.actor->fields.size() == 1);

  Activity del = MustActivity(FixtureText("mastodon_delete_note.json"));
  REQUIRE(del.object.object != nullptr);
  CHECK(del.object.object->type == "Tombstone");

  Activity flag = MustActivity(FixtureText("mastodon_flag.json"));
  CHECK(flag.object_ids.size() == 2);
  CHECK(flag.content == "Spam links in every reply");

  Activity move = MustActivity(FixtureText("mastodon_move.json"));
  CHECK(move.target.id == kAliceNew);
}

TEST_CASE("vocabulary: a Question's options and end time") {
  Activity a = MustActivity(FixtureText("mastodon_create_question.json"));
  REQUIRE(a.object.object != nullptr);
  CHECK(a.object.object->type == "Question");
  REQUIRE(a.object.object->poll_options.size() == 2);
  CHECK(a.object.object->poll_options[1] == "Spelt <b>!</b>");
  CHECK_FALSE(a.object.object->poll_multiple);
  CHECK(a.object.object->poll_end_time > 0);
}

TEST_CASE("vocabulary: actors from every peer") {
  for (const char* name : {"actor_mastodon_alice.json", "actor_gotosocial_bob.json",
                           "actor_misskey_carol.json", "actor_snac_dave.json",
                           "actor_akkoma_erin.json", "actor_mastodon_alice_moved_target.json"}) {
    CAPTURE(name);
    auto actor = ActorFromJson(Fixture(name));
    REQUIRE_MESSAGE(actor.ok(), actor.error().ToLogString());
    CHECK_FALSE(actor->inbox.empty());
    CHECK(actor->public_keys.size() == 1);
    CHECK(actor->public_keys[0].owner == actor->id);
  }
  auto alice = ActorFromJson(Fixture("actor_mastodon_alice.json"));
  CHECK(alice->icon_url == "https://files.mastodon.example/accounts/avatars/alice.png");
  CHECK(alice->followers == std::string(kAlice) + "/followers");
  auto target = ActorFromJson(Fixture("actor_mastodon_alice_moved_target.json"));
  REQUIRE(target->also_known_as.size() == 1);
  CHECK(target->also_known_as[0] == kAlice);
}

TEST_CASE("vocabulary: actor refusals") {
  json::Value doc = Fixture("actor_mastodon_alice.json");
  SUBCASE("no inbox") { doc.Erase("inbox"); }
  SUBCASE("id not a URL") { doc.Set("id", "alice"); }
  SUBCASE("not an actor type") { doc.Set("type", "Note"); }
  SUBCASE("key owned by someone else") {
    doc.Find("publicKey")->Set("owner", "https://evil.example/users/mallory");
  }
  CHECK_FALSE(ActorFromJson(doc).ok());
}

TEST_CASE("vocabulary: activity refusals") {
  CHECK(
      ActivityError(R"({"actor":"https://a.example/u","object":"https://b.example/x"})").message ==
      "activity has no type");
  CHECK(ActivityError(R"({"type":"Like","object":"https://b.example/x"})").message ==
        "activity has no actor");
  CHECK(ActivityError(R"({"type":"Like","actor":"mailto:x@y","object":"https://b.example/x"})")
            .code == ErrorCode::kInvalidInput);
  CHECK(
      ActivityError(R"({"type":"Like","id":"javascript:1","actor":"https://a.example/u"})").code ==
      ErrorCode::kInvalidInput);
  CHECK(ActivityError(R"({"type":"Like","actor":["https://a.example/u","https://b.example/v"]})")
            .message == "activity must have exactly one actor");
  CHECK(ActivityError(R"({"type":"Like","actor":"https://a.example/u","object":42})").code ==
        ErrorCode::kInvalidInput);
  CHECK(ActivityError("[1,2]").message == "activity is not a JSON object");
  // Undo{Undo{Undo{Undo{Undo{Like}}}}}: nesting beyond kMaxEmbeddingDepth.
  std::string nested =
      R"({"type":"Like","actor":"https://a.example/u","object":"https://a.example/n"})";
  for (int i = 0; i < kMaxEmbeddingDepth + 1; ++i) {
    nested = R"({"type":"Undo","actor":"https://a.example/u","object":)" + nested + "}";
  }
  CHECK(ActivityError(nested).message == "activities nested too deeply");
}

TEST_CASE("vocabulary: bounds drop what is beyond them") {
  std::string to;
  for (size_t i = 0; i < kMaxAddresseesPerField + 50; ++i) {
    to += (i ? "," : "") + std::string("\"https://a.example/u/") + std::to_string(i) + "\"";
  }
  std::string tags;
  for (size_t i = 0; i < kMaxTags + 20; ++i) {
    tags +=
        (i ? "," : "") + std::string(R"({"type":"Hashtag","name":"#t)") + std::to_string(i) + "\"}";
  }
  Activity a = MustActivity(R"({"type":"Create","actor":"https://a.example/u","to":[)" + to +
                            R"(],"object":{"type":"Note","id":"https://a.example/n","tag":[)" +
                            tags + "]}}");
  CHECK(a.addressing.to.size() == kMaxAddresseesPerField);
  CHECK(a.object.object->tags.size() == kMaxTags);
}

TEST_CASE("vocabulary: key documents — actor, GoToSocial stub, bare key") {
  auto actor = KeyDocumentFromJson(Fixture("actor_mastodon_alice.json"));
  REQUIRE(actor.ok());
  REQUIRE(actor->keys.size() == 1);
  CHECK(actor->keys[0].id == std::string(kAlice) + "#main-key");

  auto stub = KeyDocumentFromJson(Fixture("key_gotosocial_bob.json"));
  REQUIRE(stub.ok());
  CHECK(stub->id == kBob);
  CHECK(stub->keys[0].id == std::string(kBob) + "/main-key");

  auto bare = json::Parse(R"({"id":"https://k.example/keys/1","type":"CryptographicKey",
    "owner":"https://k.example/users/kim","publicKeyPem":"PEM"})");
  REQUIRE(bare.ok());
  auto key = KeyDocumentFromJson(*bare);
  REQUIRE(key.ok());
  CHECK(key->keys[0].id == "https://k.example/keys/1");
  CHECK(key->keys[0].owner == "https://k.example/users/kim");

  auto none = json::Parse(R"({"id":"https://k.example/keys/1","type":"Note"})");
  CHECK_FALSE(KeyDocumentFromJson(*none).ok());
}

TEST_CASE("vocabulary: every fixture parses") {
  for (const char* name : {"mastodon_follow.json",
                           "mastodon_undo_follow.json",
                           "mastodon_create_reply.json",
                           "mastodon_create_public.json",
                           "mastodon_create_question.json",
                           "mastodon_like.json",
                           "mastodon_undo_like.json",
                           "mastodon_announce.json",
                           "mastodon_undo_announce.json",
                           "mastodon_update_note.json",
                           "mastodon_delete_note.json",
                           "mastodon_delete_actor.json",
                           "mastodon_block.json",
                           "mastodon_undo_block.json",
                           "mastodon_flag.json",
                           "mastodon_move.json",
                           "mastodon_accept_follow.json",
                           "mastodon_reject_follow.json",
                           "gotosocial_follow.json",
                           "gotosocial_accept_follow.json",
                           "gotosocial_create_followers_only.json",
                           "gotosocial_like.json",
                           "misskey_follow.json",
                           "misskey_undo_follow.json",
                           "misskey_like_reaction.json",
                           "misskey_create_note.json",
                           "snac_follow.json",
                           "snac_create_direct.json",
                           "akkoma_emoji_react.json"}) {
    CAPTURE(name);
    auto parsed = json::Parse(FixtureText(name));
    REQUIRE(parsed.ok());
    auto activity = ActivityFromJson(*parsed);
    CHECK_MESSAGE(activity.ok(), (activity.ok() ? "" : activity.error().ToLogString()));
  }
}
