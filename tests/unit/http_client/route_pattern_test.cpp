// The relaxed route patterns: bounds dropped, everything else kept; for routing, the bounds come
// back as checks on the captures' lengths, so relaxed routing accepts exactly what the exact
// patterns do.
#include <doctest/doctest.h>
#include <cstddef>
#include <limits>
#include <optional>
#include <regex>
#include <string>
#include <vector>

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

// Whether `path` is accepted by routing on the relaxed form: a full match whose captures fit.
bool RoutesRelaxed(const RelaxedRoute& route, const std::string& path, std::smatch& match) {
  return std::regex_match(path, match, std::regex(route.pattern)) &&
         CapturesFit(route.groups, match);
}

TEST_CASE("relaxed routing with length checks accepts exactly what the exact pattern accepts") {
  const std::vector<std::string> patterns = {
      "/users/([A-Za-z0-9_.\\-]{1,64})/statuses/([0-9A-Za-z_-]{1,64})/activity",
      "/@([A-Za-z0-9_.\\-]{1,64})/([0-9A-Za-z_-]{1,64})",
      "/api/v1/tags/([^/]{1,256})",
      "/dashboard/posts/([0-9]{1,18})/delete",
      "/users/([a-z]{3})",
      "/users/([a-z]{2,})/x",
      "/plain/path",
  };
  std::vector<std::string> paths = {"/plain/path", "/users/abc", "/users/ab", "/users/abcd",
                                    "/users/ab/x", "/users/a/x", "/users//x", "/users/ab/x/"};
  for (const size_t n : {0, 1, 2, 17, 18, 19, 63, 64, 65, 255, 256, 257}) {
    const std::string segment(n, '7');
    paths.push_back("/users/" + segment + "/statuses/" + segment + "/activity");
    paths.push_back("/users/shop/statuses/" + segment + "/activity");
    paths.push_back("/@" + segment + "/1");
    paths.push_back("/api/v1/tags/" + segment);
    paths.push_back("/api/v1/tags/" + segment + "/x");
    paths.push_back("/dashboard/posts/" + segment + "/delete");
  }
  for (const std::string& pattern : patterns) {
    CAPTURE(pattern);
    const std::optional<RelaxedRoute> route = RelaxWithGroupLengths(pattern);
    REQUIRE(route.has_value());
    CHECK(route->pattern == RelaxRepetitionBounds(pattern));
    const std::regex exact(pattern);
    for (const std::string& path : paths) {
      CAPTURE(path);
      std::smatch exact_match;
      std::smatch relaxed_match;
      const bool accepted = std::regex_match(path, exact_match, exact);
      REQUIRE(RoutesRelaxed(*route, path, relaxed_match) == accepted);
      if (!accepted) continue;
      REQUIRE(exact_match.size() == relaxed_match.size());
      for (size_t k = 1; k < exact_match.size(); ++k) {
        CHECK(exact_match[k].str() == relaxed_match[k].str());
      }
    }
  }
}

TEST_CASE("the length bounds of each capture group") {
  const auto route =
      RelaxWithGroupLengths("/a/([a-z]{3})/b/([0-9]{1,19})/c/([a-z]{2,})/d/([a-z]+)");
  REQUIRE(route.has_value());
  REQUIRE(route->groups.size() == 4);
  CHECK(route->groups[0].min == 3);
  CHECK(route->groups[0].max == 3);
  CHECK(route->groups[1].min == 1);
  CHECK(route->groups[1].max == 19);
  CHECK(route->groups[2].min == 2);
  CHECK(route->groups[2].max == std::numeric_limits<size_t>::max());
  CHECK(route->groups[3].min == 1);
}

TEST_CASE("patterns whose captures could shift are matched exactly") {
  // Alternation and nested groups: the bound is not a whole group's length.
  CHECK_FALSE(RelaxWithGroupLengths("/x/([0-9]{1,19}(?:b[0-9]{1,19})?)").has_value());
  CHECK_FALSE(RelaxWithGroupLengths("/x/([0-9]{1,19}|r[A-Za-z0-9_-]+)").has_value());
  // A class that matches "/", two groups side by side, a group not followed by "/".
  CHECK_FALSE(RelaxWithGroupLengths("/x/([^a]{1,3})/y").has_value());
  CHECK_FALSE(RelaxWithGroupLengths("/x/([a-z]{1,3})([a-z]{1,3})").has_value());
  CHECK_FALSE(RelaxWithGroupLengths("/x/([a-z]{1,3})\\.json").has_value());
  // A bound outside a group, and other metacharacters outside groups.
  CHECK_FALSE(RelaxWithGroupLengths("/x/a{1,3}").has_value());
  CHECK_FALSE(RelaxWithGroupLengths("/.well-known/x").has_value());
  CHECK_FALSE(RelaxWithGroupLengths("/x/(.*)").has_value());
  CHECK(RelaxWithGroupLengths("/\\.well-known/x").has_value());
}

}  // namespace
}  // namespace cornerstore::server
