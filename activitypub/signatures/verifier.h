// Verifying the signature of an incoming request (inbox POSTs, authorized fetches): scheme
// detection, the rules of PROTOCOL.md §4 as one VerificationPolicy, digests, the time window, the
// key lookup with one forced refresh, and the cryptographic check.
//
// VerifyRequest is a pure function of its arguments: the request, a KeyResolver (the seam to the
// key cache and fetcher, built elsewhere), the policy and a Clock. Every refusal is an Error with
// code kUnauthorized and a short message safe to return in the 401 JSON body ("signature
// expired", "digest mismatch", "(request-target) not signed", …); `detail` is for the log.
//
// Thread safety: VerifyRequest holds no state; it is as thread-safe as the KeyResolver given.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "activitypub/keys.h"
#include "activitypub/signatures/algorithms.h"
#include "src/common/clock.h"
#include "src/common/http_message.h"
#include "src/common/request_signer.h"
#include "src/common/result.h"

namespace cornerstore::activitypub {

// What a request must satisfy. Defaults are Mastodon's (PROTOCOL.md §4): a signature lives
// 5 minutes, clocks may differ by an hour (so `Date`/`created` is accepted from now − 65 min to
// now + 60 min), and `expires` is honoured but never beyond created + 12 h.
struct VerificationPolicy {
  // How long a signature without `expires` stays valid (Mastodon: 5 minutes).
  static constexpr int64_t kDefaultValiditySeconds = 5 * 60;
  // Tolerated clock difference between peers, in both directions (Mastodon: 1 hour).
  static constexpr int64_t kDefaultClockSkewSeconds = 60 * 60;
  // Cap on expires − created, so a leaked signature cannot be replayed for days (Mastodon: 12 h).
  static constexpr int64_t kDefaultMaxValiditySeconds = 12 * 60 * 60;
  // Smallest RSA modulus accepted from peers: Mastodon and everyone since generate 2048 bits.
  static constexpr int kDefaultMinRsaBits = 2048;

  int64_t validity_seconds = kDefaultValiditySeconds;
  int64_t clock_skew_seconds = kDefaultClockSkewSeconds;
  int64_t max_validity_seconds = kDefaultMaxValiditySeconds;
  int min_rsa_bits = kDefaultMinRsaBits;
  // Shared-secret HMAC signatures: never from fediverse peers (their keys are public).
  bool allow_hmac = false;
  bool accept_cavage = true;
  bool accept_rfc9421 = true;
  // Cavage: try (request-target) without the query when the query form fails (Fedify).
  bool cavage_retry_without_query = true;
  // RFC 9421: the label to verify. Empty: the only signature, or else the first one whose
  // covered components meet this policy.
  std::string rfc9421_label;
};

// A public key (or HMAC secret) for a keyId, and who owns it.
struct ResolvedKey {
  PkeyPtr key;
  std::string owner_id;     // the actor the key belongs to (the only actor the request speaks for)
  bool from_cache = false;  // true if it may be stale: a failed check then asks again, forcing
};

// The seam to key storage and fetching. Implementations decide caching, negative caching and
// refetch budgets; `force_refresh` asks to bypass the cache (key rotation) and may be refused
// (e.g. rate limited) by returning the cached key again or an error. Errors are passed through to
// the caller (kUnauthorized for "no such key", kUnavailable for a peer that is down, …).
// Implementations must be thread-safe if VerifyRequest is called from several threads.
class KeyResolver {
 public:
  virtual ~KeyResolver() = default;
  virtual Result<ResolvedKey> Resolve(const std::string& key_id, bool force_refresh) = 0;
};

// A KeyResolver over a function, for tests and simple wiring.
class FunctionKeyResolver final : public KeyResolver {
 public:
  using Fn = std::function<Result<ResolvedKey>(const std::string& key_id, bool force_refresh)>;
  explicit FunctionKeyResolver(Fn fn) : fn_(std::move(fn)) {}
  Result<ResolvedKey> Resolve(const std::string& key_id, bool force_refresh) override {
    return fn_(key_id, force_refresh);
  }

 private:
  Fn fn_;
};

struct VerifiedSignature {
  std::string key_id;
  std::string owner_id;  // from the KeyResolver
  SignatureScheme scheme = SignatureScheme::kCavage;
  SignatureAlgorithm algorithm = SignatureAlgorithm::kRsaV15Sha256;
  std::string algorithm_name;        // as sent: "rsa-sha256", "hs2019", "rsa-v1_5-sha256", …
  std::vector<std::string> covered;  // cavage header names, or RFC 9421 component identifiers
  std::string label;                 // RFC 9421 label; empty for cavage
  int64_t created = 0;               // the signing time checked against the window
  bool query_in_target = true;       // cavage: whether (request-target) carried the query
};

// Verifies `request`: Signature-Input present → RFC 9421, else Signature or
// Authorization: Signature → draft-cavage. Checks, in order and before any key lookup: syntax,
// required components, the time window, the body digest; then resolves the key, checks it fits
// the algorithm and the policy, and verifies. If that fails with a key that came from a cache,
// resolves once more with force_refresh and retries.
Result<VerifiedSignature> VerifyRequest(const HttpRequest& request, KeyResolver& keys,
                                        const VerificationPolicy& policy, const Clock& clock);

// The time rule alone: a signature made at `created` (optionally with `expires`) is acceptable at
// `now`. kUnauthorized "signature created in the future" / "signature expired".
Status CheckSignatureTime(int64_t created, std::optional<int64_t> expires, int64_t now,
                          const VerificationPolicy& policy);

}  // namespace cornerstore::activitypub
