#include "activitypub/content_negotiation.h"

#include <charconv>
#include <string>

#include "src/common/http_message.h"

namespace cornerstore::activitypub {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// q-value of one media range ("type/subtype;q=0.5;..."), 1.0 when absent.
double QValue(std::string_view params) {
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view p = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() > 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
      std::string text(p.substr(2));
      try {
        return std::stod(text);
      } catch (...) {
        return 0.0;
      }
    }
  }
  return 1.0;
}

}  // namespace

bool WantsActivityJson(std::optional<std::string_view> accept) {
  if (!accept || Trim(*accept).empty()) return false;
  double best_as = 0.0, best_html = 0.0;
  std::string_view rest = *accept;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view range = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    size_t semi = range.find(';');
    std::string type = ToLower(Trim(range.substr(0, semi)));
    double q = QValue(semi == std::string_view::npos ? std::string_view() : range.substr(semi + 1));
    if (type == "application/activity+json" || type == "application/ld+json" ||
        type == "application/json") {
      best_as = std::max(best_as, q);
    } else if (type == "text/html" || type == "application/xhtml+xml") {
      best_html = std::max(best_html, q);
    }
  }
  return best_as > 0.0 && best_as >= best_html;
}

bool IsActivityContentType(std::string_view content_type) {
  size_t semi = content_type.find(';');
  std::string type = ToLower(Trim(content_type.substr(0, semi)));
  return type == "application/activity+json" || type == "application/ld+json";
}

}  // namespace cornerstore::activitypub
