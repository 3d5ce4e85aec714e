// Create: which posts are stored (addressed, mentioning, replying, from a followed actor), how
// (sanitized, visibility, mentions, hashtags, title + link), what notifies, and what is refused.
#include <doctest/doctest.h>

#include <string>

#include "tests/unit/inbox/inbox_harness.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;
using namespace cornerstore::testing;

namespace {

const std::string kAliceReply = "https://mastodon.example/users/alice/statuses/111222333444555666";
const std::string kAlicePublic = "https://mastodon.example/users/alice/statuses/111222333444555777";

std::vector<int64_t> TimelineIds(InboxHarness& h, int64_t account_id) {
  auto list = h.federation->ListTimeline(account_id, {});
  REQUIRE(list.ok());
  std::vector<int64_t> ids;
  for (const auto& o : *list) ids.push_back(o.id);
  return ids;
}

}  // namespace

TEST_CASE("Create: a Mastodon reply mentioning us is stored, sanitized, and notifies once") {
  InboxHarness h;
  h.AddLocalPost();
  CHECK(h.DeliverFixture(h.Alice(), "mastodon_create_reply.json").status == 202);
  CHECK(h.CountInbox("done") == 1);

  auto note = h.FindObject(kAliceReply);
  REQUIRE(note);
  CHECK(note->type == "Note");
  CHECK(note->account_id == 0);
  CHECK(note->attributed_to == kAlice);
  CHECK(note->in_reply_to_uri == kShopPost);
  CHECK(note->visibility == store::Visibility::kPublic);
  CHECK(h.sanitizer_calls > 0);
  // Through the sanitizer: links get rel="nofollow noopener noreferrer".
  CHECK(note->content_html.find("nofollow noopener noreferrer") != std::string::npos);
  CHECK(note->content_html.find("sourdough") != std::string::npos);
  CHECK(note->url == "https://mastodon.example/@alice/111222333444555666");
  REQUIRE(note->mentions.size() == 1);
  CHECK(note->mentions[0].actor_uri == kShop);
  CHECK(note->mentions[0].account_id == h.shop.id);
  CHECK(note->mentions[0].acct == "shop@shop.example");
  REQUIRE(note->hashtags.size() == 1);
  CHECK(note->hashtags[0] == "bread");
  CHECK(note->raw_json.find("A round loaf") != std::string::npos);

  auto notes = h.Notifications();
  REQUIRE(notes.size() == 1);  // a mention that is also a reply notifies once
  CHECK(notes[0].type == store::NotificationType::kMention);
  CHECK(notes[0].object_uri == kAliceReply);
  CHECK(TimelineIds(h, h.shop.id) == std::vector<int64_t>{note->id});

  // The same item processed again changes nothing.
  const std::string before = h.Footprint();
  CHECK(h.ProcessDirect(kAlice, FixtureText("mastodon_create_reply.json")).ok());
  CHECK(h.Footprint() == before);
}

TEST_CASE("Create: a reply that does not mention us notifies as a reply") {
  InboxHarness h;
  h.AddLocalPost();
  json::Value create = Fixture("mastodon_create_reply.json");
  json::Value* note = create.Find("object");
  note->Set("tag", json::Value::MakeArray());
  note->Set("cc", json::Array{json::Value(std::string(kAlice) + "/followers")});
  create.Set("cc", json::Array{json::Value(std::string(kAlice) + "/followers")});
  h.Deliver(h.Alice(), json::Serialize(create));
  auto notes = h.Notifications();
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].type == store::NotificationType::kReply);
}

TEST_CASE("Create: a public post is stored only for accounts that follow its author") {
  InboxHarness h;
  SUBCASE("nobody here follows Alice") {
    h.DeliverFixture(h.Alice(), "mastodon_create_public.json");
    CHECK_FALSE(h.FindObject(kAlicePublic));
    CHECK(h.CountInbox("done") == 1);
  }
  SUBCASE("the shop follows Alice") {
    h.AddOurFollow(kAlice, store::FollowState::kAccepted);
    h.DeliverFixture(h.Alice(), "mastodon_create_public.json");
    auto note = h.FindObject(kAlicePublic);
    REQUIRE(note);
    CHECK(note->sensitive);
    CHECK(note->summary == "bread talk");
    CHECK(TimelineIds(h, h.shop.id) == std::vector<int64_t>{note->id});
    CHECK(h.Notifications().empty());
  }
  SUBCASE("a pending follow is not enough") {
    h.AddOurFollow(kAlice, store::FollowState::kPending);
    h.DeliverFixture(h.Alice(), "mastodon_create_public.json");
    CHECK_FALSE(h.FindObject(kAlicePublic));
  }
  SUBCASE("an account that blocked Alice does not get it") {
    h.AddOurFollow(kAlice, store::FollowState::kAccepted);
    store::Block block;
    block.account_id = h.shop.id;
    block.actor_uri = kAlice;
    REQUIRE(h.federation->AddBlock(block).ok());
    h.DeliverFixture(h.Alice(), "mastodon_create_public.json");
    CHECK_FALSE(h.FindObject(kAlicePublic));
  }
}

TEST_CASE("Create: GoToSocial followers-only, snac direct, Misskey mention") {
  InboxHarness h;
  h.DeliverFixture(h.Bob(), "gotosocial_create_followers_only.json");
  auto gts = h.FindObject("https://gts.example/users/bob/statuses/01HXYZNOTE00000000000000");
  REQUIRE(gts);
  CHECK(gts->visibility == store::Visibility::kFollowers);

  h.DeliverFixture(h.Dave(), "snac_create_direct.json");
  auto snac = h.FindObject("https://snac.example/dave/p/1732806000.123456");
  REQUIRE(snac);
  CHECK(snac->visibility == store::Visibility::kDirect);
  CHECK(snac->conversation_uri == "https://snac.example/dave/c/abcdef");

  h.DeliverFixture(h.Carol(), "misskey_create_note.json");
  auto misskey = h.FindObject("https://misskey.example/notes/9kqv6note01");
  REQUIRE(misskey);
  CHECK(misskey->visibility == store::Visibility::kPublic);
  REQUIRE(misskey->hashtags.size() == 1);
  CHECK(misskey->hashtags[0] == "パン");

  auto notes = h.Notifications();
  CHECK(notes.size() == 3);
  for (const auto& n : notes) CHECK(n.type == store::NotificationType::kMention);
  CHECK(TimelineIds(h, h.shop.id).size() == 3);
  CHECK(h.CountInbox("failed") == 0);
}

TEST_CASE("Create: a direct message to someone else is not shown to followers") {
  InboxHarness h;
  h.AddOurFollow(kDave, store::FollowState::kAccepted);
  json::Value dm = Fixture("snac_create_direct.json");
  for (json::Value* v : {&dm, dm.Find("object")}) {
    v->Set("to", json::Array{json::Value("https://elsewhere.example/users/x")});
  }
  dm.Find("object")->Set("tag", json::Value::MakeArray());
  h.Deliver(h.Dave(), json::Serialize(dm));
  CHECK_FALSE(h.FindObject("https://snac.example/dave/p/1732806000.123456"));
}

TEST_CASE("Create: a Question keeps its options; an Article becomes a title and a link") {
  InboxHarness h;
  h.AddOurFollow(kAlice, store::FollowState::kAccepted);
  h.DeliverFixture(h.Alice(), "mastodon_create_question.json");
  auto poll = h.FindObject("https://mastodon.example/users/alice/statuses/111222333444555888");
  REQUIRE(poll);
  CHECK(poll->type == "Question");
  CHECK(poll->content_html.find("<li>Rye</li>") != std::string::npos);
  CHECK(poll->content_html.find("<li>Spelt &lt;b&gt;!&lt;/b&gt;</li>") != std::string::npos);

  json::Value article = Fixture("mastodon_create_public.json");
  json::Value* object = article.Find("object");
  article.Set("id", "https://mastodon.example/users/alice/articles/1/activity");
  object->Set("id", "https://mastodon.example/users/alice/articles/1");
  object->Set("type", "Article");
  object->Set("name", "How to <bake>");
  object->Set("url", "https://mastodon.example/articles/how-to-bake");
  object->Set("content", "<p>A very long text <script>x</script></p>");
  h.Deliver(h.Alice(), json::Serialize(article));
  auto stored = h.FindObject("https://mastodon.example/users/alice/articles/1");
  REQUIRE(stored);
  CHECK(stored->type == "Article");
  CHECK(stored->content_html.starts_with("<p><strong>How to &lt;bake&gt;</strong></p><p><a "));
  CHECK(stored->content_html.find("href=\"https://mastodon.example/articles/how-to-bake\"") !=
        std::string::npos);
  CHECK(stored->content_html.find("A very long text") == std::string::npos);
}

TEST_CASE("Create: hostile HTML is sanitized before it is stored") {
  InboxHarness h;
  h.AddLocalPost();
  json::Value create = Fixture("mastodon_create_reply.json");
  create.Find("object")->Set(
      "content",
      "<p onclick=\"steal()\">hi <script>alert(1)</script><a href=\"javascript:x\">y</a></p>");
  create.Find("object")->Erase("contentMap");
  create.Find("object")->Set("summary", "<script>cw</script>spoiler");
  h.Deliver(h.Alice(), json::Serialize(create));
  auto note = h.FindObject(kAliceReply);
  REQUIRE(note);
  CHECK(note->content_html.find("<script") == std::string::npos);
  CHECK(note->content_html.find("onclick") == std::string::npos);
  CHECK(note->content_html.find("javascript:") == std::string::npos);
  CHECK(note->summary == "spoiler");
}

TEST_CASE("Create: forged origins are refused and nothing is stored") {
  InboxHarness h;
  h.AddLocalPost();
  h.Alice();
  const std::string before = h.Footprint();
  json::Value create = Fixture("mastodon_create_reply.json");

  SUBCASE("object on another host") {
    create.Find("object")->Set("id", "https://gts.example/users/bob/statuses/forged");
    h.Deliver(h.Alice(), json::Serialize(create));
    CHECK(h.LastFailure().find("not on the actor's host") != std::string::npos);
  }
  SUBCASE("object attributed to someone else") {
    create.Find("object")->Set("attributedTo", "https://mastodon.example/users/mallory");
    h.Deliver(h.Alice(), json::Serialize(create));
    CHECK(h.LastFailure().find("attributed to someone else") != std::string::npos);
  }
  SUBCASE("object id colliding with a local URL") {
    create.Find("object")->Set("id", "https://shop.example/users/shop/statuses/2");
    h.Deliver(h.Alice(), json::Serialize(create));
    CHECK(h.CountInbox("failed") == 1);
  }
  SUBCASE("activity id on another host") {
    create.Set("id", "https://gts.example/activities/1");
    h.Deliver(h.Alice(), json::Serialize(create));
    CHECK(h.LastFailure().find("activity id is not on the actor's host") != std::string::npos);
  }
  SUBCASE("a bare IRI instead of the object") {
    create.Set("object", kAliceReply);
    h.Deliver(h.Alice(), json::Serialize(create));
    CHECK(h.CountInbox("failed") == 1);
  }
  CHECK(h.Footprint() == before);
}

TEST_CASE("Create: an object that was deleted is never created again") {
  InboxHarness h;
  h.AddLocalPost();
  h.DeliverFixture(h.Alice(), "mastodon_create_reply.json");
  json::Value del = Fixture("mastodon_delete_note.json");
  del.Set("id", kAliceReply + "#delete");
  del.Find("object")->Set("id", kAliceReply);
  h.Deliver(h.Alice(), json::Serialize(del));
  REQUIRE(h.FindObject(kAliceReply)->deleted_at != 0);

  json::Value again = Fixture("mastodon_create_reply.json");
  again.Set("id", kAliceReply + "/activity-again");
  h.Deliver(h.Alice(), json::Serialize(again));
  auto note = h.FindObject(kAliceReply);
  REQUIRE(note);
  CHECK(note->deleted_at != 0);
  CHECK(note->content_html.empty());
  CHECK(h.CountInbox("failed") == 0);
}
