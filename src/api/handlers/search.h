// Search as the client API answers it: accounts (local names, known handles, WebFinger for
// `@user@host` when asked to resolve), posts by URL (fetched when asked to resolve), and
// hashtags of stored posts. Shared by /api/v1/accounts/search and /api/v2/search, so both
// find the same things.
//
// Thread-safe as far as the context is.
#pragma once

#include <string>

#include "src/api/api_context.h"
#include "src/api/entities/renderer.h"
#include "src/api/params.h"
#include "src/common/json.h"
#include "src/common/result.h"

namespace cornerstore::api {

struct SearchQuery {
  std::string q;         // trimmed
  bool resolve = false;  // look unknown handles and URLs up on their servers
  int limit = 20;
  int offset = 0;
};

// The deepest `offset` a search pages to: far beyond what anyone scrolls, bounded so a request
// cannot make the store skip without end.
inline constexpr int kMaxSearchOffset = 10000;

// The query text with surrounding spaces removed.
std::string TrimSearchText(std::string_view text);
// `offset` clamped to [0, kMaxSearchOffset]; 0 when absent or not a number.
int SearchOffset(const Params& params);

// Accounts matching `query`, as Account entities (an array).
Result<json::Value> SearchAccountEntities(ApiContext& ctx, Renderer& renderer,
                                          const SearchQuery& query);
// Posts matching `query`: a URL or URI of a known post (or, with resolve, a fetched one) the
// viewer may see. Other text finds nothing (there is no full-text index).
Result<json::Value> SearchStatusEntities(ApiContext& ctx, Renderer& renderer,
                                         const SearchQuery& query);
// Hashtags of stored posts starting with the query (a leading '#' ignored), as Tag entities.
Result<json::Value> SearchTagEntities(ApiContext& ctx, const SearchQuery& query);

// A Tag entity (docs.joinmastodon.org/entities/Tag) without usage history.
json::Value TagEntity(ApiContext& ctx, const std::string& name);

}  // namespace cornerstore::api
