// Reading a client's submission: wrapping bare objects, dropping client ids, refusing
// impersonation and types the outbox does not carry out, and the scope each type needs.
#include <doctest/doctest.h>

#include "activitypub/c2s/client_activity.h"
#include "activitypub/c2s/post_mapping.h"
#include "tests/unit/c2s/c2s_harness.h"

namespace cornerstore::testing {
namespace {

using activitypub::c2s::ClientActivityFromJson;
using activitypub::c2s::RequiredScope;

Result<activitypub::c2s::ClientActivity> Parse(const std::string& text) {
  return ClientActivityFromJson(C2sHarness::Json(text), kShopActor);
}

TEST_CASE("a bare Note is wrapped in a Create carrying its addressing") {
  auto parsed = Parse(R"({"type":"Note","id":"https://evil.example/1","content":"<p>Hi</p>",
      "to":["https://www.w3.org/ns/activitystreams#Public"],"bcc":["https://gts.example/users/bob"]})");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().ToLogString());
  CHECK(parsed->wrapped);
  const activitypub::Activity& a = parsed->activity;
  CHECK(a.type == "Create");
  CHECK(a.id.empty());
  CHECK(a.actor == kShopActor);
  CHECK(a.addressing.to == std::vector<std::string>{kPublic});
  CHECK(a.addressing.bcc == std::vector<std::string>{kBobId});
  REQUIRE(a.object.object);
  CHECK(a.object.object->id.empty());  // the client's id is ignored
  CHECK(a.object.object->attributed_to == kShopActor);
  CHECK(parsed->has_content);
  CHECK_FALSE(parsed->has_summary);
}

TEST_CASE("a Create's own ids are dropped and as:Public is understood") {
  auto parsed = Parse(R"({"type":"Create","id":"https://shop.example/users/shop#mine",
      "actor":"https://shop.example/users/shop","cc":["as:Public"],
      "object":{"type":"Article","id":"https://shop.example/users/shop/statuses/x","name":"T"}})");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().ToLogString());
  CHECK_FALSE(parsed->wrapped);
  CHECK(parsed->activity.id.empty());
  CHECK(parsed->activity.object.object->id.empty());
  CHECK(parsed->activity.addressing.cc == std::vector<std::string>{kPublic});
}

TEST_CASE("speaking for someone else is forbidden") {
  auto other_actor = Parse(R"({"type":"Like","actor":"https://shop.example/users/other",
      "object":"https://mastodon.example/users/alice/statuses/1"})");
  REQUIRE_FALSE(other_actor.ok());
  CHECK(other_actor.error().code == ErrorCode::kForbidden);
  auto other_author = Parse(R"({"type":"Note","content":"x",
      "attributedTo":"https://mastodon.example/users/alice"})");
  REQUIRE_FALSE(other_author.ok());
  CHECK(other_author.error().code == ErrorCode::kForbidden);
  auto other_undo = Parse(R"({"type":"Undo","object":{"type":"Like",
      "actor":"https://mastodon.example/users/alice","object":"https://x.example/1"}})");
  REQUIRE_FALSE(other_undo.ok());
  CHECK(other_undo.error().code == ErrorCode::kForbidden);
}

TEST_CASE("unknown types and shapeless bodies are invalid input") {
  for (const char* text :
       {R"({"type":"Move","object":"https://x.example/a"})", R"({"type":"Question","content":"?"})",
        R"({"content":"no type"})", R"([1,2])",
        R"({"type":"Create","object":"https://x.example/1"})",
        R"({"type":"Create","object":{"type":"Person"}})", R"({"type":"Like"})"}) {
    auto parsed = Parse(text);
    CHECK_MESSAGE(!parsed.ok(), text);
    if (!parsed.ok()) CHECK(parsed.error().code == ErrorCode::kInvalidInput);
  }
}

TEST_CASE("the scope each activity needs") {
  CHECK(RequiredScope("Create") == "write:statuses");
  CHECK(RequiredScope("Update") == "write:statuses");
  CHECK(RequiredScope("Delete") == "write:statuses");
  CHECK(RequiredScope("Announce") == "write:statuses");
  CHECK(RequiredScope("Like") == "write:favourites");
  CHECK(RequiredScope("Follow") == "write:follows");
  CHECK(RequiredScope("Block") == "write:blocks");
  CHECK(RequiredScope("Add") == "write:accounts");
  CHECK(RequiredScope("Undo", "Follow") == "write:follows");
  CHECK(RequiredScope("Undo", "Like") == "write:favourites");
}

TEST_CASE("visibility from addressing, blind fields included") {
  using activitypub::Addressing;
  using activitypub::c2s::VisibilityFromAddressing;
  Addressing a;
  a.to = {kPublic};
  CHECK(VisibilityFromAddressing(a, kShopFollowers) == store::Visibility::kPublic);
  a = {};
  a.bto = {kPublic};
  CHECK(VisibilityFromAddressing(a, kShopFollowers) == store::Visibility::kPublic);
  a = {};
  a.to = {kShopFollowers};
  a.cc = {kPublic};
  CHECK(VisibilityFromAddressing(a, kShopFollowers) == store::Visibility::kUnlisted);
  a = {};
  a.bcc = {kShopFollowers};
  CHECK(VisibilityFromAddressing(a, kShopFollowers) == store::Visibility::kFollowers);
  a = {};
  a.to = {kAliceId};
  CHECK(VisibilityFromAddressing(a, kShopFollowers) == store::Visibility::kDirect);
  CHECK(VisibilityFromAddressing({}, kShopFollowers) == store::Visibility::kDirect);
}

TEST_CASE("mentions are written into the text once") {
  using activitypub::c2s::WithMentions;
  CHECK(WithMentions("Hello", {"@alice@mastodon.example"}) == "@alice@mastodon.example Hello");
  CHECK(WithMentions("Hi @alice!", {"@alice@mastodon.example"}) == "Hi @alice@mastodon.example!");
  CHECK(WithMentions("Hi @Alice@Mastodon.example", {"@alice@mastodon.example"}) ==
        "Hi @Alice@Mastodon.example");
  CHECK(WithMentions("Hi @alicea", {"@alice@mastodon.example"}) ==
        "@alice@mastodon.example Hi @alicea");
  CHECK(WithMentions("x", {"@bob", "@bob"}) == "@bob x");
}

}  // namespace
}  // namespace cornerstore::testing
