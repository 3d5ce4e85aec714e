// Mastodon entity shapes: Account, CredentialAccount, Status, Relationship, Instance.
#include <doctest/doctest.h>

#include "src/api/ids.h"
#include "tests/unit/api/api_harness.h"

namespace cornerstore::testing {
namespace {

void CheckAccountShape(const json::Value& a) {
  for (const char* key : {"id", "username", "acct", "display_name", "note", "url", "avatar",
                          "avatar_static", "header", "header_static", "created_at"}) {
    CAPTURE(key);
    CHECK(a.FindString(key) != nullptr);
  }
  for (const char* key : {"locked", "bot", "group"}) {
    CAPTURE(key);
    CHECK(a.FindBool(key).has_value());
  }
  for (const char* key : {"followers_count", "following_count", "statuses_count"}) {
    CAPTURE(key);
    CHECK(a.FindInt(key).has_value());
  }
  CHECK(a.FindArray("emojis") != nullptr);
  CHECK(a.FindArray("fields") != nullptr);
}

TEST_CASE("verify_credentials: a CredentialAccount with its source") {
  ApiHarness h;
  store::Account shop = h.shop;
  shop.display_name = "The Shop";
  shop.summary = "Fresh bread\ndaily";
  shop.fields = {{"Website", "https://shop.example"}};
  shop.manually_approves_followers = true;
  REQUIRE(h.accounts->UpdateAccount(shop).ok());
  activitypub::PostRequest hello;
  hello.text = "hello";
  h.MustPost(hello);
  json::Value a = ApiHarness::Body(h.Call("GET", "/api/v1/accounts/verify_credentials", "shop-rw"));
  CheckAccountShape(a);
  CHECK(*a.FindString("id") == std::to_string(h.shop.id));
  CHECK(*a.FindString("acct") == "shop");
  CHECK(*a.FindString("url") == "https://shop.example/@shop");
  CHECK(*a.FindString("note") == "<p>Fresh bread<br>daily</p>");
  CHECK(*a.FindString("avatar") == "https://shop.example/avatars/original/missing.png");
  CHECK(*a.FindBool("locked"));
  CHECK(*a.FindInt("statuses_count") == 1);
  CHECK(a.FindString("created_at")->ends_with(".000Z"));
  const json::Value& field = a.FindArray("fields")->at(0);
  CHECK(*field.FindString("name") == "Website");
  CHECK(field.FindString("value")->find("<a href=\"https://shop.example\"") != std::string::npos);
  const json::Value* source = a.FindObject("source");
  REQUIRE(source != nullptr);
  CHECK(*source->FindString("privacy") == "public");
  CHECK(*source->FindString("note") == "Fresh bread\ndaily");
  CHECK(*source->FindArray("fields")->at(0).FindString("value") == "https://shop.example");
  CHECK(source->FindInt("follow_requests_count") == 0);
}

TEST_CASE("a remote actor is an Account with an r-id, acct user@host and sanitized note") {
  ApiHarness h;
  REQUIRE(h.actors->Resolve(kAliceId).ok());
  const std::string id = api::RemoteAccountId(kAliceId);
  HttpResponse r = h.Call("GET", "/api/v1/accounts/" + id);
  REQUIRE(r.status == 200);
  json::Value a = ApiHarness::Body(r);
  CheckAccountShape(a);
  CHECK(*a.FindString("id") == id);
  CHECK(*a.FindString("acct") == "alice@mastodon.example");
  CHECK(a.FindString("note")->find("<script") == std::string::npos);
  // Lookup by acct finds the same account.
  json::Value looked =
      ApiHarness::Body(h.Call("GET", "/api/v1/accounts/lookup?acct=alice@mastodon.example"));
  CHECK(*looked.FindString("id") == id);
  CHECK(h.Call("GET", "/api/v1/accounts/lookup?acct=nobody@nowhere.example").status == 404);
  CHECK(ApiHarness::Error(h.Call("GET", "/api/v1/accounts/999")) == "Record not found");
}

TEST_CASE("a Status has Mastodon's fields, ids as strings and the viewer's flags") {
  ApiHarness h;
  json::Value s =
      h.PostStatus(R"({"status":"Hi @alice@mastodon.example, new #Bread","visibility":"private",)"
                   R"("spoiler_text":"food"})");
  CHECK(s.FindString("id") != nullptr);
  CHECK(s.FindString("uri")->starts_with("https://shop.example/users/shop/statuses/"));
  CHECK(*s.FindString("visibility") == "private");
  CHECK(*s.FindString("spoiler_text") == "food");
  CHECK(*s.FindBool("sensitive"));
  CHECK(s.Find("in_reply_to_id")->is_null());
  CHECK(s.Find("reblog")->is_null());
  CHECK(s.Find("poll")->is_null());
  CHECK(s.Find("card")->is_null());
  CHECK(s.FindArray("media_attachments")->empty());
  CHECK(s.FindArray("emojis")->empty());
  const json::Value& mention = s.FindArray("mentions")->at(0);
  CHECK(*mention.FindString("acct") == "alice@mastodon.example");
  CHECK(*mention.FindString("id") == api::RemoteAccountId(kAliceId));
  CHECK(*s.FindArray("tags")->at(0).FindString("name") == "bread");
  CHECK(*s.FindInt("favourites_count") == 0);
  CHECK(*s.FindString("content") != "");
  CHECK(*s.FindObject("account")->FindString("id") == std::to_string(h.shop.id));
  const std::string id = *s.FindString("id");

  // Followers-only: hidden from the anonymous public, shown to its author.
  CHECK(h.Call("GET", "/api/v1/statuses/" + id).status == 404);
  CHECK(h.Call("GET", "/api/v1/statuses/" + id, "shop-read").status == 200);

  json::Value pub = h.PostStatus(R"({"status":"Public news"})");
  const std::string pub_id = *pub.FindString("id");
  json::Value liked =
      ApiHarness::Body(h.Call("POST", "/api/v1/statuses/" + pub_id + "/favourite", "shop-rw"));
  CHECK(*liked.FindBool("favourited"));
  CHECK(*liked.FindInt("favourites_count") == 1);
  json::Value boost =
      ApiHarness::Body(h.Call("POST", "/api/v1/statuses/" + pub_id + "/reblog", "shop-rw"));
  CHECK(*boost.FindString("id") == pub_id + "b" + std::to_string(h.shop.id));
  CHECK(*boost.FindObject("reblog")->FindString("id") == pub_id);
  CHECK(*boost.FindBool("reblogged"));
  CHECK(h.Call("GET", "/api/v1/statuses/" + *boost.FindString("id")).status == 200);
  json::Value pinned =
      ApiHarness::Body(h.Call("POST", "/api/v1/statuses/" + pub_id + "/pin", "shop-rw"));
  CHECK(*pinned.FindBool("pinned"));
  json::Value undone =
      ApiHarness::Body(h.Call("POST", "/api/v1/statuses/" + pub_id + "/unreblog", "shop-rw"));
  CHECK_FALSE(*undone.FindBool("reblogged"));
  CHECK(*undone.FindBool("favourited"));
}

TEST_CASE("Relationship after following a remote account: requested until accepted") {
  ApiHarness h;
  REQUIRE(h.actors->Resolve(kAliceId).ok());
  const std::string id = api::RemoteAccountId(kAliceId);
  HttpResponse r = h.Call("POST", "/api/v1/accounts/" + id + "/follow", "shop-rw");
  REQUIRE_MESSAGE(r.status == 200, r.body);
  json::Value rel = ApiHarness::Body(r);
  CHECK(*rel.FindString("id") == id);
  CHECK(*rel.FindBool("requested"));
  CHECK_FALSE(*rel.FindBool("following"));
  for (const char* key : {"followed_by", "blocking", "blocked_by", "muting", "domain_blocking",
                          "endorsed", "showing_reblogs", "notifying", "requested_by"}) {
    CAPTURE(key);
    CHECK(rel.FindBool(key).has_value());
  }
  auto jobs = h.NewJobs();
  REQUIRE(jobs.size() == 1);
  CHECK(*ApiHarness::Activity(jobs).FindString("type") == "Follow");

  json::Value list = ApiHarness::Body(
      h.Call("GET", "/api/v1/accounts/relationships?id[]=" + id + "&id[]=bogus", "shop-rw"));
  REQUIRE(list.size() == 1);
  CHECK(*list.AsArray()[0].FindBool("requested"));

  json::Value after =
      ApiHarness::Body(h.Call("POST", "/api/v1/accounts/" + id + "/unfollow", "shop-rw"));
  CHECK_FALSE(*after.FindBool("requested"));
  CHECK(*ApiHarness::Activity(h.NewJobs()).FindString("type") == "Undo");
  // Following oneself is not allowed.
  CHECK(h.Call("POST", "/api/v1/accounts/" + std::to_string(h.shop.id) + "/follow", "shop-rw")
            .status == 403);
}

TEST_CASE("Instance v1 and v2 carry the name, version and limits clients read") {
  ApiHarness h;
  json::Value v1 = ApiHarness::Body(h.Call("GET", "/api/v1/instance"));
  CHECK(*v1.FindString("uri") == "shop.example");
  CHECK(*v1.FindString("title") == "Shop");
  CHECK(v1.FindString("version")->starts_with("4."));
  CHECK(v1.FindObject("stats")->FindInt("user_count") == 1);
  CHECK(v1.FindObject("configuration")->FindObject("statuses")->FindInt("max_characters") == 5000);
  json::Value v2 = ApiHarness::Body(h.Call("GET", "/api/v2/instance"));
  CHECK(*v2.FindString("domain") == "shop.example");
  CHECK(v2.FindObject("thumbnail")->FindString("url") != nullptr);
  CHECK(v2.FindObject("registrations")->FindBool("enabled") == false);
  CHECK(v2.FindObject("configuration")->FindObject("urls")->FindString("streaming") != nullptr);
}

}  // namespace
}  // namespace cornerstore::testing
