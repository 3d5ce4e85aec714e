// Account and status ids, and Mastodon's max_id/since_id/min_id/limit with Link headers.
#include <doctest/doctest.h>

#include "src/api/ids.h"
#include "src/api/pagination.h"

namespace cornerstore::api {
namespace {

TEST_CASE("account ids round-trip for local accounts and remote actors") {
  CHECK(LocalAccountId(7) == "7");
  auto local = ParseAccountId("7");
  REQUIRE(local);
  CHECK(local->local_id == 7);
  const std::string uri = "https://mastodon.example/users/alice?x=1&y=ä";
  const std::string id = RemoteAccountId(uri);
  CHECK(id.front() == 'r');
  CHECK(id.find_first_not_of("rABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
  auto remote = ParseAccountId(id);
  REQUIRE(remote);
  CHECK_FALSE(remote->is_local());
  CHECK(remote->remote_uri == uri);
}

TEST_CASE("account ids that name nothing are refused") {
  CHECK_FALSE(ParseAccountId(""));
  CHECK_FALSE(ParseAccountId("0"));
  CHECK_FALSE(ParseAccountId("-3"));
  CHECK_FALSE(ParseAccountId("relationships"));  // decodes to bytes that are not a URL
  CHECK_FALSE(ParseAccountId("r"));
  CHECK_FALSE(ParseAccountId(RemoteAccountId("ftp://x.example/u")));
  CHECK_FALSE(ParseAccountId("r" + std::string(4000, 'A')));
}

TEST_CASE("status ids name a post or a local account's boost of it") {
  CHECK(StatusId(42) == "42");
  CHECK(ReblogId(42, 1) == "42b1");
  auto post = ParseStatusId("42");
  REQUIRE(post);
  CHECK(post->object_id == 42);
  CHECK(post->reblogger_account_id == 0);
  auto boost = ParseStatusId("42b1");
  REQUIRE(boost);
  CHECK(boost->object_id == 42);
  CHECK(boost->reblogger_account_id == 1);
  CHECK_FALSE(ParseStatusId("42b"));
  CHECK_FALSE(ParseStatusId("b1"));
  CHECK_FALSE(ParseStatusId("abc"));
}

TEST_CASE("page parameters: cursors, default and clamped limits") {
  auto p = Params::FromQuery("max_id=100&since_id=5&limit=500");
  REQUIRE(p.ok());
  PageParams page = ParsePage(*p, 20, 40);
  CHECK(page.max_id == 100);
  CHECK(page.since_id == 5);
  CHECK(page.limit == 40);
  store::PageRequest request = StorePage(page);
  CHECK(request.max_id == 100);
  CHECK(request.min_id == 5);
  CHECK(request.limit == 40);

  auto junk = Params::FromQuery("max_id=abc&limit=x");
  REQUIRE(junk.ok());
  PageParams defaults = ParsePage(*junk, 20, 40);
  CHECK(defaults.max_id == 0);
  CHECK(defaults.limit == 20);
  auto zero = Params::FromQuery("limit=0&min_id=9");
  PageParams clamped = ParsePage(*zero, 20, 40);
  CHECK(clamped.limit == 1);
  CHECK(StorePage(clamped).min_id == 9);
}

TEST_CASE("the Link header points to older (next) and newer (prev) pages") {
  auto query = Params::FromQuery("limit=2&max_id=50&only_media=false");
  REQUIRE(query.ok());
  CHECK(PageLinks("https://shop.example", "/api/v1/accounts/1/statuses", *query, 40, 30) ==
        "<https://shop.example/api/v1/accounts/1/statuses?limit=2&only_media=false&max_id=30>; "
        "rel=\"next\", "
        "<https://shop.example/api/v1/accounts/1/statuses?limit=2&only_media=false&min_id=40>; "
        "rel=\"prev\"");
  HttpRequest request;
  request.target = "/api/v1/accounts/1/followers";
  HttpResponse empty;
  AddPageLinks(empty, "https://shop.example", request, 0, 0);
  CHECK_FALSE(empty.headers.Has("Link"));
  HttpResponse full;
  AddPageLinks(full, "https://shop.example", request, 9, 3);
  CHECK(*full.headers.Get("Link") ==
        "<https://shop.example/api/v1/accounts/1/followers?max_id=3>; rel=\"next\", "
        "<https://shop.example/api/v1/accounts/1/followers?min_id=9>; rel=\"prev\"");
}

}  // namespace
}  // namespace cornerstore::api
