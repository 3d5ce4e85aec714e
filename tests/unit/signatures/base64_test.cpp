#include <doctest/doctest.h>

#include <string>

#include "src/common/base64.h"

using namespace cornerstore;

TEST_CASE("base64: RFC 4648 §10 test vectors encode and decode") {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    CHECK(Base64Encode(plain) == encoded);
    auto decoded = Base64Decode(encoded);
    REQUIRE(decoded.has_value());
    CHECK(*decoded == plain);
  }
}

TEST_CASE("base64: binary bytes round trip") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  auto back = Base64Decode(Base64Encode(all));
  REQUIRE(back.has_value());
  CHECK(*back == all);
}

TEST_CASE("base64: strict mode refuses malformed text") {
  CHECK_FALSE(Base64Decode("Zg").has_value());      // missing padding
  CHECK_FALSE(Base64Decode("Zg=").has_value());     // short padding
  CHECK_FALSE(Base64Decode("Zg===").has_value());   // too much padding
  CHECK_FALSE(Base64Decode("Z===").has_value());    // one data character
  CHECK_FALSE(Base64Decode("Zh==").has_value());    // non-zero trailing bits
  CHECK_FALSE(Base64Decode("Zm9=v").has_value());   // padding in the middle
  CHECK_FALSE(Base64Decode("=Zm9").has_value());    // padding at the start
  CHECK_FALSE(Base64Decode("Zm 9v").has_value());   // whitespace
  CHECK_FALSE(Base64Decode("Zm9v\n").has_value());  // line break
  CHECK_FALSE(Base64Decode("Zm9-").has_value());    // base64url alphabet
  CHECK_FALSE(Base64Decode("Zm9_").has_value());
  CHECK_FALSE(Base64Decode("Zm9v!A==").has_value());  // outside the alphabet
  CHECK_FALSE(Base64Decode(std::string("Zm\0v", 4)).has_value());
}

TEST_CASE("base64: lenient mode takes missing padding and stray bits, nothing else") {
  CHECK(Base64Decode("Zg", Base64Mode::kLenient) == std::optional<std::string>("f"));
  CHECK(Base64Decode("Zm8", Base64Mode::kLenient) == std::optional<std::string>("fo"));
  CHECK(Base64Decode("Zh==", Base64Mode::kLenient) == std::optional<std::string>("f"));
  CHECK_FALSE(Base64Decode("Z", Base64Mode::kLenient).has_value());
  CHECK_FALSE(Base64Decode("Zg=", Base64Mode::kLenient).has_value());
  CHECK_FALSE(Base64Decode("Zm 9v", Base64Mode::kLenient).has_value());
  CHECK_FALSE(Base64Decode("Zm9=v", Base64Mode::kLenient).has_value());
}
