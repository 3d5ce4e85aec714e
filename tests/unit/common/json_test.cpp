#include <doctest/doctest.h>

#include <string>

#include "src/common/json.h"

using namespace cornerstore;

TEST_CASE("json: parses and serializes a document, keeping member order") {
  auto v = json::Parse(R"({"b":1,"a":[true,null,"x",1.5],"c":{"d":-3}})");
  REQUIRE(v.ok());
  CHECK(json::Serialize(*v) == R"({"b":1,"a":[true,null,"x",1.5],"c":{"d":-3}})");
  CHECK(v->FindInt("b") == 1);
  CHECK(v->FindArray("a")->size() == 4);
  CHECK(v->FindObject("c")->FindInt("d") == -3);
  CHECK(v->FindString("b") == nullptr);  // wrong type is absent, not a crash
  CHECK(v->Find("missing") == nullptr);
}

TEST_CASE("json: refuses duplicate keys, bad UTF-8, trailing junk") {
  CHECK_FALSE(json::Parse(R"({"a":1,"a":2})").ok());
  CHECK_FALSE(json::Parse("\"\xff\"").ok());
  CHECK_FALSE(json::Parse("{} x").ok());
  CHECK_FALSE(json::Parse("").ok());
  CHECK(json::Parse("{}  \n").ok());
}

TEST_CASE("json: refuses unpaired surrogate escapes, which would decode to invalid UTF-8") {
  // Found by tests/fuzz (json): a lone low surrogate parsed, and its serialization did not.
  CHECK_FALSE(json::Parse(R"(["\ude15"])").ok());
  CHECK_FALSE(json::Parse(R"({"\udc00":1})").ok());
  CHECK_FALSE(json::Parse(R"(["\ud83d"])").ok());
  CHECK_FALSE(json::Parse(R"(["\ud83d\u0041"])").ok());
  auto pair = json::Parse(R"(["\ud83d\ude00\ud7ff\ue000"])");
  REQUIRE(pair.ok());
  CHECK(pair->AsArray()[0].AsString() == "\xF0\x9F\x98\x80\xED\x9F\xBF\xEE\x80\x80");
  CHECK(json::Parse(json::Serialize(*pair)).ok());
}

TEST_CASE("json: refuses numbers that would become infinity") {
  // Found by tests/fuzz (json): 1.8e308 parsed as infinity, which serializes as null.
  CHECK_FALSE(json::Parse("[1.8e308]").ok());
  CHECK_FALSE(json::Parse("{\"x\":-2e308}").ok());
  CHECK_FALSE(json::Parse("1e309").ok());
  auto max = json::Parse("1.7976931348623157e308");
  REQUIRE(max.ok());
  CHECK(max->AsDouble() == 1.7976931348623157e308);
  CHECK(json::Parse("1e-400").ok());  // underflow to zero is a finite value
}

TEST_CASE("json: duplicate keys found in large objects too") {
  std::string doc = "{";
  for (int i = 0; i < 100; ++i) doc += "\"k" + std::to_string(i) + "\":0,";
  doc += "\"k42\":1}";
  auto r = json::Parse(doc);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("duplicate") != std::string::npos);
}

TEST_CASE("json: deep nesting is refused without recursion") {
  std::string deep(600'000, '[');
  auto r = json::Parse(deep, {.max_bytes = 1 << 20});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("deep") != std::string::npos);
  std::string ok_depth = std::string(64, '[') + std::string(64, ']');
  CHECK(json::Parse(ok_depth).ok());
  std::string too_deep = std::string(65, '[') + std::string(65, ']');
  CHECK_FALSE(json::Parse(too_deep).ok());
}

TEST_CASE("json: size and value-count limits") {
  std::string big = "[" + std::string(2 << 20, ' ') + "]";
  auto r = json::Parse(big);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kTooLarge);
  std::string many = "[";
  for (int i = 0; i < 200'000; ++i) many += "0,";
  many += "0]";
  CHECK_FALSE(json::Parse(many, {.max_bytes = 1 << 22}).ok());
}

TEST_CASE("json: building values") {
  json::Value v;
  v.Set("id", "https://x/1");
  v.Set("n", 3);
  v.Set("id", "https://x/2");
  v.Set("arr", json::Value::MakeArray()).Push("a");
  CHECK(json::Serialize(v) == R"({"id":"https://x/2","n":3,"arr":["a"]})");
  CHECK(v.Erase("n"));
  CHECK_FALSE(v.Erase("n"));
  CHECK(json::Serialize(json::Value("quote\"\n")) == R"("quote\"\n")");
}
