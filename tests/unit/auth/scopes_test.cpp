// Scope parsing and Mastodon's grant rules.
#include <doctest/doctest.h>

#include "src/auth/principal.h"

using namespace cornerstore::auth;

TEST_CASE("scopes: parse and join") {
  CHECK(ParseScopes("read  write:statuses\tfollow read") ==
        std::vector<std::string>{"read", "write:statuses", "follow"});
  CHECK(ParseScopes("read+write") == std::vector<std::string>{"read", "write"});
  CHECK(ParseScopes("").empty());
  CHECK(JoinScopes({"read", "push"}) == "read push");
}

TEST_CASE("scopes: known scopes") {
  for (const char* s :
       {"read", "write", "follow", "push", "admin:read", "admin:write", "read:accounts",
        "write:statuses", "write:media", "read:search", "write:conversations", "profile"}) {
    CHECK_MESSAGE(IsKnownScope(s), s);
  }
  CHECK(!IsKnownScope("reads"));
  CHECK(!IsKnownScope("read:everything"));
  CHECK(!IsKnownScope(""));
  CHECK(SupportedScopes().front() == "read");
}

TEST_CASE("scopes: grants through parents and the follow scope") {
  CHECK(Grants({"write"}, "write:statuses"));
  CHECK(Grants({"read"}, "read"));
  CHECK(!Grants({"read"}, "write:statuses"));
  CHECK(!Grants({"write:statuses"}, "write"));
  CHECK(!Grants({"read"}, "readx"));
  CHECK(Grants({"follow"}, "read:follows"));
  CHECK(Grants({"follow"}, "write:blocks"));
  CHECK(!Grants({"follow"}, "write:statuses"));
  CHECK(!Grants({"read"}, "admin:read:reports"));
  CHECK(Grants({"admin:read"}, "admin:read:reports"));
  CHECK(!Grants({"push"}, "push:x"));
  CHECK(GrantsAll({"read", "write"}, {"read:accounts", "write"}));
  CHECK(!GrantsAll({"read"}, {"read", "write"}));
  CHECK(GrantsAll({"read"}, {}));
}
