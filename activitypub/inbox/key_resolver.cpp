#include "activitypub/inbox/key_resolver.h"

#include <optional>
#include <utility>

#include "activitypub/keys.h"
#include "activitypub/vocabulary/from_json.h"
#include "src/common/log.h"
#include "src/common/url.h"

namespace cornerstore::activitypub {
namespace {

Error Unauthorized(std::string message, std::string detail = {}) {
  return MakeError(ErrorCode::kUnauthorized, std::move(message), std::move(detail));
}

// Store failures keep their code (kUnavailable → 503); everything else about a key is the
// sender's problem (401).
bool IsStoreFailure(const Error& error) {
  return error.code == ErrorCode::kUnavailable || error.code == ErrorCode::kInternal;
}

// A fetch that failed, for whatever reason (down, 404, junk): the key cannot be had now.
Result<FetchedDocument> FetchForKey(HttpFetcher& fetcher, std::string_view url) {
  auto document = FetchActivityDocument(fetcher, url);
  if (!document.ok()) {
    Error error = document.take_error();
    return Unauthorized("key could not be fetched: " + error.message, error.detail);
  }
  return document;
}

}  // namespace

CachingKeyResolver::CachingKeyResolver(store::FederationStore& federation, HttpFetcher& fetcher,
                                       RemoteActorResolver& actors, const Uris& uris,
                                       const Clock& clock)
    : federation_(federation), fetcher_(fetcher), actors_(actors), uris_(uris), clock_(clock) {}

Result<ResolvedKey> CachingKeyResolver::Resolve(const std::string& key_id, bool force_refresh) {
  if (!IsValidId(key_id)) return Unauthorized("keyId is not an http(s) URL");
  if (uris_.IsLocal(key_id)) return Unauthorized("keyId is on this server");

  CS_ASSIGN_OR_RETURN(std::optional<store::CachedKey> cached, federation_.FindKey(key_id));
  int64_t now = clock_.NowUnix();
  bool have_key = cached && !cached->public_key_pem.empty();
  if (have_key) {
    if (!force_refresh) return ToResolved(*cached, /*from_cache=*/true);
    bool fetched_recently = now - cached->fetched_at < kRefetchIntervalSeconds;
    bool failed_recently =
        cached->failed_at != 0 && now - cached->failed_at < kNegativeCacheSeconds;
    if (fetched_recently || failed_recently) return ToResolved(*cached, /*from_cache=*/false);
  } else if (cached && cached->failed_at != 0 && now - cached->failed_at < kNegativeCacheSeconds) {
    return Unauthorized("key could not be fetched", "negative cache: " + key_id);
  }

  auto fetched = Fetch(key_id, now);
  if (!fetched.ok()) {
    if (fetched.error().code != ErrorCode::kUnauthorized) return fetched.take_error();
    log::Info("key.fetch_failed", {{"key_id", key_id}, {"error", fetched.error().ToLogString()}});
    Status marked = federation_.MarkKeyFetchFailed(key_id, now);
    if (!marked.ok()) {
      log::Warn("key.mark_failed", {{"key_id", key_id}, {"error", marked.error().ToLogString()}});
    }
    if (have_key) return ToResolved(*cached, /*from_cache=*/false);
    return fetched.take_error();
  }
  CS_RETURN_IF_ERROR(federation_.PutKey(*fetched));
  return ToResolved(*fetched, /*from_cache=*/false);
}

Result<ResolvedKey> CachingKeyResolver::ToResolved(const store::CachedKey& key, bool from_cache) {
  auto parsed = parsed_.Get(key.key_id, key.public_key_pem);
  if (!parsed.ok()) return Unauthorized("key is not a valid public key", key.key_id);
  return ResolvedKey{std::move(parsed).value(), key.owner_uri, from_cache};
}

Result<store::CachedKey> CachingKeyResolver::Fetch(const std::string& key_id, int64_t now) {
  auto url = ParseUrl(key_id);
  if (!url) return Unauthorized("keyId is not an http(s) URL");
  std::string document_url = url->ToString(/*with_fragment=*/false);

  CS_ASSIGN_OR_RETURN(FetchedDocument document, FetchForKey(fetcher_, document_url));
  if (!SameOrigin(document.final_url, key_id)) {
    return Unauthorized("key document redirected to another origin", document.final_url);
  }
  auto parsed = KeyDocumentFromJson(document.json);
  if (!parsed.ok()) return Unauthorized("key document unreadable", parsed.error().ToLogString());
  const KeyDocument& keys = *parsed;
  const PublicKeyDoc* key = nullptr;
  for (const PublicKeyDoc& k : keys.keys) {
    if (k.id == key_id) key = &k;
  }
  // keyId naming the actor itself (no fragment), with one key: that key.
  if (key == nullptr && keys.id == key_id && keys.keys.size() == 1) key = &keys.keys[0];
  if (key == nullptr) return Unauthorized("keyId not found in its document", key_id);
  if (key->pem.empty()) return Unauthorized("key has no publicKeyPem", key_id);
  if (!IsValidId(key->owner)) return Unauthorized("key has no valid owner", key_id);
  if (!SameOrigin(key->owner, key_id)) {
    return Unauthorized("key owner is on another origin", key->owner + " for " + key_id);
  }
  if (uris_.IsLocal(key->owner)) return Unauthorized("key owner is on this server");

  if (keys.id == key->owner) {
    // The owner's own document (an actor, or GoToSocial's stub of it) lists the key. Cache the
    // actor when the document is a whole one.
    if (auto actor = ActorFromJson(document.json); actor.ok() && actor->id == key->owner) {
      auto saved = actors_.Save(*actor);
      if (!saved.ok() && IsStoreFailure(saved.error())) return saved.take_error();
    }
  } else {
    // A key document: the owner must claim the key in its own actor document.
    CS_ASSIGN_OR_RETURN(FetchedDocument owner_doc, FetchForKey(fetcher_, key->owner));
    auto owner_actor = ActorFromJson(owner_doc.json);
    if (!owner_actor.ok()) {
      return Unauthorized("key owner is not an actor", owner_actor.error().ToLogString());
    }
    const ActorDoc& owner = *owner_actor;
    if (owner.id != key->owner || owner.FindKey(key_id) == nullptr) {
      return Unauthorized("key owner does not list the key", key->owner + " / " + key_id);
    }
    auto saved = actors_.Save(owner);
    if (!saved.ok() && IsStoreFailure(saved.error())) return saved.take_error();
  }

  store::CachedKey out;
  out.key_id = key_id;
  out.owner_uri = key->owner;
  out.public_key_pem = key->pem;
  out.fetched_at = now;
  return out;
}

}  // namespace cornerstore::activitypub
