#include "src/server/route_pattern.h"

#include <charconv>
#include <cstddef>
#include <system_error>

namespace cornerstore::server {
namespace {

// A repetition bound "{m}", "{m,}" or "{m,n}" at the start of a pattern's text: how many
// characters it spans (0 if the text does not start with one) and the counts it allows.
struct Bound {
  size_t length = 0;
  GroupLength counts;
};

// Reads the digits at `text[i]`, moving `i` past them; false if there are none (or too many).
bool ReadCount(std::string_view text, size_t& i, size_t& count) {
  const char* first = text.data() + i;
  const auto [end, error] = std::from_chars(first, text.data() + text.size(), count);
  if (error != std::errc()) return false;
  i += static_cast<size_t>(end - first);
  return true;
}

Bound ParseBound(std::string_view text) {
  Bound bound;
  if (text.empty() || text[0] != '{') return bound;
  size_t i = 1;
  if (!ReadCount(text, i, bound.counts.min)) return Bound{};
  bound.counts.max = bound.counts.min;
  if (i < text.size() && text[i] == ',') {
    ++i;
    bound.counts.max = GroupLength{}.max;
    if (i < text.size() && text[i] != '}' && !ReadCount(text, i, bound.counts.max)) return Bound{};
  }
  if (i >= text.size() || text[i] != '}') return Bound{};
  bound.length = i + 1;
  return bound;
}

// The length of the bracket expression "[...]" at the start of `text`, 0 if it is not closed.
// A "]" right after "[" or "[^" is a member, not the end.
size_t BracketLength(std::string_view text) {
  size_t i = 1;
  if (i < text.size() && text[i] == '^') ++i;
  if (i < text.size() && text[i] == ']') ++i;
  while (i < text.size() && text[i] != ']') i += text[i] == '\\' ? 2 : 1;
  return i < text.size() ? i + 1 : 0;
}

// Regex metacharacters: outside capture groups a relaxable pattern has none of them unescaped.
bool IsMeta(char c) { return std::string_view(".[]()*+?{}|^$").find(c) != std::string_view::npos; }

// The capture group "([CLASS]REPEAT)" at the start of `text`: its length (0 if `text` does not
// start with one, or the group is not followed by "/" or the end) and the lengths REPEAT allows.
size_t SimpleGroup(std::string_view text, GroupLength& length) {
  if (!text.starts_with("([")) return 0;
  const size_t bracket = BracketLength(text.substr(1));
  if (bracket == 0) return 0;
  // A class that could match "/" could swallow the separator: the captures would be ambiguous.
  const std::string_view expression = text.substr(1, bracket);
  if (std::regex_match("/", std::regex(expression.begin(), expression.end()))) return 0;
  size_t i = 1 + bracket;
  if (i < text.size() && (text[i] == '+' || text[i] == '*')) {
    length = GroupLength{text[i] == '+' ? size_t{1} : size_t{0}};
    ++i;
  } else {
    const Bound bound = ParseBound(text.substr(i));
    if (bound.length == 0) return 0;
    length = bound.counts;
    i += bound.length;
  }
  if (i >= text.size() || text[i] != ')') return 0;
  ++i;
  if (i < text.size() && text[i] != '/') return 0;
  return i;
}

}  // namespace

std::string RelaxRepetitionBounds(std::string_view pattern) {
  std::string out;
  out.reserve(pattern.size());
  for (size_t i = 0; i < pattern.size();) {
    const char c = pattern[i];
    size_t copy = 1;
    if (c == '\\') {
      copy = 2;
    } else if (c == '[') {
      // Braces inside a bracket expression are members; an unclosed one is copied as it is.
      copy = BracketLength(pattern.substr(i));
      if (copy == 0) copy = pattern.size() - i;
    } else if (const Bound bound = ParseBound(pattern.substr(i)); bound.length > 0) {
      out += bound.counts.min == 0 ? '*' : '+';
      i += bound.length;
      continue;
    }
    out += pattern.substr(i, copy);
    i += copy;
  }
  return out;
}

std::optional<RelaxedRoute> RelaxWithGroupLengths(std::string_view pattern) {
  RelaxedRoute route;
  for (size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '\\') {
      i += 2;
      continue;
    }
    GroupLength length;
    if (size_t group = SimpleGroup(pattern.substr(i), length); group > 0) {
      route.groups.push_back(length);
      i += group;
      continue;
    }
    if (IsMeta(pattern[i])) return std::nullopt;
    ++i;
  }
  route.pattern = RelaxRepetitionBounds(pattern);
  return route;
}

bool CapturesFit(const std::vector<GroupLength>& groups, const std::smatch& match) {
  for (size_t k = 0; k < groups.size() && k + 1 < match.size(); ++k) {
    const size_t length = static_cast<size_t>(match[k + 1].length());
    if (length < groups[k].min || length > groups[k].max) return false;
  }
  return true;
}

}  // namespace cornerstore::server
