// Mastodon's list pagination: `max_id`, `since_id`, `min_id` and `limit` in, a `Link` header
// out (rel="next" for older items, rel="prev" for newer ones), as every Mastodon app follows.
//
// The ids are the list's own cursor ids (post ids for statuses, follow ids for followers).
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "src/api/params.h"
#include "src/common/http_message.h"
#include "store/federation_store.h"

namespace cornerstore::api {

struct PageParams {
  int64_t max_id = 0;    // items older than this (0: from the newest)
  int64_t since_id = 0;  // items newer than this
  int64_t min_id = 0;    // items newer than this (see StorePage)
  int limit = 20;
};

// Reads the cursors (a missing or non-numeric cursor is ignored, as Mastodon does) and `limit`,
// clamped to [1, max_limit]; `default_limit` when absent.
PageParams ParsePage(const Params& params, int default_limit, int max_limit);

// The store's page: newest first below max_id, above the larger of since_id and min_id.
// Mastodon answers min_id with the items just above it (oldest first, then reversed); ours are
// the newest above it, like since_id (docs/API.md says so).
store::PageRequest StorePage(const PageParams& page);

// The Link header value for a page whose cursor ids run from `newest_id` to `oldest_id`:
// `<{base}{path}?…&max_id=oldest>; rel="next", <{base}{path}?…&min_id=newest>; rel="prev"`,
// keeping the request's other query parameters (limit, filters).
std::string PageLinks(std::string_view base_url, std::string_view path, const Params& query,
                      int64_t newest_id, int64_t oldest_id);

// Sets Link on `response` when the page had items (an empty page has no neighbours).
void AddPageLinks(HttpResponse& response, std::string_view base_url, const HttpRequest& request,
                  int64_t newest_id, int64_t oldest_id);

}  // namespace cornerstore::api
