#include <doctest/doctest.h>

#include "webfinger/resource.h"

using namespace cornerstore;
using cornerstore::webfinger::ParseResource;

TEST_CASE("webfinger resource: acct forms") {
  for (const char* text : {"acct:shop@shop.example", "shop@shop.example", "acct:@shop@shop.example",
                           "@shop@shop.example", "ACCT:shop@SHOP.example"}) {
    CAPTURE(text);
    auto r = ParseResource(text);
    REQUIRE(r.ok());
    CHECK(r->username == "shop");
    CHECK(r->host == "shop.example");
    CHECK_FALSE(r->is_url);
  }
  auto port = ParseResource("acct:shop@localhost:8080");
  REQUIRE(port.ok());
  CHECK(port->host == "localhost:8080");
  auto upper = ParseResource("acct:Shop@shop.example");
  REQUIRE(upper.ok());
  CHECK(upper->username == "Shop");  // matching is the store's job, case-insensitively
}

TEST_CASE("webfinger resource: URL forms") {
  auto actor = ParseResource("https://social.shop.example/users/shop");
  REQUIRE(actor.ok());
  CHECK(actor->username == "shop");
  CHECK(actor->host == "social.shop.example");
  CHECK(actor->is_url);
  auto profile = ParseResource("https://social.shop.example/@shop");
  REQUIRE(profile.ok());
  CHECK(profile->username == "shop");
  auto with_port = ParseResource("http://127.0.0.1:8080/users/shop/");
  REQUIRE(with_port.ok());
  CHECK(with_port->host == "127.0.0.1:8080");
}

TEST_CASE("webfinger resource: malformed input is refused with a reason") {
  for (const char* text :
       {"", "acct:", "acct:shop", "shop@", "@shop", "acct:sh op@x.example", "acct:shop@x y",
        "acct:shop@exa_mple..com", "https://x.example/", "https://x.example/users/",
        "https://x.example/users/a/b", "ftp://x.example/users/shop", "acct:<script>@x.example",
        "acct:shop@x.example/path"}) {
    CAPTURE(text);
    auto r = ParseResource(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kInvalidInput);
    CHECK_FALSE(r.error().message.empty());
  }
  CHECK_FALSE(ParseResource(std::string(600, 'a') + "@x.example").ok());
}
