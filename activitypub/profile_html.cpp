#include "activitypub/profile_html.h"

#include <vector>

#include "src/common/html_escape.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {

std::string PlainTextToHtml(std::string_view text) {
  // Normalise CRLF and split into paragraphs on blank lines.
  std::string normal;
  normal.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      normal += '\n';
    } else {
      normal += text[i];
    }
  }
  std::string out;
  std::vector<std::string> lines;
  auto flush = [&] {
    if (lines.empty()) return;
    out += "<p>";
    for (size_t i = 0; i < lines.size(); ++i) {
      if (i) out += "<br>";
      out += EscapeHtml(lines[i]);
    }
    out += "</p>";
    lines.clear();
  };
  size_t start = 0;
  while (start <= normal.size()) {
    size_t nl = normal.find('\n', start);
    std::string line =
        normal.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (line.find_first_not_of(" \t") == std::string::npos) {
      flush();
    } else {
      lines.push_back(line);
    }
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  flush();
  return out;
}

std::string FieldValueToHtml(std::string_view value) {
  if ((value.starts_with("https://") || value.starts_with("http://")) && ParseUrl(value)) {
    std::string href = EscapeHtml(value);
    return "<a href=\"" + href + "\" target=\"_blank\" rel=\"nofollow noopener noreferrer me\">" +
           href + "</a>";
  }
  return EscapeHtml(value);
}

}  // namespace cornerstore::activitypub
