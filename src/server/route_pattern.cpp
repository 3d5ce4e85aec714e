#include "src/server/route_pattern.h"

#include <cctype>
#include <cstddef>
#include <cstdlib>

namespace cornerstore::server {
namespace {

// The length of a repetition bound "{m}", "{m,}" or "{m,n}" at the start of `text` (0 if there
// is none), and whether its minimum is zero.
size_t BoundLength(std::string_view text, bool& min_zero) {
  if (text.empty() || text[0] != '{') return 0;
  size_t i = 1;
  const size_t min_start = i;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == min_start) return 0;
  min_zero = text.substr(min_start, i - min_start).find_first_not_of('0') == std::string::npos;
  if (i < text.size() && text[i] == ',') {
    ++i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  }
  if (i >= text.size() || text[i] != '}') return 0;
  return i + 1;
}

// Regex metacharacters: outside capture groups a relaxable pattern has none of them unescaped.
bool IsMeta(char c) { return std::string_view(".[]()*+?{}|^$").find(c) != std::string_view::npos; }

// The capture group "([CLASS]REPEAT)" at the start of `text`: its length (0 if `text` does not
// start with one) and the bounds REPEAT puts on its length.
size_t SimpleGroup(std::string_view text, GroupLength& length) {
  if (!text.starts_with("([")) return 0;
  size_t i = 2;
  if (i < text.size() && text[i] == '^') ++i;
  if (i < text.size() && text[i] == ']') ++i;  // a literal "]" first in the class
  while (i < text.size() && text[i] != ']') i += text[i] == '\\' ? 2 : 1;
  if (i >= text.size()) return 0;
  const std::string_view bracket = text.substr(1, i);  // "[CLASS]"
  // A class that could match "/" could swallow the separator: the captures would be ambiguous.
  if (std::regex_match("/", std::regex(bracket.begin(), bracket.end()))) return 0;
  ++i;
  if (i < text.size() && (text[i] == '+' || text[i] == '*')) {
    length = GroupLength{text[i] == '+' ? size_t{1} : size_t{0}};
    ++i;
  } else {
    bool min_zero = false;
    const size_t bound = BoundLength(text.substr(i), min_zero);
    if (bound == 0) return 0;
    const std::string_view numbers = text.substr(i + 1, bound - 2);
    const size_t comma = numbers.find(',');
    length.min = std::strtoull(std::string(numbers.substr(0, comma)).c_str(), nullptr, 10);
    if (comma == std::string_view::npos) {
      length.max = length.min;
    } else if (comma + 1 < numbers.size()) {
      length.max = std::strtoull(std::string(numbers.substr(comma + 1)).c_str(), nullptr, 10);
    }
    i += bound;
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
  bool in_brackets = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      out += c;
      out += pattern[++i];
      continue;
    }
    if (in_brackets) {
      // "]" right after "[" or "[^" is a literal member, not the end.
      const bool first = out.back() == '[' || (out.back() == '^' && out[out.size() - 2] == '[');
      if (c == ']' && !first) in_brackets = false;
      out += c;
      continue;
    }
    if (c == '[') {
      in_brackets = true;
      out += c;
      continue;
    }
    bool min_zero = false;
    if (size_t length = BoundLength(pattern.substr(i), min_zero); length > 0) {
      out += min_zero ? '*' : '+';
      i += length - 1;
      continue;
    }
    out += c;
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
