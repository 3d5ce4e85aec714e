// Endpoints end to end over the route table: profile edits, posting, replies, edits,
// deletions, lists with Link pagination, search, and the clear refusals of what comes later.
#include <doctest/doctest.h>

#include "src/api/ids.h"
#include "tests/unit/api/api_harness.h"

namespace cornerstore::testing {
namespace {

TEST_CASE("update_credentials takes JSON, form and multipart bodies") {
  ApiHarness h;
  HttpResponse r = h.Call(
      "PATCH", "/api/v1/accounts/update_credentials", "shop-rw",
      R"({"display_name":"The Shop","note":"Bread","locked":true,)"
      R"("fields_attributes":{"0":{"name":"Web","value":"https://shop.example"},"1":{"name":"","value":""}}})");
  REQUIRE_MESSAGE(r.status == 200, r.body);
  json::Value a = ApiHarness::Body(r);
  CHECK(*a.FindString("display_name") == "The Shop");
  CHECK(*a.FindBool("locked"));
  CHECK(a.FindArray("fields")->size() == 1);
  auto stored = h.accounts->FindAccountById(h.shop.id);
  REQUIRE(stored.ok());
  CHECK(stored->summary == "Bread");
  CHECK(stored->manually_approves_followers);

  r = h.Call("PATCH", "/api/v1/accounts/update_credentials", "shop-rw",
             "display_name=Shop+2&fields_attributes[0][name]=Tel&fields_attributes[0][value]=123",
             "application/x-www-form-urlencoded");
  REQUIRE(r.status == 200);
  stored = h.accounts->FindAccountById(h.shop.id);
  CHECK(stored->display_name == "Shop 2");
  REQUIRE(stored->fields.size() == 1);
  CHECK(stored->fields[0].name == "Tel");

  const std::string body =
      "--b\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"\r\n\r\nPNG\r\n"
      "--b--\r\n";
  r = h.Call("PATCH", "/api/v1/accounts/update_credentials", "shop-rw", body,
             "multipart/form-data; boundary=b");
  CHECK(r.status == 422);
  CHECK(ApiHarness::Error(r) == "Media uploads are not supported yet");

  r = h.Call("PATCH", "/api/v1/accounts/update_credentials", "shop-rw",
             R"({"display_name":")" + std::string(200, 'x') + R"("})");
  CHECK(r.status == 422);
  CHECK(ApiHarness::Error(r).starts_with("Validation failed"));
}

TEST_CASE("media and polls are refused with a clear 422") {
  ApiHarness h;
  for (const char* path : {"/api/v1/media", "/api/v2/media"}) {
    HttpResponse r = h.Call("POST", path, "shop-rw", "x", "image/png");
    CHECK(r.status == 422);
    CHECK(ApiHarness::Error(r) == "Media uploads are not supported yet");
  }
  CHECK(h.Call("POST", "/api/v1/media", "").status == 401);
  HttpResponse r =
      h.Call("POST", "/api/v1/statuses", "shop-rw", R"({"status":"x","media_ids":["1"]})");
  CHECK(r.status == 422);
  r = h.Call("POST", "/api/v1/statuses", "shop-rw",
             R"({"status":"x","poll":{"options":["a","b"],"expires_in":60}})");
  CHECK(r.status == 422);
  CHECK(ApiHarness::Error(r) == "Polls are not supported yet");
  // An empty media_ids (what many apps send) is fine.
  CHECK(h.Call("POST", "/api/v1/statuses", "shop-rw", R"({"status":"x","media_ids":[]})").status ==
        200);
}

TEST_CASE("posting validates like Mastodon: blank text and bad visibility are 422") {
  ApiHarness h;
  HttpResponse r = h.Call("POST", "/api/v1/statuses", "shop-rw", R"({"status":"  "})");
  CHECK(r.status == 422);
  CHECK(ApiHarness::Error(r) == "Validation failed: Text can't be blank");
  r = h.Call("POST", "/api/v1/statuses", "shop-rw", R"({"status":"x","visibility":"secret"})");
  CHECK(r.status == 422);
  r = h.Call("POST", "/api/v1/statuses", "shop-rw", R"({"status":"x","in_reply_to_id":"999"})");
  CHECK(r.status == 404);
  CHECK(ApiHarness::Error(r) == "Record not found");
  r = h.Call("POST", "/api/v1/statuses", "shop-rw",
             std::string(R"({"status":")") + std::string(6000, 'a') + R"("})");
  CHECK(r.status == 422);
}

TEST_CASE("a reply, its context, an edit and a deletion") {
  ApiHarness h;
  json::Value parent = h.PostStatus(R"({"status":"Opening hours?"})");
  const std::string parent_id = *parent.FindString("id");
  json::Value reply =
      h.PostStatus(R"({"status":"9 to 5","in_reply_to_id":")" + parent_id + R"("})");
  const std::string reply_id = *reply.FindString("id");
  CHECK(*reply.FindString("in_reply_to_id") == parent_id);
  CHECK(*reply.FindString("in_reply_to_account_id") == std::to_string(h.shop.id));

  json::Value context =
      ApiHarness::Body(h.Call("GET", "/api/v1/statuses/" + reply_id + "/context"));
  REQUIRE(context.FindArray("ancestors")->size() == 1);
  CHECK(*context.FindArray("ancestors")->at(0).FindString("id") == parent_id);
  CHECK(context.FindArray("descendants")->empty());

  HttpResponse edited = h.Call("PUT", "/api/v1/statuses/" + reply_id, "shop-rw",
                               R"({"status":"9 to 6","spoiler_text":""})");
  REQUIRE_MESSAGE(edited.status == 200, edited.body);
  CHECK(ApiHarness::Body(edited).FindString("content")->find("9 to 6") != std::string::npos);
  CHECK(ApiHarness::Body(edited).FindString("edited_at") != nullptr);

  HttpResponse deleted = h.Call("DELETE", "/api/v1/statuses/" + reply_id, "shop-rw");
  REQUIRE(deleted.status == 200);
  CHECK(*ApiHarness::Body(deleted).FindString("text") == "9 to 6");
  CHECK(h.Call("GET", "/api/v1/statuses/" + reply_id, "shop-rw").status == 404);
  CHECK(h.Call("DELETE", "/api/v1/statuses/" + reply_id, "shop-rw").status == 404);

  // Someone else's post cannot be edited or deleted.
  store::Account other = h.CreateAccount("other");
  h.GiveToken("other-rw", other, "read write");
  CHECK(h.Call("DELETE", "/api/v1/statuses/" + parent_id, "other-rw").status == 404);
  CHECK(h.Call("PUT", "/api/v1/statuses/" + parent_id, "other-rw", R"({"status":"x"})").status ==
        404);
}

TEST_CASE("account statuses page with max_id and a Link header; visibility is respected") {
  ApiHarness h;
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(
        *h.PostStatus(R"({"status":"post )" + std::to_string(i) + R"("})").FindString("id"));
  }
  h.PostStatus(R"({"status":"for followers","visibility":"private"})");
  const std::string base = "/api/v1/accounts/" + std::to_string(h.shop.id) + "/statuses";
  HttpResponse first = h.Call("GET", base + "?limit=2");
  json::Value page = ApiHarness::Body(first);
  REQUIRE(page.size() == 2);
  CHECK(*page.AsArray()[0].FindString("id") == ids[4]);  // the followers-only post is hidden
  const std::string link = std::string(*first.headers.Get("Link"));
  CHECK(link.find("max_id=" + ids[3] + ">; rel=\"next\"") != std::string::npos);
  CHECK(link.find("min_id=" + ids[4] + ">; rel=\"prev\"") != std::string::npos);
  json::Value next = ApiHarness::Body(h.Call("GET", base + "?limit=2&max_id=" + ids[3]));
  REQUIRE(next.size() == 2);
  CHECK(*next.AsArray()[0].FindString("id") == ids[2]);
  json::Value newer = ApiHarness::Body(h.Call("GET", base + "?since_id=" + ids[3]));
  CHECK(newer.size() == 1);
  // The author sees all six.
  CHECK(ApiHarness::Body(h.Call("GET", base, "shop-read")).size() == 6);
}

TEST_CASE("account search: local names, known handles, and WebFinger with resolve=true") {
  ApiHarness h;
  json::Value local = ApiHarness::Body(h.Call("GET", "/api/v1/accounts/search?q=sho", "shop-read"));
  REQUIRE(local.size() == 1);
  CHECK(*local.AsArray()[0].FindString("acct") == "shop");
  json::Value unresolved =
      ApiHarness::Body(h.Call("GET", "/api/v1/accounts/search?q=@bob@gts.example", "shop-read"));
  CHECK(unresolved.size() == 0);
  json::Value resolved = ApiHarness::Body(
      h.Call("GET", "/api/v1/accounts/search?q=@bob@gts.example&resolve=true", "shop-read"));
  REQUIRE(resolved.size() == 1);
  CHECK(*resolved.AsArray()[0].FindString("id") == api::RemoteAccountId(kBobId));
}

TEST_CASE("followers list remote followers with Link pagination") {
  ApiHarness h;
  h.AddFollower(kAliceId);
  h.AddFollower(kBobId);
  HttpResponse r =
      h.Call("GET", "/api/v1/accounts/" + std::to_string(h.shop.id) + "/followers?limit=1");
  json::Value list = ApiHarness::Body(r);
  REQUIRE(list.size() == 1);
  CHECK(*list.AsArray()[0].FindString("acct") == "bob@gts.example");
  CHECK(r.headers.Has("Link"));
  json::Value following = ApiHarness::Body(
      h.Call("GET", "/api/v1/accounts/" + std::to_string(h.shop.id) + "/following"));
  CHECK(following.size() == 0);
}

}  // namespace
}  // namespace cornerstore::testing
