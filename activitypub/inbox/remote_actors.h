// Remote actors: fetching their documents, checking where they came from, and caching them in
// the FederationStore (PROTOCOL.md §1, §5, §8).
//
// RemoteActorResolver::Resolve answers from the cache while an entry is younger than
// kRefreshAfterSeconds and fetches otherwise (or when forced, e.g. after a signature failed).
// Fetched documents must carry an id equal to the URL asked for and on the origin of the final
// URL (after redirects); actor HTML (bio, field values) is sanitized before it is stored.
//
// Ownership: borrows the store, fetcher, uris and clock, which must outlive it.
// Thread safety: all methods may be called concurrently (it keeps no state of its own).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "activitypub/inbox/sanitizer.h"
#include "activitypub/uris.h"
#include "activitypub/vocabulary/types.h"
#include "src/common/clock.h"
#include "src/common/http_fetcher.h"
#include "src/common/json.h"
#include "src/common/result.h"
#include "store/federation_store.h"

namespace cornerstore::activitypub {

// What an ActivityStreams GET asks for (PROTOCOL.md §1: Mastodon's two accepted forms).
inline constexpr std::string_view kActivityAcceptHeader =
    "application/activity+json, "
    "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

// A JSON document fetched by URL whose id sits on the origin it was served from.
struct FetchedDocument {
  json::Value json;
  std::string final_url;  // after redirects
};

// GETs `url` (signed by the instance actor), parses the body with the inbound JSON limits and
// checks that its "id" is on the origin of the final URL (PROTOCOL.md §5).
// Errors: the fetcher's transport errors as they are; kNotFound (404), kGone (410),
// kForbidden (401/403), kUnavailable (429, 5xx), kInvalidInput (another status, a body that
// is not a JSON object, an id missing or from another origin).
Result<FetchedDocument> FetchActivityDocument(HttpFetcher& fetcher, std::string_view url);

// The cache row for an actor document. HTML fields pass through `sanitize`.
store::RemoteActor RemoteActorFromDoc(const ActorDoc& doc, const HtmlSanitizer& sanitize,
                                      int64_t now);

class RemoteActorResolver {
 public:
  // A cached actor is refetched after a day (PROTOCOL.md §4: profile and key changes show up
  // by then even without an Update).
  static constexpr int64_t kRefreshAfterSeconds = 24 * 60 * 60;

  RemoteActorResolver(store::FederationStore& federation, HttpFetcher& fetcher, const Uris& uris,
                      const Clock& clock, HtmlSanitizer sanitize);

  // The actor with id `uri`: from the cache when fresh, else fetched and cached. A failed
  // refresh that may pass (kUnavailable, kTimeout) falls back to the cached copy. A local
  // `uri` is kInvalidInput: our own actors are never resolved as remote ones.
  Result<store::RemoteActor> Resolve(std::string_view uri, bool force_refresh = false);

  // Caches an actor document that came from the actor itself (a signed Update, a key fetch
  // from its origin). kInvalidInput for a local id.
  Result<store::RemoteActor> Save(const ActorDoc& doc);

 private:
  store::FederationStore& federation_;
  HttpFetcher& fetcher_;
  const Uris& uris_;
  const Clock& clock_;
  const HtmlSanitizer sanitize_;
};

}  // namespace cornerstore::activitypub
