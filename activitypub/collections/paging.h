// Cursor paging of our collections (outbox, followers, following), newest first by row id, the
// way Mastodon pages them: `?page=true` is the newest page, `max_id=N` the page of items older
// than N (the `next` link: the id of a page's last item), `min_id=N` the page of items just newer
// than N (the `prev` link: the id of a page's first item). Cursors are row ids, not offsets, so
// a page fetched after new items were inserted still continues exactly where the previous one
// ended.
//
// Pure functions and a template over the store's list call; thread-safe as that call is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/common/result.h"
#include "store/federation_store.h"

namespace cornerstore::activitypub::collections {

// Items per collection page: Mastodon's own outbox page size, so peers see what they expect.
inline constexpr int kCollectionPageSize = 20;
// A `min_id` page is found by walking down from the newest item in batches of
// store::kMaxPageLimit (the store lists newest first only). 50 batches cover 10,000 newer items;
// a cursor further back than that is refused (400) rather than scanning the whole table.
inline constexpr int kMaxBackwardScanBatches = 50;

// What a collection request asks for.
struct PageQuery {
  bool page = false;              // a page, not the collection document
  int64_t max_id = 0;             // items with id < max_id; 0: from the newest
  std::optional<int64_t> min_id;  // set: the items just newer than it (0: the oldest page)
};

// Reads `page`, `max_id` and `min_id` from a query string. A page is requested by `page` (any
// value but "false") or by either cursor. kInvalidInput for a cursor that is not a non-negative
// integer.
Result<PageQuery> ParsePageQuery(std::string_view query);

// The URL of the page `query` names within `collection_id`, in one canonical spelling:
// "{id}?page=true", "{id}?max_id=N&page=true", "{id}?min_id=N&page=true" (both cursors when both
// are set). Used for page ids and for first/last/next/prev.
std::string PageUrl(std::string_view collection_id, const PageQuery& query);

// One page of items, newest first.
template <typename T>
struct Page {
  std::vector<T> items;
  bool has_older = false;  // items older than the last one exist (so there is a `next` page)
};

// Fetches the page `query` names through `list` (a store list call, newest first, honouring
// max_id, min_id and limit), `id_of` giving an item's row id. At most `page_size` items.
template <typename T>
Result<Page<T>> FetchPage(
    const std::function<Result<std::vector<T>>(const store::PageRequest&)>& list,
    const std::function<int64_t(const T&)>& id_of, const PageQuery& query, int page_size) {
  const size_t size = static_cast<size_t>(page_size);
  Page<T> page;
  if (!query.min_id.has_value()) {
    // One extra item tells whether an older page exists.
    CS_ASSIGN_OR_RETURN(std::vector<T> items,
                        list(store::PageRequest{query.max_id, 0, page_size + 1}));
    page.has_older = items.size() > size;
    if (page.has_older) items.resize(size);
    page.items = std::move(items);
    return page;
  }
  // The page_size oldest items in (min_id, max_id): walk down, keeping the last page_size seen.
  std::vector<T> window;
  int64_t cursor = query.max_id;
  for (int batch = 0;; ++batch) {
    if (batch == kMaxBackwardScanBatches) {
      return MakeError(ErrorCode::kInvalidInput, "page cursor too far back; page with max_id",
                       "min_id " + std::to_string(*query.min_id));
    }
    CS_ASSIGN_OR_RETURN(std::vector<T> items,
                        list(store::PageRequest{cursor, *query.min_id, store::kMaxPageLimit}));
    const bool more = items.size() >= static_cast<size_t>(store::kMaxPageLimit);
    for (auto& item : items) window.push_back(std::move(item));
    if (window.size() > size)
      window.erase(window.begin(), window.end() - static_cast<std::ptrdiff_t>(size));
    if (!more) break;
    cursor = id_of(window.back());
  }
  if (!window.empty()) {
    CS_ASSIGN_OR_RETURN(std::vector<T> older, list(store::PageRequest{id_of(window.back()), 0, 1}));
    page.has_older = !older.empty();
  }
  page.items = std::move(window);
  return page;
}

}  // namespace cornerstore::activitypub::collections
