#include <doctest/doctest.h>

#include <string>

#include "activitypub/signatures/structured_fields.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;

namespace {

std::string ItemRoundTrip(std::string_view text) {
  auto item = sf::ParseItem(text);
  REQUIRE_MESSAGE(item.ok(), text);
  auto out = sf::SerializeItem(*item);
  REQUIRE(out.ok());
  return *out;
}

std::string ListRoundTrip(std::string_view text) {
  auto list = sf::ParseList(text);
  REQUIRE_MESSAGE(list.ok(), text);
  auto out = sf::SerializeList(*list);
  REQUIRE(out.ok());
  return *out;
}

std::string DictRoundTrip(std::string_view text) {
  auto dict = sf::ParseDictionary(text);
  REQUIRE_MESSAGE(dict.ok(), text);
  auto out = sf::SerializeDictionary(*dict);
  REQUIRE(out.ok());
  return *out;
}

}  // namespace

TEST_CASE("sf: integers") {
  auto i = sf::ParseItem("42");
  REQUIRE(i.ok());
  CHECK(i->value.type == sf::BareItemType::kInteger);
  CHECK(i->value.number == 42);
  CHECK(ItemRoundTrip("-42") == "-42");
  CHECK(ItemRoundTrip("0") == "0");
  CHECK(ItemRoundTrip("-0") == "0");
  CHECK(ItemRoundTrip("00042") == "42");
  CHECK(ItemRoundTrip("999999999999999") == "999999999999999");
  CHECK(ItemRoundTrip("-999999999999999") == "-999999999999999");
  CHECK_FALSE(sf::ParseItem("1000000000000000").ok());  // 16 digits
  CHECK_FALSE(sf::ParseItem("-").ok());
  CHECK_FALSE(sf::ParseItem("--1").ok());
  CHECK_FALSE(sf::ParseItem("1a").ok());
  CHECK_FALSE(sf::ParseItem("+1").ok());
  CHECK_FALSE(sf::SerializeBareItem(sf::BareItem::Integer(1'000'000'000'000'000)).ok());
}

TEST_CASE("sf: decimals are exact and canonical") {
  auto d = sf::ParseItem("1.5");
  REQUIRE(d.ok());
  CHECK(d->value.type == sf::BareItemType::kDecimal);
  CHECK(d->value.number == 1500);
  CHECK(ItemRoundTrip("1.50") == "1.5");
  CHECK(ItemRoundTrip("-0.125") == "-0.125");
  CHECK(ItemRoundTrip("3.000") == "3.0");
  CHECK(ItemRoundTrip("123456789012.123") == "123456789012.123");
  CHECK_FALSE(sf::ParseItem("1234567890123.0").ok());  // 13 integer digits
  CHECK_FALSE(sf::ParseItem("1.1234").ok());           // 4 fractional digits
  CHECK_FALSE(sf::ParseItem("1.").ok());
  CHECK_FALSE(sf::ParseItem("1..2").ok());
  CHECK_FALSE(sf::ParseItem(".5").ok());
}

TEST_CASE("sf: strings with escapes; non-printables refused") {
  auto s = sf::ParseItem(R"("say \"hi\" \\ bye")");
  REQUIRE(s.ok());
  CHECK(s->value.type == sf::BareItemType::kString);
  CHECK(s->value.text == R"(say "hi" \ bye)");
  CHECK(ItemRoundTrip(R"("a\"b")") == R"("a\"b")");
  CHECK(ItemRoundTrip(R"("")") == R"("")");
  CHECK_FALSE(sf::ParseItem(R"("unterminated)").ok());
  CHECK_FALSE(sf::ParseItem(R"("bad \n escape")").ok());
  CHECK_FALSE(sf::ParseItem("\"tab\there\"").ok());
  CHECK_FALSE(sf::ParseItem("\"caf\xc3\xa9\"").ok());
  CHECK_FALSE(sf::ParseItem(R"("trailing\)").ok());
  CHECK_FALSE(sf::SerializeBareItem(sf::BareItem::String("line\nbreak")).ok());
}

TEST_CASE("sf: tokens") {
  auto t = sf::ParseItem("sha-256");
  REQUIRE(t.ok());
  CHECK(t->value.type == sf::BareItemType::kToken);
  CHECK(ItemRoundTrip("*foo/bar:baz!") == "*foo/bar:baz!");
  CHECK(ItemRoundTrip("text/html") == "text/html");
  CHECK_FALSE(sf::ParseItem("foo bar").ok());
  CHECK_FALSE(sf::ParseItem("foo,bar").ok());
  CHECK_FALSE(sf::SerializeBareItem(sf::BareItem::Token("1abc")).ok());
  CHECK_FALSE(sf::SerializeBareItem(sf::BareItem::Token("a b")).ok());
}

TEST_CASE("sf: byte sequences") {
  auto b = sf::ParseItem(":aGVsbG8=:");
  REQUIRE(b.ok());
  CHECK(b->value.type == sf::BareItemType::kByteSequence);
  CHECK(b->value.text == "hello");
  CHECK(ItemRoundTrip("::") == "::");
  CHECK(ItemRoundTrip(":aGVsbG8:") == ":aGVsbG8=:");  // missing padding tolerated (§4.2.7)
  CHECK_FALSE(sf::ParseItem(":aGVsbG8=").ok());       // no closing colon
  CHECK_FALSE(sf::ParseItem(":aGVs bG8=:").ok());
  CHECK_FALSE(sf::ParseItem(":aGVsbG8-:").ok());  // base64url
  CHECK_FALSE(sf::ParseItem(":=aGVsbG8:").ok());  // padding first
  CHECK_FALSE(sf::ParseItem(":a:").ok());         // impossible length
}

TEST_CASE("sf: booleans") {
  auto t = sf::ParseItem("?1");
  REQUIRE(t.ok());
  CHECK(t->value.type == sf::BareItemType::kBoolean);
  CHECK(t->value.boolean);
  CHECK(ItemRoundTrip("?0") == "?0");
  CHECK_FALSE(sf::ParseItem("?").ok());
  CHECK_FALSE(sf::ParseItem("?2").ok());
  CHECK_FALSE(sf::ParseItem("?true").ok());
}

TEST_CASE("sf: parameters keep order; true values serialize bare") {
  auto i = sf::ParseItem(R"(abc;a=1;b="x";c;d=?0;e=:AA==:;f=1.5;g=tok)");
  REQUIRE(i.ok());
  REQUIRE(i->params.size() == 7);
  CHECK(i->params[0].first == "a");
  CHECK(i->params[2].second.type == sf::BareItemType::kBoolean);
  CHECK(sf::FindParam(i->params, "b")->text == "x");
  CHECK(sf::FindParam(i->params, "zz") == nullptr);
  CHECK(*sf::SerializeItem(*i) == R"(abc;a=1;b="x";c;d=?0;e=:AA==:;f=1.5;g=tok)");
  CHECK(ItemRoundTrip("1; a=1") == "1;a=1");     // SP allowed after ';'
  CHECK(ItemRoundTrip("1;a=1;a=2") == "1;a=2");  // RFC 8941: the later value wins in place
  CHECK_FALSE(sf::ParseItem("1;A=1").ok());      // keys are lower case
  CHECK_FALSE(sf::ParseItem("1;1a=1").ok());
  CHECK_FALSE(sf::ParseItem("1;a =1").ok());
  CHECK_FALSE(sf::ParseItem("1;").ok());
  CHECK_FALSE(sf::ParseItem("1;a=").ok());
}

TEST_CASE("sf: lists and inner lists") {
  CHECK(ListRoundTrip("a, b,c ,   d") == "a, b, c, d");
  CHECK(ListRoundTrip("(\"foo\" \"bar\");x=1, (), (  1   2  )") ==
        "(\"foo\" \"bar\");x=1, (), (1 2)");
  CHECK(ListRoundTrip("") == "");
  CHECK(ListRoundTrip("  a  ") == "a");
  CHECK(ListRoundTrip("a,\tb") == "a, b");
  auto l = sf::ParseList(R"(("@method" "@path");created=1, token)");
  REQUIRE(l.ok());
  REQUIRE(l->size() == 2);
  CHECK((*l)[0].is_inner_list);
  CHECK((*l)[0].inner_list.items.size() == 2);
  CHECK_FALSE((*l)[1].is_inner_list);
  CHECK_FALSE(sf::ParseList("a,").ok());
  CHECK_FALSE(sf::ParseList("a,,b").ok());
  CHECK_FALSE(sf::ParseList(",a").ok());
  CHECK_FALSE(sf::ParseList("a b").ok());
  CHECK_FALSE(sf::ParseList("(a b").ok());
  CHECK_FALSE(sf::ParseList("(a,b)").ok());
  CHECK_FALSE(sf::ParseList("(a)b").ok());
  CHECK_FALSE(sf::ParseList("((a))").ok());  // no nesting
  CHECK_FALSE(sf::ParseList("\ta").ok());    // only SP is trimmed at the ends
}

TEST_CASE("sf: dictionaries") {
  CHECK(DictRoundTrip("a=1, b=?1, c;x=2, d=(1 2);y") == "a=1, b, c;x=2, d=(1 2);y");
  CHECK(DictRoundTrip("a=?0") == "a=?0");
  CHECK(DictRoundTrip("a=1, a=2, b=3") == "a=2, b=3");  // overwrite keeps the first position
  auto d = sf::ParseDictionary("sha-256=:AAAA:, sha-512=:AAAA:");
  REQUIRE(d.ok());
  CHECK(d->size() == 2);
  CHECK(sf::FindMember(*d, "sha-512") != nullptr);
  CHECK(sf::FindMember(*d, "md5") == nullptr);
  CHECK_FALSE(sf::ParseDictionary("A=1").ok());
  CHECK_FALSE(sf::ParseDictionary("a=1,").ok());
  CHECK_FALSE(sf::ParseDictionary("a=1 b=2").ok());
  CHECK_FALSE(sf::ParseDictionary("=1").ok());
  CHECK_FALSE(sf::ParseDictionary("a=").ok());
  CHECK_FALSE(sf::ParseDictionary("a=1;").ok());
  CHECK_FALSE(sf::ParseDictionary("a=\"x").ok());
}

TEST_CASE("sf: strict limits refuse duplicates and oversize input") {
  sf::SfLimits strict;
  strict.allow_duplicate_keys = false;
  CHECK_FALSE(sf::ParseDictionary("a=1, a=2", strict).ok());
  CHECK_FALSE(sf::ParseItem("1;a=1;a=2", strict).ok());
  CHECK_FALSE(sf::ParseList("(1;a;a)", strict).ok());

  sf::SfLimits small;
  small.max_field_bytes = 10;
  auto r = sf::ParseItem("\"0123456789\"", small);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kInvalidInput);

  std::string many;
  for (int i = 0; i < 40; ++i) many += (i ? ", k" : "k") + std::to_string(i) + "=1";
  CHECK_FALSE(sf::ParseDictionary(many).ok());  // > max_members

  std::string inner = "(";
  for (int i = 0; i < 70; ++i) inner += "1 ";
  inner += ")";
  CHECK_FALSE(sf::ParseList(inner).ok());  // > max_inner_list_items

  std::string params = "1";
  for (int i = 0; i < 20; ++i) params += ";p" + std::to_string(i);
  CHECK_FALSE(sf::ParseItem(params).ok());  // > max_params

  std::string huge(64 * 1024, 'a');
  CHECK_FALSE(sf::ParseItem(huge).ok());
}

TEST_CASE("sf: malformed input never crashes and always fails cleanly") {
  const char* bad[] = {"",    " ",      "\"",   ":",    "?",      "(",      ")", ";",
                       "a=",  "1.2.3",  "-.5",  "\x01", "a;b=\"", "(\"a\"", "é", "a\x7f",
                       ":::", "1;a=:x", "?1?0", "*",    "a,b",    "\"\\"};
  for (const char* b : bad) {
    auto item = sf::ParseItem(b);
    if (std::string(b) == "*") {
      CHECK(item.ok());  // "*" is a valid token
      continue;
    }
    CHECK_MESSAGE(!item.ok(), b);
    (void)sf::ParseList(b);
    (void)sf::ParseDictionary(b);
  }
}

TEST_CASE("sf: RFC 9421 Signature-Input serializes back byte for byte") {
  const std::string input =
      R"(sig-b22=("@authority" "content-digest" "@query-param";name="Pet");created=1618884473;keyid="test-key-rsa-pss";tag="header-example")";
  CHECK(DictRoundTrip(input) == input);
}

TEST_CASE("sf: serializer refuses invalid keys") {
  sf::Dictionary d = {{"Bad", sf::Member{}}};
  CHECK_FALSE(sf::SerializeDictionary(d).ok());
  sf::Parameters p = {{"", sf::BareItem::Integer(1)}};
  CHECK_FALSE(sf::SerializeParameters(p).ok());
}
