// The HTML sanitizer that cleans every piece of peer HTML before it is stored or shown.
// Invariants on its output: sanitizing it again changes nothing; no <script; only allowlisted
// tags; no attribute named on*; every href starts with an allowed scheme (so no javascript:). The
// plain-text rendering keeps no control character but newline and tab.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "activitypub/content/sanitizer.h"
#include "tests/fuzz/fuzz_check.h"

namespace content = cornerstore::activitypub::content;

namespace {

constexpr std::string_view kAllowedTags[] = {"p",    "br", "span",   "a",         "del", "pre",
                                             "code", "em", "strong", "b",         "i",   "u",
                                             "ul",   "ol", "li",     "blockquote"};

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), Lower);
  return out;
}

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// Walks the tags of sanitizer output (which writes attributes as name="escaped value", or bare
// for a boolean) and checks names, attributes and hrefs.
void CheckTags(std::string_view html) {
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    ++i;
    if (i < html.size() && html[i] == '/') ++i;
    size_t name_end = i;
    while (name_end < html.size() && IsNameChar(html[name_end])) ++name_end;
    const std::string name = LowerCopy(html.substr(i, name_end - i));
    FUZZ_CHECK(
        std::find(std::begin(kAllowedTags), std::end(kAllowedTags), name) != std::end(kAllowedTags),
        "tag outside the allowlist");
    i = name_end;
    while (true) {
      FUZZ_CHECK(i < html.size(), "unterminated tag");
      if (html[i] == '>') break;
      FUZZ_CHECK(html[i] == ' ', "expected a space before an attribute");
      ++i;
      size_t attr_end = i;
      while (attr_end < html.size() && IsNameChar(html[attr_end])) ++attr_end;
      const std::string attr = LowerCopy(html.substr(i, attr_end - i));
      FUZZ_CHECK(!attr.empty(), "empty attribute name");
      FUZZ_CHECK(!attr.starts_with("on"), "event handler attribute");
      i = attr_end;
      if (i < html.size() && (html[i] == ' ' || html[i] == '>'))
        continue;  // a bare boolean attribute (reversed)
      FUZZ_CHECK(html.substr(i, 2) == "=\"", "attribute value not quoted");
      i += 2;
      const size_t close = html.find('"', i);
      FUZZ_CHECK(close != std::string_view::npos, "unterminated attribute value");
      const std::string_view value = html.substr(i, close - i);
      FUZZ_CHECK(value.find('<') == std::string_view::npos, "raw < in an attribute value");
      if (attr == "href") {
        const size_t colon = value.find(':');
        FUZZ_CHECK(colon != std::string_view::npos, "href without a scheme");
        const std::string_view scheme = value.substr(0, colon);
        FUZZ_CHECK(std::find(content::kSafeLinkSchemes.begin(), content::kSafeLinkSchemes.end(),
                             scheme) != content::kSafeLinkSchemes.end(),
                   "href with a scheme outside the allowlist");
      }
      i = close + 1;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const content::HtmlLimits limits;
  const content::SanitizedHtml once = content::SanitizeHtmlWithLimits(input, limits);
  FUZZ_CHECK(LowerCopy(once.html).find("<script") == std::string::npos, "<script in output");
  CheckTags(once.html);
  // Idempotence holds within the limits: output at a cap (or a parse abandoned under the time
  // budget on a loaded machine) is not expected to come back unchanged.
  const content::SanitizedHtml twice = content::SanitizeHtmlWithLimits(once.html, limits);
  if (!once.over_budget && !twice.truncated && !twice.over_budget) {
    FUZZ_CHECK(twice.html == once.html, "sanitizing twice changed the output");
  }

  const std::string text = content::HtmlToPlainText(input);
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    FUZZ_CHECK(u >= 0x20 || c == '\n' || c == '\t', "control character in plain text");
    FUZZ_CHECK(u != 0x7F, "DEL in plain text");
  }
  return 0;
}
