// A small structural check of the HTML our pages emit, for the renderer tests: the document
// shell (doctype, lang, title, main landmark), balanced elements, quoted attributes, unique ids,
// and nothing that would need 'unsafe-inline' (script elements, style or on* attributes).
// Returns the problems found; an empty list means the page passed. Not a full HTML5 validator:
// docs/PAGES.md says how to run one over the pages.
#pragma once

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cornerstore::testing {

inline bool IsVoidElement(std::string_view name) {
  static constexpr std::array<std::string_view, 13> kVoid = {
      "area",  "base", "br",   "col",    "embed", "hr", "img",
      "input", "link", "meta", "source", "track", "wbr"};
  return std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end();
}

inline std::vector<std::string> HtmlProblems(std::string_view html) {
  std::vector<std::string> problems;
  auto require = [&](std::string_view needle, std::string_view what) {
    if (html.find(needle) == std::string_view::npos) problems.push_back(std::string(what));
  };
  if (!html.starts_with("<!DOCTYPE html>")) problems.push_back("no doctype first");
  require("<html lang=\"", "no lang on <html>");
  require("<meta charset=\"utf-8\">", "no charset");
  require("<title>", "no title");
  require("<main", "no main landmark");

  std::vector<std::string> open;
  std::set<std::string> ids;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.substr(i, 2) == "<!") {
      i = html.find('>', i);
      if (i == std::string_view::npos) break;
      continue;
    }
    const bool closing = i + 1 < html.size() && html[i + 1] == '/';
    size_t p = i + (closing ? 2 : 1);
    std::string name;
    while (p < html.size() && std::isalnum(static_cast<unsigned char>(html[p]))) {
      name += static_cast<char>(std::tolower(static_cast<unsigned char>(html[p++])));
    }
    if (name.empty()) {
      problems.push_back("a bare '<' in text at " + std::to_string(i));
      ++i;
      continue;
    }
    if (name == "script" || name == "style") problems.push_back("a <" + name + "> element");
    // Attributes: name="value" pairs up to '>'.
    while (p < html.size() && html[p] != '>') {
      if (std::isspace(static_cast<unsigned char>(html[p])) || html[p] == '/') {
        ++p;
        continue;
      }
      std::string attribute;
      while (p < html.size() && html[p] != '=' && html[p] != '>' &&
             !std::isspace(static_cast<unsigned char>(html[p]))) {
        attribute += static_cast<char>(std::tolower(static_cast<unsigned char>(html[p++])));
      }
      if (attribute == "style") problems.push_back("a style attribute on <" + name + ">");
      if (attribute.starts_with("on")) problems.push_back("an " + attribute + " attribute");
      if (p < html.size() && html[p] == '=') {
        ++p;
        if (p >= html.size() || html[p] != '"') {
          problems.push_back("an unquoted " + attribute + " on <" + name + ">");
          continue;
        }
        const size_t end = html.find('"', p + 1);
        if (end == std::string_view::npos) {
          problems.push_back("an unterminated attribute");
          return problems;
        }
        if (attribute == "id" && !ids.insert(std::string(html.substr(p + 1, end - p - 1))).second) {
          problems.push_back("a duplicate id " + std::string(html.substr(p + 1, end - p - 1)));
        }
        p = end + 1;
      }
    }
    if (closing) {
      if (open.empty() || open.back() != name) {
        problems.push_back("</" + name + "> closes " +
                           (open.empty() ? "nothing" : "<" + open.back() + ">"));
      } else {
        open.pop_back();
      }
    } else if (!IsVoidElement(name)) {
      open.push_back(name);
    }
    i = p;
  }
  if (!open.empty()) problems.push_back("<" + open.back() + "> left open");
  return problems;
}

}  // namespace cornerstore::testing
