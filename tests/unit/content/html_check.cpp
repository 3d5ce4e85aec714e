#include "tests/unit/content/html_check.h"

#include <set>
#include <vector>

namespace cornerstore::activitypub::content::testing {
namespace {

const std::set<std::string, std::less<>> kElements = {
    "p",      "br", "span", "a", "del", "pre", "code", "em",
    "strong", "b",  "i",    "u", "ul",  "ol",  "li",   "blockquote"};

bool AttributeAllowed(std::string_view element, std::string_view attr) {
  if (element == "a") {
    return attr == "href" || attr == "class" || attr == "translate" || attr == "rel" ||
           attr == "target";
  }
  if (element == "span") return attr == "class" || attr == "translate";
  if (element == "ol") return attr == "start" || attr == "reversed";
  if (element == "li") return attr == "value";
  return false;
}

bool EntityAt(std::string_view s, size_t i) {
  for (std::string_view e : {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"}) {
    if (s.substr(i, e.size()) == e) return true;
  }
  return false;
}

// Checks escaped text (element content or an attribute value).
std::string CheckText(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '<' || c == '>' || c == '"' || c == '\'') return "raw special character in text";
    if (c == '&' && !EntityAt(s, i)) return "bare & or unexpected entity";
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f') || c == 0x7F) return "control char";
  }
  return "";
}

}  // namespace

std::string AllowlistViolation(std::string_view html) {
  std::vector<std::string> open;
  size_t i = 0;
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    const std::string_view text = html.substr(i, lt == std::string_view::npos ? lt : lt - i);
    if (std::string e = CheckText(text); !e.empty()) return e + " in: " + std::string(text);
    if (lt == std::string_view::npos) break;
    const size_t gt = html.find('>', lt);
    if (gt == std::string_view::npos) return "unterminated tag";
    std::string_view tag = html.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    if (tag.starts_with('/')) {
      const std::string name(tag.substr(1));
      if (open.empty() || open.back() != name) return "misnested end tag </" + name + ">";
      open.pop_back();
      continue;
    }
    const size_t name_end = tag.find(' ');
    const std::string name(tag.substr(0, name_end));
    if (!kElements.count(name)) return "element not allowed: " + name;
    std::string_view attrs = name_end == std::string_view::npos ? "" : tag.substr(name_end);
    while (!attrs.empty()) {
      if (attrs.front() != ' ') return "bad attribute syntax in <" + std::string(tag) + ">";
      attrs.remove_prefix(1);
      const size_t eq = attrs.find('=');
      const size_t sp = attrs.find(' ');
      if (eq == std::string_view::npos || (sp != std::string_view::npos && sp < eq)) {
        const std::string_view bare = attrs.substr(0, sp);
        if (!(name == "ol" && bare == "reversed")) return "bare attribute " + std::string(bare);
        attrs.remove_prefix(bare.size());
        continue;
      }
      const std::string_view attr = attrs.substr(0, eq);
      if (!AttributeAllowed(name, attr)) {
        return "attribute not allowed: " + name + "[" + std::string(attr) + "]";
      }
      if (attrs.size() < eq + 2 || attrs[eq + 1] != '"') return "unquoted attribute value";
      const size_t close = attrs.find('"', eq + 2);
      if (close == std::string_view::npos) return "unterminated attribute value";
      const std::string_view value = attrs.substr(eq + 2, close - eq - 2);
      if (std::string e = CheckText(value); !e.empty()) return e + " in attribute";
      if (attr == "href") {
        bool ok = false;
        for (std::string_view scheme :
             {"http://", "https://", "mailto:", "xmpp:", "magnet:", "gemini:", "matrix:"}) {
          ok = ok || value.starts_with(scheme);
        }
        if (!ok) return "href scheme not allowed: " + std::string(value);
      }
      if (attr == "rel" && value != "nofollow noopener noreferrer" &&
          value != "tag nofollow noopener noreferrer") {
        return "unexpected rel";
      }
      if (attr == "target" && value != "_blank") return "unexpected target";
      attrs.remove_prefix(close + 1);
    }
    if (name == "a" && tag.find(" rel=") == std::string_view::npos) return "<a> without rel";
    if (name != "br") open.push_back(name);
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  return "";
}

}  // namespace cornerstore::activitypub::content::testing
