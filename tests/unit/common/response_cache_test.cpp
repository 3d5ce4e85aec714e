// ResponseCache: a hit only at the version an entry was stored at, bounded size.
#include <doctest/doctest.h>
#include <string>

#include "src/common/response_cache.h"

namespace cornerstore {
namespace {

HttpResponse Body(std::string body) {
  HttpResponse r;
  r.body = std::move(body);
  r.headers.Set("Content-Type", "application/activity+json");
  return r;
}

TEST_CASE("an entry answers at its version only") {
  ResponseCache cache;
  CHECK_FALSE(cache.Find("shop", 1).has_value());
  cache.Put("shop", 1, Body("v1"));
  auto hit = cache.Find("shop", 1);
  REQUIRE(hit.has_value());
  CHECK(hit->body == "v1");
  CHECK(hit->headers.Get("Content-Type") == "application/activity+json");
  CHECK_FALSE(cache.Find("shop", 2).has_value());  // the accounts changed since
  CHECK_FALSE(cache.Find("bakery", 1).has_value());
  cache.Put("shop", 2, Body("v2"));
  CHECK(cache.Find("shop", 2)->body == "v2");
  CHECK_FALSE(cache.Find("shop", 1).has_value());
}

TEST_CASE("the cache starts over when full") {
  ResponseCache cache;
  for (size_t i = 0; i < ResponseCache::kMaxEntries; ++i) {
    cache.Put("user" + std::to_string(i), 1, Body("x"));
  }
  CHECK(cache.Find("user0", 1).has_value());
  cache.Put("user0", 1, Body("again"));  // replacing an entry does not count as a new one
  CHECK(cache.Find("user1", 1).has_value());
  cache.Put("one-more", 1, Body("y"));
  CHECK_FALSE(cache.Find("user1", 1).has_value());
  CHECK(cache.Find("one-more", 1)->body == "y");
}

}  // namespace
}  // namespace cornerstore
