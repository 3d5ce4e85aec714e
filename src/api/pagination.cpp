#include "src/api/pagination.h"

#include <algorithm>
#include <charconv>

#include "src/api/ids.h"
#include "src/common/url.h"

namespace cornerstore::api {
namespace {

int64_t Cursor(const Params& params, std::string_view name) {
  auto value = params.Get(name);
  if (!value) return 0;
  return ParsePositiveId(*value).value_or(0);
}

std::string Link(std::string_view base_url, std::string_view path, const Params& query,
                 std::string_view cursor_name, int64_t cursor, std::string_view rel) {
  std::string url = std::string(base_url) + std::string(path) + "?";
  for (const auto& [name, value] : query.entries()) {
    if (name == "max_id" || name == "min_id" || name == "since_id") continue;
    url += PercentEncode(name) + "=" + PercentEncode(value) + "&";
  }
  url += std::string(cursor_name) + "=" + std::to_string(cursor);
  return "<" + url + ">; rel=\"" + std::string(rel) + "\"";
}

}  // namespace

PageParams ParsePage(const Params& params, int default_limit, int max_limit) {
  PageParams page;
  page.max_id = Cursor(params, "max_id");
  page.since_id = Cursor(params, "since_id");
  page.min_id = Cursor(params, "min_id");
  page.limit = default_limit;
  if (auto text = params.Get("limit")) {
    int value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec == std::errc() && end == text->data() + text->size()) {
      page.limit = std::clamp(value, 1, max_limit);
    }
  }
  return page;
}

store::PageRequest StorePage(const PageParams& page) {
  store::PageRequest request;
  request.max_id = page.max_id;
  request.min_id = std::max(page.since_id, page.min_id);
  request.limit = page.limit;
  return request;
}

std::string PageLinks(std::string_view base_url, std::string_view path, const Params& query,
                      int64_t newest_id, int64_t oldest_id) {
  return Link(base_url, path, query, "max_id", oldest_id, "next") + ", " +
         Link(base_url, path, query, "min_id", newest_id, "prev");
}

void AddPageLinks(HttpResponse& response, std::string_view base_url, const HttpRequest& request,
                  int64_t newest_id, int64_t oldest_id) {
  if (newest_id == 0 || oldest_id == 0) return;
  auto query = Params::FromQuery(request.Query());
  if (!query.ok()) return;
  response.headers.Set("Link", PageLinks(base_url, request.Path(), *query, newest_id, oldest_id));
}

}  // namespace cornerstore::api
