#include "src/common/http_message.h"

#include <doctest/doctest.h>

#include <string>

using namespace cornerstore;

TEST_CASE("http_message: EqualsIgnoreCase and ToLower touch ASCII letters only") {
  CHECK(EqualsIgnoreCase("Content-Type", "content-TYPE"));
  CHECK_FALSE(EqualsIgnoreCase("Content-Type", "Content-Typ"));
  CHECK_FALSE(EqualsIgnoreCase("a", "b"));
  CHECK(EqualsIgnoreCase("", ""));
  CHECK_FALSE(EqualsIgnoreCase("[", "{"));  // 0x5b and 0x7b differ by 0x20 but are not letters
  CHECK_FALSE(EqualsIgnoreCase("@", "`"));
  CHECK(ToLower("MiXeD-09_[") == "mixed-09_[");
  CHECK(ToLower("\xc3\x89") == "\xc3\x89");
}

TEST_CASE("http_message: headers are case-insensitive and keep order and repeats") {
  HttpHeaders h;
  h.Add("Accept", "application/activity+json");
  h.Add("Signature", "keyId=\"a\"");
  h.Add("accept", "text/html");
  CHECK(h.Get("ACCEPT") == "application/activity+json");
  CHECK(h.Has("signature"));
  CHECK_FALSE(h.Has("Digest"));
  CHECK_FALSE(h.Get("Digest"));
  auto all = h.GetAll("Accept");
  REQUIRE(all.size() == 2);
  CHECK(all[0] == "application/activity+json");
  CHECK(all[1] == "text/html");
  CHECK(h.GetAll("Digest").empty());

  h.Set("ACCEPT", "*/*");
  CHECK(h.GetAll("accept").size() == 1);
  CHECK(h.Get("Accept") == "*/*");
  CHECK(h.entries.back().first == "ACCEPT");
  CHECK(h.entries.front().first == "Signature");

  h.Remove("signature");
  CHECK_FALSE(h.Has("Signature"));
  CHECK(h.entries.size() == 1);
  h.Remove("not-there");
  CHECK(h.entries.size() == 1);
}

TEST_CASE("http_message: empty header values are present") {
  HttpHeaders h;
  h.Add("X-Empty", "");
  CHECK(h.Has("x-empty"));
  CHECK(h.Get("x-empty") == "");
}

TEST_CASE("http_message: Path and Query split the target at the first '?'") {
  HttpRequest r;
  r.target = "/.well-known/webfinger?resource=acct%3Aa%40b&x=?y";
  CHECK(r.Path() == "/.well-known/webfinger");
  CHECK(r.Query() == "resource=acct%3Aa%40b&x=?y");
  r.target = "/users/alice";
  CHECK(r.Path() == "/users/alice");
  CHECK(r.Query().empty());
  r.target = "/inbox?";
  CHECK(r.Path() == "/inbox");
  CHECK(r.Query().empty());
  r.target = "?only";
  CHECK(r.Path().empty());
  CHECK(r.Query() == "only");
  r.target = "";
  CHECK(r.Path().empty());
  CHECK(r.Query().empty());
}

TEST_CASE("http_message: defaults") {
  HttpRequest req;
  CHECK(req.scheme == "https");
  CHECK(req.headers.entries.empty());
  HttpResponse res;
  CHECK(res.status == 200);
  CHECK(res.body.empty());
}
