// CachingKeyResolver: the KeyResolver (activitypub/signatures/verifier.h) of the inbox and of
// authorized fetch. keyId → public key and owner, from the FederationStore's key cache or fetched
// through the HttpFetcher (PROTOCOL.md §4):
//
// - The keyId URL (without its fragment) serves an actor with `publicKey` (Mastodon, Misskey),
//   a stub actor carrying only its keys (GoToSocial's …/main-key), or a key document whose
//   `owner` is the actor. The document must come from the keyId's origin, the key's owner must
//   be on that origin too, and a key document's owner must list the key in its own actor
//   document (fetched to check).
// - A cached key is used as is; when it fails to verify (force_refresh) it is fetched again, at
//   most once per key per kRefetchIntervalSeconds.
// - A failed fetch is remembered for kNegativeCacheSeconds and not retried meanwhile.
// - An actor document met on the way is cached as a RemoteActor (through RemoteActorResolver).
// - Parsed keys are kept in memory by keyId and PEM (ParsedKeyCache): the store still answers
//   every lookup, the PEM is just not parsed again.
//
// Errors: kUnauthorized with a peer-safe message for anything the sender can fix ("key could not
// be fetched", "key owner is on another origin"); store errors (kUnavailable) pass through, so
// the inbox can answer 503 rather than 401.
//
// Ownership: borrows everything it is given; all must outlive it.
// Thread safety: Resolve may be called concurrently (no state of its own beyond the store).
#pragma once

#include <cstdint>
#include <string>

#include "activitypub/inbox/parsed_key_cache.h"
#include "activitypub/inbox/remote_actors.h"
#include "activitypub/signatures/verifier.h"
#include "activitypub/uris.h"
#include "src/common/clock.h"
#include "src/common/http_fetcher.h"
#include "store/federation_store.h"

namespace cornerstore::activitypub {

class CachingKeyResolver final : public KeyResolver {
 public:
  // A key that failed to verify is refetched at most this often (PROTOCOL.md §4), so a flood of
  // badly signed requests cannot turn us into a fetch amplifier.
  static constexpr int64_t kRefetchIntervalSeconds = 5 * 60;
  // A keyId whose fetch failed is not fetched again for this long (PROTOCOL.md §4).
  static constexpr int64_t kNegativeCacheSeconds = 5 * 60;

  CachingKeyResolver(store::FederationStore& federation, HttpFetcher& fetcher,
                     RemoteActorResolver& actors, const Uris& uris, const Clock& clock);

  Result<ResolvedKey> Resolve(const std::string& key_id, bool force_refresh) override;

 private:
  // Fetches and checks the key; the CachedKey to store (fetched_at = now).
  Result<store::CachedKey> Fetch(const std::string& key_id, int64_t now);
  Result<ResolvedKey> ToResolved(const store::CachedKey& key, bool from_cache);

  store::FederationStore& federation_;
  HttpFetcher& fetcher_;
  RemoteActorResolver& actors_;
  const Uris& uris_;
  const Clock& clock_;
  ParsedKeyCache parsed_;
};

}  // namespace cornerstore::activitypub
