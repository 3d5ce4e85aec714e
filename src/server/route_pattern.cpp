#include "src/server/route_pattern.h"

#include <cctype>
#include <cstddef>

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

}  // namespace cornerstore::server
