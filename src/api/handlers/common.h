// What the client API handlers share: reading parameters, finding the account or status an id
// names, and answering JSON. Thread-safe as far as the context is.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "src/api/api_context.h"
#include "src/api/entities/renderer.h"
#include "src/api/guard.h"
#include "src/api/ids.h"
#include "src/api/params.h"
#include "src/common/http_message.h"
#include "src/common/json.h"
#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::api {

// Default and largest page sizes of account and status lists (Mastodon's: 20 and 40; 40 and
// 80 for account lists).
inline constexpr int kDefaultStatusLimit = 20;
inline constexpr int kMaxStatusLimit = 40;
inline constexpr int kDefaultAccountLimit = 40;
inline constexpr int kMaxAccountLimit = 80;

// 200 with a JSON body.
HttpResponse Ok(const json::Value& body);
// 200 from a rendered entity, or the error's answer.
HttpResponse OkOrError(const Result<json::Value>& body);

// An account an id names: a local account or a remote actor we know.
struct FoundAccount {
  AccountRef ref;
  std::optional<store::Account> local;
  std::optional<store::RemoteActor> remote;
  std::string actor_uri;
};
// kNotFound for a malformed id, an unknown local id or a remote actor we never cached.
Result<FoundAccount> FindAccount(ApiContext& ctx, std::string_view id);
// "user", "@user", "user@our.domain" (a local account) or "user@host" (a cached remote actor);
// kNotFound otherwise.
Result<FoundAccount> FindAccountByAcct(ApiContext& ctx, std::string_view acct);
json::Value RenderAccount(Renderer& renderer, const FoundAccount& account);

// The post an id names, if the viewer may see it; kNotFound otherwise (hidden posts are not
// revealed). For a boost id, the boosted post.
Result<store::StoredObject> FindVisibleStatus(ApiContext& ctx, Renderer& renderer,
                                              std::string_view id);

}  // namespace cornerstore::api
