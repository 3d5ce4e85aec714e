#include "activitypub/collections/paging.h"

#include <charconv>

#include "src/common/url.h"

namespace cornerstore::activitypub::collections {
namespace {

Result<int64_t> ParseCursor(std::string_view name, const std::string& text) {
  int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end || value < 0) {
    return MakeError(ErrorCode::kInvalidInput,
                     std::string(name) + " must be a non-negative integer");
  }
  return value;
}

}  // namespace

Result<PageQuery> ParsePageQuery(std::string_view query) {
  PageQuery parsed;
  if (auto page = QueryParam(query, "page")) parsed.page = *page != "false";
  if (auto max_id = QueryParam(query, "max_id")) {
    CS_ASSIGN_OR_RETURN(parsed.max_id, ParseCursor("max_id", *max_id));
    parsed.page = true;
  }
  if (auto min_id = QueryParam(query, "min_id")) {
    CS_ASSIGN_OR_RETURN(int64_t value, ParseCursor("min_id", *min_id));
    parsed.min_id = value;
    parsed.page = true;
  }
  return parsed;
}

std::string PageUrl(std::string_view collection_id, const PageQuery& query) {
  std::string url(collection_id);
  url += '?';
  if (query.max_id != 0) url += "max_id=" + std::to_string(query.max_id) + "&";
  if (query.min_id.has_value()) url += "min_id=" + std::to_string(*query.min_id) + "&";
  url += "page=true";
  return url;
}

}  // namespace cornerstore::activitypub::collections
