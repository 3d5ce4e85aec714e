// Parameters as Mastodon apps send them: query strings, form bodies, JSON and multipart.
#include <doctest/doctest.h>

#include "src/api/params.h"

namespace cornerstore::api {
namespace {

HttpRequest Request(const std::string& target, const std::string& body = "",
                    const std::string& type = "") {
  HttpRequest r;
  r.method = "POST";
  r.target = target;
  r.body = body;
  if (!type.empty()) r.headers.Set("Content-Type", type);
  return r;
}

TEST_CASE("query parameters are percent-decoded and arrays read both spellings") {
  auto p = Params::FromRequest(Request("/x?status=hello+world%21&id[]=1&id%5B%5D=2&id=3"));
  REQUIRE(p.ok());
  CHECK(*p->Get("status") == "hello world!");
  CHECK(p->GetAll("id") == std::vector<std::string>{"1", "2", "3"});
  CHECK_FALSE(p->Has("missing"));
}

TEST_CASE("a form body is read and wins over the query") {
  auto p = Params::FromRequest(Request("/x?visibility=public", "visibility=private&sensitive=1",
                                       "application/x-www-form-urlencoded; charset=utf-8"));
  REQUIRE(p.ok());
  CHECK(*p->Get("visibility") == "private");
  CHECK(p->GetBool("sensitive") == true);
}

TEST_CASE("a JSON body is flattened into Rails' bracket names") {
  auto p = Params::FromRequest(
      Request("/x",
              R"({"status":"hi","sensitive":false,"in_reply_to_id":null,"media_ids":["7","8"],)"
              R"("fields_attributes":[{"name":"Web","value":"https://a.example"}],)"
              R"("source":{"privacy":"unlisted"},"limit":5})",
              "application/json"));
  REQUIRE(p.ok());
  CHECK(*p->Get("status") == "hi");
  CHECK(p->GetBool("sensitive") == false);
  CHECK_FALSE(p->Has("in_reply_to_id"));
  CHECK(p->GetAll("media_ids") == std::vector<std::string>{"7", "8"});
  CHECK(*p->Get("fields_attributes[0][name]") == "Web");
  CHECK(*p->Get("fields_attributes[0][value]") == "https://a.example");
  CHECK(*p->Get("source[privacy]") == "unlisted");
  CHECK(*p->Get("limit") == "5");
}

TEST_CASE("malformed bodies are refused with a reason") {
  CHECK_FALSE(Params::FromRequest(Request("/x", "{nope", "application/json")).ok());
  CHECK_FALSE(Params::FromRequest(Request("/x", "[1,2]", "application/json")).ok());
  CHECK_FALSE(Params::FromRequest(Request("/x?a=%zz")).ok());
  auto deep = Params::FromRequest(Request(
      "/x", R"({"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":1}}}}}}}}})", "application/json"));
  CHECK_FALSE(deep.ok());
}

TEST_CASE("too many parameters are refused") {
  std::string query;
  for (int i = 0; i <= static_cast<int>(kMaxParams); ++i) query += "a=1&";
  CHECK_FALSE(Params::FromQuery(query).ok());
}

TEST_CASE("a multipart body gives text fields and notes file parts") {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"display_name\"\r\n\r\nThe Shop\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"\r\n"
      "Content-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ--\r\n";
  auto p = Params::FromRequest(Request("/x", body, "multipart/form-data; boundary=XyZ"));
  REQUIRE(p.ok());
  CHECK(*p->Get("display_name") == "The Shop");
  CHECK(p->HasFile("avatar"));
  CHECK_FALSE(p->Has("avatar"));
  CHECK_FALSE(
      Params::FromRequest(Request("/x", "garbage", "multipart/form-data; boundary=XyZ")).ok());
}

TEST_CASE("booleans read the way Rails reads them") {
  auto p = Params::FromQuery("a=true&b=0&c=off&d=1&e=&f=FALSE");
  REQUIRE(p.ok());
  CHECK(p->GetBool("a") == true);
  CHECK(p->GetBool("b") == false);
  CHECK(p->GetBool("c") == false);
  CHECK(p->GetBool("d") == true);
  CHECK_FALSE(p->GetBool("e").has_value());
  CHECK(p->GetBool("f") == false);
}

}  // namespace
}  // namespace cornerstore::api
