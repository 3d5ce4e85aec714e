// Idempotency-Key: a retried post returns the first post and publishes nothing more.
#include <doctest/doctest.h>

#include "src/api/idempotency.h"
#include "tests/unit/api/api_harness.h"

namespace cornerstore::testing {
namespace {

int64_t CountPosts(ApiHarness& h) {
  auto n = h.federation->CountAccountObjects(h.shop.id, {});
  REQUIRE(n.ok());
  return *n;
}

TEST_CASE("the same key and account within the hour gets the same status, posted once") {
  ApiHarness h;
  h.AddFollower(kAliceId);
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "k-1"}};
  HttpResponse first = h.Call("POST", "/api/v1/statuses", "shop-rw", R"({"status":"Open today"})",
                              "application/json", key);
  REQUIRE(first.status == 200);
  const size_t jobs = h.NewJobs().size();
  CHECK(jobs == 1);
  h.clock.Advance(30 * 60);
  HttpResponse again = h.Call("POST", "/api/v1/statuses", "shop-rw", R"({"status":"Open today"})",
                              "application/json", key);
  REQUIRE(again.status == 200);
  CHECK(*ApiHarness::Body(again).FindString("id") == *ApiHarness::Body(first).FindString("id"));
  CHECK(CountPosts(h) == 1);
  CHECK(h.NewJobs().empty());

  // Another key, or the same key after the hour, posts anew.
  h.Call("POST", "/api/v1/statuses", "shop-rw", R"({"status":"Open today"})", "application/json",
         {{"Idempotency-Key", "k-2"}});
  CHECK(CountPosts(h) == 2);
  h.clock.Advance(31 * 60);
  h.Call("POST", "/api/v1/statuses", "shop-rw", R"({"status":"Open today"})", "application/json",
         key);
  CHECK(CountPosts(h) == 3);
}

TEST_CASE("keys are per account, and a failed post is not remembered") {
  FakeClock clock;
  api::IdempotencyCache cache(clock);
  int calls = 0;
  auto ok = [&]() -> Result<int64_t> { return ++calls * 10; };
  auto fail = [&]() -> Result<int64_t> {
    ++calls;
    return MakeError(ErrorCode::kInvalidInput, "too long");
  };
  CHECK_FALSE(cache.Once(1, "k", fail).ok());
  CHECK(*cache.Once(1, "k", ok) == 20);
  CHECK(*cache.Once(1, "k", ok) == 20);
  CHECK(*cache.Once(2, "k", ok) == 30);
  CHECK(calls == 3);
}

TEST_CASE("an over-long key is refused") {
  ApiHarness h;
  HttpResponse r =
      h.Call("POST", "/api/v1/statuses", "shop-rw", R"({"status":"x"})", "application/json",
             {{"Idempotency-Key", std::string(api::kMaxIdempotencyKeyLength + 1, 'k')}});
  CHECK(r.status == 422);
  CHECK(CountPosts(h) == 0);
}

}  // namespace
}  // namespace cornerstore::testing
