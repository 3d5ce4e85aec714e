#include "src/api/handlers/search.h"

#include <algorithm>

#include "src/api/handlers/common.h"
#include "src/common/url.h"

namespace cornerstore::api {
namespace {

bool ContainsIgnoreCase(std::string_view haystack, std::string_view needle) {
  return ToLower(haystack).find(ToLower(needle)) != std::string::npos;
}

bool LooksLikeUrl(std::string_view text) {
  return text.starts_with("https://") || text.starts_with("http://");
}

// A known post by its id (URI) or its page URL; nullopt when unknown.
Result<std::optional<store::StoredObject>> KnownPost(ApiContext& ctx, const std::string& url) {
  for (bool by_page_url : {false, true}) {
    auto found = by_page_url ? ctx.federation.FindObjectByUrl(url) : ctx.federation.FindObject(url);
    if (found.ok()) return std::optional<store::StoredObject>(std::move(found).value());
    if (found.error().code != ErrorCode::kNotFound) return found.take_error();
  }
  return std::optional<store::StoredObject>();
}

}  // namespace

std::string TrimSearchText(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return std::string(text);
}

int SearchOffset(const Params& params) {
  auto offset = ParsePositiveId(params.Get("offset").value_or(""));
  return offset ? static_cast<int>(std::min<int64_t>(*offset, kMaxSearchOffset)) : 0;
}

Result<json::Value> SearchAccountEntities(ApiContext& ctx, Renderer& renderer,
                                          const SearchQuery& query) {
  json::Value items = json::Value::MakeArray();
  if (query.q.empty()) return items;
  std::string_view handle = query.q;
  if (handle.starts_with('@')) handle.remove_prefix(1);
  if (handle.find('@') != std::string_view::npos) {
    // A full handle names one account: found here, or through WebFinger if asked to resolve.
    if (query.offset > 0) return items;
    auto found = FindAccountByAcct(ctx, handle);
    if (found.ok()) {
      items.Push(RenderAccount(renderer, *found));
      return items;
    }
    if (found.error().code != ErrorCode::kNotFound) return found.take_error();
    if (!query.resolve || !ctx.lookup) return items;
    size_t at = handle.find('@');
    auto match = ctx.lookup(std::string(handle.substr(0, at)), std::string(handle.substr(at + 1)));
    if (!match.ok()) return items;  // unknown or unreachable: no result, as Mastodon
    auto actor = ctx.actors.Resolve(match->actor_id);
    if (actor.ok()) items.Push(renderer.RemoteAccount(*actor));
    return items;
  }
  // A word: local accounts whose name or display name contain it.
  CS_ASSIGN_OR_RETURN(std::vector<store::Account> accounts, ctx.store.ListAccounts());
  int skipped = 0;
  for (const store::Account& account : accounts) {
    if (static_cast<int>(items.size()) >= query.limit) break;
    if (!ContainsIgnoreCase(account.username, handle) &&
        !ContainsIgnoreCase(account.display_name, handle)) {
      continue;
    }
    if (skipped++ < query.offset) continue;
    items.Push(renderer.Account(account));
  }
  return items;
}

Result<json::Value> SearchStatusEntities(ApiContext& ctx, Renderer& renderer,
                                         const SearchQuery& query) {
  json::Value items = json::Value::MakeArray();
  if (!LooksLikeUrl(query.q) || query.offset > 0) return items;
  CS_ASSIGN_OR_RETURN(std::optional<store::StoredObject> post, KnownPost(ctx, query.q));
  if (!post && query.resolve) {
    // The publish path's fetch: the post is fetched, checked (origin, author) and stored.
    auto fetched = ctx.publish.ResolvePost(query.q);
    if (fetched.ok()) post = std::move(fetched).value();
  }
  if (post && renderer.CanSee(*post)) {
    CS_ASSIGN_OR_RETURN(json::Value status, renderer.Status(*post));
    items.Push(status);
  }
  return items;
}

Result<json::Value> SearchTagEntities(ApiContext& ctx, const SearchQuery& query) {
  json::Value items = json::Value::MakeArray();
  std::string_view prefix = query.q;
  if (prefix.starts_with('#')) prefix.remove_prefix(1);
  if (prefix.empty() || prefix.find_first_of(" @/:") != std::string_view::npos) return items;
  CS_ASSIGN_OR_RETURN(std::vector<std::string> names,
                      ctx.federation.SearchHashtags(prefix, query.limit, query.offset));
  for (const std::string& name : names) items.Push(TagEntity(ctx, name));
  return items;
}

json::Value TagEntity(ApiContext& ctx, const std::string& name) {
  json::Value tag;
  tag.Set("name", name);
  tag.Set("url", ctx.uris.Tag(name));
  tag.Set("history", json::Value::MakeArray());
  tag.Set("following", false);
  return tag;
}

}  // namespace cornerstore::api
