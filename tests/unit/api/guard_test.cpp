// The bearer-token guard: 401 for no or bad token, 403 for a missing scope, 422 for an app
// token where an account is needed; public reads stay open.
#include <doctest/doctest.h>

#include "tests/unit/api/api_harness.h"

namespace cornerstore::testing {
namespace {

TEST_CASE("endpoints that act for an account refuse missing and unknown tokens") {
  ApiHarness h;
  HttpResponse none = h.Call("GET", "/api/v1/accounts/verify_credentials");
  CHECK(none.status == 401);
  CHECK(ApiHarness::Error(none) == "The access token is invalid");
  HttpResponse bad = h.Call("GET", "/api/v1/accounts/verify_credentials", "nope");
  CHECK(bad.status == 401);
  CHECK(ApiHarness::Error(bad) == "The access token is invalid");
  CHECK(h.Call("GET", "/api/v1/accounts/verify_credentials", "shop-read").status == 200);
}

TEST_CASE("a token without the endpoint's scope gets 403 and nothing happens") {
  ApiHarness h;
  HttpResponse r = h.Call("POST", "/api/v1/statuses", "shop-read", R"({"status":"hi"})");
  CHECK(r.status == 403);
  CHECK(ApiHarness::Error(r) == "This action is outside the authorized scopes");
  auto posts = h.federation->CountAccountObjects(h.shop.id, {});
  REQUIRE(posts.ok());
  CHECK(*posts == 0);
  CHECK(h.NewJobs().empty());
  // A sub-scope grants exactly its part.
  h.GiveToken("statuses-only", h.shop, "write:statuses");
  CHECK(h.Call("POST", "/api/v1/statuses", "statuses-only", R"({"status":"hi"})").status == 200);
  CHECK(h.Call("PATCH", "/api/v1/accounts/update_credentials", "statuses-only", R"({"note":"x"})")
            .status == 403);
}

TEST_CASE("an app token reads anonymously but cannot act") {
  ApiHarness h;
  auth::Principal app;
  app.scopes = {"read", "write"};
  h.authenticator.tokens["app"] = app;
  HttpResponse r = h.Call("GET", "/api/v1/accounts/verify_credentials", "app");
  CHECK(r.status == 422);
  CHECK(ApiHarness::Error(r) == "This method requires an authenticated user");
  CHECK(h.Call("GET", "/api/v1/accounts/" + std::to_string(h.shop.id), "app").status == 200);
}

TEST_CASE("public reads need no token, but a bad one is still refused") {
  ApiHarness h;
  CHECK(h.Call("GET", "/api/v1/instance").status == 200);
  CHECK(h.Call("GET", "/api/v1/accounts/" + std::to_string(h.shop.id)).status == 200);
  CHECK(h.Call("GET", "/api/v1/accounts/" + std::to_string(h.shop.id), "nope").status == 401);
}

}  // namespace
}  // namespace cornerstore::testing
