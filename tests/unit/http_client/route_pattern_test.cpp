// The relaxed route patterns of the 405 table: bounds dropped, everything else kept.
#include <doctest/doctest.h>
#include <regex>
#include <string>

#include "src/server/route_pattern.h"

namespace cornerstore::server {
namespace {

TEST_CASE("bounded repetitions become + or *") {
  CHECK(RelaxRepetitionBounds("/users/([A-Za-z0-9_.\\-]{1,64})/outbox") ==
        "/users/([A-Za-z0-9_.\\-]+)/outbox");
  CHECK(RelaxRepetitionBounds("/x/([0-9]{1,19}(?:b[0-9]{1,19})?)") == "/x/([0-9]+(?:b[0-9]+)?)");
  CHECK(RelaxRepetitionBounds("/t/([^/]{1,256})") == "/t/([^/]+)");
  CHECK(RelaxRepetitionBounds("a{0,3}b{2}c{1,}") == "a*b+c+");
}

TEST_CASE("escaped braces, braces in brackets and other text stay") {
  CHECK(RelaxRepetitionBounds("/plain/path") == "/plain/path");
  CHECK(RelaxRepetitionBounds("a\\{1,2\\}") == "a\\{1,2\\}");
  CHECK(RelaxRepetitionBounds("[{1,2}]x") == "[{1,2}]x");
  CHECK(RelaxRepetitionBounds("[]{1,2}]x{3}") == "[]{1,2}]x+");
  CHECK(RelaxRepetitionBounds("[^]{1}]y") == "[^]{1}]y");
  CHECK(RelaxRepetitionBounds("a{x}b{1,c") == "a{x}b{1,c");
}

TEST_CASE("the relaxed pattern matches every path the exact one does") {
  const std::string exact = "/users/([A-Za-z0-9_.\\-]{1,64})/statuses/([0-9A-Za-z_-]{1,64})";
  const std::regex strict(exact);
  const std::regex relaxed(RelaxRepetitionBounds(exact));
  for (const char* path : {"/users/shop/statuses/12", "/users/a.b-c/statuses/x_y", "/users//x"}) {
    if (std::regex_match(path, strict)) CHECK(std::regex_match(path, relaxed));
  }
  const std::string long_name(65, 'a');
  CHECK_FALSE(std::regex_match("/users/" + long_name + "/statuses/1", strict));
  CHECK(std::regex_match("/users/" + long_name + "/statuses/1", relaxed));
}

}  // namespace
}  // namespace cornerstore::server
