// Authorized fetch (instance.authorized_fetch) and domain blocks on every read endpoint.
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "tests/unit/collections/collections_harness.h"

namespace cornerstore::testing {
namespace {

// Every endpoint of ReadEndpoints, called for the shop as `requester`.
std::vector<std::pair<std::string, std::function<Answer(CollectionsHarness&, const std::string&)>>>
AllEndpoints() {
  using H = CollectionsHarness;
  return {
      {"status", [](H& h, const std::string& r) { return h.Status("1", r); }},
      {"activity", [](H& h, const std::string& r) { return h.Activity("1", r); }},
      {"outbox", [](H& h, const std::string& r) { return h.Outbox("", r); }},
      {"outbox page", [](H& h, const std::string& r) { return h.Outbox("?page=true", r); }},
      {"followers", [](H& h, const std::string& r) { return h.Followers("", r); }},
      {"followers page", [](H& h, const std::string& r) { return h.Followers("?page=true", r); }},
      {"following", [](H& h, const std::string& r) { return h.Following("", r); }},
      {"featured", [](H& h, const std::string& r) { return h.Featured(r); }},
      {"featured tags", [](H& h, const std::string& r) { return h.FeaturedTags(r); }},
  };
}

TEST_CASE("authorized fetch: unsigned reads get 401, signed ones are served") {
  CollectionsHarness h(true);
  h.AddPost(1);
  for (auto& [name, call] : AllEndpoints()) {
    CAPTURE(name);
    Answer unsigned_answer = call(h, "");
    CHECK(unsigned_answer.status == 401);
    CHECK(unsigned_answer.Str("error") == "signature required");
    CHECK(unsigned_answer.Header("Vary") == "Accept");
    Answer signed_answer = call(h, kCollAlice);
    CHECK(signed_answer.status == 200);
    CHECK(signed_answer.Header("Cache-Control") == "max-age=0, private");
  }
  // Refused before anything is looked up: an unknown account is 401 too, not 404.
  CHECK(h.Outbox("", "", "nobody").status == 401);
  // The HTML lookup is not gated (browsers never sign).
  CHECK(h.endpoints->FindVisibleStatus("shop", "1", "").ok());
}

TEST_CASE("without authorized fetch, unsigned reads are served") {
  CollectionsHarness h;
  h.AddPost(1);
  for (auto& [name, call] : AllEndpoints()) {
    CAPTURE(name);
    CHECK(call(h, "").status == 200);
  }
}

TEST_CASE("a signer on a blocked domain gets 403, with or without authorized fetch") {
  for (bool authorized_fetch : {true, false}) {
    CAPTURE(authorized_fetch);
    CollectionsHarness h(authorized_fetch);
    h.AddPost(1);
    h.AddFollower(kCollAlice);
    REQUIRE(h.federation->AddDomainBlock("mastodon.example").ok());
    for (auto& [name, call] : AllEndpoints()) {
      CAPTURE(name);
      Answer blocked = call(h, kCollAlice);
      CHECK(blocked.status == 403);
      CHECK(blocked.body.FindString("error") != nullptr);
      CHECK(call(h, kCollBob).status == 200);
    }
  }
}

}  // namespace
}  // namespace cornerstore::testing
