#include "src/server/pages/remote_follow.h"

#include "src/common/url.h"

namespace cornerstore::server::pages {
namespace {

constexpr std::string_view kUriPlaceholder = "{uri}";

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

Result<std::string> CleanHandleInput(std::string_view typed) {
  if (typed.size() > kMaxHandleInputBytes) {
    return MakeError(ErrorCode::kInvalidInput, "that handle is too long");
  }
  while (!typed.empty() && IsBlank(typed.front())) typed.remove_prefix(1);
  while (!typed.empty() && IsBlank(typed.back())) typed.remove_suffix(1);
  return std::string(typed);
}

Result<std::string> FillSubscribeTemplate(std::string_view subscribe_template,
                                          std::string_view uri) {
  if (subscribe_template.find(kUriPlaceholder) == std::string_view::npos) {
    return MakeError(ErrorCode::kInvalidInput, "the subscribe template has no {uri}");
  }
  const std::string encoded = PercentEncode(uri);
  std::string url;
  size_t start = 0;
  for (size_t at; (at = subscribe_template.find(kUriPlaceholder, start)) != std::string_view::npos;
       start = at + kUriPlaceholder.size()) {
    url.append(subscribe_template.substr(start, at - start));
    url += encoded;
  }
  url.append(subscribe_template.substr(start));
  if (!ParseUrl(url)) {
    return MakeError(ErrorCode::kInvalidInput, "the subscribe template is not an http(s) URL");
  }
  return url;
}

}  // namespace cornerstore::server::pages
